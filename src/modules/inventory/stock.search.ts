import type { Db } from '../../db/database.js';
import { DomainError } from '../../shared/errors.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import type { Money } from '../../shared/money.js';
import type { ConfigurationView } from '../configurator/configurations.service.js';
import type { ConfigModel } from '../configurator/engine/index.js';
import { haversineKm } from '../dealers/dealer-directory.js';
import { listActiveDealers } from '../dealers/dealers.repo.js';
import { stockErrors } from './stock.errors.js';
import * as repo from './stock.repo.js';
import type { ModelLookup } from './stock.service.js';

/*
 * The buyer's stock search: available sale units of one model at active dealers, nearest
 * dealers first when the buyer gives a position, and with a saved configuration exact matches
 * first, then the closest, each saying what differs and by how much the price does.
 * Bounded work: at most CANDIDATE_CAP units are read (by vehicle_unit_stock_search_idx,
 * dealer by dealer in distance order) and at most SEARCH_MAX_LIMIT returned.
 */

export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 50;
export const CANDIDATE_CAP = 200;
export const DEFAULT_RADIUS_KM = 100;
const DEALER_BATCH = 12;

export interface SearchQuery {
  model?: string | undefined;
  trim?: string | undefined;
  configuration?: string | undefined;
  near?: { lat: number; lng: number } | undefined;
  radiusKm?: number | undefined;
  limit?: number | undefined;
}

export interface SearchDeps {
  db: Db;
  lookup: ModelLookup;
  configurationOf: (code: string) => Promise<ConfigurationView>;
}

interface Named {
  code: string;
  name: string;
}

export interface StockMatch {
  exact: boolean;
  /** The trim wanted and the unit's, when they differ. */
  trim: { wanted: Named; actual: Named } | null;
  colour: { wanted: Named | null; actual: Named | null } | null;
  /** Options the unit has that the configuration does not, and the other way round (standard fitments aside). */
  added: Named[];
  missing: Named[];
  /** The unit's price minus the configuration's vehicle price, in fen. */
  priceDifference: Money;
}

export interface StockHit {
  vin: string;
  model: Named;
  trim: Named;
  colour: Named | null;
  /** The options fitted beyond the trim's standard ones and the colour. */
  options: Named[];
  price: Money;
  inTransit: boolean;
  eta: string | null;
  dealer: { code: string; name: string; city: string };
  distanceKm?: number;
  match?: StockMatch;
}

export interface StockSearchResult {
  locale: Locale;
  /** The model searched; null when the search spans the store's whole range. */
  model: Named | null;
  configuration: string | null;
  /** Available units matching model (and trim) at every active dealer of the store. */
  total: number;
  /** Of those, at dealers within radiusKm of `near`; null without `near`. */
  nearby: number | null;
  radiusKm: number;
  units: StockHit[];
}

function optionNames(model: ConfigModel, locale: Locale) {
  const names = new Map<string, { name: string; group: string; swatch: string | null }>();
  for (const group of model.groups) {
    for (const option of group.options) names.set(option.code, { name: localize(option.name, locale), group: group.code, swatch: null });
  }
  return names;
}

export async function searchStock(deps: SearchDeps, store: { id: string; currency: string }, query: SearchQuery, locale: Locale): Promise<StockSearchResult> {
  const configuration = query.configuration === undefined ? null : await deps.configurationOf(query.configuration);
  if (configuration && query.model !== undefined && query.model !== configuration.model.slug) {
    throw stockErrors.modelMismatch(query.model, configuration.model.slug);
  }
  const modelSlug = configuration?.model.slug ?? query.model;
  const dealers = await dealersByDistance(deps.db, store.id, query.near);
  if (modelSlug === undefined) return searchRange(deps, store, dealers, query, locale);
  return searchModel(deps, store, dealers, modelSlug, configuration, query, locale);
}

type DealerAtDistance = Awaited<ReturnType<typeof listActiveDealers>>[number] & { km: number | null };

