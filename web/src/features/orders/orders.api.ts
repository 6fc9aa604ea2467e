import { api, ApiError, dataOf } from '../../api/client';
import { idempotent } from '../../api/idempotent';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/messages';
import { dateTimeFormat } from '../../i18n/intl-formats';

export type BuyerOrder = paths['/api/v1/me/orders/{id}']['get']['responses'][200]['content']['application/json'];
export type OrderStatus = BuyerOrder['status'];
export type OrderPlan = BuyerOrder['plan'];
export type TimelineEvent = BuyerOrder['timeline'][number];
export type Payment = paths['/api/v1/orders/{id}/payments']['post']['responses'][201]['content']['application/json'];
export type HostedPayment = paths['/api/v1/payments/sandbox/{id}']['get']['responses'][200]['content']['application/json'];
export type PlaceOrderBody = NonNullable<paths['/api/v1/stores/{store}/orders']['post']['requestBody']>['content']['application/json'];
export type OrderTerms = paths['/api/v1/stores/{store}/order-terms']['get']['responses'][200]['content']['application/json'];
export type MyConfiguration = paths['/api/v1/me/configurations']['get']['responses'][200]['content']['application/json']['configurations'][number];

/** Dealers keep Shanghai time: every time an order shows is theirs. */
export const ORDER_TIME_ZONE = 'Asia/Shanghai';
/** The demo stores' deposit (¥5,000), shown on the configurator before there is a saved code to ask the terms of. */
export const USUAL_DEPOSIT = 500_000;
/** Checkout shows a QR code to pay from a phone on screens at least this wide. */
export const DESKTOP_MIN_WIDTH = 900;

export const orderPaths = {
  checkoutForConfiguration: (store: string, code: string) => `/${store}/checkout?${new URLSearchParams({ configuration: code }).toString()}`,
  /** The model lets checkout find the car among the store's stock to show it. */
  checkoutForVin: (store: string, vin: string, dealer: string, model: string) => `/${store}/checkout?${new URLSearchParams({ vin, dealer, model }).toString()}`,
  pay: (payment: string) => `/pay/${encodeURIComponent(payment)}`,
  mine: () => '/account/orders',
  order: (id: string) => `/account/orders/${encodeURIComponent(id)}`,
};

export function placeOrder(store: string, body: PlaceOrderBody, locale: Locale, key: string): Promise<BuyerOrder> {
  return idempotent(key, (header) => dataOf(api.POST('/api/v1/stores/{store}/orders', { params: { path: { store }, query: { locale }, header }, body })));
}

export function startPayment(order: string, key: string, provider: Payment['provider']): Promise<Payment> {
  return idempotent(key, (header) => dataOf(api.POST('/api/v1/orders/{id}/payments', { params: { path: { id: order }, header }, body: { provider } })));
}

export function cancelOrder(order: string, locale: Locale, key: string): Promise<BuyerOrder> {
  return idempotent(key, (header) => dataOf(api.POST('/api/v1/me/orders/{id}/cancel', { params: { path: { id: order }, query: { locale }, header }, body: {} })));
}

/** What reserving this car asks (deposit, refund window, hold), before anything is held. */
export function fetchOrderTerms(store: string, car: { configuration: string } | { vin: string; dealer: string }, signal: AbortSignal): Promise<OrderTerms> {
  return dataOf(api.GET('/api/v1/stores/{store}/order-terms', { params: { path: { store }, query: car }, signal }));
}

export function fetchMyPayment(id: string, signal?: AbortSignal): Promise<Payment> {
  return dataOf(api.GET('/api/v1/me/payments/{id}', { params: { path: { id } }, ...(signal ? { signal } : {}) }));
}

export function fetchMyOrders(locale: Locale, signal: AbortSignal) {
  return dataOf(api.GET('/api/v1/me/orders', { params: { query: { locale, limit: 50 } }, signal }));
}

export function fetchMyOrder(id: string, locale: Locale, signal: AbortSignal): Promise<BuyerOrder> {
  return dataOf(api.GET('/api/v1/me/orders/{id}', { params: { path: { id }, query: { locale } }, signal }));
}

export function fetchHostedPayment(id: string, locale: Locale, signal: AbortSignal): Promise<HostedPayment> {
  return dataOf(api.GET('/api/v1/payments/sandbox/{id}', { params: { path: { id }, query: { locale } }, signal }));
}

export function completeHostedPayment(id: string, outcome: 'paid' | 'failed', locale: Locale): Promise<HostedPayment> {
  return dataOf(api.POST('/api/v1/payments/sandbox/{id}/complete', { params: { path: { id }, query: { locale } }, body: { outcome } }));
}

export function fetchMyConfigurations(locale: Locale, signal: AbortSignal) {
  return dataOf(api.GET('/api/v1/me/configurations', { params: { query: { locale, limit: 50 } }, signal }));
}

/** A payment id is a UUID; anything else in the address is not one, and is not sent to the API. */
export function isPaymentId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}

export const STATUS_LABEL: Record<OrderStatus, MessageKey> = {
  pending_deposit: 'orders.status.pending_deposit',
  deposit_paid: 'orders.status.deposit_paid',
  allocated: 'orders.status.allocated',
  paid: 'orders.status.paid',
  ready_for_handover: 'orders.status.ready_for_handover',
  delivered: 'orders.status.delivered',
  expired: 'orders.status.expired',
  cancelled: 'orders.status.cancelled',
  refunded: 'orders.status.refunded',
};

export const PLAN_LABEL: Record<OrderPlan, MessageKey> = {
  cash: 'orders.plan.cash',
  loan: 'orders.plan.loan',
  lease: 'orders.plan.lease',
};

/** "3 Mar 2026, 14:30" in Shanghai time, in the reader's language. */
export function formatOrderTime(iso: string, locale: Locale): string {
  return dateTimeFormat(locale, { timeZone: ORDER_TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** "14:05" of a countdown, from milliseconds left. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What to tell the buyer when placing an order or starting its payment is refused. */
export function checkoutError(error: unknown): MessageKey {
  if (!(error instanceof ApiError)) return 'orders.error.network';
  switch (error.code) {
    case 'ORDER_VIN_NOT_AVAILABLE':
      return 'orders.error.vinNotAvailable';
    case 'ORDER_TOO_MANY_UNPAID':
      return 'orders.error.tooManyUnpaid';
    case 'ORDER_VIN_AT_OTHER_DEALER':
      return 'orders.error.vinAtOtherDealer';
    case 'ORDER_DEALER_NO_SALES':
    case 'ORDER_DEALER_NOT_FOUND':
      return 'orders.error.dealer';
    case 'ORDER_PHONE_INVALID':
      return 'orders.error.phone';
    case 'ORDER_CONFIGURATION_NOT_FOUND':
    case 'ORDER_VIN_NOT_FOUND':
    case 'ORDER_MODEL_NOT_ORDERABLE':
      return 'orders.error.notOrderable';
    case 'ORDER_BALANCE_NOT_DUE':
      return 'orders.error.nothingDue';
    case 'ACCESS_FORBIDDEN':
      return 'orders.error.buyersOnly';
    case 'PAYMENT_PROVIDER_UNKNOWN':
    case 'PAYMENT_PROVIDER_DISABLED':
    case 'PAYMENT_PROVIDER_UNAVAILABLE':
      return 'orders.error.provider';
    default:
      return 'orders.error.generic';
  }
}
