import type { Db } from '../db/database.js';
import { inWriteTransaction, lockRows } from '../db/tx.js';
import { requireStore } from '../modules/catalog/catalog.service.js';
import type { JobHandler } from '../modules/jobs/jobs.runner.js';
import { enqueue } from '../modules/jobs/jobs.service.js';
import { orderErrors } from '../modules/orders/orders.errors.js';
import * as orders from '../modules/orders/orders.repo.js';
import { balanceDue, recordEvent, type Who } from '../modules/orders/orders.service.js';
import * as payments from '../modules/payments/payments.repo.js';
import { voucherErrors } from '../modules/vouchers/vouchers.errors.js';
import * as vouchers from '../modules/vouchers/vouchers.repo.js';
import {
  buyerMayRefund,
  getVoucherPolicy,
  newVoucherCode,
  normalizeCode,
  offerState,
  offerView,
  voucherView,
  VOUCHER_EXPIRE,
  VOUCHER_LAPSE,
  type OfferView,
  type VoucherView,
} from '../modules/vouchers/vouchers.service.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { localize, type Locale, type LocalizedText } from '../shared/locale.js';
import { recordLedgerEntry } from './money-ledger.js';
import { openPayment, type PaymentDeps, type PaymentView } from './settle-payment.js';
import { expireActiveVoucher, refundVoucherMoney, voucherCreditReference } from './voucher-money.js';
import { tellVoucherBuyer } from './voucher-messages.js';

/*
 * A voucher's life: bought (a unit of its offer taken, under the buyer's lock so their limit
 * holds), paid through the same providers as deposits, shown as a code, then redeemed once at
 * a dealer, refunded on request in time, or expired. Redemption is a conditional update under
 * the voucher's lock: two counters typing the same code at once redeem it once.
 */

interface Deps {
  db: Db;
  clock: Clock;
}

// ---- The storefront ----

export async function listOffersOnSale(deps: Deps, storeSlug: string, locale: Locale): Promise<OfferView[]> {
  const store = await requireStore(deps.db, storeSlug);
  const now = deps.clock.now();
  const policy = await getVoucherPolicy(deps.db, store.id);
  return (await vouchers.listOffers(deps.db, store.id))
    .filter((offer) => offerState(offer, now) !== 'ended')
    .map((offer) => offerView(offer, policy, locale, now));
}

export async function getOfferOfStore(deps: Deps, storeSlug: string, slug: string, locale: Locale): Promise<OfferView> {
  const store = await requireStore(deps.db, storeSlug);
  const offer = await vouchers.findOffer(deps.db, store.id, slug);
  if (!offer) throw voucherErrors.offerNotFound(slug);
  return offerView(offer, await getVoucherPolicy(deps.db, store.id), locale, deps.clock.now());
}

/** Buys one voucher: it waits for its price for the offer's minutes, holding its unit meanwhile. */
export async function buyVoucher(deps: Deps, storeSlug: string, offerSlug: string, buyerId: string, idempotencyKey: string | undefined): Promise<string> {
  const { db, clock } = deps;
  const store = await requireStore(db, storeSlug);
  if (idempotencyKey !== undefined) {
    const earlier = await vouchers.findVoucherByRequest(db, buyerId, idempotencyKey);
    if (earlier) return earlier.id;
  }
  const offer = await vouchers.findOffer(db, store.id, offerSlug);
  if (!offer) throw voucherErrors.offerNotFound(offerSlug);
  const now = clock.now();
  const refuse = () => {
    const state = offerState(offer, now);
    if (state === 'upcoming') throw voucherErrors.saleNotStarted(offer.sale_starts_at, Math.ceil((Date.parse(offer.sale_starts_at) - now.getTime()) / 1000));
    if (state === 'ended') throw voucherErrors.saleEnded();
    throw voucherErrors.soldOut();
  };
  if (offerState(offer, now) !== 'on_sale') refuse();

  return inWriteTransaction(db, async (tx) => {
    // The buyer's row serialises their purchases: the count below cannot change until commit.
    await lockRows(tx, [['user_account', buyerId]]);
    if (idempotencyKey !== undefined) {
      const earlier = await vouchers.findVoucherByRequest(tx, buyerId, idempotencyKey);
      if (earlier) return earlier.id;
    }
    const held = await vouchers.countBuyersVouchers(tx, offer.id, buyerId);
    if (held >= Number(offer.per_buyer_limit)) throw voucherErrors.limitReached(Number(offer.per_buyer_limit));
    const at = clock.now();
    if (!(await vouchers.takeOfferUnit(tx, offer.id, at.toISOString()))) refuse();
    // A clash among a trillion codes is rare enough that a few draws always find a free one;
    // the unique index stays the last word.
    let code = newVoucherCode();
    for (let draw = 1; draw < 5 && (await vouchers.findVoucherByCode(tx, store.id, code)); draw += 1) code = newVoucherCode();
    const id = newId(at.getTime());
    const payBy = new Date(at.getTime() + Number(offer.pay_minutes) * 60_000);
    await vouchers.insertVoucher(tx, {
      id,
      offer_id: offer.id,
      store_id: store.id,
      buyer_id: buyerId,
      code,
      status: 'pending_payment',
      price: Number(offer.price),
      value: Number(offer.value),
      currency: offer.currency,
      pay_expires_at: payBy.toISOString(),
      paid_at: null,
      refund_ends_at: null,
      expires_at: offer.valid_until,
      redeemed_at: null,
      redeemed_by: null,
      dealer_id: null,
      order_id: null,
      sale_reference: null,
      idempotency_key: idempotencyKey ?? null,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    });
    await enqueue(tx, clock, { kind: VOUCHER_LAPSE, payload: { voucherId: id }, runAt: payBy, dedupeKey: `${VOUCHER_LAPSE}:${id}`, storeId: store.id });
    return id;
  });
}

