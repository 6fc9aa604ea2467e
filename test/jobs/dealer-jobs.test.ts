import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inWriteTransaction } from '../../src/db/tx.js';
import { createRunner } from '../../src/modules/jobs/jobs.runner.js';
import { enqueue } from '../../src/modules/jobs/jobs.service.js';
import { jobHandlers } from '../../src/modules/jobs/notifications.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn } from '../helpers/auth.js';
import { releasedTogether } from '../helpers/races.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const refusingSender = {
  async send() {
    throw new Error('SMTP 550 mailbox unavailable');
  },
};

async function idsOf() {
  const db = ctx.connection.db;
  const store = await db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow();
  const dealer = (code: string) =>
    db.selectFrom('dealer').select('id').where('store_id', '=', store.id).where('code', '=', code).executeTakeFirstOrThrow();
  const buyer = await db.selectFrom('user_account').select('id').where('email', '=', DEMO.buyer).executeTakeFirstOrThrow();
  return { storeId: store.id, shanghai: (await dealer('sh-01')).id, beijing: (await dealer('bj-01')).id, buyerId: buyer.id };
}

/** A notification of a dealer's that failed its only attempt. */
async function deadNotification(dealerId: string, dedupeKey: string): Promise<string> {
  const db = ctx.connection.db;
  const { storeId, buyerId } = await idsOf();
  await inWriteTransaction(db, (tx) =>
    enqueue(tx, ctx.clock, {
      kind: 'notification.send',
      payload: { userId: buyerId, template: 'lead.received', params: { dealer: 'Renault' } },
      storeId,
      dealerId,
      dedupeKey,
      maxAttempts: 1,
    }),
  );
  await createRunner({ db, clock: ctx.clock, handlers: jobHandlers({ db, sender: refusingSender }) }).drain();
  const job = await db.selectFrom('job').select(['id', 'status']).where('dedupe_key', '=', dedupeKey).executeTakeFirstOrThrow();
  expect(job.status).toBe('dead');
  return job.id;
}

describe('a dealer’s dead letters', () => {
  it('lists the dealer’s own dead notifications with the recipient masked, and retries one', async () => {
    const { shanghai, beijing } = await idsOf();
    const ours = await deadNotification(shanghai, 'dealer-dead-sh');
    await deadNotification(beijing, 'dealer-dead-bj');
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    const url = '/api/v1/dealer/stores/renault/dealers/sh-01/jobs';

    const list = await ctx.app.inject({ url: `${url}?status=dead`, headers: staff.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().jobs).toEqual([
      {
        id: ours,
        kind: 'notification.send',
        status: 'dead',
        attempts: 1,
        maxAttempts: 1,
        runAt: '2026-03-02T02:00:00.000Z',
        lastError: 'SMTP 550 mailbox unavailable',
        dealerId: shanghai,
        createdAt: '2026-03-02T02:00:00.000Z',
        updatedAt: '2026-03-02T02:00:00.000Z',
        notification: { template: 'lead.received', recipient: '+86138****8000' },
      },
    ]);

    const retry = await ctx.app.inject({ method: 'POST', url: `${url}/${ours}/retry`, headers: staff.headers });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ id: ours, status: 'pending', attempts: 0 });
    const again = await ctx.app.inject({ method: 'POST', url: `${url}/${ours}/retry`, headers: staff.headers });
    expect([again.statusCode, again.json().code]).toEqual([409, 'JOB_NOT_DEAD']);
    expect((await ctx.app.inject({ url: `${url}?status=dead`, headers: staff.headers })).json().jobs).toEqual([]);

    // The job is delivered once the gateway takes it.
    const db = ctx.connection.db;
    const sent: string[] = [];
    const runner = createRunner({ db, clock: ctx.clock, handlers: jobHandlers({ db, sender: { send: async (m) => void sent.push(m.text) } }) });
    expect(await runner.drain()).toBe(1);
    expect(sent).toEqual(['Renault 已收到你的咨询，将尽快与你联系。']);
  });

  it('does not show or retry another dealer’s job through one’s own dealer', async () => {
    const { beijing } = await idsOf();
    const theirs = await deadNotification(beijing, 'dealer-sideways-bj');
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    const sideways = await ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/sh-01/jobs/${theirs}/retry`, headers: staff.headers });
    expect([sideways.statusCode, sideways.json().code]).toEqual([404, 'JOB_NOT_FOUND']);
    const list = await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/sh-01/jobs?status=dead&limit=200', headers: staff.headers });
    expect(list.json().jobs.map((job: { id: string }) => job.id)).not.toContain(theirs);
    const row = await ctx.connection.db.selectFrom('job').select('status').where('id', '=', theirs).executeTakeFirstOrThrow();
    expect(row.status).toBe('dead');
    // The brand admin reaches it through the dealer it belongs to.
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const list2 = await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/bj-01/jobs?status=dead', headers: admin.headers });
    expect(list2.json().jobs.map((job: { id: string }) => job.id)).toContain(theirs);
  });

  it('shows other kinds of jobs without a notification, and bounds the list', async () => {
    const { storeId, shanghai } = await idsOf();
    await inWriteTransaction(ctx.connection.db, (tx) => enqueue(tx, ctx.clock, { kind: 'test.other', payload: {}, storeId, dealerId: shanghai }));
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    const list = await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/sh-01/jobs?status=pending', headers: staff.headers });
    expect(list.json().jobs.find((job: { kind: string }) => job.kind === 'test.other')).toMatchObject({ notification: null, status: 'pending' });
    const huge = await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/sh-01/jobs?limit=100000', headers: staff.headers });
    expect(huge.statusCode).toBe(400);
  });

  it('retries a dead job once when the dealer’s staff and the brand admin press retry together', async () => {
    const { shanghai } = await idsOf();
    const id = await deadNotification(shanghai, 'dealer-race');
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const answers = await releasedTogether(ctx, 'renault', 2, () =>
      Promise.all([
        ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/sh-01/jobs/${id}/retry`, headers: staff.headers }),
        ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/renault/jobs/${id}/retry`, headers: admin.headers }),
      ]),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const row = await ctx.connection.db.selectFrom('job').select(['status', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', attempts: 0 });
  });
});
