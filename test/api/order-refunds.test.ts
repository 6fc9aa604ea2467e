import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { TEST_NOW } from '../helpers/clock.js';
import { addUnit, ledgerOf, payThroughSandbox, placeOrder, runJobs, unitStatus } from '../helpers/orders.js';

/*
 * The deposit's refund rules at each state: fully refundable until a VIN is allocated or
 * within 7 days of paying; after both, a buyer's cancellation forfeits it; a dealer's or the
 * brand's always refunds it. The amounts are the demo's ¥5,000 deposit, in fen.
 */

let ctx: TestContext;
let staff: Caller;
let admin: Caller;

beforeAll(async () => {
  ctx = await createTestApp();
  staff = await signIn(ctx.app, DEMO.staffShanghai);
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(() => {
  ctx.clock.set(TEST_NOW);
});

let made = 0;
const DAY = 86_400_000;

/** Moves the clock on by days; the test's sessions are kept alive rather than signed in again. */
async function travel(ms: number) {
  ctx.clock.advance(ms);
  const until = new Date(ctx.clock.now().getTime() + DAY).toISOString();
  await ctx.connection.db.updateTable('session').set({ idle_expires_at: until, expires_at: until }).execute();
}

/** An order for a Captur in stock at sh-01, carried to the given state. */
async function orderAt(state: 'pending_deposit' | 'deposit_paid' | 'allocated') {
  const [buyer] = await makeBuyers(ctx, 1, `refund-${(made += 1)}`);
  const vin = await addUnit(ctx, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 });
  const order = (await placeOrder(ctx, buyer!, { vin, dealer: 'sh-01', plan: 'cash' })).json();
  if (state !== 'pending_deposit') await payThroughSandbox(ctx, buyer!, order.id);
  if (state === 'allocated') {
    const allocated = await ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${order.id}/allocate`, headers: staff.headers, payload: {} });
    expect(allocated.statusCode, allocated.body).toBe(200);
  }
  return { buyer: buyer!, id: order.id as string, vin };
}

const cancelAsBuyer = (buyer: Caller, id: string, key = randomUUID()) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/me/orders/${id}/cancel`, headers: { ...buyer.headers, 'idempotency-key': key }, payload: { reason: 'changed my mind' } });
const cancelAsDealer = (id: string) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${id}/cancel`, headers: staff.headers, payload: { reason: 'car damaged in transit' } });
const cancelAsBrand = (id: string) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/renault/orders/${id}/cancel`, headers: admin.headers, payload: {} });
const view = async (buyer: Caller, id: string) => (await ctx.app.inject({ url: `/api/v1/me/orders/${id}`, headers: buyer.headers })).json();

describe('cancelling', () => {
  it('before the deposit: nothing to refund, and the car goes back on sale', async () => {
    const { buyer, id, vin } = await orderAt('pending_deposit');
    expect((await view(buyer, id)).refundRules.ifBuyerCancelsNow).toBe('nothing_paid');
    const res = await cancelAsBuyer(buyer, id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'buyer', cancelReason: 'changed my mind', refunds: [] });
    expect(await unitStatus(ctx, vin)).toBe('available');
  });

  it('by the buyer after paying, before a VIN is allocated: refunded in full', async () => {
    const { buyer, id, vin } = await orderAt('deposit_paid');
    await travel(10 * DAY); // past the window, but no VIN allocated yet
    expect((await view(buyer, id)).refundRules.ifBuyerCancelsNow).toBe('refund');
    expect((await cancelAsBuyer(buyer, id)).json().status).toBe('cancelled');
    await runJobs(ctx);
    const after = await view(buyer, id);
    expect(after.status).toBe('refunded');
    expect(after.refunds.map((r: { amount: { amount: number }; status: string }) => [r.amount.amount, r.status])).toEqual([[500_000, 'succeeded']]);
    expect((await ledgerOf(ctx, id)).ledger).toEqual({ authorized: 0, captured: 500_000, refunded: 500_000 });
    expect(await unitStatus(ctx, vin)).toBe('available');
  });

  it('by the buyer after allocation, inside the 7-day window: refunded in full', async () => {
    const { buyer, id } = await orderAt('allocated');
    await travel(7 * DAY - 60_000);
    expect((await view(buyer, id)).refundRules.ifBuyerCancelsNow).toBe('refund');
    await cancelAsBuyer(buyer, id);
    await runJobs(ctx);
    expect((await view(buyer, id)).status).toBe('refunded');
    expect((await ledgerOf(ctx, id)).ledger).toEqual({ authorized: 0, captured: 500_000, refunded: 500_000 });
  });

  it('by the buyer after allocation and after the window: the deposit is forfeited', async () => {
    const { buyer, id, vin } = await orderAt('allocated');
    await travel(7 * DAY);
    expect((await view(buyer, id)).refundRules.ifBuyerCancelsNow).toBe('forfeit');
    const res = await cancelAsBuyer(buyer, id);
    expect(res.json()).toMatchObject({ status: 'cancelled', refunds: [] });
    await runJobs(ctx);
    expect((await view(buyer, id)).status).toBe('cancelled');
    const money = await ledgerOf(ctx, id);
    expect(money.ledger).toEqual({ authorized: 0, captured: 500_000, refunded: 0 });
    expect(money.order).toEqual(money.ledger);
    expect(await unitStatus(ctx, vin)).toBe('available');
  });

  it('by the dealer after the window: always refunded in full', async () => {
    const { buyer, id } = await orderAt('allocated');
    await travel(30 * DAY);
    const res = await cancelAsDealer(id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'dealer' });
    await runJobs(ctx);
    expect((await view(buyer, id)).status).toBe('refunded');
    expect((await ledgerOf(ctx, id)).ledger).toEqual({ authorized: 0, captured: 500_000, refunded: 500_000 });
  });

  it('by the brand after the balance was paid at the dealer: everything comes back', async () => {
    const { buyer, id, vin } = await orderAt('allocated');
    const balance = await ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${id}/balance`, headers: staff.headers, payload: { method: 'dealer' } });
    expect(balance.json().status).toBe('paid');
    expect(await unitStatus(ctx, vin)).toBe('sold');
    // A buyer may no longer call it off once paid.
    expect((await cancelAsBuyer(buyer, id)).json().code).toBe('ORDER_TRANSITION_FORBIDDEN');
    await travel(30 * DAY);
    const res = await cancelAsBrand(id);
    expect(res.statusCode, res.body).toBe(200);
    await runJobs(ctx);
    expect((await view(buyer, id)).status).toBe('refunded');
    const money = await ledgerOf(ctx, id);
    expect(money.ledger).toEqual({ authorized: 0, captured: 13_980_000, refunded: 13_980_000 });
    expect(money.order).toEqual(money.ledger);
    expect(await unitStatus(ctx, vin)).toBe('available');
  });

  it('twice is a conflict, and a replayed request answers as the first did', async () => {
    const { buyer, id } = await orderAt('deposit_paid');
    const key = randomUUID();
    const first = await cancelAsBuyer(buyer, id, key);
    const replay = await cancelAsBuyer(buyer, id, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toBe(first.body);
    const again = await cancelAsBuyer(buyer, id);
    expect([again.statusCode, again.json().code]).toEqual([409, 'ORDER_TRANSITION_NOT_ALLOWED']);
    expect(await ctx.connection.db.selectFrom('refund').select('id').where('order_id', '=', id).execute()).toHaveLength(1);
  });
});
