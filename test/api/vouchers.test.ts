import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { anonymous, DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { TEST_NOW } from '../helpers/clock.js';
import { addUnit, ledgerOf, notify, payThroughSandbox, placeOrder, runJobs, sandboxCallback } from '../helpers/orders.js';
import { buyVoucher, createOffer, paidVoucher, payVoucher, redeem } from '../helpers/vouchers.js';

/*
 * Vouchers through the API, on each database: ¥50,000 paid online for ¥100,000 at a dealer.
 * The tests' clock stands at 2 March 2026, 02:00 UTC; offers go on sale an hour before.
 */

let ctx: TestContext;
let admin: Caller;
let alpineAdmin: Caller;
let shanghai: Caller;
let beijing: Caller;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
  alpineAdmin = await signIn(ctx.app, DEMO.alpineAdmin);
  shanghai = await signIn(ctx.app, DEMO.staffShanghai);
  beijing = await signIn(ctx.app, DEMO.staffBeijing);
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(() => {
  ctx.clock.set(TEST_NOW);
});

const DAY = 86_400_000;

/** Moves the clock on, keeping everyone signed in (sessions idle out after a day). */
async function later(ms: number): Promise<void> {
  const now = new Date(ctx.clock.now().getTime() + ms);
  ctx.clock.set(now);
  await ctx.connection.db
    .updateTable('session')
    .set({ last_seen_at: now.toISOString(), idle_expires_at: new Date(now.getTime() + DAY).toISOString(), expires_at: new Date(now.getTime() + 14 * DAY).toISOString() })
    .where('revoked_at', 'is', null)
    .execute();
}

async function voucherOf(buyer: Caller, id: string) {
  const res = await ctx.app.inject({ url: `/api/v1/me/vouchers/${id}?locale=en`, headers: buyer.headers });
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** The voucher's money, summed by the test's own SQL from the ledger. */
async function voucherLedger(id: string) {
  const { rows } = await sql<{ kind: string; total: number | string }>`
    select kind, sum(amount) as total from ledger_entry where voucher_id = ${id} group by kind`.execute(ctx.connection.db);
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.total)]));
}

async function offerOf(slug: string) {
  const res = await ctx.app.inject({ url: `/api/v1/admin/stores/renault/voucher-offers?locale=en`, headers: admin.headers });
  return res.json().offers.find((o: { slug: string }) => o.slug === slug);
}

