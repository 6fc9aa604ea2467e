import { randomInt } from 'node:crypto';
import type { DbOrTx } from '../../db/database.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import * as repo from './vouchers.repo.js';
import type { VoucherDetailRow, VoucherOfferRow, VoucherRow } from './vouchers.repo.js';

/*
 * Vouchers bought online and redeemed at a dealer. A voucher is `pending_payment` until its
 * price is captured, then `active` until a dealer redeems it, it expires, or it is refunded.
 * A voucher never paid `lapses` and gives its unit back.
 */

/** voucher.lapse runs when an unpaid voucher's pay-by time ends; voucher.expire when a paid one's validity ends. */
export const VOUCHER_LAPSE = 'voucher.lapse';
export const VOUCHER_EXPIRE = 'voucher.expire';

export type VoucherStatus = 'pending_payment' | 'active' | 'redeemed' | 'expired' | 'refunded' | 'lapsed';
export type OfferState = 'upcoming' | 'on_sale' | 'sold_out' | 'ended';

export interface VoucherPolicy {
  refundDays: number;
  refundOnExpiry: boolean;
}

/** Without a row of its own, a store refunds unused vouchers for 7 days, and in full when they expire unused. */
export const DEFAULT_VOUCHER_POLICY: VoucherPolicy = { refundDays: 7, refundOnExpiry: true };

export async function getVoucherPolicy(db: DbOrTx, storeId: string): Promise<VoucherPolicy> {
  const row = await repo.findPolicy(db, storeId);
  return row ? { refundDays: Number(row.refund_days), refundOnExpiry: Number(row.refund_on_expiry) === 1 } : DEFAULT_VOUCHER_POLICY;
}

/** Twelve digits: a trillion codes, so guessing one is hopeless within the redemption rate limit. */
export function newVoucherCode(): string {
  let code = '';
  for (let i = 0; i < 12; i += 1) code += String(randomInt(10));
  return code;
}

/** Codes are read aloud and typed at a counter: spaces and dashes are for people only. */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

export function offerState(offer: VoucherOfferRow, now: Date): OfferState {
  const at = now.toISOString();
  if (offer.ended_at !== null || offer.sale_ends_at <= at) return 'ended';
  if (offer.sale_starts_at > at) return 'upcoming';
  if (offer.units_total !== null && Number(offer.units_taken) >= Number(offer.units_total)) return 'sold_out';
  return 'on_sale';
}

const money = (amount: number | string, currency: string) => ({ amount: Number(amount), currency });

export interface OfferView {
  slug: string;
  name: string;
  terms: string;
  price: { amount: number; currency: string };
  value: { amount: number; currency: string };
  unitsTotal: number | null;
  remaining: number | null;
  perBuyerLimit: number;
  payMinutes: number;
  saleStartsAt: string;
  saleEndsAt: string;
  validUntil: string;
  state: OfferState;
  refundPolicy: { refundDays: number; refundOnExpiry: boolean };
}

export function offerView(offer: VoucherOfferRow, policy: VoucherPolicy, locale: Locale, now: Date): OfferView {
  return {
    slug: offer.slug,
    name: localize(JSON.parse(offer.name) as LocalizedText, locale),
    terms: localize(JSON.parse(offer.terms) as LocalizedText, locale),
    price: money(offer.price, offer.currency),
    value: money(offer.value, offer.currency),
    unitsTotal: offer.units_total === null ? null : Number(offer.units_total),
    remaining: offer.units_total === null ? null : Math.max(0, Number(offer.units_total) - Number(offer.units_taken)),
    perBuyerLimit: Number(offer.per_buyer_limit),
    payMinutes: Number(offer.pay_minutes),
    saleStartsAt: offer.sale_starts_at,
    saleEndsAt: offer.ended_at ?? offer.sale_ends_at,
    validUntil: offer.valid_until,
    state: offerState(offer, now),
    refundPolicy: { refundDays: policy.refundDays, refundOnExpiry: policy.refundOnExpiry },
  };
}

export interface VoucherView {
  id: string;
  offer: { slug: string; name: string; terms: string };
  status: VoucherStatus;
  price: { amount: number; currency: string };
  value: { amount: number; currency: string };
  /** Shown once the voucher is paid, and while it can be used. */
  code: string | null;
  payBy: string | null;
  paidAt: string | null;
  refundableUntil: string | null;
  expiresAt: string;
  redeemed: { at: string; dealer: { code: string; name: string } | null; orderId: string | null; saleReference: string | null } | null;
  amountPaid: { amount: number; currency: string };
  amountRefunded: { amount: number; currency: string };
  createdAt: string;
}

export function voucherView(row: VoucherDetailRow, locale: Locale): VoucherView {
  const status = row.status as VoucherStatus;
  return {
    id: row.id,
    offer: { slug: row.offer_slug, name: localize(JSON.parse(row.offer_name) as LocalizedText, locale), terms: localize(JSON.parse(row.offer_terms) as LocalizedText, locale) },
    status,
    price: money(row.price, row.currency),
    value: money(row.value, row.currency),
    code: status === 'active' || status === 'redeemed' ? row.code : null,
    payBy: status === 'pending_payment' ? row.pay_expires_at : null,
    paidAt: row.paid_at,
    refundableUntil: status === 'active' ? row.refund_ends_at : null,
    expiresAt: row.expires_at,
    redeemed:
      row.redeemed_at === null
        ? null
        : {
            at: row.redeemed_at,
            dealer: row.dealer_slug && row.dealer_name ? { code: row.dealer_slug, name: localize(JSON.parse(row.dealer_name) as LocalizedText, locale) } : null,
            orderId: row.order_id,
            saleReference: row.sale_reference,
          },
    amountPaid: money(row.amount_captured, row.currency),
    amountRefunded: money(row.amount_refunded, row.currency),
    createdAt: row.created_at,
  };
}

/** Whether an unused voucher may be refunded on the buyer's request now. */
export function buyerMayRefund(voucher: Pick<VoucherRow, 'status' | 'refund_ends_at'>, now: Date): 'yes' | 'status' | 'window' {
  if (voucher.status !== 'active') return 'status';
  if (voucher.refund_ends_at === null || voucher.refund_ends_at <= now.toISOString()) return 'window';
  return 'yes';
}

/** A number that changes when one of the store's voucher offers is added, changed or ended: what a rendered store home's banner shows. */
export function offersVersion(db: DbOrTx, storeId: string): Promise<number> {
  return repo.offersVersion(db, storeId);
}
