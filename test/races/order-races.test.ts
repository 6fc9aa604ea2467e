import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { addUnit, ledgerOf, notify, orderReadyForHandover, placeOrder, runJobs, sandboxCallback, startPayment } from '../helpers/orders.js';
import { releasedTogetherBehind } from '../helpers/races.js';

/*
 * Orders and payments fired together. On PostgreSQL they wait behind a held lock on the row
 * they contend for (the unit, the order), then go at once on pooled connections: without the
 * locks and conditional updates, two would each see the car free, or the money uncounted.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const RACE_TIMEOUT_MS = 30_000;
const holdingUnit = (vin: string) => ({ sql: 'select 1 from vehicle_unit where vin = $1 for no key update', params: [vin] });
const holdingOrder = (id: string) => ({ sql: 'select 1 from customer_order where id = $1 for no key update', params: [id] });
const captur = { dealer: 'sh-02', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 };

async function liveOrdersOf(vins: string[]) {
  const { rows } = await sql<{ vin: string; n: number | string }>`
    select vin, count(*) as n from customer_order
    where vin in (${sql.join(vins)}) and status not in ('expired', 'cancelled', 'refunded') group by vin`.execute(ctx.connection.db);
  return Object.fromEntries(rows.map((r) => [r.vin, Number(r.n)]));
}

async function unitCounts(vins: string[]) {
  const { rows } = await sql<{ status: string; n: number | string }>`
    select status, count(*) as n from vehicle_unit where vin in (${sql.join(vins)}) group by status`.execute(ctx.connection.db);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

describe('order races', () => {
  it('gives one VIN to exactly one of two buyers ordering it at once', async () => {
    const buyers = await makeBuyers(ctx, 2, 'race-one');
    const vin = await addUnit(ctx, captur);
    const results = await releasedTogetherBehind(ctx, holdingUnit(vin), 2, () =>
      Promise.all(buyers.map((buyer) => placeOrder(ctx, buyer, { vin, dealer: 'sh-02', plan: 'cash' }))),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('ORDER_VIN_NOT_AVAILABLE');
    expect(await liveOrdersOf([vin])).toEqual({ [vin]: 1 });
    expect(await unitCounts([vin])).toEqual({ held: 1 });
  }, RACE_TIMEOUT_MS);

  it('sells three cars to exactly three of fifty buyers, and leaves nothing half-written', async () => {
    const buyers = await makeBuyers(ctx, 50, 'race-fifty');
    const vins = [await addUnit(ctx, captur), await addUnit(ctx, captur), await addUnit(ctx, captur)];
    const results = await releasedTogetherBehind(ctx, holdingUnit(vins[0]!), 50, () =>
      Promise.all(buyers.map((buyer, i) => placeOrder(ctx, buyer, { vin: vins[i % 3]!, dealer: 'sh-02', plan: 'cash' }))),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(47);
    expect(await liveOrdersOf(vins)).toEqual(Object.fromEntries(vins.map((v) => [v, 1])));
    expect(await unitCounts(vins)).toEqual({ held: 3 });
    const orders = await ctx.connection.db.selectFrom('customer_order').select('id').where('vin', 'in', vins).execute();
    expect(orders).toHaveLength(3);
  }, RACE_TIMEOUT_MS);

  it('captures a deposit once when its callback arrives ten times at once', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'race-callback');
    const vin = await addUnit(ctx, captur);
    const order = (await placeOrder(ctx, buyer!, { vin, dealer: 'sh-02', plan: 'cash' })).json();
    const payment = (await startPayment(ctx, buyer!, order.id)).json();
    const callback = sandboxCallback({ paymentId: payment.id, transactionId: `race-${payment.id}`, amount: 500_000 }, Math.floor(ctx.clock.now().getTime() / 1000));
    const results = await releasedTogetherBehind(ctx, holdingOrder(order.id), 10, () => Promise.all(Array.from({ length: 10 }, () => notify(ctx, 'sandbox', callback))));
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(204));
    const money = await ledgerOf(ctx, order.id);
    expect(money.ledger).toEqual({ authorized: 0, captured: 500_000, refunded: 0 });
    expect(money.order).toEqual(money.ledger);
    expect(money.status).toBe('deposit_paid');
  }, RACE_TIMEOUT_MS);

  it('refunds the deposit whichever comes first of the buyer’s cancellation and the payment', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'race-cancel');
    const vin = await addUnit(ctx, captur);
    const order = (await placeOrder(ctx, buyer!, { vin, dealer: 'sh-02', plan: 'cash' })).json();
    const payment = (await startPayment(ctx, buyer!, order.id)).json();
    const callback = sandboxCallback({ paymentId: payment.id, transactionId: `race-c-${payment.id}`, amount: 500_000 }, Math.floor(ctx.clock.now().getTime() / 1000));
    const [cancelled, paid] = await releasedTogetherBehind(ctx, holdingOrder(order.id), 2, () =>
      Promise.all([
        ctx.app.inject({ method: 'POST', url: `/api/v1/me/orders/${order.id}/cancel`, headers: { ...buyer!.headers, 'idempotency-key': `cancel-${order.id}` }, payload: {} }),
        notify(ctx, 'sandbox', callback),
      ]),
    );
    expect(cancelled!.statusCode, cancelled!.body).toBe(200);
    expect(paid!.statusCode).toBe(204);
    await runJobs(ctx);
    const money = await ledgerOf(ctx, order.id);
    expect(money.ledger).toEqual({ authorized: 0, captured: 500_000, refunded: 500_000 });
    expect(money.order).toEqual(money.ledger);
    expect(await unitCounts([vin])).toEqual({ available: 1 });
  }, RACE_TIMEOUT_MS);

  it('lets one of a stock order and a dealer’s allocation have a car, never both', async () => {
    const [first, second] = await makeBuyers(ctx, 2, 'race-allocate');
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    const configuration = (
      await ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/configurations', payload: { model: 'captur', trim: 'captur-12t-comfort', options: [] } })
    ).json();
    const built = (await placeOrder(ctx, first!, { configuration: configuration.code, dealer: 'sh-01', plan: 'cash' })).json();
    const pay = (await startPayment(ctx, first!, built.id)).json();
    await ctx.app.inject({ method: 'POST', url: `/api/v1/payments/sandbox/${pay.id}/complete`, payload: { outcome: 'paid' } });
    const codes = configuration.options.map((o: { code: string }) => o.code);
    const colour = configuration.options.find((o: { group: string }) => o.group === 'paint')?.code ?? null;
    const vin = await addUnit(ctx, { ...captur, dealer: 'sh-01', options: codes, colour, price: configuration.price.vehicle.amount });
    const [allocated, ordered] = await releasedTogetherBehind(ctx, holdingUnit(vin), 2, () =>
      Promise.all([
        ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${built.id}/allocate`, headers: staff.headers, payload: { vin } }),
        placeOrder(ctx, second!, { vin, dealer: 'sh-01', plan: 'cash' }),
      ]),
    );
    // Whichever went first has the car; the other is told it is taken.
    const outcomes = [allocated!.statusCode, ordered!.statusCode];
    expect(outcomes.filter((s) => s === 200 || s === 201)).toHaveLength(1);
    expect(outcomes.filter((s) => s === 409)).toHaveLength(1);
    expect(await liveOrdersOf([vin])).toEqual({ [vin]: 1 });
    expect(await unitCounts([vin])).toEqual({ held: 1 });
  }, RACE_TIMEOUT_MS);

  it('counts every one of eight wrong pickup codes tried at once, and locks handover at the fifth', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'race-pickup');
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    const { id, pickupCode } = await orderReadyForHandover(ctx, buyer!, staff);
    const wrong = pickupCode === '000000' ? '111111' : '000000';
    const results = await releasedTogetherBehind(ctx, holdingOrder(id), 8, () =>
      Promise.all(
        Array.from({ length: 8 }, () =>
          ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${id}/handover`, headers: staff.headers, payload: { pickupCode: wrong } }),
        ),
      ),
    );
    const codes = results.map((r) => r.json().code).sort();
    expect(codes).toEqual([...Array(4).fill('ORDER_PICKUP_CODE_WRONG'), ...Array(4).fill('ORDER_PICKUP_LOCKED')].sort());
    const row = await ctx.connection.db.selectFrom('customer_order').select(['pickup_failures', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ pickup_failures: 5, status: 'ready_for_handover' });
    // Even the right code waits out the lock.
    const right = await ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${id}/handover`, headers: staff.headers, payload: { pickupCode } });
    expect([right.statusCode, right.json().code]).toEqual([429, 'ORDER_PICKUP_LOCKED']);
  }, RACE_TIMEOUT_MS);

  it('places one order when the same request is sent five times at once', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'race-idem');
    const vin = await addUnit(ctx, captur);
    const results = await releasedTogetherBehind(
      ctx,
      { sql: 'select 1 from user_account where id = $1 for no key update', params: [buyer!.id] },
      5,
      () => Promise.all(Array.from({ length: 5 }, () => placeOrder(ctx, buyer!, { vin, dealer: 'sh-02', plan: 'cash' }, `same-${vin}`))),
    );
    const created = results.filter((r) => r.statusCode === 201);
    const busy = results.filter((r) => r.statusCode === 409);
    expect(created.length + busy.length).toBe(5);
    expect(new Set(created.map((r) => r.json().id)).size).toBe(1);
    expect(busy.every((r) => r.json().code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS')).toBe(true);
    expect(await ctx.connection.db.selectFrom('customer_order').select('id').where('buyer_id', '=', buyer!.id).execute()).toHaveLength(1);
  }, RACE_TIMEOUT_MS);

  it('lets one buyer firing five orders at once hold exactly two unpaid', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'race-unpaid');
    const configuration = (
      await ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/configurations', payload: { model: 'captur', trim: 'captur-12t-comfort', options: [] } })
    ).json();
    const results = await releasedTogetherBehind(ctx, { sql: 'select 1 from user_account where id = $1 for no key update', params: [buyer!.id] }, 5, () =>
      Promise.all(Array.from({ length: 5 }, () => placeOrder(ctx, buyer!, { configuration: configuration.code, dealer: 'sh-02', plan: 'cash' }))),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 422, 422, 422]);
    expect(results.filter((r) => r.statusCode === 422).every((r) => r.json().code === 'ORDER_TOO_MANY_UNPAID')).toBe(true);
    expect(await ctx.connection.db.selectFrom('customer_order').select('id').where('buyer_id', '=', buyer!.id).execute()).toHaveLength(2);
  }, RACE_TIMEOUT_MS);

  it('answers one open payment to a buyer tapping "pay" three times at once', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'race-pay');
    const vin = await addUnit(ctx, captur);
    const order = (await placeOrder(ctx, buyer!, { vin, dealer: 'sh-02', plan: 'cash' })).json();
    const results = await releasedTogetherBehind(ctx, holdingOrder(order.id), 3, () => Promise.all(Array.from({ length: 3 }, () => startPayment(ctx, buyer!, order.id))));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(await ctx.connection.db.selectFrom('payment').select('id').where('order_id', '=', order.id).execute()).toHaveLength(1);
  }, RACE_TIMEOUT_MS);
});
