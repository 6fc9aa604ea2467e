import { loadIoredis } from './optional-modules.js';
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

/*
 * INCR, then start the window on the first hit, then read what remains, in one atomic step.
 * A script rather than PEXPIRE … NX (Redis 7 only), so Redis 6.2 serves as well; a key that
 * somehow lost its expiry gets the window again instead of counting forever.
 */
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }
`;

/** The oldest Redis the counters are tested against. */
export const MIN_REDIS_VERSION = [6, 2] as const;

/** The server's version from the text of INFO server, e.g. "redis_version:7.0.15". */
export function parseRedisVersion(info: string): [number, number, number] | undefined {
  const match = /^redis_version:(\d+)\.(\d+)(?:\.(\d+))?/m.exec(info);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

/** Why this Redis cannot hold the counters, or undefined when it can. */
export function unsupportedRedis(info: string): string | undefined {
  const version = parseRedisVersion(info);
  const [major, minor] = MIN_REDIS_VERSION;
  if (!version) return 'REDIS_URL answers, but INFO server names no redis_version: is it Redis?';
  if (version[0] < major || (version[0] === major && version[1] < minor)) {
    return `REDIS_URL points at Redis ${version.join('.')}; Vitrine needs Redis ${major}.${minor} or newer.`;
  }
  return undefined;
}

export function redisCounters(url: string, prefix = 'vitrine:'): CounterStore & { versionProblem(): Promise<string | undefined> } {
  const redis = new (loadIoredis().Redis)(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  return {
    /** Why the server cannot hold these counters, checked once at start. */
    async versionProblem() {
      return unsupportedRedis(await redis.info('server'));
    },
    async increment(key, windowMs) {
      const [count, ttl] = (await redis.eval(INCREMENT_SCRIPT, 1, prefix + key, String(windowMs))) as [number, number];
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
