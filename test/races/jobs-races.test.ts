import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connect.js';
import { inWriteTransaction } from '../../src/db/tx.js';
import { claimDueJobs, finishJob } from '../../src/modules/jobs/jobs.repo.js';
import { createRunner } from '../../src/modules/jobs/jobs.runner.js';
import { enqueue } from '../../src/modules/jobs/jobs.service.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createSharedTestDatabase, testDialect } from '../helpers/app.js';
import { TEST_NOW } from '../helpers/clock.js';

/*
 * Two runners race over the same queue. On PostgreSQL each has its own connection pool (two
 * processes, as far as the database can tell) and they claim with FOR UPDATE SKIP LOCKED. SQLite
 * is one process: both share its connection and each claim is a BEGIN IMMEDIATE transaction
 * (a second synchronous connection in the same thread would block the first while it waits).
 */
let dir: string;
let one: Connection;
let two: Connection;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-runners-'));
  const shared = await createSharedTestDatabase(dir);
  one = shared.open(4);
  two = testDialect === 'postgres' ? shared.open(4) : one;
});
afterAll(async () => {
  await one.db.destroy();
  if (two !== one) await two.db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('job runners racing', () => {
  it('never deliver one job twice, and deliver every job once', async () => {
    const clock = fixedClock(TEST_NOW);
    await inWriteTransaction(one.db, async (tx) => {
      for (let n = 0; n < 50; n += 1) await enqueue(tx, clock, { kind: 'test.race', payload: { n } });
    });
    const deliveries = new Map<number, number>();
    const inHand = new Set<number>();
    const overlaps: number[] = [];
    const handler = async (payload: unknown) => {
      const { n } = payload as { n: number };
      if (inHand.has(n)) overlaps.push(n);
      inHand.add(n);
      // Yield, so the other runner's claim runs while this job is in hand.
      await new Promise((resolve) => setImmediate(resolve));
      deliveries.set(n, (deliveries.get(n) ?? 0) + 1);
      inHand.delete(n);
    };
    const runners = [one, two].map((c) => createRunner({ db: c.db, clock, handlers: { 'test.race': handler }, batchSize: 5 }));
    const claimed = await Promise.all(runners.map((r) => r.drain()));

    expect(overlaps).toEqual([]);
    expect(claimed[0]! + claimed[1]!).toBe(50);
    expect([...deliveries.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
    const statuses = await one.db.selectFrom('job').select('status').where('kind', '=', 'test.race').groupBy('status').execute();
    expect(statuses).toEqual([{ status: 'done' }]);
  });

  it('lets another runner take a job once the lease of the runner that claimed it has lapsed', async () => {
    const clock = fixedClock(TEST_NOW);
    await inWriteTransaction(one.db, (tx) => enqueue(tx, clock, { kind: 'test.lease', payload: { n: 1 } }));
    // A runner claims it for a minute, then dies without a word.
    const [crashed] = await inWriteTransaction(one.db, (tx) =>
      claimDueJobs(tx, { kinds: ['test.lease'], now: TEST_NOW.toISOString(), lockedUntil: '2026-03-02T02:01:00.000Z', token: 'crashed', limit: 10 }),
    );
    expect(crashed).toMatchObject({ kind: 'test.lease', attempts: 1 });

    const delivered: unknown[] = [];
    const survivor = createRunner({ db: two.db, clock, handlers: { 'test.lease': async (payload) => void delivered.push(payload) } });
    clock.set(new Date('2026-03-02T02:00:59.999Z'));
    expect(await survivor.tick()).toBe(0);
    clock.set(new Date('2026-03-02T02:01:00.000Z'));
    expect(await survivor.tick()).toBe(1);
    expect(delivered).toEqual([{ n: 1 }]);

    // The late runner's outcome cannot overwrite the survivor's.
    expect(await finishJob(one.db, crashed!.id, 'crashed', { status: 'dead', lastError: 'late', now: '2026-03-02T02:02:00.000Z' })).toBe(false);
    const row = await one.db.selectFrom('job').select(['status', 'attempts', 'last_error']).where('id', '=', crashed!.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'done', attempts: 2, last_error: null });
  });
});
