import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Db } from '../../src/db/database.js';
import { inWriteTransaction } from '../../src/db/tx.js';
import { consoleSender } from '../../src/modules/accounts/sender.js';
import { createRunner, type JobContext } from '../../src/modules/jobs/jobs.runner.js';
import { enqueue } from '../../src/modules/jobs/jobs.service.js';
import { jobHandlers, notify } from '../../src/modules/jobs/notifications.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createSharedTestDatabase, createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn } from '../helpers/auth.js';
import { TEST_NOW } from '../helpers/clock.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

async function storeId(db: Db, slug: string): Promise<string> {
  return (await db.selectFrom('store').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

async function userOf(db: Db, email: string) {
  return db.selectFrom('user_account').select(['id', 'phone', 'email']).where('email', '=', email).executeTakeFirstOrThrow();
}

describe('jobs and the outbox', () => {
  it('never delivers a job enqueued in a transaction that rolled back', async () => {
    const db = ctx.connection.db;
    const delivered: unknown[] = [];
    const runner = createRunner({ db, clock: ctx.clock, handlers: { 'test.rollback': async (payload) => void delivered.push(payload) } });
    await expect(
      inWriteTransaction(db, async (tx) => {
        await enqueue(tx, ctx.clock, { kind: 'test.rollback', payload: { n: 1 } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await inWriteTransaction(db, (tx) => enqueue(tx, ctx.clock, { kind: 'test.rollback', payload: { n: 2 } }));

    expect(await runner.drain()).toBe(1);
    expect(delivered).toEqual([{ n: 2 }]);
    const rows = await db.selectFrom('job').select(['kind', 'status']).where('kind', '=', 'test.rollback').execute();
    expect(rows).toEqual([{ kind: 'test.rollback', status: 'done' }]);
  });

  it('enqueues a dedupe key once', async () => {
    const db = ctx.connection.db;
    const first = await inWriteTransaction(db, (tx) => enqueue(tx, ctx.clock, { kind: 'test.dedupe', payload: {}, dedupeKey: 'reminder:42' }));
    const again = await inWriteTransaction(db, (tx) => enqueue(tx, ctx.clock, { kind: 'test.dedupe', payload: {}, dedupeKey: 'reminder:42' }));
    expect([first, again]).toEqual([true, false]);
    const rows = await db.selectFrom('job').select('id').where('kind', '=', 'test.dedupe').execute();
    expect(rows).toHaveLength(1);
  });

  it('retries a failing delivery with backoff, dead-letters it, and the retry action brings it back', async () => {
    const db = ctx.connection.db;
    const clock = fixedClock(TEST_NOW);
    const renault = await storeId(db, 'renault');
    let failing = true;
    const attempts: JobContext[] = [];
    const runner = createRunner({
      db,
      clock,
      handlers: {
        'test.flaky': async (_payload, job) => {
          attempts.push(job);
          if (failing) throw new Error('gateway down');
        },
      },
    });
    await inWriteTransaction(db, (tx) => enqueue(tx, clock, { kind: 'test.flaky', payload: {}, storeId: renault }));
    const job = () => db.selectFrom('job').select(['id', 'status', 'attempts', 'run_at', 'last_error']).where('kind', '=', 'test.flaky').executeTakeFirstOrThrow();

    // 30 s, then doubling: the next try is due exactly then, not a millisecond before.
    const expectedRunAt = [
      '2026-03-02T02:00:30.000Z',
      '2026-03-02T02:01:30.000Z',
      '2026-03-02T02:03:30.000Z',
      '2026-03-02T02:07:30.000Z',
      '2026-03-02T02:15:30.000Z',
      '2026-03-02T02:31:30.000Z',
      '2026-03-02T03:03:30.000Z',
    ];
    expect(await runner.tick()).toBe(1);
    for (const [index, runAt] of expectedRunAt.entries()) {
      expect(await job()).toMatchObject({ status: 'pending', attempts: index + 1, run_at: runAt, last_error: 'gateway down' });
      clock.set(new Date(new Date(runAt).getTime() - 1));
      expect(await runner.tick()).toBe(0);
      clock.advance(1);
      expect(await runner.tick()).toBe(1);
    }
    expect(await job()).toMatchObject({ status: 'dead', attempts: 8, last_error: 'gateway down' });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    clock.advance(24 * 3_600_000);
    expect(await runner.tick()).toBe(0);

    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const list = await ctx.app.inject({ url: '/api/v1/admin/stores/renault/jobs?status=dead', headers: admin.headers });
    expect(list.statusCode).toBe(200);
    const { id } = await job();
    expect(list.json().jobs).toEqual([
      expect.objectContaining({ id, kind: 'test.flaky', status: 'dead', attempts: 8, maxAttempts: 8, lastError: 'gateway down' }),
    ]);

    const retry = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/renault/jobs/${id}/retry`, headers: admin.headers });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ id, status: 'pending', attempts: 0, runAt: '2026-03-02T02:00:00.000Z' });
    const twice = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/renault/jobs/${id}/retry`, headers: admin.headers });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('JOB_NOT_DEAD');

    failing = false;
    expect(await runner.tick()).toBe(1);
    expect(await job()).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    const dead = await ctx.app.inject({ url: '/api/v1/admin/stores/renault/jobs?status=dead', headers: admin.headers });
    expect(dead.json().jobs).toEqual([]);
  });

  it('refuses the dead letters of a store to other stores’ admins, dealer staff and buyers, changing nothing', async () => {
    const db = ctx.connection.db;
    const renault = await storeId(db, 'renault');
    const clock = fixedClock(TEST_NOW);
    await inWriteTransaction(db, (tx) => enqueue(tx, clock, { kind: 'test.denied', payload: {}, storeId: renault, maxAttempts: 1 }));
    const failing = async () => {
      throw new Error('mailbox full');
    };
    await createRunner({ db, clock, handlers: { 'test.denied': failing } }).drain();
    const { id } = await db.selectFrom('job').select('id').where('kind', '=', 'test.denied').executeTakeFirstOrThrow();

    for (const [who, status] of [
      [DEMO.alpineAdmin, 404],
      [DEMO.staffShanghai, 403],
      [DEMO.buyer, 403],
    ] as const) {
      const caller = await signIn(ctx.app, who);
      const list = await ctx.app.inject({ url: '/api/v1/admin/stores/renault/jobs?status=dead', headers: caller.headers });
      const retry = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/renault/jobs/${id}/retry`, headers: caller.headers });
      expect([who, list.statusCode, retry.statusCode]).toEqual([who, status, status]);
    }
    // Seen from its own store, another store's job does not exist.
    const alpine = await signIn(ctx.app, DEMO.alpineAdmin);
    const sideways = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/alpine/jobs/${id}/retry`, headers: alpine.headers });
    expect(sideways.statusCode).toBe(404);
    expect(sideways.json().code).toBe('JOB_NOT_FOUND');
    expect(await db.selectFrom('job').select(['status', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
      status: 'dead',
      last_error: 'mailbox full',
    });
  });

  it('sends notification.send through the message sender, in the recipient’s language', async () => {
    const db = ctx.connection.db;
    const sender = consoleSender({ info: () => {} });
    const runner = createRunner({ db, clock: ctx.clock, handlers: jobHandlers({ db, sender }) });
    const buyer = await userOf(db, DEMO.buyer);
    const admin = await userOf(db, DEMO.renaultAdmin);
    await db.updateTable('user_account').set({ locale: 'fr' }).where('id', '=', buyer.id).execute();
    await db.updateTable('user_account').set({ locale: 'zh-CN' }).where('id', '=', admin.id).execute();
    await inWriteTransaction(db, async (tx) => {
      await notify(tx, ctx.clock, { userId: buyer.id, template: 'account.welcome', params: { name: 'Léa' } });
      await notify(tx, ctx.clock, { userId: admin.id, template: 'account.welcome', params: { name: '王芳' } });
    });
    expect(await runner.drain()).toBe(2);
    expect(sender.sent.map((m) => m.text)).toEqual(['Bienvenue sur Vitrine, Léa.', '王芳，欢迎来到 Vitrine。']);
    expect(sender.sent[0]!.to).toBe(buyer.phone ?? buyer.email);
  });

  it('delivers after a restart a job that was pending at shutdown', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-jobs-'));
    try {
      const shared = await createSharedTestDatabase(dir);
      const clock = fixedClock(TEST_NOW);

      const before = shared.open();
      const first = await buildApp({ db: before.db, dialect: before.dialect, clock, sender: consoleSender({ info: () => {} }) });
      await first.ready();
      const buyer = await userOf(before.db, DEMO.buyer);
      await before.db.updateTable('user_account').set({ locale: 'en' }).where('id', '=', buyer.id).execute();
      await inWriteTransaction(before.db, (tx) =>
        enqueue(tx, clock, { kind: 'notification.send', payload: { userId: buyer.id, template: 'account.welcome', params: { name: 'Sam' } } }),
      );
      await first.close();
      await before.db.destroy();

      const after = shared.open();
      const sender = consoleSender({ info: () => {} });
      const second = await buildApp({ db: after.db, dialect: after.dialect, clock, sender, runJobs: { pollMs: 10 } });
      await second.ready();
      try {
        await vi.waitFor(() => expect(sender.sent.map((m) => m.text)).toEqual(['Welcome to Vitrine, Sam.']), { timeout: 10_000 });
        const rows = await after.db.selectFrom('job').select(['status', 'attempts']).execute();
        expect(rows).toEqual([{ status: 'done', attempts: 1 }]);
      } finally {
        await second.close();
        await after.db.destroy();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