export async function listBuyerVouchers(deps: Deps, buyerId: string, locale: Locale): Promise<VoucherView[]> {
  return (await vouchers.listVouchersOfBuyer(deps.db, buyerId)).map((row) => voucherView(row, locale));
}

export async function getBuyerVoucher(deps: Deps, buyerId: string, id: string, locale: Locale): Promise<VoucherView> {
  const row = await vouchers.findVoucherDetail(deps.db, id);
  if (!row || row.buyer_id !== buyerId) throw voucherErrors.notFound();
  return voucherView(row, locale);
}

/** Starts paying a voucher's price; asking again while a payment is open answers that one. */
export function startVoucherPayment(
  deps: PaymentDeps,
  buyerId: string,
  voucherId: string,
  providerName: string,
  idempotencyKey: string | undefined,
): Promise<{ payment: PaymentView; created: boolean }> {
  const { db, clock } = deps;
  return openPayment(deps, buyerId, providerName, idempotencyKey, async () => {
    const voucher = await vouchers.findVoucherDetail(db, voucherId);
    if (!voucher || voucher.buyer_id !== buyerId) throw voucherErrors.notFound();
    if (voucher.status !== 'pending_payment' || voucher.pay_expires_at <= clock.now().toISOString()) throw voucherErrors.notPayable();
    return {
      root: ['voucher', voucher.id],
      orderId: null,
      voucherId: voucher.id,
      storeId: voucher.store_id,
      purpose: 'voucher',
      amount: Number(voucher.price),
      currency: voucher.currency,
      subject: `${localize(JSON.parse(voucher.offer_name) as LocalizedText, 'zh-CN')} 代金券`,
      expiresAt: new Date(voucher.pay_expires_at),
      async recheck(tx, now) {
        const current = (await vouchers.findVoucher(tx, voucher.id))!;
        if (current.status !== 'pending_payment' || current.pay_expires_at <= now) throw voucherErrors.notPayable();
        return payments.listPaymentsOfVoucher(tx, voucher.id);
      },
    };
  });
}

/** The buyer gives back an unused voucher within the store's refund window: its price is refunded in full. */
export async function refundVoucherForBuyer(deps: Deps, buyerId: string, id: string, options: { rerun: boolean }): Promise<void> {
  const { db, clock } = deps;
  await inWriteTransaction(db, async (tx) => {
    await lockRows(tx, [['voucher', id]]);
    const voucher = await vouchers.findVoucher(tx, id);
    if (!voucher || voucher.buyer_id !== buyerId) throw voucherErrors.notFound();
    // A retried request whose first run committed answers as the first did.
    if (options.rerun && voucher.status === 'refunded') return;
    const may = buyerMayRefund(voucher, clock.now());
    if (may !== 'yes') throw voucherErrors.notRefundable(may, voucher.refund_ends_at);
    await vouchers.updateVoucherIf(tx, voucher.id, 'active', { status: 'refunded', updated_at: clock.now().toISOString() });
    await vouchers.giveOfferUnitBack(tx, voucher.offer_id);
    await refundVoucherMoney(tx, clock, voucher, 'refunded_by_buyer', { actor: 'buyer', userId: buyerId, role: 'buyer' });
  });
}

// ---- Jobs ----

/** An unpaid voucher at its pay-by time lapses and gives its unit back; a paid one is left alone. */
export async function lapseVoucher(deps: Deps, id: string): Promise<void> {
  const { db, clock } = deps;
  await inWriteTransaction(db, async (tx) => {
    await lockRows(tx, [['voucher', id]]);
    const voucher = await vouchers.findVoucher(tx, id);
    const now = clock.now().toISOString();
    if (!voucher || voucher.status !== 'pending_payment' || voucher.pay_expires_at > now) return;
    await vouchers.updateVoucherIf(tx, id, 'pending_payment', { status: 'lapsed', updated_at: now });
    await vouchers.giveOfferUnitBack(tx, voucher.offer_id);
    await payments.closePendingPaymentsOfVoucher(tx, id, now);
  });
}

export async function expireVoucher(deps: Deps, id: string): Promise<void> {
  await inWriteTransaction(deps.db, async (tx) => {
    await lockRows(tx, [['voucher', id]]);
    const voucher = await vouchers.findVoucher(tx, id);
    if (voucher) await expireActiveVoucher(tx, deps.clock, voucher);
  });
}