/** The store's active dealers, nearest first when the buyer gives a position: read once per search, whatever the models searched. */
async function dealersByDistance(db: Db, storeId: string, near: SearchQuery['near']): Promise<DealerAtDistance[]> {
  const dealers = (await listActiveDealers(db, storeId)).map((d) => ({ ...d, km: near ? haversineKm(near, { lat: d.lat, lng: d.lng }) : null }));
  if (near) dealers.sort((a, b) => a.km! - b.km! || (a.code < b.code ? -1 : 1));
  return dealers;
}

/** No model named: every model of the store, each searched within its own bounds, merged by distance then price. */
async function searchRange(
  deps: SearchDeps,
  store: { id: string; currency: string },
  dealers: DealerAtDistance[],
  query: SearchQuery,
  locale: Locale,
): Promise<StockSearchResult> {
  if (query.trim !== undefined) throw stockErrors.needModel();
  const slugs = await repo.listActiveModelSlugs(deps.db, store.id);
  const results = [];
  for (const slug of slugs) results.push(await searchModel(deps, store, dealers, slug, null, query, locale));
  const limit = Math.min(query.limit ?? SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT);
  const units = results
    .flatMap((result) => result.units)
    .sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0) || a.price.amount - b.price.amount || (a.vin < b.vin ? -1 : 1));
  return {
    locale,
    model: null,
    configuration: null,
    total: results.reduce((n, result) => n + result.total, 0),
    nearby: query.near ? results.reduce((n, result) => n + result.nearby!, 0) : null,
    radiusKm: query.radiusKm ?? DEFAULT_RADIUS_KM,
    units: units.slice(0, limit),
  };
}

