import { api, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';

/** The store this deployment sells for; the demo is Renault's 2018 range in China. */
export const STORE_SLUG: string = import.meta.env.VITE_STORE ?? 'renault';

type JsonOf<Path extends keyof paths> = paths[Path] extends {
  get: { responses: { 200: { content: { 'application/json': infer Body } } } };
}
  ? Body
  : never;

export type StoreSummary = JsonOf<'/api/v1/stores/{store}'>;
export type ModelRange = JsonOf<'/api/v1/stores/{store}/models'>;
export type ModelSummary = ModelRange['models'][number];
export type ModelDetail = JsonOf<'/api/v1/stores/{store}/models/{model}'>;
export type Money = ModelSummary['fromPrice'];
export type Powertrain = ModelSummary['powertrain'];

export function fetchStore(locale: Locale, signal: AbortSignal): Promise<StoreSummary> {
  return dataOf(api.GET('/api/v1/stores/{store}', { params: { path: { store: STORE_SLUG }, query: { locale } }, signal }));
}

/** What the range can be narrowed to; maxPrice is in minor units (fen), as the API takes it. */
export interface RangeFilters {
  powertrain?: Powertrain;
  body?: string;
  maxPrice?: number;
  q?: string;
}

export function fetchRange(locale: Locale, signal: AbortSignal, filters: RangeFilters = {}): Promise<ModelRange> {
  return dataOf(
    api.GET('/api/v1/stores/{store}/models', {
      params: { path: { store: STORE_SLUG }, query: { locale, ...filters } },
      signal,
    }),
  );
}

export function fetchModel(slug: string, locale: Locale, signal: AbortSignal): Promise<ModelDetail> {
  return dataOf(
    api.GET('/api/v1/stores/{store}/models/{model}', {
      params: { path: { store: STORE_SLUG, model: slug }, query: { locale } },
      signal,
    }),
  );
}
