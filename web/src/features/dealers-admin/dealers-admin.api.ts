import { api, ApiError, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';

/*
 * The brand console's dealer network through the typed client: the store's dealers, one
 * dealer's profile, services, hours and status, and its staff accounts.
 */

type DealersPath = paths['/api/v1/admin/stores/{store}/dealers'];
type DealerPath = paths['/api/v1/admin/stores/{store}/dealers/{dealer}'];
type StaffPath = paths['/api/v1/admin/stores/{store}/dealers/{dealer}/staff'];

export type AdminDealer = DealerPath['get']['responses'][200]['content']['application/json'];
export type DealerPage = DealersPath['get']['responses'][200]['content']['application/json'];
export type NewDealer = DealersPath['post']['requestBody']['content']['application/json'];
export type DealerChanges = DealerPath['patch']['requestBody']['content']['application/json'];
export type WeeklyHours = NonNullable<AdminDealer['openingHours']>;
export type Staff = StaffPath['get']['responses'][200]['content']['application/json']['staff'][number];
export type NewStaff = StaffPath['post']['requestBody']['content']['application/json'];
export type NewStaffAnswer = StaffPath['post']['responses'][201]['content']['application/json'];

export { WEEKDAYS, type Weekday } from '../dealers/dealers.api';

export const dealerAdminPaths = {
  list: (store: string) => `/admin/${store}/dealers`,
  dealer: (store: string, dealer: string) => `/admin/${store}/dealers/${dealer}`,
};

export function fetchDealers(store: string, query: { status?: 'active' | 'inactive' | undefined; after?: string | undefined }, locale: Locale, signal: AbortSignal): Promise<DealerPage> {
  return dataOf(
    api.GET('/api/v1/admin/stores/{store}/dealers', {
      params: { path: { store }, query: { locale, limit: 50, ...(query.status ? { status: query.status } : {}), ...(query.after ? { after: query.after } : {}) } },
      signal,
    }),
  );
}

export function fetchDealer(store: string, dealer: string, locale: Locale, signal: AbortSignal): Promise<AdminDealer> {
  return dataOf(api.GET('/api/v1/admin/stores/{store}/dealers/{dealer}', { params: { path: { store, dealer }, query: { locale } }, signal }));
}

export function createDealer(store: string, body: NewDealer, locale: Locale): Promise<AdminDealer> {
  return dataOf(api.POST('/api/v1/admin/stores/{store}/dealers', { params: { path: { store }, query: { locale } }, body }));
}

export function updateDealer(store: string, dealer: string, body: DealerChanges, locale: Locale): Promise<AdminDealer> {
  return dataOf(api.PATCH('/api/v1/admin/stores/{store}/dealers/{dealer}', { params: { path: { store, dealer }, query: { locale } }, body }));
}

export function fetchStaff(store: string, dealer: string, signal: AbortSignal): Promise<Staff[]> {
  return dataOf(api.GET('/api/v1/admin/stores/{store}/dealers/{dealer}/staff', { params: { path: { store, dealer } }, signal })).then((answer) => answer.staff);
}

export function addStaff(store: string, dealer: string, body: NewStaff): Promise<NewStaffAnswer> {
  return dataOf(api.POST('/api/v1/admin/stores/{store}/dealers/{dealer}/staff', { params: { path: { store, dealer } }, body }));
}

export function setStaffStatus(store: string, dealer: string, id: string, status: Staff['status']): Promise<Staff> {
  return dataOf(api.PATCH('/api/v1/admin/stores/{store}/dealers/{dealer}/staff/{id}', { params: { path: { store, dealer, id } }, body: { status } }));
}

/**
 * The fields a refusal names, by the form's own field keys: validation paths
 * (`body.location.lat`, `body.openingHours.mon.close`) and domain problems' `errors` alike.
 * A refusal that names no field is the form's (`form`).
 */
export function fieldsOfProblem(error: unknown): { fields: Set<string>; code: string | undefined; network: boolean } {
  if (!(error instanceof ApiError)) return { fields: new Set(['form']), code: undefined, network: true };
  const fields = new Set<string>();
  for (const { path } of error.problem.errors ?? []) {
    const parts = path.replace(/^body\./, '').split('.');
    // openingHours.mon.close → hours.mon; name.zh-CN → name.zh-CN; location.lat → location.lat
    if (parts[0] === 'openingHours' && parts[1]) fields.add(`hours.${parts[1]}`);
    else fields.add(parts.slice(0, 2).join('.'));
  }
  if (fields.size === 0) fields.add('form');
  return { fields, code: error.code, network: false };
}
