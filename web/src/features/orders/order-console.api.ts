import { api, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';

type DealerListPath = '/api/v1/dealer/stores/{store}/dealers/{dealer}/orders';
export type StaffOrderList = paths[DealerListPath]['get']['responses'][200]['content']['application/json'];
export type StaffOrder = StaffOrderList['orders'][number];
export type OrderStatus = StaffOrder['status'];
export type BalanceMethod = 'online' | 'dealer' | 'financed';
export type TempPlate = { number: string; expiresOn: string };

/** The queue's tabs, in the order an order lives through them; the side exits last. */
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pending_deposit',
  'deposit_paid',
  'allocated',
  'paid',
  'ready_for_handover',
  'delivered',
  'cancelled',
  'expired',
  'refunded',
];

export const BALANCE_METHODS: readonly BalanceMethod[] = ['dealer', 'financed', 'online'];

/** Where the confirm step still means something: the deposit is in, the car not yet handed over. */
const CONFIRMABLE: readonly OrderStatus[] = ['deposit_paid', 'allocated', 'paid', 'ready_for_handover'];
const INSPECTABLE: readonly OrderStatus[] = ['allocated', 'paid'];
const APPOINTABLE: readonly OrderStatus[] = ['allocated', 'paid', 'ready_for_handover'];

/** The steps a dealer's detail offers now: the server's `next` for moves, the state for the rest. */
export function dealerSteps(order: StaffOrder) {
  return {
    confirm: order.confirmedAt === null && CONFIRMABLE.includes(order.status),
    allocate: order.next.includes('allocated'),
    balance: order.status === 'allocated' && order.next.includes('paid'),
    inspection: INSPECTABLE.includes(order.status),
    appointment: APPOINTABLE.includes(order.status),
    ready: order.next.includes('ready_for_handover'),
    handover: order.next.includes('delivered'),
    cancel: order.next.includes('cancelled'),
  };
}

export interface DealerPlace {
  store: string;
  dealer: string;
}

export interface ListQuery {
  status?: OrderStatus | undefined;
  cursor?: string | undefined;
}

const PAGE = 20;

function listQuery(query: ListQuery, locale: Locale) {
  return { ...(query.status ? { status: query.status } : {}), ...(query.cursor ? { cursor: query.cursor } : {}), limit: PAGE, locale };
}

const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

// ---- Dealer console. ----

export function fetchDealerOrders(place: DealerPlace, query: ListQuery, locale: Locale, signal?: AbortSignal): Promise<StaffOrderList> {
  return dataOf(api.GET('/api/v1/dealer/stores/{store}/dealers/{dealer}/orders', { params: { path: place, query: listQuery(query, locale) }, ...withSignal(signal) }));
}

export function fetchDealerOrder(place: DealerPlace, id: string, locale: Locale, signal?: AbortSignal): Promise<StaffOrder> {
  return dataOf(
    api.GET('/api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}', { params: { path: { ...place, id }, query: { locale } }, ...withSignal(signal) }),
  );
}

const stepParams = (place: DealerPlace, id: string, locale: Locale) => ({ params: { path: { ...place, id }, query: { locale } } });

export function confirmOrder(place: DealerPlace, id: string, locale: Locale): Promise<StaffOrder> {
  return dataOf(api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/confirm', { ...stepParams(place, id, locale), body: {} }));
}

/** A built-to-order car names its VIN; a stock order keeps its own and sends none. */
export function allocateOrder(place: DealerPlace, id: string, vin: string | undefined, locale: Locale): Promise<StaffOrder> {
  return dataOf(
    api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/allocate', { ...stepParams(place, id, locale), body: vin ? { vin } : {} }),
  );
}

export function recordBalance(place: DealerPlace, id: string, method: BalanceMethod, locale: Locale): Promise<StaffOrder> {
  return dataOf(api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/balance', { ...stepParams(place, id, locale), body: { method } }));
}

/** The whole ticked list: the server replaces the last one with it. */
export function saveInspection(place: DealerPlace, id: string, done: string[], locale: Locale): Promise<StaffOrder> {
  return dataOf(api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/inspection', { ...stepParams(place, id, locale), body: { done } }));
}

export function setAppointment(place: DealerPlace, id: string, at: string, locale: Locale): Promise<StaffOrder> {
  return dataOf(api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/appointment', { ...stepParams(place, id, locale), body: { at } }));
}

export function markReady(place: DealerPlace, id: string, locale: Locale): Promise<StaffOrder> {
  return dataOf(api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/ready', { ...stepParams(place, id, locale), body: {} }));
}

export function handOver(place: DealerPlace, id: string, pickupCode: string, tempPlate: TempPlate | undefined, locale: Locale): Promise<StaffOrder> {
  return dataOf(
    api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/handover', {
      ...stepParams(place, id, locale),
      body: { pickupCode, ...(tempPlate ? { tempPlate } : {}) },
    }),
  );
}

export function cancelDealerOrder(place: DealerPlace, id: string, reason: string, locale: Locale): Promise<StaffOrder> {
  return dataOf(
    api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/cancel', { ...stepParams(place, id, locale), body: reason ? { reason } : {} }),
  );
}

// ---- Brand console: read only, but for calling an order off. ----

export function fetchStoreOrders(store: string, query: ListQuery, locale: Locale, signal?: AbortSignal): Promise<StaffOrderList> {
  return dataOf(api.GET('/api/v1/admin/stores/{store}/orders', { params: { path: { store }, query: listQuery(query, locale) }, ...withSignal(signal) }));
}

export function fetchStoreOrder(store: string, id: string, locale: Locale, signal?: AbortSignal): Promise<StaffOrder> {
  return dataOf(api.GET('/api/v1/admin/stores/{store}/orders/{id}', { params: { path: { store, id }, query: { locale } }, ...withSignal(signal) }));
}

export function cancelStoreOrder(store: string, id: string, reason: string, locale: Locale): Promise<StaffOrder> {
  return dataOf(
    api.POST('/api/v1/admin/stores/{store}/orders/{id}/cancel', { params: { path: { store, id }, query: { locale } }, body: reason ? { reason } : {} }),
  );
}

// ---- Time at the dealer: every dealer works on Shanghai time (UTC+8, no daylight saving). ----

export const DEALER_TIME_ZONE = 'Asia/Shanghai';
const SHANGHAI_OFFSET = '+08:00';

/** "2026-03-02T16:00" read on a Shanghai wall clock, as the instant the API takes. */
export function shanghaiInstant(date: string, time: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  const instant = new Date(`${date}T${time}:00${SHANGHAI_OFFSET}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** The Shanghai calendar date and wall-clock time of an instant, as date and time inputs hold them. */
export function shanghaiParts(instant: Date): { date: string; time: string } {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/** The Shanghai date `days` after today's. */
export function shanghaiDate(days: number, now = new Date()): string {
  return shanghaiParts(new Date(now.getTime() + days * 86_400_000)).date;
}

/** The longest a temporary plate may run from the handover day (the server refuses more). */
export const TEMP_PLATE_MAX_DAYS = 30;

/** A VIN's shape (17 characters, no I, O or Q); the server checks the check digit and the match. */
export function vinShapeValid(vin: string): boolean {
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(vin);
}
