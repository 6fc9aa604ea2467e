import { randomUUID } from 'node:crypto';
import type { TestContext } from './app.js';
import type { Caller } from './auth.js';

/*
 * Vouchers through the API: the brand puts one on sale, a buyer buys and pays it in the
 * sandbox, a dealer redeems its code.
 */

let made = 0;

/** An offer on sale from an hour before the tests' clock for a week, valid 90 days: ¥50,000 for ¥100,000 at a dealer. */
export function offerBody(ctx: TestContext, overrides: Record<string, unknown> = {}) {
  return offerBodyAt(ctx.clock.now(), overrides);
}

/** As offerBody, around any time: for a server in another process, on its own clock. */
export function offerBodyAt(clockNow: Date, overrides: Record<string, unknown> = {}) {
  const now = clockNow.getTime();
  const at = (hours: number) => new Date(now + hours * 3_600_000).toISOString();
  return {
    slug: `voucher-${(made += 1)}-${Math.floor(Math.random() * 1e6)}`,
    name: { 'zh-CN': '5万抵10万购车券', fr: 'Bon de 100 000 ¥ pour 50 000 ¥', en: '¥100,000 off for ¥50,000' },
    terms: { 'zh-CN': '全国经销商可用', fr: 'Chez tout concessionnaire', en: 'At any dealer' },
    price: 5_000_000,
    value: 10_000_000,
    saleStartsAt: at(-1),
    saleEndsAt: at(24 * 7),
    validUntil: at(24 * 90),
    ...overrides,
  };
}

export async function createOffer(ctx: TestContext, admin: Caller, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/admin/stores/renault/voucher-offers?locale=en', headers: admin.headers, payload: offerBody(ctx, overrides) });
  if (res.statusCode !== 201) throw new Error(`offer not created: ${res.body}`);
  return res.json().slug as string;
}

export function buyVoucher(ctx: TestContext, buyer: Caller, offer: string, key: string = randomUUID()) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/stores/renault/vouchers?locale=en',
    headers: { ...buyer.headers, 'idempotency-key': key },
    payload: { offer },
  });
}

export async function payVoucher(ctx: TestContext, buyer: Caller, voucherId: string): Promise<string> {
  const started = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/vouchers/${voucherId}/payments`,
    headers: { ...buyer.headers, 'idempotency-key': randomUUID() },
    payload: { provider: 'sandbox' },
  });
  if (started.statusCode !== 201) throw new Error(`payment not started: ${started.body}`);
  const id = started.json().id as string;
  const paid = await ctx.app.inject({ method: 'POST', url: `/api/v1/payments/sandbox/${id}/complete`, payload: { outcome: 'paid' } });
  if (paid.statusCode !== 200) throw new Error(`payment not completed: ${paid.body}`);
  return id;
}

/** Buys and pays a voucher of the offer; answers its id and code. */
export async function paidVoucher(ctx: TestContext, buyer: Caller, offer: string): Promise<{ id: string; code: string }> {
  const bought = await buyVoucher(ctx, buyer, offer);
  if (bought.statusCode !== 201) throw new Error(`voucher not bought: ${bought.body}`);
  const id = bought.json().id as string;
  await payVoucher(ctx, buyer, id);
  const voucher = await ctx.app.inject({ url: `/api/v1/me/vouchers/${id}`, headers: buyer.headers });
  return { id, code: voucher.json().code as string };
}

/** A redemption at a dealer's counter, under its own Idempotency-Key unless `key` repeats an earlier one's. */
export function redeem(ctx: TestContext, staff: Caller, dealer: string, body: Record<string, unknown>, key: string = randomUUID()) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/dealer/stores/renault/dealers/${dealer}/voucher-redemptions?locale=en`,
    headers: { ...staff.headers, 'idempotency-key': key },
    payload: body,
  });
}
