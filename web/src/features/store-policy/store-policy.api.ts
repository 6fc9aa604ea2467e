import { api, ApiError, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';
import type { Refusal } from './store-policy-rules';

/*
 * The store policy of the brand console through the typed client: five sections, each read
 * with a version and saved whole with it (a 409 tells that someone else saved since).
 */

type Admin = paths['/api/v1/admin/stores/{store}/deposits'];
export type Deposits = Admin['get']['responses'][200]['content']['application/json'];
export type DepositsBody = Admin['put']['requestBody']['content']['application/json'];
export type OrderPolicy = paths['/api/v1/admin/stores/{store}/order-policy']['get']['responses'][200]['content']['application/json'];
export type OrderPolicyBody = paths['/api/v1/admin/stores/{store}/order-policy']['put']['requestBody']['content']['application/json'];
export type FinancePolicy = paths['/api/v1/admin/stores/{store}/finance-policy']['get']['responses'][200]['content']['application/json'];
export type FinancePolicyBody = paths['/api/v1/admin/stores/{store}/finance-policy']['put']['requestBody']['content']['application/json'];
export type PlateFees = paths['/api/v1/admin/stores/{store}/plate-fees']['get']['responses'][200]['content']['application/json'];
export type PlateFeesBody = paths['/api/v1/admin/stores/{store}/plate-fees']['put']['requestBody']['content']['application/json'];
export type TestDrivePolicy = paths['/api/v1/admin/stores/{store}/test-drive-policy']['get']['responses'][200]['content']['application/json'];
export type TestDrivePolicyBody = paths['/api/v1/admin/stores/{store}/test-drive-policy']['put']['requestBody']['content']['application/json'];

export const storePolicyPath = (store: string) => `/admin/${store}/policy`;

const path = (store: string) => ({ path: { store } });
const localized = (store: string, locale: Locale) => ({ path: { store }, query: { locale } });

export const fetchDeposits = (store: string, locale: Locale, signal: AbortSignal) =>
  dataOf(api.GET('/api/v1/admin/stores/{store}/deposits', { params: localized(store, locale), signal }));
export const saveDeposits = (store: string, locale: Locale, body: DepositsBody) =>
  dataOf(api.PUT('/api/v1/admin/stores/{store}/deposits', { params: localized(store, locale), body }));

export const fetchOrderPolicy = (store: string, signal: AbortSignal) => dataOf(api.GET('/api/v1/admin/stores/{store}/order-policy', { params: path(store), signal }));
export const saveOrderPolicy = (store: string, body: OrderPolicyBody) => dataOf(api.PUT('/api/v1/admin/stores/{store}/order-policy', { params: path(store), body }));

export const fetchFinancePolicy = (store: string, signal: AbortSignal) => dataOf(api.GET('/api/v1/admin/stores/{store}/finance-policy', { params: path(store), signal }));
export const saveFinancePolicy = (store: string, body: FinancePolicyBody) => dataOf(api.PUT('/api/v1/admin/stores/{store}/finance-policy', { params: path(store), body }));

export const fetchPlateFees = (store: string, locale: Locale, signal: AbortSignal) =>
  dataOf(api.GET('/api/v1/admin/stores/{store}/plate-fees', { params: localized(store, locale), signal }));
export const savePlateFees = (store: string, locale: Locale, body: PlateFeesBody) =>
  dataOf(api.PUT('/api/v1/admin/stores/{store}/plate-fees', { params: localized(store, locale), body }));

export const fetchTestDrivePolicy = (store: string, signal: AbortSignal) => dataOf(api.GET('/api/v1/admin/stores/{store}/test-drive-policy', { params: path(store), signal }));
export const saveTestDrivePolicy = (store: string, body: TestDrivePolicyBody) =>
  dataOf(api.PUT('/api/v1/admin/stores/{store}/test-drive-policy', { params: path(store), body }));

/** The refusal in an error, or null when the API was not reached (offline, a dropped connection). */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof ApiError)) return null;
  const limits = (error.problem as { limits?: unknown }).limits;
  return { status: error.status, code: error.code, errors: error.problem.errors ?? [], limits: Array.isArray(limits) ? (limits as Refusal['limits']) : [] };
}
