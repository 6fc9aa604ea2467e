import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { addUnit, ledgerOf, payThroughSandbox, placeOrder } from '../helpers/orders.js';
import { releasedTogetherBehind } from '../helpers/races.js';
import { buyVoucher, createOffer, paidVoucher, redeem } from '../helpers/vouchers.js';

/*
 * Vouchers fired together. On PostgreSQL the requests wait behind a held lock on the row they
 * contend for (the voucher, the offer, the buyer), then go at once on pooled connections:
 * without the lock and the conditional updates, two counters would both redeem one code, and
 * a crowd would buy more vouchers than the offer has.
 */

let ctx: TestContext;
let admin: Caller;
let shanghai: Caller;
let beijing: Caller;
beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
  shanghai = await signIn(ctx.app, DEMO.staffShanghai);
  beijing = await signIn(ctx.app, DEMO.staffBeijing);
});
afterAll(async () => {
  await ctx.close();
});

const RACE_TIMEOUT_MS = 30_000;
const holding = (table: 'voucher' | 'voucher_offer' | 'user_account', id: string) => ({ sql: `select 1 from ${table} where id = $1 for no key update`, params: [id] });

async function voucherRow(id: string) {
  return ctx.connection.db.selectFrom('voucher').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('voucher races', () => {
  it(
    'redeems a code once when two counters (and a double tap) redeem it at once',
    async () => {
      const [buyer] = await makeBuyers(ctx, 1, 'vr-twice');
      const offer = await createOffer(ctx, admin);
      const voucher = await paidVoucher(ctx, buyer!, offer);
      const attempts = [shanghai, beijing, shanghai, beijing];
      const results = await releasedTogetherBehind(ctx, holding('voucher', voucher.id), attempts.length, () =>
        Promise.all(attempts.map((staff, i) => redeem(ctx, staff, staff === shanghai ? 'sh-01' : 'bj-01', { code: voucher.code, saleReference: `sale-${i}` }))),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
      for (const refused of results.filter((r) => r.statusCode === 409)) expect(refused.json().code).toBe('VOUCHER_NOT_REDEEMABLE');
      const winner = results.find((r) => r.statusCode === 200)!.json();
      const row = await voucherRow(voucher.id);
      expect(row.status).toBe('redeemed');
      expect(row.sale_reference).toBe(winner.redeemed.saleReference);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'credits an order once when the same voucher is redeemed against it twice at once',
    async () => {
      const [buyer] = await makeBuyers(ctx, 1, 'vr-order');
      const offer = await createOffer(ctx, admin);
      const voucher = await paidVoucher(ctx, buyer!, offer);
      const vin = await addUnit(ctx, { dealer: 'sh-01', model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [], colour: null, price: 19_980_000 });
      const orderId = (await placeOrder(ctx, buyer!, { vin, dealer: 'sh-01', plan: 'cash' })).json().id as string;
      await payThroughSandbox(ctx, buyer!, orderId);
      const before = await ledgerOf(ctx, orderId);

      const results = await releasedTogetherBehind(ctx, { sql: 'select 1 from customer_order where id = $1 for no key update', params: [orderId] }, 3, () =>
        Promise.all([0, 1, 2].map(() => redeem(ctx, shanghai, 'sh-01', { code: voucher.code, order: orderId }))),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
      const after = await ledgerOf(ctx, orderId);
      expect(after.ledger.captured! - before.ledger.captured!).toBe(10_000_000);
      expect(after.order).toEqual({ authorized: after.ledger.authorized, captured: after.ledger.captured, refunded: after.ledger.refunded });
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'either refunds a voucher or redeems it when the buyer and a counter act on it at once, never both',
    async () => {
      const [buyer] = await makeBuyers(ctx, 1, 'vr-refund-redeem');
      const offer = await createOffer(ctx, admin);
      const voucher = await paidVoucher(ctx, buyer!, offer);
      const [refund, redemption] = await releasedTogetherBehind(ctx, holding('voucher', voucher.id), 2, () =>
        Promise.all([
          ctx.app.inject({ method: 'POST', url: `/api/v1/me/vouchers/${voucher.id}/refund`, headers: { ...buyer!.headers, 'idempotency-key': randomUUID() }, payload: {} }),
          redeem(ctx, shanghai, 'sh-01', { code: voucher.code, saleReference: 'race' }),
        ]),
      );
      expect([refund!.statusCode, redemption!.statusCode].sort()).toEqual([200, 409]);
      const row = await voucherRow(voucher.id);
      const refunds = await ctx.connection.db.selectFrom('refund').select('id').where('voucher_id', '=', voucher.id).execute();
      if (row.status === 'refunded') {
        expect([row.redeemed_at, refunds.length]).toEqual([null, 1]);
      } else {
        expect([row.status, refunds.length]).toEqual(['redeemed', 0]);
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'opens one payment when the buyer taps pay three times at once',
    async () => {
      const [buyer] = await makeBuyers(ctx, 1, 'vr-pay');
      const offer = await createOffer(ctx, admin);
      const id = (await buyVoucher(ctx, buyer!, offer)).json().id as string;
      const results = await releasedTogetherBehind(ctx, holding('voucher', id), 3, () =>
        Promise.all(
          [0, 1, 2].map(() =>
            ctx.app.inject({ method: 'POST', url: `/api/v1/vouchers/${id}/payments`, headers: { ...buyer!.headers, 'idempotency-key': randomUUID() }, payload: { provider: 'sandbox' } }),
          ),
        ),
      );
      expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
      expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
      const rows = await ctx.connection.db.selectFrom('payment').select('id').where('voucher_id', '=', id).execute();
      expect(rows).toHaveLength(1);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'sells no more vouchers than the offer has to a crowd buying at once',
    async () => {
      const buyers = await makeBuyers(ctx, 12, 'vr-crowd');
      const slug = await createOffer(ctx, admin, { unitsTotal: 5 });
      const offer = await ctx.connection.db.selectFrom('voucher_offer').select(['id']).where('slug', '=', slug).executeTakeFirstOrThrow();
      const results = await releasedTogetherBehind(ctx, holding('voucher_offer', offer.id), 5, () => Promise.all(buyers.map((buyer) => buyVoucher(ctx, buyer, slug))));
      const codes = results.map((r) => (r.statusCode === 201 ? 'created' : r.json().code));
      expect(codes.filter((c) => c === 'created')).toHaveLength(5);
      expect(codes.filter((c) => c !== 'created').every((c) => c === 'VOUCHER_SOLD_OUT')).toBe(true);
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from voucher where offer_id = ${offer.id}`.execute(ctx.connection.db);
      expect(Number(rows[0]!.n)).toBe(5);
      const counter = await ctx.connection.db.selectFrom('voucher_offer').select(['units_taken']).where('id', '=', offer.id).executeTakeFirstOrThrow();
      expect(Number(counter.units_taken)).toBe(5);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'keeps one buyer to their limit when they buy several times at once',
    async () => {
      const [buyer] = await makeBuyers(ctx, 1, 'vr-limit');
      const slug = await createOffer(ctx, admin, { perBuyerLimit: 2 });
      const results = await releasedTogetherBehind(ctx, holding('user_account', buyer!.id), 5, () => Promise.all([0, 1, 2, 3, 4].map(() => buyVoucher(ctx, buyer!, slug))));
      expect(results.filter((r) => r.statusCode === 201)).toHaveLength(2);
      for (const refused of results.filter((r) => r.statusCode !== 201)) expect([refused.statusCode, refused.json().code]).toEqual([409, 'VOUCHER_LIMIT_REACHED']);
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from voucher where buyer_id = ${buyer!.id}`.execute(ctx.connection.db);
      expect(Number(rows[0]!.n)).toBe(2);
    },
    RACE_TIMEOUT_MS,
  );
});
