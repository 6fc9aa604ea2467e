import { api, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';

type JsonOf<Path extends keyof paths> = paths[Path] extends {
  get: { responses: { 200: { content: { 'application/json': infer Body } } } };
}
  ? Body
  : never;

/** A store as the storefront shows it: its name, mark, colours and hero. */
export type StoreSummary = JsonOf<'/api/v1/stores/{store}'>;
export type ModelRange = JsonOf<'/api/v1/stores/{store}/models'>;
export type ModelSummary = ModelRange['models'][number];
export type ModelDetail = JsonOf<'/api/v1/stores/{store}/models/{model}'>;
export type Money = ModelSummary['fromPrice'];
export type Powertrain = ModelSummary['powertrain'];

/** The range across every active store; each model names the slug of the store that sells it. */
export type MarketRange = JsonOf<'/api/v1/models'>;
export type MarketModel = MarketRange['models'][number];

/** Store slugs are URL-safe identifiers: anything else in the address is no store. */
export function isStoreSlug(value: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,62}$/.test(value);
}

export function fetchStore(store: string, locale: Locale, signal: AbortSignal): Promise<StoreSummary> {
  return dataOf(api.GET('/api/v1/stores/{store}', { params: { path: { store }, query: { locale } }, signal }));
}

export async function fetchStores(locale: Locale, signal: AbortSignal): Promise<StoreSummary[]> {
  const answer = await dataOf(api.GET('/api/v1/stores', { params: { query: { locale } }, signal }));
  return answer.stores;
}

/** What the range can be narrowed to; maxPrice is in minor units (fen), as the API takes it. */
export interface RangeFilters {
  powertrain?: Powertrain;
  body?: string;
  maxPrice?: number;
  q?: string;
  /** New-energy vehicles only. */
  nev?: boolean;
}

export function fetchRange(store: string, locale: Locale, signal: AbortSignal, filters: RangeFilters = {}): Promise<ModelRange> {
  return dataOf(
    api.GET('/api/v1/stores/{store}/models', {
      params: { path: { store }, query: { locale, ...filters } },
      signal,
    }),
  );
}

/** The range across every active store (GET /api/v1/models), narrowed like a store's own. */
export function fetchMarketRange(locale: Locale, signal: AbortSignal, filters: RangeFilters = {}): Promise<MarketRange> {
  return dataOf(api.GET('/api/v1/models', { params: { query: { locale, ...filters } }, signal }));
}

export function fetchModel(store: string, slug: string, locale: Locale, signal: AbortSignal): Promise<ModelDetail> {
  return dataOf(
    api.GET('/api/v1/stores/{store}/models/{model}', {
      params: { path: { store, model: slug }, query: { locale } },
      signal,
    }),
  );
}

/** The storefront's paths, all under the store's slug, so every page and share link names its store. */
export const storePaths = {
  home: (store: string) => `/${store}`,
  model: (store: string, model: string) => `/${store}/models/${encodeURIComponent(model)}`,
  configure: (store: string, model: string) => `/${store}/models/${encodeURIComponent(model)}/configure`,
  shared: (store: string, code: string) => `/${store}/c/${code}`,
};