async function searchModel(
  deps: SearchDeps,
  store: { id: string; currency: string },
  dealers: DealerAtDistance[],
  modelSlug: string,
  configuration: ConfigurationView | null,
  query: SearchQuery,
  locale: Locale,
): Promise<StockSearchResult> {
  const target = await deps.lookup(modelSlug);
  const { model } = target;
  const trimIds = new Map((await repo.findTrimIds(deps.db, target.modelId)).map((t) => [t.code, t.id]));
  let trimId: string | undefined;
  if (query.trim !== undefined) {
    trimId = trimIds.get(query.trim);
    if (trimId === undefined) throw new DomainError('unprocessable', 'STOCK_UNKNOWN_TRIM', `${model.slug} has no trim "${query.trim}".`, { trim: query.trim });
  }
  const trimCodeOf = new Map([...trimIds].map(([code, id]) => [id, code]));
  const limit = Math.min(query.limit ?? SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT);
  const radiusKm = query.radiusKm ?? DEFAULT_RADIUS_KM;

  const text = (json: string) => localize(JSON.parse(json) as LocalizedText, locale);
  const { near } = query;
  const dealerById = new Map(dealers.map((d) => [d.id, d]));

  // Candidates, dealer by dealer in distance order; with a configuration, its trim first.
  const candidates = new Map<string, Awaited<ReturnType<typeof repo.listAvailableUnits>>[number]>();
  const passes = configuration && trimId === undefined ? [trimIds.get(configuration.trim.code), undefined] : [trimId];
  // Without a configuration the nearest dealers' cars come first whatever they are: a few more
  // than the page holds are enough to order them by distance, then price.
  const wantedCandidates = configuration ? CANDIDATE_CAP : Math.min(CANDIDATE_CAP, Math.max(2 * limit, 40));
  for (const passTrim of passes) {
    const cap = passes.length > 1 && passTrim !== undefined ? (wantedCandidates * 4) / 5 : wantedCandidates;
    // Dealer by dealer only matters in distance order: without a position, one read covers them all.
    const batch = near ? DEALER_BATCH : Math.max(dealers.length, 1);
    for (let i = 0; i < dealers.length && candidates.size < cap; i += batch) {
      const rows = await repo.listAvailableUnits(deps.db, {
        storeId: store.id,
        modelId: target.modelId,
        trimId: passTrim ?? trimId,
        dealerIds: dealers.slice(i, i + batch).map((d) => d.id),
        limit: cap - candidates.size,
      });
      for (const row of rows) if (!candidates.has(row.vin)) candidates.set(row.vin, row);
    }
  }

  const names = optionNames(model, locale);
  const modelNamed = { code: model.slug, name: localize(model.name, locale) };
  const named = (code: string): Named => ({ code, name: names.get(code)?.name ?? code });
  const trimNamed = (code: string): Named => {
    const trim = model.trims.find((t) => t.code === code);
    return { code, name: trim ? localize(trim.name, locale) : code };
  };
  const standardOn = (trim: string, code: string) =>
    model.groups.some((g) => g.options.some((o) => o.code === code && o.availability[trim] === 'standard'));
  const extrasOf = (trim: string, codes: string[]) => codes.filter((code) => names.get(code)?.group !== 'paint' && !standardOn(trim, code));

  const standardsOf = (trim: string) =>
    model.groups.flatMap((g) => g.options.filter((o) => o.availability[trim] === 'standard').map((o) => o.code));
  const wanted = configuration
    ? {
        trim: configuration.trim.code,
        colour: configuration.options.find((o) => o.group === 'paint')?.code ?? null,
        extras: extrasOf(configuration.trim.code, configuration.selection.options),
        fitted: new Set([...configuration.selection.options, ...standardsOf(configuration.trim.code)]),
        price: configuration.price.vehicle.amount,
      }
    : null;

  const hits = [...candidates.values()].map((row) => {
    const dealer = dealerById.get(row.dealer_id)!;
    const trim = trimCodeOf.get(row.trim_id)!;
    const picked = JSON.parse(row.option_codes) as string[];
    const extras = extrasOf(trim, picked);
    const price = Number(row.price ?? 0);
    const hit: StockHit = {
      vin: row.vin,
      model: modelNamed,
      trim: trimNamed(trim),
      colour: row.colour === null ? null : named(row.colour),
      options: extras.map(named),
      price: { amount: price, currency: store.currency },
      inTransit: row.eta !== null,
      eta: row.eta,
      dealer: { code: dealer.code, name: text(dealer.name), city: text(dealer.city) },
      ...(dealer.km !== null ? { distanceKm: Math.round(dealer.km * 10) / 10 } : {}),
    };
    let score = 0;
    if (wanted) {
      // A difference is an option one car has beyond its trim's standard fit that the other lacks altogether.
      const fitted = new Set([...picked, ...standardsOf(trim)]);
      const added = extras.filter((code) => !wanted.fitted.has(code));
      const missing = wanted.extras.filter((code) => !fitted.has(code));
      const trimDiffers = trim !== wanted.trim;
      const colourDiffers = row.colour !== wanted.colour;
      score = (trimDiffers ? 2 : 0) + (colourDiffers ? 1 : 0) + added.length + missing.length;
      hit.match = {
        exact: score === 0,
        trim: trimDiffers ? { wanted: trimNamed(wanted.trim), actual: trimNamed(trim) } : null,
        colour: colourDiffers
          ? { wanted: wanted.colour === null ? null : named(wanted.colour), actual: row.colour === null ? null : named(row.colour) }
          : null,
        added: added.map(named),
        missing: missing.map(named),
        priceDifference: { amount: price - wanted.price, currency: store.currency },
      };
    }
    return { hit, score, km: dealer.km ?? 0, gap: wanted ? Math.abs(price - wanted.price) : price };
  });
  hits.sort((a, b) => a.score - b.score || a.km - b.km || a.gap - b.gap || (a.hit.vin < b.hit.vin ? -1 : 1));

  const perDealer = await repo.countAvailableByDealer(deps.db, {
    storeId: store.id,
    modelId: target.modelId,
    trimId,
    dealerIds: dealers.map((d) => d.id),
  });
  const countAt = (list: typeof dealers) => list.reduce((n, d) => n + (perDealer.get(d.id) ?? 0), 0);
  const total = countAt(dealers);
  const nearby = near ? countAt(dealers.filter((d) => d.km! <= radiusKm)) : null;
  return {
    locale,
    model: modelNamed,
    configuration: configuration?.code ?? null,
    total,
    nearby,
    radiusKm,
    units: hits.slice(0, limit).map((h) => h.hit),
  };
}
