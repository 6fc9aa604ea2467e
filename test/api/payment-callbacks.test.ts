import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { makeBuyers } from '../helpers/buyers.js';
import { TEST_NOW } from '../helpers/clock.js';
import { startFakePaymentGateways, type FakePaymentGateways } from '../helpers/fake-payment-gateways.js';
import { testPaymentKeys, testPaymentsConfig } from '../helpers/payment-keys.js';
import { alipayCallback, sandboxCallback, wechatpayCallback, type CallbackFields, type SignedCallback } from '../helpers/payment-signers.js';
import { ledgerOf, notify, placeOrder, runJobs, startPayment } from '../helpers/orders.js';
import type { PaymentsConfig } from '../../src/config.js';

/*
 * Each provider's callback, attacked: forged, stale, replayed, out of order, for the wrong
 * amount or currency. None may change money twice, or wrongly; refunds go through the fake
 * gateways, which count what was really refunded.
 */

let ctx: TestContext;
let gateways: FakePaymentGateways;
let payments: PaymentsConfig;
const keys = testPaymentKeys();

beforeAll(async () => {
  // The gateways date their answers by the tests' clock, as the app checks them against it.
  gateways = await startFakePaymentGateways({ keys, now: () => ctx.clock.now() });
  payments = testPaymentsConfig(gateways.url);
  ctx = await createTestApp({ payments });
});
afterAll(async () => {
  await ctx.close();
  await gateways.close();
});
beforeEach(() => {
  ctx.clock.set(TEST_NOW);
});

type Provider = 'sandbox' | 'alipay' | 'wechatpay';
let made = 0;
const seconds = () => Math.floor(ctx.clock.now().getTime() / 1000);

function callback(provider: Provider, fields: CallbackFields, options: { timestampSeconds?: number; forged?: boolean } = {}): SignedCallback {
  const timestampSeconds = options.timestampSeconds ?? seconds();
  if (provider === 'sandbox') return sandboxCallback(options.forged ? 'not-the-secret-0123456789abcdef0123' : keys.sandboxSecret, fields, timestampSeconds);
  if (provider === 'alipay') return alipayCallback(keys, fields, options.forged ? { signWith: keys.stranger.privateKey } : {});
  return wechatpayCallback(keys, fields, { timestampSeconds, ...(options.forged ? { signWith: keys.stranger.privateKey } : {}) });
}

const ACK: Record<Provider, { status: number; body: string }> = {
  sandbox: { status: 204, body: '' },
  alipay: { status: 200, body: 'success' },
  wechatpay: { status: 204, body: '' },
};

async function orderAwaitingPayment(provider: Provider) {
  const [buyer] = await makeBuyers(ctx, 1, `cb-${provider}-${(made += 1)}`);
  const configuration = (
    await ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/configurations', payload: { model: 'captur', trim: 'captur-12t-comfort', options: [] } })
  ).json();
  const order = (await placeOrder(ctx, buyer!, { configuration: configuration.code, dealer: 'sh-01', plan: 'cash' })).json();
  const started = await startPayment(ctx, buyer!, order.id, provider);
  expect(started.statusCode, started.body).toBe(201);
  return { buyer: buyer!, orderId: order.id as string, payment: started.json() as { id: string; checkout: { url: string | null; qrContent: string | null } } };
}

