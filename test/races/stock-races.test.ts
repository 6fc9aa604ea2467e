import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { releasedTogether } from '../helpers/races.js';
import { saleCounts, seriesVin, sum } from '../helpers/stock.js';

/*
 * Concurrent stock changes of one unit, fired together (on PostgreSQL lined up behind the
 * store's row lock): exactly one wins, nothing stray is written, and stock is conserved.
 */

let ctx: TestContext;
let staff: Caller;
// Sign-in hashes a password and the setup writes through the API: a generous time on a busy host.
beforeAll(async () => {
  ctx = await createTestApp();
  staff = await signIn(ctx.app, DEMO.staffShanghai);
}, 60_000);
afterAll(async () => {
  await ctx.close();
});

const STOCK = '/api/v1/dealer/stores/renault/dealers/sh-01/stock';
const CONFIG = { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['paint-cosmos-blue'] };
const add = (vin: string) => ctx.app.inject({ method: 'POST', url: STOCK, headers: staff.headers, payload: { vin, ...CONFIG } });
const auditOf = (vin: string, action: string) =>
  ctx.connection.db.selectFrom('audit_event').select('details').where('target_id', '=', vin).where('action', '=', action).execute();

describe('concurrent stock changes', () => {
  it('two transfers of one unit at once: exactly one wins', async () => {
    const vin = seriesVin('R', 1);
    expect((await add(vin)).statusCode).toBe(201);
    const before = await saleCounts(ctx);
    const results = await releasedTogether(ctx, 'renault', 2, () =>
      Promise.all(
        ['sh-02', 'sh-03'].map((dealer) =>
          ctx.app.inject({ method: 'POST', url: `${STOCK}/${vin}/transfers`, headers: staff.headers, payload: { dealer } }),
        ),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 404]);
    const winner = results.find((r) => r.statusCode === 200)!.json().dealer.code as string;
    const row = await ctx.connection.db
      .selectFrom('vehicle_unit as u')
      .innerJoin('dealer as d', 'd.id', 'u.dealer_id')
      .select('d.code')
      .where('u.vin', '=', vin)
      .executeTakeFirstOrThrow();
    expect(row.code).toBe(winner);
    expect((await auditOf(vin, 'stock.unit_transferred')).map((a) => JSON.parse(a.details).to)).toEqual([winner]);
    expect(await saleCounts(ctx)).toEqual(before);
  });

  it('five sales of one unit at once: it is sold exactly once', async () => {
    const vin = seriesVin('R', 2);
    expect((await add(vin)).statusCode).toBe(201);
    const before = await saleCounts(ctx);
    const results = await releasedTogether(ctx, 'renault', 5, () =>
      Promise.all(Array.from({ length: 5 }, () => ctx.app.inject({ method: 'PATCH', url: `${STOCK}/${vin}`, headers: staff.headers, payload: { status: 'sold' } }))),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    expect((await auditOf(vin, 'stock.unit_changed')).length).toBe(1);
    const after = await saleCounts(ctx);
    expect(after).toEqual({ ...before, available: before.available! - 1, sold: before.sold! + 1 });
    expect(sum(after)).toBe(sum(before));
  });

  it('a hold and a sale of one unit at once: exactly one applies', async () => {
    const vin = seriesVin('R', 3);
    expect((await add(vin)).statusCode).toBe(201);
    const results = await releasedTogether(ctx, 'renault', 2, () =>
      Promise.all(['held', 'sold'].map((status) => ctx.app.inject({ method: 'PATCH', url: `${STOCK}/${vin}`, headers: staff.headers, payload: { status } }))),
    );
    const codes = results.map((r) => r.statusCode);
    // held then sold is a legal path, sold then held is not: either both apply in that order, or one is refused.
    const row = await ctx.connection.db.selectFrom('vehicle_unit').select('status').where('vin', '=', vin).executeTakeFirstOrThrow();
    if (codes[0] === 200 && codes[1] === 200) expect(row.status).toBe('sold');
    else {
      expect(codes.sort()).toEqual([200, 409]);
      expect(row.status).toBe(results.find((r) => r.statusCode === 200)!.json().status);
    }
    expect((await auditOf(vin, 'stock.unit_changed')).length).toBe(codes.filter((c) => c === 200).length);
  });

  it('the same VIN added twice at once: registered once', async () => {
    const vin = seriesVin('R', 4);
    const results = await releasedTogether(ctx, 'renault', 3, () => Promise.all([add(vin), add(vin), add(vin)]));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect((await auditOf(vin, 'stock.unit_added')).length).toBe(1);
  });

  it('two imports sharing a VIN at once: one applies whole, the other not at all', async () => {
    const shared = seriesVin('R', 10);
    const files = [1, 2].map((n) =>
      ['vin,model,trim', `${shared},koleos,koleos-20-2wd-comfort`, `${seriesVin('R', 10 + n)},koleos,koleos-20-2wd-comfort`].join('\n'),
    );
    const results = await releasedTogether(ctx, 'renault', 2, () =>
      Promise.all(
        files.map((csv) =>
          ctx.app.inject({ method: 'POST', url: `${STOCK}/imports`, headers: { ...staff.headers, 'content-type': 'text/csv' }, payload: csv }),
        ),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409 || c === 422)).toHaveLength(1);
    const winner = codes.indexOf(201) + 1;
    const loser = 3 - winner;
    const present = await ctx.connection.db
      .selectFrom('vehicle_unit')
      .select('vin')
      .where('vin', 'in', [shared, seriesVin('R', 11), seriesVin('R', 12)])
      .execute();
    expect(present.map((r) => r.vin).sort()).toEqual([shared, seriesVin('R', 10 + winner)].sort());
    expect(present.map((r) => r.vin)).not.toContain(seriesVin('R', 10 + loser));
  });
});