describe('buying a voucher', () => {
  it('waits for its price, then shows a 12-digit code with its refund window, and tells the buyer', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'v-buy');
    const offer = await createOffer(ctx, admin);
    const bought = await buyVoucher(ctx, buyer!, offer);
    expect(bought.statusCode).toBe(201);
    const pending = bought.json();
    expect(pending).toMatchObject({ status: 'pending_payment', code: null, price: { amount: 5_000_000 }, value: { amount: 10_000_000 } });
    expect(pending.payBy).toBe(new Date(TEST_NOW.getTime() + 30 * 60_000).toISOString());
    expect(bought.headers.location).toBe(`/api/v1/me/vouchers/${pending.id}`);

    await payVoucher(ctx, buyer!, pending.id);
    const active = await voucherOf(buyer!, pending.id);
    expect(active).toMatchObject({ status: 'active', amountPaid: { amount: 5_000_000 }, payBy: null });
    expect(active.code).toMatch(/^\d{12}$/);
    expect(active.refundableUntil).toBe(new Date(TEST_NOW.getTime() + 7 * DAY).toISOString());
    expect(await voucherLedger(pending.id)).toEqual({ captured: 5_000_000 });
    const told = await ctx.connection.db.selectFrom('job').select(['payload']).where('kind', '=', 'notification.send').where('payload', 'like', `%voucher.active%`).execute();
    expect(told.some((job) => job.payload.includes(active.code.slice(0, 4)))).toBe(true);

    const mine = await ctx.app.inject({ url: '/api/v1/me/vouchers?locale=en', headers: buyer!.headers });
    expect(mine.json().vouchers.map((v: { id: string }) => v.id)).toEqual([pending.id]);
    expect((await offerOf(offer)).counts).toMatchObject({ active: 1 });
  });

  it('answers a replayed request with the same voucher, and refuses what the sale does not allow', async () => {
    const buyers = await makeBuyers(ctx, 3, 'v-rules');
    const offer = await createOffer(ctx, admin, { unitsTotal: 2 });
    const first = await buyVoucher(ctx, buyers[0]!, offer, 'same-key');
    const again = await buyVoucher(ctx, buyers[0]!, offer, 'same-key');
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');

    const limited = await buyVoucher(ctx, buyers[0]!, offer);
    expect([limited.statusCode, limited.json().code]).toEqual([409, 'VOUCHER_LIMIT_REACHED']);
    expect((await buyVoucher(ctx, buyers[1]!, offer)).statusCode).toBe(201);
    const soldOut = await buyVoucher(ctx, buyers[2]!, offer);
    expect([soldOut.statusCode, soldOut.json().code]).toEqual([409, 'VOUCHER_SOLD_OUT']);

    const upcoming = await createOffer(ctx, admin, { saleStartsAt: new Date(TEST_NOW.getTime() + 3_600_000).toISOString() });
    const early = await buyVoucher(ctx, buyers[1]!, upcoming);
    expect([early.statusCode, early.json().code]).toEqual([425, 'VOUCHER_SALE_NOT_STARTED']);
    expect(early.json().startsAt).toBe(new Date(TEST_NOW.getTime() + 3_600_000).toISOString());

    const ended = await createOffer(ctx, admin);
    const end = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/renault/voucher-offers/${ended}/end`, headers: admin.headers, payload: {} });
    expect(end.statusCode).toBe(200);
    const late = await buyVoucher(ctx, buyers[1]!, ended);
    expect([late.statusCode, late.json().code]).toEqual([409, 'VOUCHER_SALE_ENDED']);

    const unknown = await buyVoucher(ctx, buyers[1]!, 'no-such-offer');
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'VOUCHER_OFFER_NOT_FOUND']);
    const signedOut = await buyVoucher(ctx, anonymous, offer);
    expect(signedOut.statusCode).toBe(401);
  });

  it('lapses unpaid at its pay-by time, giving its unit back; money arriving after that is refunded', async () => {
    const buyers = await makeBuyers(ctx, 2, 'v-lapse');
    const offer = await createOffer(ctx, admin, { unitsTotal: 1, payMinutes: 10 });
    const bought = (await buyVoucher(ctx, buyers[0]!, offer)).json();
    const started = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/vouchers/${bought.id}/payments`,
      headers: { ...buyers[0]!.headers, 'idempotency-key': 'pay-late' },
      payload: { provider: 'sandbox' },
    });
    expect(started.statusCode).toBe(201);
    expect((await buyVoucher(ctx, buyers[1]!, offer)).json().code).toBe('VOUCHER_SOLD_OUT');

    await later(11 * 60_000);
    await runJobs(ctx);
    expect((await voucherOf(buyers[0]!, bought.id)).status).toBe('lapsed');
    expect((await buyVoucher(ctx, buyers[1]!, offer)).statusCode).toBe(201);

    // The buyer's provider tells us of the payment only now: it is not kept.
    const callback = sandboxCallback({ paymentId: started.json().id, transactionId: 'late-voucher-payment', amount: 5_000_000 }, Math.floor(ctx.clock.now().getTime() / 1000));
    expect((await notify(ctx, 'sandbox', callback)).statusCode).toBe(204);
    await runJobs(ctx);
    const lapsed = await voucherOf(buyers[0]!, bought.id);
    expect(lapsed).toMatchObject({ status: 'lapsed', code: null, amountPaid: { amount: 5_000_000 }, amountRefunded: { amount: 5_000_000 } });
    expect(await voucherLedger(bought.id)).toEqual({ captured: 5_000_000, refunded: 5_000_000 });
  });
});

