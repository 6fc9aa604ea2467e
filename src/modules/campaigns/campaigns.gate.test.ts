import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyedQueue, memoryGate, redisGate, type AdmissionGate } from './campaigns.gate.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

describe.each([
  ['in memory', () => memoryGate()],
  ['in Redis', () => redisGate(REDIS_URL)],
] as Array<[string, () => AdmissionGate]>)('the admission gate %s', (_name, make) => {
  it('hands out the tokens it was given, takes them back, and admits a campaign it does not know', async () => {
    const gate = make();
    try {
      const id = randomUUID();
      expect(await gate.take(id)).toBe(true);
      await gate.resync(id, 2);
      expect([await gate.take(id), await gate.take(id), await gate.take(id)]).toEqual([true, true, false]);
      await gate.giveBack(id);
      expect([await gate.take(id), await gate.take(id)]).toEqual([true, false]);
      await gate.resync(id, -3);
      expect(await gate.take(id)).toBe(false);
      expect(await gate.isWinner(id, 'buyer-1')).toBe(false);
      await gate.recordWinner(id, 'buyer-1');
      expect([await gate.isWinner(id, 'buyer-1'), await gate.isWinner(id, 'buyer-2')]).toEqual([true, false]);
    } finally {
      await gate.close();
    }
  });

  it('never hands out more tokens than it holds to takers at once', async () => {
    const gate = make();
    try {
      const id = randomUUID();
      await gate.resync(id, 7);
      const taken = await Promise.all(Array.from({ length: 50 }, () => gate.take(id)));
      expect(taken.filter(Boolean)).toHaveLength(7);
    } finally {
      await gate.close();
    }
  });
});

describe('the per-buyer queue', () => {
  it('runs one piece of work at a time per key, in order, whatever the earlier ones did', async () => {
    const queue = keyedQueue();
    const log: string[] = [];
    let release!: () => void;
    const first = queue.run('a', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      log.push('a1');
      throw new Error('refused');
    });
    const second = queue.run('a', async () => log.push('a2'));
    const other = queue.run('b', async () => log.push('b1'));
    await other;
    expect(log).toEqual(['b1']);
    release();
    await expect(first).rejects.toThrow('refused');
    await second;
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });
});
