import { api, dataOf, isNotFound } from '../../api/client';
import { getJson, type StoreLooks } from '../../api/pending';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';

type JsonOf<Path extends keyof paths> = paths[Path] extends {
  get: { responses: { 200: { content: { 'application/json': infer Body } } } };
}
  ? Body
  : never;

/** A store as the storefront shows it; its looks are optional until every server sends them. */
export type StoreSummary = JsonOf<'/api/v1/stores/{store}'> & Partial<StoreLooks>;
export type ModelRange = JsonOf<'/api/v1/stores/{store}/models'>;
export type ModelSummary = ModelRange['models'][number];
export type ModelDetail = JsonOf<'/api/v1/stores/{store}/models/{model}'>;
export type Money = ModelSummary['fromPrice'];
export type Powertrain = ModelSummary['powertrain'];

/** A model of the marketplace-wide range, with the slug of the store that sells it. */
export type MarketModel = ModelSummary & { store: string };
export interface MarketRange {
  stores: StoreSummary[];
  models: MarketModel[];
}

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
      // `nev` is new on the server; spread in so the generated query type need not know it yet.
      params: { path: { store }, query: { locale, ...filters } as { locale: Locale } },
      signal,
    }),
  );
}

/**
 * The range across every active store (GET /api/v1/models). A server without that endpoint
 * yet is asked store by store, so the hall works on either.
 */
export async function fetchMarketRange(locale: Locale, signal: AbortSignal, filters: RangeFilters = {}): Promise<MarketRange> {
  try {
    return await getJson<MarketRange>('/api/v1/models', { locale, ...filters }, signal);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  // Such a server may not know `nev` either: that filter is applied here.
  const { nev, ...storeFilters } = filters;
  const stores = await fetchStores(locale, signal);
  const ranges = await Promise.all(stores.map((store) => fetchRange(store.slug, locale, signal, storeFilters)));
  return {
    stores,
    models: ranges.flatMap((range, i) =>
      range.models.filter((model) => !nev || model.nev).map((model) => ({ ...model, store: stores[i]!.slug })),
    ),
  };
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
