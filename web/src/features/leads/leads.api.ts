import { ApiError, api, dataOf, type Problem } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';

type JsonOf<Path extends keyof paths, Method extends 'get' | 'post', Status extends number> = paths[Path] extends {
  [M in Method]: { responses: { [S in Status]: { content: { 'application/json': infer Body } } } };
}
  ? Body
  : never;

export type BuyerLead = JsonOf<'/api/v1/stores/{store}/leads', 'post', 201>;
export type LeadQueue = JsonOf<'/api/v1/dealer/stores/{store}/dealers/{dealer}/leads', 'get', 200>;
export type StaffLead = LeadQueue['leads'][number];
export type LeadDetail = JsonOf<'/api/v1/dealer/stores/{store}/dealers/{dealer}/leads/{id}', 'get', 200>;
export type LeadStatus = StaffLead['status'];
export type DealerCard = JsonOf<'/api/v1/stores/{store}/dealers', 'get', 200>['dealers'][number];

export const LEAD_STATUSES: readonly LeadStatus[] = ['new', 'contacted', 'test_drive_booked', 'won', 'lost'];

/** What a "contact me" is about: exactly one of them. */
export type LeadSubject = { model: string } | { configuration: string } | { vin: string };

export interface ContactRequest {
  dealer: string;
  sharePhone: boolean;
  phone?: string;
  message?: string;
}

/** Sends the request; `created` is false when an open request about the same car at that dealer already stood. */
export async function requestContact(
  store: string,
  subject: LeadSubject,
  request: ContactRequest,
  locale: Locale,
): Promise<{ lead: BuyerLead; created: boolean }> {
  const { data, error, response } = await api.POST('/api/v1/stores/{store}/leads', {
    params: { path: { store }, query: { locale } },
    body: { ...subject, ...request },
  });
  if (error !== undefined || data === undefined) throw new ApiError(response.status, error as Partial<Problem> | undefined);
  return { lead: data, created: response.status === 201 };
}

/** Dealers of the store that sell, nearest first from `near`, else by city. */
export function fetchSellingDealers(store: string, near: string | undefined, locale: Locale, signal: AbortSignal) {
  return dataOf(
    api.GET('/api/v1/stores/{store}/dealers', {
      params: { path: { store }, query: { service: 'sales', limit: 50, locale, ...(near ? { near } : {}) } },
      signal,
    }),
  );
}

/** One dealer of the store, in the same shape as the list, for a page that already names the dealer. */
export async function fetchOneDealer(store: string, dealer: string, locale: Locale, signal: AbortSignal) {
  const card = await dataOf(api.GET('/api/v1/stores/{store}/dealers/{dealer}', { params: { path: { store, dealer }, query: { locale } }, signal }));
  return { dealers: [card] };
}

type Place = { store: string; dealer: string };

export function fetchLeadQueue(place: Place, query: { status?: LeadStatus; cursor?: string }, locale: Locale, signal?: AbortSignal) {
  return dataOf(
    api.GET('/api/v1/dealer/stores/{store}/dealers/{dealer}/leads', {
      params: { path: place, query: { ...query, limit: 20, locale } },
      ...(signal ? { signal } : {}),
    }),
  );
}

export function fetchLead(place: Place, id: string, locale: Locale, signal?: AbortSignal) {
  return dataOf(api.GET('/api/v1/dealer/stores/{store}/dealers/{dealer}/leads/{id}', { params: { path: { ...place, id }, query: { locale } }, ...(signal ? { signal } : {}) }));
}

export function moveLead(place: Place, id: string, status: LeadStatus, locale: Locale) {
  return dataOf(
    api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/leads/{id}/status', {
      params: { path: { ...place, id }, query: { locale } },
      body: { status },
    }),
  );
}

export function addLeadNote(place: Place, id: string, note: string, locale: Locale) {
  return dataOf(
    api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/leads/{id}/notes', {
      params: { path: { ...place, id }, query: { locale } },
      body: { note },
    }),
  );
}
