import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import type { Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { releasedTogether } from '../helpers/races.js';

/*
 * Test-drive bookings fired together. On PostgreSQL they wait behind a held lock on the row
 * the booking locks first (the dealer's or the buyer's), then go at once on pooled connections:
 * without the lock, each would count the slot or the caps before the others wrote.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const book = (caller: Caller, body: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/test-drives', headers: caller.headers, payload: body });
const dealerId = async (code: string) =>
  (await ctx.connection.db.selectFrom('dealer').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

// Fifty accounts and fifty requests take a few seconds on a busy machine.
const RACE_TIMEOUT_MS = 30_000;

describe('test-drive races', () => {
  it('gives a slot with two demo cars to exactly two of fifty buyers booking at once', async () => {
    const buyers = await makeBuyers(ctx, 50, 'race');
    // Tuesday 3 March, 11:00 in Shanghai; sh-01 has two demo Koleos.
    const slot = { dealer: 'sh-01', model: 'koleos', start: '2026-03-03T03:00:00Z' };
    const results = await releasedTogether(ctx, 'renault', 50, () => Promise.all(buyers.map((buyer) => book(buyer, slot))), {
      table: 'dealer',
      id: await dealerId('sh-01'),
    });
    const statuses = results.map((res) => res.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 409)).toHaveLength(48);
    for (const res of results.filter((r) => r.statusCode === 409)) expect(res.json().code).toBe('TEST_DRIVE_SLOT_FULL');

    const db = ctx.connection.db;
    const rows = await db.selectFrom('test_drive').select(['id', 'buyer_id']).where('slot_start', '=', '2026-03-03T03:00:00.000Z').execute();
    expect(rows).toHaveLength(2);
    const winners = results.filter((r) => r.statusCode === 201).map((r) => r.json().id as string).sort();
    expect(rows.map((row) => row.id).sort()).toEqual(winners);
    // Nothing stray from the losers: one lead and one reminder per winner.
    const leads = await db.selectFrom('lead').select('test_drive_id').where('buyer_id', 'in', buyers.map((b) => b.id)).execute();
    expect(leads.map((lead) => lead.test_drive_id).sort()).toEqual(winners);
    const reminders = await db.selectFrom('job').select('id').where('kind', '=', 'test_drive.reminder').where('dedupe_key', 'like', '%2026-03-03T03:00:00.000Z').execute();
    expect(reminders).toHaveLength(2);
    const left = (await ctx.app.inject({ url: '/api/v1/stores/renault/dealers/sh-01/test-drive-slots?model=koleos&from=2026-03-03&to=2026-03-03' })).json();
    expect(left.slots.find((s: { time: string }) => s.time === '11:00').remaining).toBe(0);
  }, RACE_TIMEOUT_MS);

  it('lets a buyer firing five bookings at once keep only two', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'greedy');
    const wanted = [
      { dealer: 'bj-01', model: 'koleos' },
      { dealer: 'bj-02', model: 'kadjar' },
      { dealer: 'bj-03', model: 'captur' },
      { dealer: 'cd-01', model: 'espace' },
      { dealer: 'cd-02', model: 'city-k-ze' },
    ].map((choice) => ({ ...choice, start: '2026-03-04T02:00:00Z' }));
    const results = await releasedTogether(ctx, 'renault', 5, () => Promise.all(wanted.map((body) => book(buyer!, body))), {
      table: 'user_account',
      id: buyer!.id,
    });
    const statuses = results.map((res) => res.statusCode).sort();
    expect(statuses).toEqual([201, 201, 409, 409, 409]);
    for (const res of results.filter((r) => r.statusCode === 409)) {
      expect(res.json()).toMatchObject({ code: 'TEST_DRIVE_LIMIT_REACHED', limit: 'upcoming', max: 2 });
    }
    const rows = await ctx.connection.db.selectFrom('test_drive').select('id').where('buyer_id', '=', buyer!.id).execute();
    expect(rows).toHaveLength(2);
  }, RACE_TIMEOUT_MS);

  it('moves exactly one of five bookings into a slot with one demo car left', async () => {
    const buyers = await makeBuyers(ctx, 5, 'mover');
    // sh-01 has one demo Kadjar. Each buyer holds a Kadjar slot on Wednesday 4 March, 09:00 to 11:00.
    const drives: string[] = [];
    for (const [i, buyer] of buyers.entries()) {
      const start = new Date(Date.parse('2026-03-04T01:00:00Z') + i * 30 * 60_000).toISOString();
      const res = await book(buyer, { dealer: 'sh-01', model: 'kadjar', start });
      expect(res.statusCode, res.body).toBe(201);
      drives.push(res.json().id);
    }
    const target = '2026-03-04T06:00:00Z';
    const results = await releasedTogether(
      ctx,
      'renault',
      5,
      () =>
        Promise.all(
          buyers.map((buyer, i) =>
            ctx.app.inject({ method: 'PATCH', url: `/api/v1/me/test-drives/${drives[i]}`, headers: buyer.headers, payload: { start: target } }),
          ),
        ),
      { table: 'dealer', id: await dealerId('sh-01') },
    );
    const statuses = results.map((res) => res.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    for (const res of results.filter((r) => r.statusCode === 409)) expect(res.json().code).toBe('TEST_DRIVE_SLOT_FULL');
    const db = ctx.connection.db;
    const moved = await db.selectFrom('test_drive').select('id').where('id', 'in', drives).where('slot_start', '=', '2026-03-04T06:00:00.000Z').execute();
    expect(moved).toHaveLength(1);
    // The four others kept their own slots.
    const kept = await db.selectFrom('test_drive').select('slot_start').where('id', 'in', drives).where('slot_start', '<>', '2026-03-04T06:00:00.000Z').execute();
    expect(kept).toHaveLength(4);
  }, RACE_TIMEOUT_MS);
});
