import { api, ApiError, dataOf } from '../../api/client';
import { idempotent } from '../../api/idempotent';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/messages';
import type { Payment } from '../orders/orders.api';
import { counterProblemOf, offerProblemsOf, type CounterProblem, type OfferField, type OfferProblem, type Refusal } from './voucher-rules';

export { groupCode, isRefundable, reportRange, typedCode, type OfferField } from './voucher-rules';
export { fetchOffers, OFFER_STATE_LABEL, voucherPaths, type OfferState, type VoucherOffer } from './voucher-offers.api';
import type { VoucherOffer } from './voucher-offers.api';

/*
 * Dealer vouchers through the typed client: a buyer pays a price online for a value to spend
 * at any dealer of the store; the dealer redeems its 12-digit code once; the brand follows
 * what was sold and redeemed.
 */

export type Voucher = paths['/api/v1/me/vouchers/{id}']['get']['responses'][200]['content']['application/json'];
export type VoucherStatus = Voucher['status'];
export type StaffVoucher = paths['/api/v1/dealer/stores/{store}/dealers/{dealer}/vouchers/{code}']['get']['responses'][200]['content']['application/json'];
export type RedeemBody = paths['/api/v1/dealer/stores/{store}/dealers/{dealer}/voucher-redemptions']['post']['requestBody']['content']['application/json'];
export type AdminOffer = paths['/api/v1/admin/stores/{store}/voucher-offers']['post']['responses'][201]['content']['application/json'];
export type NewOffer = paths['/api/v1/admin/stores/{store}/voucher-offers']['post']['requestBody']['content']['application/json'];
export type VoucherPolicy = paths['/api/v1/admin/stores/{store}/voucher-policy']['get']['responses'][200]['content']['application/json'];
export type RedemptionReport = paths['/api/v1/admin/stores/{store}/vouchers/report']['get']['responses'][200]['content']['application/json'];

export const VOUCHER_STATUS_LABEL: Record<VoucherStatus, MessageKey> = {
  pending_payment: 'vouchers.status.pending_payment',
  active: 'vouchers.status.active',
  redeemed: 'vouchers.status.redeemed',
  expired: 'vouchers.status.expired',
  refunded: 'vouchers.status.refunded',
  lapsed: 'vouchers.status.lapsed',
};

/** A voucher id is a UUID; anything else in the address is not sent to the API. */
export function isVoucherId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}

// ---- Storefront and account. ----

export function fetchOffer(store: string, offer: string, locale: Locale, signal: AbortSignal): Promise<VoucherOffer> {
  return dataOf(api.GET('/api/v1/stores/{store}/voucher-offers/{offer}', { params: { path: { store, offer }, query: { locale } }, signal }));
}

export function buyVoucher(store: string, offer: string, locale: Locale, key: string): Promise<Voucher> {
  return idempotent(key, (header) => dataOf(api.POST('/api/v1/stores/{store}/vouchers', { params: { path: { store }, query: { locale }, header }, body: { offer } })));
}

export function startVoucherPayment(id: string, key: string, provider: Payment['provider']): Promise<Payment> {
  return idempotent(key, (header) => dataOf(api.POST('/api/v1/vouchers/{id}/payments', { params: { path: { id }, header }, body: { provider } })));
}

export function fetchMyVouchers(locale: Locale, signal: AbortSignal): Promise<Voucher[]> {
  return dataOf(api.GET('/api/v1/me/vouchers', { params: { query: { locale } }, signal })).then((answer) => answer.vouchers);
}

export function fetchMyVoucher(id: string, locale: Locale, signal: AbortSignal): Promise<Voucher> {
  return dataOf(api.GET('/api/v1/me/vouchers/{id}', { params: { path: { id }, query: { locale } }, signal }));
}

export function refundVoucher(id: string, locale: Locale, key: string): Promise<Voucher> {
  return idempotent(key, (header) => dataOf(api.POST('/api/v1/me/vouchers/{id}/refund', { params: { path: { id }, query: { locale }, header }, body: {} })));
}