export function voucherJobHandlers(deps: Deps): Record<string, JobHandler> {
  return {
    [VOUCHER_LAPSE]: async (raw) => lapseVoucher(deps, (raw as { voucherId: string }).voucherId),
    [VOUCHER_EXPIRE]: async (raw) => expireVoucher(deps, (raw as { voucherId: string }).voucherId),
  };
}

// ---- The dealer's counter ----

export interface DealerScope {
  storeId: string;
  dealerId: string;
}

export interface StaffVoucherView extends VoucherView {
  code: string;
  /** Whether the counter may redeem it now. */
  redeemable: boolean;
}

function staffView(row: vouchers.VoucherDetailRow, locale: Locale, now: Date): StaffVoucherView {
  return { ...voucherView(row, locale), code: row.code, redeemable: row.status === 'active' && row.expires_at > now.toISOString() };
}

/** What a code the buyer shows is worth, before redeeming it. Any dealer of the store may look. */
export async function lookUpVoucher(deps: Deps, scope: DealerScope, typed: string, locale: Locale): Promise<StaffVoucherView> {
  const row = await vouchers.findVoucherDetailByCode(deps.db, scope.storeId, normalizeCode(typed));
  // A voucher not yet paid has no code to show: it is not found either.
  if (!row || row.status === 'pending_payment' || row.status === 'lapsed') throw voucherErrors.codeNotFound();
  return staffView(row, locale, deps.clock.now());
}

export async function listDealerRedemptions(deps: Deps, scope: DealerScope, locale: Locale): Promise<StaffVoucherView[]> {
  const now = deps.clock.now();
  return (await vouchers.listRedeemedAtDealer(deps.db, scope.dealerId)).map((row) => staffView(row, locale, now));
}

export interface Redemption {
  code: string;
  /** The order of the voucher's buyer it pays part of. */
  order?: string | undefined;
  /** Or the dealer's own reference of a sale made at the counter. */
  saleReference?: string | undefined;
}

/**
 * Redeems a voucher once. Against an order, its value (at most what is still due) is recorded
 * in the order's ledger as paid by voucher, in the same transaction.
 */
export async function redeemVoucher(
  deps: Deps,
  scope: DealerScope,
  staff: Who,
  input: Redemption,
  locale: Locale,
  options: { rerun: boolean } = { rerun: false },
): Promise<StaffVoucherView> {
  const { db, clock } = deps;
  const found = await vouchers.findVoucherByCode(db, scope.storeId, normalizeCode(input.code));
  if (!found || found.status === 'pending_payment' || found.status === 'lapsed') throw voucherErrors.codeNotFound();
  await inWriteTransaction(db, async (tx) => {
    if (input.order !== undefined) await lockRows(tx, [['customer_order', input.order]]);
    await lockRows(tx, [['voucher', found.id]]);
    const voucher = (await vouchers.findVoucher(tx, found.id))!;
    const now = clock.now().toISOString();
    // A retried request whose first run committed (its answer lost to a crash) answers as the first did.
    const ranBefore =
      voucher.status === 'redeemed' && voucher.dealer_id === scope.dealerId && voucher.order_id === (input.order ?? null) && voucher.sale_reference === (input.saleReference ?? null);
    if (options.rerun && ranBefore) return;
    if (voucher.status !== 'active') throw voucherErrors.notRedeemable(voucher.status);
    if (voucher.expires_at <= now) throw voucherErrors.expired(voucher.expires_at);
    let credit: { order: orders.OrderRow; amount: number } | null = null;
    if (input.order !== undefined) {
      const order = await orders.findOrderOfDealer(tx, scope.dealerId, input.order);
      if (!order || order.store_id !== scope.storeId) throw orderErrors.notFound();
      if (order.buyer_id !== voucher.buyer_id) throw voucherErrors.otherBuyersOrder();
      const due = balanceDue(order);
      if (!['deposit_paid', 'allocated'].includes(order.status) || due === 0) throw voucherErrors.orderNotPayable(order.status);
      credit = { order, amount: Math.min(Number(voucher.value), due) };
    }
    const redeemed = await vouchers.updateVoucherIf(tx, voucher.id, 'active', {
      status: 'redeemed',
      redeemed_at: now,
      redeemed_by: staff.userId,
      dealer_id: scope.dealerId,
      order_id: credit?.order.id ?? null,
      sale_reference: input.saleReference ?? null,
      updated_at: now,
    });
    if (!redeemed) throw voucherErrors.notRedeemable(voucher.status);
    if (credit) {
      const reference = voucherCreditReference(voucher.id, credit.order.id);
      await recordLedgerEntry(tx, clock, credit.order, { kind: 'captured', source: 'voucher', reference, amount: credit.amount, paymentId: null });
      await recordEvent(tx, clock, credit.order.id, { kind: 'voucher', who: staff, detail: { voucher: voucher.id, amount: credit.amount } });
    }
    await tellVoucherBuyer(tx, clock, voucher.id, 'voucher.redeemed', { dedupe: `voucher.redeemed:${voucher.id}:${now}` });
  });
  return staffView((await vouchers.findVoucherDetail(db, found.id))!, locale, clock.now());
}
