import { api, ApiError, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';
import { catalogRefusalOf, type CatalogRefusalView } from './catalog-admin-rules';

/*
 * The brand console's catalog through the typed client: a store's models in every state, one
 * model as it is edited, its lint, and the changes (a published model's must stay lint-clean).
 */

type ModelsPath = paths['/api/v1/admin/stores/{store}/models'];
type ModelPath = paths['/api/v1/admin/stores/{store}/models/{model}'];

export type AdminModelSummary = ModelsPath['get']['responses'][200]['content']['application/json']['models'][number];
export type AdminModel = ModelPath['get']['responses'][200]['content']['application/json'];
export type AdminTrim = AdminModel['trims'][number];
export type AdminGroup = AdminModel['groups'][number];
export type AdminOption = AdminGroup['options'][number];
export type AdminRule = AdminModel['rules'][number];
export type ModelStatus = AdminModel['status'];
export type Availability = AdminOption['availability'][string];
export type LintReport = paths['/api/v1/admin/stores/{store}/models/{model}/lint']['get']['responses'][200]['content']['application/json'];
export type ModelChanges = ModelPath['patch']['requestBody']['content']['application/json'];
export type TrimChanges = paths['/api/v1/admin/stores/{store}/models/{model}/trims/{trim}']['put']['requestBody']['content']['application/json'];
export type OptionChanges = paths['/api/v1/admin/stores/{store}/models/{model}/options/{option}']['put']['requestBody']['content']['application/json'];
export type NewModel = ModelsPath['post']['requestBody']['content']['application/json'];
export type NewTrim = paths['/api/v1/admin/stores/{store}/models/{model}/trims']['post']['requestBody']['content']['application/json'];
export type NewOption = paths['/api/v1/admin/stores/{store}/models/{model}/options']['post']['requestBody']['content']['application/json'];
export type RulesBody = paths['/api/v1/admin/stores/{store}/models/{model}/rules']['put']['requestBody']['content']['application/json'];

export const catalogAdminPaths = {
  list: (store: string) => `/admin/${store}/catalog`,
  model: (store: string, model: string) => `/admin/${store}/catalog/${model}`,
};

export function fetchAdminModels(store: string, locale: Locale, signal: AbortSignal): Promise<AdminModelSummary[]> {
  return dataOf(api.GET('/api/v1/admin/stores/{store}/models', { params: { path: { store }, query: { locale } }, signal })).then((answer) => answer.models);
}

export function fetchAdminModel(store: string, model: string, locale: Locale, signal: AbortSignal): Promise<AdminModel> {
  return dataOf(api.GET('/api/v1/admin/stores/{store}/models/{model}', { params: { path: { store, model }, query: { locale } }, signal }));
}

export function fetchLint(store: string, model: string, locale: Locale): Promise<LintReport> {
  return dataOf(api.GET('/api/v1/admin/stores/{store}/models/{model}/lint', { params: { path: { store, model }, query: { locale } } }));
}

export function updateModel(store: string, model: string, changes: ModelChanges, locale: Locale): Promise<unknown> {
  return dataOf(api.PATCH('/api/v1/admin/stores/{store}/models/{model}', { params: { path: { store, model }, query: { locale } }, body: changes }));
}

export function createModel(store: string, model: NewModel, locale: Locale): Promise<AdminModelSummary> {
  return dataOf(api.POST('/api/v1/admin/stores/{store}/models', { params: { path: { store }, query: { locale } }, body: model }));
}

export function createTrim(store: string, model: string, trim: NewTrim, locale: Locale): Promise<unknown> {
  return dataOf(api.POST('/api/v1/admin/stores/{store}/models/{model}/trims', { params: { path: { store, model }, query: { locale } }, body: trim }));
}

export function createOption(store: string, model: string, option: NewOption, locale: Locale): Promise<unknown> {
  return dataOf(api.POST('/api/v1/admin/stores/{store}/models/{model}/options', { params: { path: { store, model }, query: { locale } }, body: option }));
}

export function saveTrim(store: string, model: string, trim: string, changes: TrimChanges, locale: Locale): Promise<unknown> {
  return dataOf(api.PUT('/api/v1/admin/stores/{store}/models/{model}/trims/{trim}', { params: { path: { store, model, trim }, query: { locale } }, body: changes }));
}

export function saveOption(store: string, model: string, option: string, changes: OptionChanges, locale: Locale): Promise<unknown> {
  return dataOf(
    api.PUT('/api/v1/admin/stores/{store}/models/{model}/options/{option}', { params: { path: { store, model, option }, query: { locale } }, body: changes }),
  );
}

export function saveRules(store: string, model: string, rules: RulesBody['rules'], locale: Locale): Promise<unknown> {
  return dataOf(api.PUT('/api/v1/admin/stores/{store}/models/{model}/rules', { params: { path: { store, model }, query: { locale } }, body: { rules } }));
}

/** A refused change, mapped to the fields of its form (see catalogRefusalOf). */
export function catalogRefusal(error: unknown, fields: readonly string[]): CatalogRefusalView {
  const refusal = error instanceof ApiError ? { ...error.problem, status: error.status, code: error.code } : null;
  return catalogRefusalOf(refusal, fields);
}