/** What to tell the buyer when buying, paying or refunding a voucher is refused. */
export function buyerVoucherError(error: unknown): MessageKey {
  if (!(error instanceof ApiError)) return 'vouchers.error.network';
  switch (error.code) {
    case 'VOUCHER_SALE_NOT_STARTED':
      return 'vouchers.error.notStarted';
    case 'VOUCHER_SALE_ENDED':
      return 'vouchers.error.ended';
    case 'VOUCHER_SOLD_OUT':
      return 'vouchers.error.soldOut';
    case 'VOUCHER_LIMIT_REACHED':
      return 'vouchers.error.limit';
    case 'VOUCHER_NOT_PAYABLE':
      return 'vouchers.error.notPayable';
    case 'VOUCHER_NOT_REFUNDABLE':
      return 'vouchers.error.notRefundable';
    case 'ACCESS_FORBIDDEN':
      return 'vouchers.error.buyersOnly';
    case 'PAYMENT_PROVIDER_UNKNOWN':
    case 'PAYMENT_PROVIDER_DISABLED':
    case 'PAYMENT_PROVIDER_UNAVAILABLE':
      return 'orders.error.provider';
    default:
      return 'vouchers.error.generic';
  }
}

// ---- Dealer counter. ----

export interface DealerPlace {
  store: string;
  dealer: string;
}

export function lookUpVoucher(place: DealerPlace, code: string, locale: Locale): Promise<StaffVoucher> {
  return dataOf(api.GET('/api/v1/dealer/stores/{store}/dealers/{dealer}/vouchers/{code}', { params: { path: { ...place, code }, query: { locale } } }));
}

export function redeemVoucher(place: DealerPlace, body: RedeemBody, locale: Locale, key: string): Promise<StaffVoucher> {
  return idempotent(key, (header) =>
    dataOf(api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/voucher-redemptions', { params: { path: place, query: { locale }, header }, body })),
  );
}

export function fetchRedemptions(place: DealerPlace, locale: Locale, signal: AbortSignal): Promise<StaffVoucher[]> {
  return dataOf(api.GET('/api/v1/dealer/stores/{store}/dealers/{dealer}/vouchers', { params: { path: place, query: { locale } }, signal })).then((answer) => answer.vouchers);
}

/** What the API refused, or null when no answer came. */
function refusalOf(error: unknown): Refusal | null {
  return error instanceof ApiError ? { status: error.status, code: error.code, errors: error.problem.errors } : null;
}

/** What to tell staff when a code is refused at the counter. */
export function counterError(error: unknown): CounterProblem {
  return counterProblemOf(refusalOf(error));
}

// ---- Brand console. ----

export function fetchAdminOffers(store: string, locale: Locale, signal: AbortSignal): Promise<AdminOffer[]> {
  return dataOf(api.GET('/api/v1/admin/stores/{store}/voucher-offers', { params: { path: { store }, query: { locale } }, signal })).then((answer) => answer.offers);
}

export function createOffer(store: string, body: NewOffer, locale: Locale): Promise<AdminOffer> {
  return dataOf(api.POST('/api/v1/admin/stores/{store}/voucher-offers', { params: { path: { store }, query: { locale } }, body }));
}

export function endOffer(store: string, offer: string, locale: Locale): Promise<AdminOffer> {
  return dataOf(api.POST('/api/v1/admin/stores/{store}/voucher-offers/{offer}/end', { params: { path: { store, offer }, query: { locale } }, body: {} }));
}

export function fetchPolicy(store: string, signal: AbortSignal): Promise<VoucherPolicy> {
  return dataOf(api.GET('/api/v1/admin/stores/{store}/voucher-policy', { params: { path: { store } }, signal }));
}

export function savePolicy(store: string, policy: VoucherPolicy): Promise<VoucherPolicy> {
  return dataOf(api.PUT('/api/v1/admin/stores/{store}/voucher-policy', { params: { path: { store } }, body: policy }));
}

export function fetchReport(store: string, range: { from: string; to: string; offer?: string | undefined }, locale: Locale, signal: AbortSignal): Promise<RedemptionReport> {
  const query = { from: range.from, to: range.to, locale, ...(range.offer ? { offer: range.offer } : {}) };
  return dataOf(api.GET('/api/v1/admin/stores/{store}/vouchers/report', { params: { path: { store }, query }, signal }));
}

/** A refused offer, field by field (see offerProblemsOf). */
export function offerProblems(error: unknown): Partial<Record<OfferField, OfferProblem>> {
  return offerProblemsOf(refusalOf(error));
}