const orderStatus = async (id: string) =>
  (await ctx.connection.db.selectFrom('customer_order').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe.each(['sandbox', 'alipay', 'wechatpay'] as const)('%s callbacks', (provider) => {
  it('offers a way to pay: a page, a QR code, or both', async () => {
    const { payment } = await orderAwaitingPayment(provider);
    if (provider === 'sandbox') expect(payment.checkout).toEqual({ url: `https://shop.example.com/pay/${payment.id}`, qrContent: `https://shop.example.com/pay/${payment.id}` });
    if (provider === 'alipay') expect(payment.checkout.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gateway\.do\?/);
    if (provider === 'wechatpay') expect(payment.checkout).toMatchObject({ url: null, qrContent: expect.stringMatching(/^weixin:\/\//) });
  });

  it('takes the deposit once, whatever arrives forged, stale, twice or out of order', async () => {
    const { orderId, payment } = await orderAwaitingPayment(provider);
    const paid: CallbackFields = { paymentId: payment.id, transactionId: `${provider}-T1-${payment.id}`, amount: 500_000, currency: 'CNY', status: 'paid' };

    const forged = await notify(ctx, provider, callback(provider, paid, { forged: true }));
    expect([forged.statusCode, forged.json().code]).toEqual([400, 'PAYMENT_SIGNATURE_INVALID']);
    if (provider !== 'alipay') {
      const stale = await notify(ctx, provider, callback(provider, paid, { timestampSeconds: seconds() - 301 }));
      expect([stale.statusCode, stale.json().code]).toEqual([400, 'PAYMENT_NOTIFICATION_STALE']);
    }
    const short = await notify(ctx, provider, callback(provider, { ...paid, amount: 499_999 }));
    expect([short.statusCode, short.json().code]).toEqual([422, 'PAYMENT_AMOUNT_MISMATCH']);
    if (provider !== 'alipay') {
      // Alipay's notifications carry no currency: total_amount is yuan.
      const dollars = await notify(ctx, provider, callback(provider, { ...paid, currency: 'USD' }));
      expect(dollars.statusCode).toBeGreaterThanOrEqual(400);
      expect(dollars.statusCode).toBeLessThan(500);
    }
    expect(await orderStatus(orderId)).toBe('pending_deposit');
    expect((await ledgerOf(ctx, orderId)).ledger).toEqual({ authorized: 0, captured: 0, refunded: 0 });

    const first = await notify(ctx, provider, callback(provider, paid));
    expect([first.statusCode, first.body]).toEqual([ACK[provider].status, ACK[provider].body]);
    const again = await notify(ctx, provider, callback(provider, paid));
    expect([again.statusCode, again.body]).toEqual([ACK[provider].status, ACK[provider].body]);
    // A "failed" for the same payment, arriving late, changes nothing.
    const failedLate = await notify(ctx, provider, callback(provider, { ...paid, status: 'failed' }));
    expect(failedLate.statusCode).toBe(ACK[provider].status);

    // Another transaction for the same, captured payment is refused: one payment, one transaction.
    const other = await notify(ctx, provider, callback(provider, { ...paid, transactionId: `${paid.transactionId}-2` }));
    expect([other.statusCode, other.json().code]).toEqual([409, 'PAYMENT_ALREADY_CAPTURED']);

    expect(await orderStatus(orderId)).toBe('deposit_paid');
    const money = await ledgerOf(ctx, orderId);
    expect(money.ledger).toEqual({ authorized: 0, captured: 500_000, refunded: 0 });
    expect(money.order).toEqual(money.ledger);
    const row = await ctx.connection.db.selectFrom('payment').select(['status', 'transaction_id']).where('id', '=', payment.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'succeeded', transaction_id: paid.transactionId });
  });

  it('answers the open payment again rather than piling up attempts', async () => {
    const { buyer, orderId, payment } = await orderAwaitingPayment(provider);
    const again = await startPayment(ctx, buyer, orderId, provider);
    expect([again.statusCode, again.json().id]).toEqual([201, payment.id]);
    expect(await ctx.connection.db.selectFrom('payment').select('id').where('order_id', '=', orderId).execute()).toHaveLength(1);
  });

  it('gives back a deposit paid twice, once, even when the refund’s answer is lost', async () => {
    // The buyer pays through another provider first, then through this one as well.
    const other = provider === 'sandbox' ? 'alipay' : 'sandbox';
    const { buyer, orderId, payment: first } = await orderAwaitingPayment(other);
    const second = (await startPayment(ctx, buyer, orderId, provider)).json();
    await notify(ctx, other, callback(other, { paymentId: first.id, transactionId: `${other}-A-${first.id}`, amount: 500_000, currency: 'CNY', status: 'paid' }));
    const late = await notify(ctx, provider, callback(provider, { paymentId: second.id, transactionId: `${provider}-B-${second.id}`, amount: 500_000, currency: 'CNY', status: 'paid' }));
    expect(late.statusCode).toBe(ACK[provider].status);
    expect(await orderStatus(orderId)).toBe('deposit_paid');

    const refunds = await ctx.connection.db.selectFrom('refund').selectAll().where('order_id', '=', orderId).execute();
    expect(refunds.map((r) => [r.payment_id, r.provider, Number(r.amount), r.status, r.reason])).toEqual([[second.id, provider, 500_000, 'pending', 'not_needed']]);
    // The provider makes the refund but the answer never arrives: the job asks again, and the refund id makes it one.
    if (provider !== 'sandbox') gateways.failNext(1, 'lost-answer');
    await runJobs(ctx, payments);
    ctx.clock.advance(60_000);
    await runJobs(ctx, payments);
    if (provider !== 'sandbox') expect(gateways.refundCount(refunds[0]!.id)).toBe(1);
    const money = await ledgerOf(ctx, orderId);
    expect(money.ledger).toEqual({ authorized: 0, captured: 1_000_000, refunded: 500_000 });
    expect(money.order).toEqual(money.ledger);
    expect(await orderStatus(orderId)).toBe('deposit_paid');
  });

  it('refunds a deposit that arrives after the order expired', async () => {
    const { orderId, payment } = await orderAwaitingPayment(provider);
    ctx.clock.advance(16 * 60_000);
    await runJobs(ctx, payments);
    expect(await orderStatus(orderId)).toBe('expired');
    const late = await notify(ctx, provider, callback(provider, { paymentId: payment.id, transactionId: `${provider}-L-${payment.id}`, amount: 500_000, currency: 'CNY', status: 'paid' }));
    expect(late.statusCode).toBe(ACK[provider].status);
    await runJobs(ctx, payments);
    expect(await orderStatus(orderId)).toBe('expired');
    const money = await ledgerOf(ctx, orderId);
    expect(money.ledger).toEqual({ authorized: 0, captured: 500_000, refunded: 500_000 });
    expect(money.order).toEqual(money.ledger);
  });
});

describe('the providers offered', () => {
  it('lists the enabled providers in the deployment’s order', async () => {
    expect((await ctx.app.inject({ url: '/api/v1/payments/providers' })).json()).toEqual({ providers: ['sandbox', 'alipay', 'wechatpay'] });
  });
});

describe('callbacks that are not ours', () => {
  it('answers 404 for an unknown provider or payment, and 400 for a body that is not a callback', async () => {
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/payments/paypal/notify', payload: 'x', headers: { 'content-type': 'text/plain' } })).json().code).toBe(
      'PAYMENT_PROVIDER_DISABLED',
    );
    const unknown = await notify(ctx, 'sandbox', callback('sandbox', { paymentId: '0190aaaa-0000-7000-8000-000000000000', transactionId: 'x', amount: 1, currency: 'CNY', status: 'paid' }));
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'PAYMENT_NOT_FOUND']);
    const garbage = await ctx.app.inject({ method: 'POST', url: '/api/v1/payments/alipay/notify', payload: '\u0000\u0001not a form', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(garbage.statusCode).toBe(400);
    const huge = await ctx.app.inject({ method: 'POST', url: '/api/v1/payments/wechatpay/notify', payload: 'x'.repeat(70 * 1024), headers: { 'content-type': 'application/json' } });
    expect(huge.statusCode).toBe(413);
  });
});
