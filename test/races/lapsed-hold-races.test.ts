import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testDialect, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { addUnit, notify, payThroughSandbox, placeOrder, sandboxCallback, startPayment } from '../helpers/orders.js';
import { releasedTogetherBehind } from '../helpers/races.js';

/*
 * A stock order whose hold ran out before its expiry job came: its deposit arrives at the very
 * moment someone else takes the same VIN (a latecomer's order, or the dealer allocating it to a
 * built-to-order order). Either the deposit lands first (the order is paid, the other refused)
 * or the other does (the order expires, its deposit is refunded); never both, never neither,
 * and (on PostgreSQL) without the two waiting on each other's locks.
 */

let ctx: TestContext;
let staff: Caller;
beforeAll(async () => {
  ctx = await createTestApp();
  staff = await signIn(ctx.app, DEMO.staffShanghai);
}, 60_000);
afterAll(async () => {
  await ctx.close();
});

async function deadlocks(): Promise<number> {
  if (testDialect !== 'postgres') return 0;
  const { rows } = await sql<{ n: number }>`select deadlocks::int as n from pg_stat_database where datname = current_database()`.execute(ctx.connection.db);
  return Number(rows[0]!.n);
}

describe('a lapsed hold: its late deposit against a latecomer', () => {
  it('settles each race one way or the other, without deadlock', { timeout: 60_000 }, async () => {
    const before = await deadlocks();
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const [first, latecomer] = await makeBuyers(ctx, 2, `lapse-race-${round}`);
      const vin = await addUnit(ctx, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 });
      const order = (await placeOrder(ctx, first!, { vin, dealer: 'sh-01', plan: 'cash' })).json();
      const payment = (await startPayment(ctx, first!, order.id)).json();
      ctx.clock.advance(16 * 60_000);
      const callback = sandboxCallback({ paymentId: payment.id, transactionId: `sbx-${payment.id}`, amount: 500_000 }, Math.floor(ctx.clock.now().getTime() / 1000));
      // Both line up behind the unit's row lock, one after the other, each first in turn.
      const [paid, late] = await releasedTogetherBehind(ctx, { sql: 'select 1 from vehicle_unit where vin = $1 for no key update', params: [vin] }, 2, () =>
        Promise.all([
          new Promise((resolve) => setTimeout(resolve, round % 2 === 0 ? 100 : 0)).then(() => notify(ctx, 'sandbox', callback)),
          new Promise((resolve) => setTimeout(resolve, round % 2 === 0 ? 0 : 100)).then(() => placeOrder(ctx, latecomer!, { vin, dealer: 'sh-01', plan: 'cash' })),
        ]),
      );
      expect(paid.statusCode, paid.body).toBe(204);
      const status = (await ctx.connection.db.selectFrom('customer_order').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status;
      const refunds = await ctx.connection.db.selectFrom('refund').select('amount').where('order_id', '=', order.id).execute();
      if (late.statusCode === 201) {
        expect([status, refunds]).toEqual(['expired', [{ amount: 500_000 }]]);
        outcomes.push('latecomer');
      } else {
        expect([late.statusCode, late.json().code, status, refunds]).toEqual([409, 'ORDER_VIN_NOT_AVAILABLE', 'deposit_paid', []]);
        outcomes.push('deposit');
      }
      const live = await ctx.connection.db
        .selectFrom('customer_order')
        .select('id')
        .where('vin', '=', vin)
        .where('status', 'in', ['pending_deposit', 'deposit_paid'])
        .execute();
      expect(live).toHaveLength(1);
    }
    expect(await deadlocks()).toBe(before);
    expect(outcomes).toHaveLength(6);
  });

  it('lets the dealer allocate the VIN, or the deposit keep it, without deadlock', { timeout: 60_000 }, async () => {
    const saved = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/stores/renault/configurations?locale=en',
      payload: { model: 'captur', trim: 'captur-12t-comfort', options: [] },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const configuration = saved.json() as { code: string; price: { vehicle: { amount: number } }; options: Array<{ code: string; group: string }> };
    const colour = configuration.options.find((o) => o.group === 'paint')?.code ?? null;
    const before = await deadlocks();
    for (let round = 0; round < 4; round++) {
      const [first, builtBuyer] = await makeBuyers(ctx, 2, `allocate-race-${round}`);
      const built = (await placeOrder(ctx, builtBuyer!, { configuration: configuration.code, dealer: 'sh-01', plan: 'cash' })).json();
      await payThroughSandbox(ctx, builtBuyer!, built.id);
      const vin = await addUnit(ctx, {
        dealer: 'sh-01',
        model: 'captur',
        trim: 'captur-12t-comfort',
        options: configuration.options.map((o) => o.code),
        colour,
        price: configuration.price.vehicle.amount,
      });
      const order = (await placeOrder(ctx, first!, { vin, dealer: 'sh-01', plan: 'cash' })).json();
      const payment = (await startPayment(ctx, first!, order.id)).json();
      ctx.clock.advance(16 * 60_000);
      const callback = sandboxCallback({ paymentId: payment.id, transactionId: `sbx-${payment.id}`, amount: 500_000 }, Math.floor(ctx.clock.now().getTime() / 1000));
      const allocate = () =>
        ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${built.id}/allocate?locale=en`, headers: staff.headers, payload: { vin } });
      const [paid, allocated] = await releasedTogetherBehind(ctx, { sql: 'select 1 from vehicle_unit where vin = $1 for no key update', params: [vin] }, 2, () =>
        Promise.all([
          new Promise((resolve) => setTimeout(resolve, round % 2 === 0 ? 100 : 0)).then(() => notify(ctx, 'sandbox', callback)),
          new Promise((resolve) => setTimeout(resolve, round % 2 === 0 ? 0 : 100)).then(allocate),
        ]),
      );
      expect(paid.statusCode, paid.body).toBe(204);
      const statusOf = async (id: string) => (await ctx.connection.db.selectFrom('customer_order').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
      const refunds = await ctx.connection.db.selectFrom('refund').select('amount').where('order_id', '=', order.id).execute();
      if (allocated.statusCode === 200) {
        expect([await statusOf(order.id), refunds, await statusOf(built.id)]).toEqual(['expired', [{ amount: 500_000 }], 'allocated']);
      } else {
        expect([allocated.statusCode, allocated.json().code, await statusOf(order.id), refunds, await statusOf(built.id)]).toEqual([
          409,
          'ORDER_VIN_NOT_AVAILABLE',
          'deposit_paid',
          [],
          'deposit_paid',
        ]);
      }
      const live = await ctx.connection.db
        .selectFrom('customer_order')
        .select('id')
        .where('vin', '=', vin)
        .where('status', 'in', ['pending_deposit', 'deposit_paid', 'allocated'])
        .execute();
      expect(live).toHaveLength(1);
    }
    expect(await deadlocks()).toBe(before);
  });
});
