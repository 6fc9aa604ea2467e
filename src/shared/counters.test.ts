import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from './clock.js';
import { hit, memoryCounters, redisCounters, type CounterStore } from './counters.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

describe('memory counters', () => {
  it('counts within a window and forgets after it', async () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const store = memoryCounters(clock);
    const limit = { max: 2, windowMs: 1000 };
    expect((await hit(store, 'k', limit)).allowed).toBe(true);
    expect((await hit(store, 'k', limit)).allowed).toBe(true);
    expect(await hit(store, 'k', limit)).toEqual({ allowed: false, retryAfterMs: 1000 });
    clock.advance(1000);
    expect((await hit(store, 'k', limit)).allowed).toBe(true);
    await store.block('lock', 500);
    expect(await store.blockedFor('lock')).toBe(500);
    clock.advance(500);
    expect(await store.blockedFor('lock')).toBe(0);
    await store.close();
  });

  it('lets exactly one of many parallel callers acquire a flag', async () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const store = memoryCounters(clock);
    const results = await Promise.all(Array.from({ length: 10 }, () => store.acquire('gate', 1000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    clock.advance(1000);
    expect(await store.acquire('gate', 1000)).toBe(true);
    await store.close();
  });
});

// Redis is required in CI; on a laptop without it this block is skipped.
const hasRedis = process.env.CI === 'true' || (await redisAvailable());

describe.runIf(hasRedis)('Redis counters', () => {
  const prefix = `vitrine-test:${randomBytes(4).toString('hex')}:`;
  let first: CounterStore;
  let second: CounterStore;
  beforeAll(() => {
    // Two stores stand for two app instances behind a load balancer.
    first = redisCounters(REDIS_URL, prefix);
    second = redisCounters(REDIS_URL, prefix);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('shares one count between instances', async () => {
    const limit = { max: 3, windowMs: 10_000 };
    expect((await hit(first, 'login:ip:1', limit)).allowed).toBe(true);
    expect((await hit(second, 'login:ip:1', limit)).allowed).toBe(true);
    expect((await hit(first, 'login:ip:1', limit)).allowed).toBe(true);
    const fourth = await hit(second, 'login:ip:1', limit);
    expect(fourth.allowed).toBe(false);
    expect(fourth.retryAfterMs).toBeGreaterThan(9_000);
  });

  it('shares a lockout between instances, and expires it', async () => {
    await first.block('login:lock:x', 300);
    expect(await second.blockedFor('login:lock:x')).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await second.blockedFor('login:lock:x')).toBe(0);
    await second.block('login:lock:y', 60_000);
    await first.reset('login:lock:y');
    expect(await second.blockedFor('login:lock:y')).toBe(0);
  });

  it('lets exactly one instance of many acquire a flag', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).acquire('login:lock:z', 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await first.blockedFor('login:lock:z')).toBeGreaterThan(59_000);
  });
});
