import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from './clock.js';
import { hit, memoryCounters, parseRedisVersion, redisCounters, unsupportedRedis, type CounterStore } from './counters.js';

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

describe('Redis version check', () => {
  it('reads the version from INFO server', () => {
    expect(parseRedisVersion('# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\n')).toEqual([7, 0, 15]);
    expect(parseRedisVersion('# Server\r\nredis_version:6.2\r\n')).toEqual([6, 2, 0]);
    expect(parseRedisVersion('# Server\r\nvalkey_version:8.0.1\r\n')).toBeUndefined();
  });

  it('accepts 6.2 and newer, and says which version it needs otherwise', () => {
    expect(unsupportedRedis('redis_version:7.2.4\r\n')).toBeUndefined();
    expect(unsupportedRedis('redis_version:6.2.14\r\n')).toBeUndefined();
    expect(unsupportedRedis('redis_version:10.0.0\r\n')).toBeUndefined();
    expect(unsupportedRedis('redis_version:6.0.16\r\n')).toBe('REDIS_URL points at Redis 6.0.16; Vitrine needs Redis 6.2 or newer.');
    expect(unsupportedRedis('redis_version:5.0.7\r\n')).toBe('REDIS_URL points at Redis 5.0.7; Vitrine needs Redis 6.2 or newer.');
    expect(unsupportedRedis('# Server\r\n')).toMatch(/names no redis_version/);
  });
});

// Redis is required in CI; on a laptop without it this block is skipped.
const hasRedis = process.env.CI === 'true' || (await redisAvailable());

describe.runIf(hasRedis)('Redis counters', () => {
  const prefix = `vitrine-test:${randomBytes(4).toString('hex')}:`;
  let first: ReturnType<typeof redisCounters>;
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

  it('accepts the Redis it runs against', async () => {
    expect(await first.versionProblem()).toBeUndefined();
  });

  it('starts the window at the first hit only, and restores a window that was lost', async () => {
    const limit = { max: 5, windowMs: 10_000 };
    await hit(first, 'window', limit);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const later = await first.increment('window', 10_000);
    expect(later.count).toBe(2);
    // A second hit does not push the window back out to the full 10 s.
    expect(later.resetInMs).toBeLessThanOrEqual(9_960);
    expect(later.resetInMs).toBeGreaterThan(9_000);

    const raw = new Redis(REDIS_URL);
    await raw.set(`${prefix}stuck`, '7');
    const repaired = await first.increment('stuck', 5_000);
    expect(repaired.count).toBe(8);
    expect(await raw.pttl(`${prefix}stuck`)).toBeGreaterThan(4_000);
    await raw.quit();
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
