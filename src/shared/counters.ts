import { Redis } from 'ioredis';
import type { Clock } from './clock.js';

/**
 * Expiring counters for rate limits and lockouts. In one process a Map does; across N
 * instances Redis holds them, so a limit is the same whichever instance a request reaches.
 */
export interface CounterStore {
  /** Adds one and returns the new count; a key's window starts at its first increment. */
  increment(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** Milliseconds until an expiring flag set by `block` lifts, or 0. */
  blockedFor(key: string): Promise<number>;
  block(key: string, ms: number): Promise<void>;
  /** Sets the flag only if it is not set: true for the one caller that set it. */
  acquire(key: string, ms: number): Promise<boolean>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export function memoryCounters(clock: Clock): CounterStore {
  const entries = new Map<string, { count: number; expiresAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= clock.now().getTime()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  // Expired entries are dropped when read; a periodic sweep keeps memory bounded under attack.
  const sweep = setInterval(() => {
    const now = clock.now().getTime();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  }, 60_000);
  sweep.unref();
  return {
    async increment(key, windowMs) {
      const now = clock.now().getTime();
      const entry = live(key) ?? { count: 0, expiresAt: now + windowMs };
      entry.count += 1;
      entries.set(key, entry);
      return { count: entry.count, resetInMs: entry.expiresAt - now };
    },
    async blockedFor(key) {
      const entry = live(key);
      return entry ? entry.expiresAt - clock.now().getTime() : 0;
    },
    async block(key, ms) {
      entries.set(key, { count: 1, expiresAt: clock.now().getTime() + ms });
    },
    async acquire(key, ms) {
      if (live(key)) return false;
      entries.set(key, { count: 1, expiresAt: clock.now().getTime() + ms });
      return true;
    },
    async reset(key) {
      entries.delete(key);
    },
    async close() {
      clearInterval(sweep);
      entries.clear();
    },
  };
}

export function redisCounters(url: string, prefix = 'vitrine:'): CounterStore {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  return {
    async increment(key, windowMs) {
      const k = prefix + key;
      // One round trip: INCR, set the window on the first hit only, read what remains.
      const results = await redis.multi().incr(k).pexpire(k, windowMs, 'NX').pttl(k).exec();
      const count = Number(results?.[0]?.[1] ?? 0);
      const ttl = Number(results?.[2]?.[1] ?? windowMs);
      return { count, resetInMs: ttl > 0 ? ttl : windowMs };
    },
    async blockedFor(key) {
      const ttl = await redis.pttl(prefix + key);
      return ttl > 0 ? ttl : 0;
    },
    async block(key, ms) {
      await redis.set(prefix + key, '1', 'PX', ms);
    },
    async acquire(key, ms) {
      return (await redis.set(prefix + key, '1', 'PX', ms, 'NX')) === 'OK';
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
    async close() {
      await redis.quit();
    },
  };
}

export interface Limit {
  /** How many hits are allowed in the window. */
  max: number;
  windowMs: number;
}

/** Counts a hit; answers how long to wait when over the limit. */
export async function hit(store: CounterStore, key: string, limit: Limit): Promise<{ allowed: boolean; retryAfterMs: number }> {
  const { count, resetInMs } = await store.increment(key, limit.windowMs);
  return count <= limit.max ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: resetInMs };
}
