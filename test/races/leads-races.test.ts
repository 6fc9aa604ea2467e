import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { TEST_NOW } from '../helpers/clock.js';
import { releasedTogetherBehind } from '../helpers/races.js';

/*
 * A buyer's repeated "contact me" and a dealer's concurrent status changes, fired together.
 * On PostgreSQL another connection first holds the row they contend for (the buyer's account,
 * the lead), so every request reaches its check before any of them writes.
 */

let ctx: TestContext;
let buyer: Caller;
let staff: Caller;
let buyerId: string;
beforeAll(async () => {
  ctx = await createTestApp();
  buyer = await signIn(ctx.app, DEMO.buyer);
  staff = await signIn(ctx.app, DEMO.staffShanghai);
  buyerId = (await ctx.connection.db.selectFrom('user_account').select('id').where('email', '=', DEMO.buyer).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await ctx.close();
});

const ask = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/leads', headers: buyer.headers, payload });
const holdBuyer = () => ({ sql: 'select 1 from user_account where id = $1 for no key update', params: [buyerId] });

describe('concurrent leads', () => {
  it('opens exactly one lead for ten identical requests at once', async () => {
    const answers = await releasedTogetherBehind(ctx, holdBuyer(), 10, () =>
      Promise.all(Array.from({ length: 10 }, () => ask({ dealer: 'sh-01', model: 'koleos', sharePhone: true }))),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    const leads = await ctx.connection.db.selectFrom('lead').select('id').where('buyer_id', '=', buyerId).execute();
    expect(leads).toHaveLength(1);
    const events = await ctx.connection.db.selectFrom('lead_event').select('id').where('lead_id', '=', leads[0]!.id).execute();
    expect(events).toHaveLength(1);
    const notices = await ctx.connection.db.selectFrom('job').select('payload').where('kind', '=', 'notification.send').execute();
    expect(notices.filter((job) => JSON.parse(job.payload).template === 'lead.received')).toHaveLength(1);
  });

  it('keeps a buyer’s open requests within the limit when they arrive at once', async () => {
    // One lead is open already (above): eight more to different dealers, at most four can open.
    const dealers = ['sh-02', 'sh-03', 'bj-01', 'bj-02', 'bj-03', 'gz-01', 'gz-02', 'gz-03'];
    const answers = await releasedTogetherBehind(ctx, holdBuyer(), dealers.length, () =>
      Promise.all(dealers.map((dealer) => ask({ dealer, model: 'kadjar', sharePhone: false }))),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 422, 422, 422, 422]);
    const open = await ctx.connection.db.selectFrom('lead').select('id').where('buyer_id', '=', buyerId).execute();
    expect(open).toHaveLength(5);
  });

  it('stamps first contact once when staff move the same lead at once', async () => {
    const lead = await ctx.connection.db
      .selectFrom('lead')
      .innerJoin('dealer', 'dealer.id', 'lead.dealer_id')
      .select(['lead.id'])
      .where('lead.buyer_id', '=', buyerId)
      .where('dealer.code', '=', 'sh-01')
      .executeTakeFirstOrThrow();
    ctx.clock.advance(5 * 60_000);
    const url = `/api/v1/dealer/stores/renault/dealers/sh-01/leads/${lead.id}/status`;
    const moves = ['contacted', 'contacted', 'contacted', 'lost', 'test_drive_booked', 'contacted'];
    const answers = await releasedTogetherBehind(ctx, { sql: 'select 1 from lead where id = $1 for no key update', params: [lead.id] }, moves.length, () =>
      Promise.all(moves.map((status) => ctx.app.inject({ method: 'POST', url, headers: staff.headers, payload: { status } }))),
    );
    for (const answer of answers) expect([200, 409]).toContain(answer.statusCode);
    const row = await ctx.connection.db.selectFrom('lead').selectAll().where('id', '=', lead.id).executeTakeFirstOrThrow();
    expect(row.first_contacted_at).toBe(new Date(TEST_NOW.getTime() + 5 * 60_000).toISOString());
    const events = await ctx.connection.db.selectFrom('lead_event').select(['kind', 'status']).where('lead_id', '=', lead.id).orderBy('created_at').orderBy('id').execute();
    const moved = events.filter((e) => e.kind === 'status');
    // Exactly one move left `new`; every status event followed an allowed edge from the one before.
    const allowed: Record<string, string[]> = {
      new: ['contacted', 'test_drive_booked', 'lost'],
      contacted: ['test_drive_booked', 'won', 'lost'],
      test_drive_booked: ['won', 'lost'],
      won: [],
      lost: [],
    };
    let at = 'new';
    for (const event of moved) {
      expect(allowed[at], `${at} → ${event.status}`).toContain(event.status);
      at = event.status!;
    }
    expect(row.status).toBe(at);
    expect(moved.length).toBe(answers.filter((a) => a.statusCode === 200).length);
    expect(moved.length).toBeGreaterThanOrEqual(1);
  });
});