describe('refunds and expiry', () => {
  it('refunds an unused voucher in full within the window, and refuses after it or once used', async () => {
    const buyers = await makeBuyers(ctx, 1, 'v-refund');
    const buyer = buyers[0]!;
    const offer = await createOffer(ctx, admin, { unitsTotal: 5, perBuyerLimit: 3, saleEndsAt: new Date(TEST_NOW.getTime() + 30 * DAY).toISOString() });
    const kept = await paidVoucher(ctx, buyer, offer);
    const given = await paidVoucher(ctx, buyer, offer);
    const refund = (id: string) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/me/vouchers/${id}/refund?locale=en`, headers: { ...buyer.headers, 'idempotency-key': `refund-${id}` }, payload: {} });

    await later(6 * DAY);
    const refunded = await refund(given.id);
    expect(refunded.statusCode).toBe(200);
    expect(refunded.json()).toMatchObject({ status: 'refunded', code: null });
    await runJobs(ctx);
    expect(await voucherLedger(given.id)).toEqual({ captured: 5_000_000, refunded: 5_000_000 });
    expect((await offerOf(offer)).remaining).toBe(4);

    await later(2 * DAY);
    const tooLate = await refund(kept.id);
    expect([tooLate.statusCode, tooLate.json().code, tooLate.json().reason]).toEqual([409, 'VOUCHER_NOT_REFUNDABLE', 'window']);

    const used = await paidVoucher(ctx, buyer, offer);
    expect((await redeem(ctx, shanghai, 'sh-01', { code: used.code, saleReference: 'SH-2026-0001' })).statusCode).toBe(200);
    const afterUse = await refund(used.id);
    expect([afterUse.statusCode, afterUse.json().reason]).toEqual([409, 'status']);
    expect(await voucherLedger(used.id)).toEqual({ captured: 5_000_000 });
  });

  it('expires unused at the end of its validity: refunded in full, or lapsing, as the store’s policy says', async () => {
    const buyers = await makeBuyers(ctx, 2, 'v-expire');
    const validUntil = new Date(TEST_NOW.getTime() + 30 * DAY).toISOString();
    const offer = await createOffer(ctx, admin, { validUntil, perBuyerLimit: 2 });
    const refundedOnExpiry = await paidVoucher(ctx, buyers[0]!, offer);

    const policy = await ctx.app.inject({ method: 'PUT', url: '/api/v1/admin/stores/renault/voucher-policy', headers: admin.headers, payload: { refundDays: 3, refundOnExpiry: false } });
    expect(policy.json()).toEqual({ refundDays: 3, refundOnExpiry: false });
    const keptOnExpiry = await paidVoucher(ctx, buyers[1]!, offer);
    expect((await voucherOf(buyers[1]!, keptOnExpiry.id)).refundableUntil).toBe(new Date(TEST_NOW.getTime() + 3 * DAY).toISOString());

    await later(30 * DAY);
    // At the counter before the job has run: still refused.
    const atCounter = await redeem(ctx, shanghai, 'sh-01', { code: refundedOnExpiry.code, saleReference: 'late' });
    expect([atCounter.statusCode, atCounter.json().code]).toEqual([409, 'VOUCHER_EXPIRED']);
    // The first voucher was sold under the policy of the day (refund on expiry); the policy now lapses them.
    await runJobs(ctx);
    expect((await voucherOf(buyers[0]!, refundedOnExpiry.id)).status).toBe('expired');
    expect(await voucherLedger(refundedOnExpiry.id)).toEqual({ captured: 5_000_000 });
    expect(await voucherLedger(keptOnExpiry.id)).toEqual({ captured: 5_000_000 });

    await ctx.app.inject({ method: 'PUT', url: '/api/v1/admin/stores/renault/voucher-policy', headers: admin.headers, payload: { refundDays: 7, refundOnExpiry: true } });
  });

  it('refunds a voucher that expires unused under the default policy', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'v-expire-default');
    const offer = await createOffer(ctx, admin, { validUntil: new Date(TEST_NOW.getTime() + 10 * DAY).toISOString() });
    const voucher = await paidVoucher(ctx, buyer!, offer);
    await later(10 * DAY);
    await runJobs(ctx);
    await runJobs(ctx);
    expect(await voucherOf(buyer!, voucher.id)).toMatchObject({ status: 'expired', amountRefunded: { amount: 5_000_000 } });
    expect(await voucherLedger(voucher.id)).toEqual({ captured: 5_000_000, refunded: 5_000_000 });
  });
});

describe('redeeming at the dealer', () => {
  it('looks a code up, redeems it once against a sale at the counter, and tells the buyer', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'v-sale');
    const offer = await createOffer(ctx, admin);
    const { id, code } = await paidVoucher(ctx, buyer!, offer);
    const spaced = `${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8)}`;

    const looked = await ctx.app.inject({ url: `/api/v1/dealer/stores/renault/dealers/sh-01/vouchers/${encodeURIComponent(spaced)}?locale=en`, headers: shanghai.headers });
    expect(looked.statusCode).toBe(200);
    expect(looked.json()).toMatchObject({ id, code, status: 'active', redeemable: true, value: { amount: 10_000_000 } });

    const first = await redeem(ctx, shanghai, 'sh-01', { code: spaced, saleReference: 'SH-2026-0042' }, 'counter-sh-01-sale-42');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'redeemed', redeemable: false, redeemed: { dealer: { code: 'sh-01' }, orderId: null, saleReference: 'SH-2026-0042' } });
    // The counter lost that answer and sends again with its key: it hears its own redemption, not a refusal.
    const again = await redeem(ctx, shanghai, 'sh-01', { code: spaced, saleReference: 'SH-2026-0042' }, 'counter-sh-01-sale-42');
    expect([again.statusCode, again.body]).toEqual([200, first.body]);
    // Had the server died after the redemption committed but before its answer was kept, the retry
    // runs again once the claim's lease has passed, and still hears that its redemption went through.
    await ctx.connection.db
      .updateTable('idempotency_key')
      .set({ status: 'in_flight', claim_id: 'died-with-its-process', locked_until: new Date(ctx.clock.now().getTime() - 1_000).toISOString(), response_status: null, response_body: null })
      .where('key', '=', 'counter-sh-01-sale-42')
      .execute();
    const rerun = await redeem(ctx, shanghai, 'sh-01', { code: spaced, saleReference: 'SH-2026-0042' }, 'counter-sh-01-sale-42');
    expect(rerun.statusCode, rerun.body).toBe(200);
    expect(rerun.json()).toMatchObject({ id, status: 'redeemed', redeemed: { dealer: { code: 'sh-01' }, saleReference: 'SH-2026-0042' } });
    const withoutKey = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/dealer/stores/renault/dealers/sh-01/voucher-redemptions?locale=en',
      headers: shanghai.headers,
      payload: { code, saleReference: 'SH-2026-0042' },
    });
    expect([withoutKey.statusCode, withoutKey.json().code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    const second = await redeem(ctx, beijing, 'bj-01', { code, saleReference: 'BJ-1' });
    expect([second.statusCode, second.json().code, second.json().voucherStatus]).toEqual([409, 'VOUCHER_NOT_REDEEMABLE', 'redeemed']);

    const history = await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/sh-01/vouchers?locale=en', headers: shanghai.headers });
    expect(history.json().vouchers.map((v: { id: string }) => v.id)).toContain(id);
    const elsewhere = await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/bj-01/vouchers?locale=en', headers: beijing.headers });
    expect(elsewhere.json().vouchers.map((v: { id: string }) => v.id)).not.toContain(id);
    const told = await ctx.connection.db.selectFrom('job').select(['payload']).where('kind', '=', 'notification.send').where('payload', 'like', '%voucher.redeemed%').execute();
    expect(told.some((job) => job.payload.includes(buyer!.id))).toBe(true);
  });

  it('does not find codes that are unknown, unpaid, or typed at another store', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'v-unknown');
    const offer = await createOffer(ctx, admin);
    const unpaid = (await buyVoucher(ctx, buyer!, offer)).json();
    const row = await ctx.connection.db.selectFrom('voucher').select(['code']).where('id', '=', unpaid.id).executeTakeFirstOrThrow();
    for (const code of ['000000000000', row.code]) {
      const res = await redeem(ctx, shanghai, 'sh-01', { code, saleReference: 'X' });
      expect([res.statusCode, res.json().code]).toEqual([404, 'VOUCHER_CODE_NOT_FOUND']);
    }
    const malformed = await redeem(ctx, shanghai, 'sh-01', { code: '12345', saleReference: 'X' });
    expect(malformed.statusCode).toBe(400);
    const both = await redeem(ctx, shanghai, 'sh-01', { code: row.code, saleReference: 'X', order: '00000000-0000-4000-8000-000000000000' });
    expect(both.statusCode).toBe(400);
  });

  it('pays part of an order of its buyer, and comes back to the buyer when the order is cancelled', async () => {
    const [buyer, other] = await makeBuyers(ctx, 2, 'v-order');
    const offer = await createOffer(ctx, admin);
    const voucher = await paidVoucher(ctx, buyer!, offer);
    const vin = await addUnit(ctx, { dealer: 'sh-01', model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [], colour: null, price: 19_980_000 });
    const placed = await placeOrder(ctx, buyer!, { vin, dealer: 'sh-01', plan: 'cash' });
    expect(placed.statusCode).toBe(201);
    const orderId = placed.json().id as string;

    const early = await redeem(ctx, shanghai, 'sh-01', { code: voucher.code, order: orderId });
    expect([early.statusCode, early.json().code]).toEqual([409, 'VOUCHER_ORDER_NOT_PAYABLE']);
    await payThroughSandbox(ctx, buyer!, orderId);

    const othersVoucher = await paidVoucher(ctx, other!, offer);
    const notTheirs = await redeem(ctx, shanghai, 'sh-01', { code: othersVoucher.code, order: orderId });
    expect([notTheirs.statusCode, notTheirs.json().code]).toEqual([422, 'VOUCHER_NOT_THE_ORDERS_BUYER']);
    const wrongDealer = await redeem(ctx, beijing, 'bj-01', { code: voucher.code, order: orderId });
    expect([wrongDealer.statusCode, wrongDealer.json().code]).toEqual([404, 'ORDER_NOT_FOUND']);

    const before = await ledgerOf(ctx, orderId);
    const used = await redeem(ctx, shanghai, 'sh-01', { code: voucher.code, order: orderId });
    expect(used.statusCode).toBe(200);
    expect(used.json().redeemed).toMatchObject({ orderId, dealer: { code: 'sh-01' } });
    const after = await ledgerOf(ctx, orderId);
    expect(after.ledger.captured! - before.ledger.captured!).toBe(10_000_000);
    expect(after.order).toEqual({ authorized: after.ledger.authorized, captured: after.ledger.captured, refunded: after.ledger.refunded });
    const staffView = await ctx.app.inject({ url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${orderId}`, headers: shanghai.headers });
    expect(staffView.json().balance.due.amount).toBe(19_980_000 - 10_000_000 - before.ledger.captured!);

    const cancelled = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${orderId}/cancel`,
      headers: shanghai.headers,
      payload: { reason: 'car damaged in transport' },
    });
    expect(cancelled.statusCode).toBe(200);
    await runJobs(ctx);
    expect(await voucherOf(buyer!, voucher.id)).toMatchObject({ status: 'active', redeemed: null, code: voucher.code });
    const settled = await ledgerOf(ctx, orderId);
    expect(settled.ledger.refunded).toBe(settled.ledger.captured);
    expect(settled.status).toBe('refunded');
    // Back in the buyer's hands, it can be used again.
    expect((await redeem(ctx, shanghai, 'sh-01', { code: voucher.code, saleReference: 'SH-AGAIN' })).statusCode).toBe(200);
  });
});

describe('the brand', () => {
  it('sees what was sold and redeemed, by dealer, and only in its own store', async () => {
    const buyers = await makeBuyers(ctx, 3, 'v-report');
    const offer = await createOffer(ctx, admin, { perBuyerLimit: 2 });
    const codes = [await paidVoucher(ctx, buyers[0]!, offer), await paidVoucher(ctx, buyers[1]!, offer), await paidVoucher(ctx, buyers[2]!, offer)];
    await buyVoucher(ctx, buyers[0]!, offer); // bought, not paid
    expect((await redeem(ctx, shanghai, 'sh-01', { code: codes[0]!.code, saleReference: 'A' })).statusCode).toBe(200);
    expect((await redeem(ctx, shanghai, 'sh-01', { code: codes[1]!.code, saleReference: 'B' })).statusCode).toBe(200);
    expect((await redeem(ctx, beijing, 'bj-01', { code: codes[2]!.code, saleReference: 'C' })).statusCode).toBe(200);

    const listed = await offerOf(offer);
    expect(listed.counts).toEqual({ pending_payment: 1, active: 0, redeemed: 3, expired: 0, refunded: 0, lapsed: 0 });
    expect(listed.revenue).toEqual({ amount: 15_000_000, currency: 'CNY' });

    const from = new Date(TEST_NOW.getTime() - DAY).toISOString();
    const to = new Date(TEST_NOW.getTime() + DAY).toISOString();
    const report = await ctx.app.inject({ url: `/api/v1/admin/stores/renault/vouchers/report?from=${from}&to=${to}&offer=${offer}&locale=en`, headers: admin.headers });
    expect(report.statusCode).toBe(200);
    expect(report.json().dealers.map((d: { dealer: { code: string }; redeemed: number; value: { amount: number } }) => [d.dealer.code, d.redeemed, d.value.amount])).toEqual([
      ['sh-01', 2, 20_000_000],
      ['bj-01', 1, 10_000_000],
    ]);
    expect(report.json().totals).toEqual({ redeemed: 3, value: { amount: 30_000_000, currency: 'CNY' } });

    const backwards = await ctx.app.inject({ url: `/api/v1/admin/stores/renault/vouchers/report?from=${to}&to=${from}`, headers: admin.headers });
    expect([backwards.statusCode, backwards.json().code]).toEqual([400, 'VOUCHER_REPORT_RANGE_INVALID']);
    for (const url of [`/api/v1/admin/stores/renault/vouchers/report?from=${from}&to=${to}`, '/api/v1/admin/stores/renault/voucher-offers']) {
      expect((await ctx.app.inject({ url, headers: alpineAdmin.headers })).statusCode).toBe(404);
      expect((await ctx.app.inject({ url, headers: shanghai.headers })).statusCode).toBe(403);
      expect((await ctx.app.inject({ url, headers: buyers[0]!.headers })).statusCode).toBe(403);
    }
  });

  it('refuses offers that make no sense', async () => {
    const refused = async (overrides: Record<string, unknown>) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/admin/stores/renault/voucher-offers',
        headers: admin.headers,
        payload: { ...(await import('../helpers/vouchers.js')).offerBody(ctx), ...overrides },
      });
      return [res.statusCode, res.json().code];
    };
    expect(await refused({ value: 1_000 })).toEqual([422, 'VOUCHER_VALUE_BELOW_PRICE']);
    expect(await refused({ saleEndsAt: new Date(TEST_NOW.getTime() - 2 * 3_600_000).toISOString() })).toEqual([422, 'VOUCHER_SCHEDULE_INVALID']);
    expect(await refused({ validUntil: new Date(TEST_NOW.getTime() + DAY).toISOString() })).toEqual([422, 'VOUCHER_SCHEDULE_INVALID']);
    const slug = await createOffer(ctx, admin);
    expect(await refused({ slug })).toEqual([409, 'VOUCHER_OFFER_SLUG_TAKEN']);
  });
});
