import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import type { Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { TEST_NOW } from '../helpers/clock.js';
import { notify, placeOrder, sandboxCallback, startPayment } from '../helpers/orders.js';

/*
 * A buyer's request whose work committed but whose answer was lost: the process died between
 * the commit and storing the answer under the Idempotency-Key. The claim is left in flight; once
 * its lease (60 s) has passed the buyer's retry runs the handler again, and must answer what the
 * first run did, without doing it twice. test/crash/orders-crash.test.ts does this for real.
 */

let ctx: TestContext;
let configuration: string;

beforeAll(async () => {
  ctx = await createTestApp();
  const saved = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/stores/renault/configurations?locale=en',
    payload: { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] },
  });
  configuration = saved.json().code;
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(() => {
  ctx.clock.set(TEST_NOW);
});

/** Puts the key back as the dead process left it: claimed, no answer stored; then lets its lease pass. */
async function loseTheAnswer(buyer: Caller & { id: string }, key: string) {
  const leaseEnds = new Date(ctx.clock.now().getTime() + 60_000).toISOString();
  const updated = await ctx.connection.db
    .updateTable('idempotency_key')
    .set({ status: 'in_flight', claim_id: 'the-dead-process', locked_until: leaseEnds, response_status: null, response_type: null, response_location: null, response_body: null })
    .where('user_id', '=', buyer.id)
    .where('key', '=', key)
    .executeTakeFirst();
  expect(Number(updated.numUpdatedRows)).toBe(1);
  ctx.clock.advance(60_001);
}

const cancel = (buyer: Caller, orderId: string, key: string) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/me/orders/${orderId}/cancel?locale=en`, headers: { ...buyer.headers, 'idempotency-key': key }, payload: {} });

async function eventsOf(orderId: string) {
  const rows = await ctx.connection.db.selectFrom('order_event').select(['kind', 'to_status']).where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => (row.kind === 'status' ? `status:${row.to_status}` : row.kind));
}

describe('a retry of a request whose answer died with the server', () => {
  it('finds the order placed, rather than placing another', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'retry-place');
    const first = await placeOrder(ctx, buyer!, { configuration, dealer: 'sh-01', plan: 'cash' }, 'place-1');
    expect(first.statusCode).toBe(201);
    await loseTheAnswer(buyer!, 'place-1');
    const retry = await placeOrder(ctx, buyer!, { configuration, dealer: 'sh-01', plan: 'cash' }, 'place-1');
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
    const orders = await ctx.connection.db.selectFrom('customer_order').select('id').where('buyer_id', '=', buyer!.id).execute();
    expect(orders).toHaveLength(1);
  });

  it('finds the payment started, rather than starting another', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'retry-pay');
    const order = (await placeOrder(ctx, buyer!, { configuration, dealer: 'sh-01', plan: 'cash' })).json();
    const first = await startPayment(ctx, buyer!, order.id, 'sandbox', 'pay-1');
    expect(first.statusCode).toBe(201);
    await loseTheAnswer(buyer!, 'pay-1');
    const retry = await startPayment(ctx, buyer!, order.id, 'sandbox', 'pay-1');
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
  });

  it('answers a cancellation that went through with the cancelled order, and refunds once', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'retry-cancel');
    const order = (await placeOrder(ctx, buyer!, { configuration, dealer: 'sh-01', plan: 'cash' })).json();
    const payment = (await startPayment(ctx, buyer!, order.id)).json();
    const paidAt = Math.floor(ctx.clock.now().getTime() / 1000);
    const callback = sandboxCallback({ paymentId: payment.id, transactionId: `sbx-${payment.id}`, amount: 500_000 }, paidAt);
    expect((await notify(ctx, 'sandbox', callback)).statusCode).toBe(204);

    const first = await cancel(buyer!, order.id, 'cancel-1');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().status).toBe('cancelled');
    await loseTheAnswer(buyer!, 'cancel-1');

    const retry = await cancel(buyer!, order.id, 'cancel-1');
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json().status).toBe('cancelled');
    const refunds = await ctx.connection.db.selectFrom('refund').select(['amount', 'status']).where('order_id', '=', order.id).execute();
    expect(refunds).toEqual([{ amount: 500_000, status: 'pending' }]);
    expect(await eventsOf(order.id)).toEqual(['status:pending_deposit', 'payment', 'payment', 'status:deposit_paid', 'status:cancelled', 'refund']);

    // A cancellation under a new key is still refused: the order is no longer live.
    const again = await cancel(buyer!, order.id, 'cancel-2');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ORDER_TRANSITION_NOT_ALLOWED');
  });
});
