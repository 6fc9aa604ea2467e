import type { Db } from '../../db/database.js';
import { DomainError } from '../../shared/errors.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import type { Money } from '../../shared/money.js';
import type { ConfigurableModel, ConfigurationView } from '../configurator/configurations.service.js';
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
 * Bounded work: at most CANDIDATE_CAP units of a model are read (by vehicle_unit_stock_search_idx,
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

/**
 * No model named: every model of the store, each within its own bounds as if searched alone,
 * merged by distance then price. A fixed number of queries whatever the size of the range (its
 * models' catalogs once cached): the counts of every model at every dealer first, which say exactly
 * which units each model's candidates are, then all those candidates in one read.
 */
async function searchRange(
  deps: SearchDeps,
  store: { id: string; currency: string },
  dealers: DealerAtDistance[],
  query: SearchQuery,
  locale: Locale,
): Promise<StockSearchResult> {
  if (query.trim !== undefined) throw stockErrors.needModel();
  const limit = Math.min(query.limit ?? SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT);
  const radiusKm = query.radiusKm ?? DEFAULT_RADIUS_KM;
  const targets = [];
  for (const slug of await repo.listActiveModelSlugs(deps.db, store.id)) targets.push(await deps.lookup(slug));

  const counts = await repo.countAvailableByModelAndDealer(deps.db, {
    storeId: store.id,
    modelIds: targets.map((t) => t.modelId),
    dealerIds: dealers.map((d) => d.id),
  });
  const countOf = new Map(counts.map((c) => [`${c.modelId}:${c.dealerId}`, c.n]));
  // Without a position no dealer comes first: they are taken in the index's own order, by id.
  const readOrder = query.near ? dealers : [...dealers].sort((a, b) => (a.id < b.id ? -1 : 1));
  const cap = candidatesWanted(null, limit);
  const takes = targets.flatMap((t) => takesInOrder(t.modelId, readOrder, (dealerId) => countOf.get(`${t.modelId}:${dealerId}`) ?? 0, cap));
  const rowsByModel = new Map<string, CandidateRow[]>(targets.map((t) => [t.modelId, []]));
  for (const row of await repo.listAvailableUnitsOf(deps.db, store.id, takes)) rowsByModel.get(row.model_id)?.push(row);

  const dealerById = new Map(dealers.map((d) => [d.id, d]));
  const units = targets
    .flatMap((target) => rankedHits(store, dealerById, target, rowsByModel.get(target.modelId) ?? [], null, locale).slice(0, limit))
    .sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0) || a.price.amount - b.price.amount || (a.vin < b.vin ? -1 : 1));
  const nearIds = new Set(dealers.filter((d) => d.km !== null && d.km <= radiusKm).map((d) => d.id));
  return {
    locale,
    model: null,
    configuration: null,
    total: counts.reduce((n, c) => n + c.n, 0),
    nearby: query.near ? counts.reduce((n, c) => n + (nearIds.has(c.dealerId) ? c.n : 0), 0) : null,
    radiusKm,
    units: units.slice(0, limit),
  };
}

/** How many candidates a search reads: with a configuration the most it may; otherwise a few more than the page holds. */
function candidatesWanted(configuration: ConfigurationView | null, limit: number): number {
  // Without a configuration the nearest dealers' cars come first whatever they are: a few more
  // than the page holds are enough to order them by distance, then price.
  return configuration ? CANDIDATE_CAP : Math.min(CANDIDATE_CAP, Math.max(2 * limit, 40));
}

/**
 * The reads that give one model's first `cap` units, dealer by dealer in the given order: every unit
 * of the dealers that fit whole, then as many as still fit of the next one.
 */
function takesInOrder(modelId: string, dealers: DealerAtDistance[], countAt: (dealerId: string) => number, cap: number): repo.UnitTake[] {
  const whole: string[] = [];
  let room = cap;
  for (const dealer of dealers) {
    const n = countAt(dealer.id);
    if (n === 0) continue;
    if (n > room) return [{ modelId, dealerIds: whole, limit: cap - room }, { modelId, dealerIds: [dealer.id], limit: room }];
    whole.push(dealer.id);
    room -= n;
    if (room === 0) break;
  }
  return [{ modelId, dealerIds: whole, limit: cap - room }];
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
  let trimId: string | undefined;
  if (query.trim !== undefined) {
    trimId = target.trimIds[query.trim];
    if (trimId === undefined) throw new DomainError('unprocessable', 'STOCK_UNKNOWN_TRIM', `${model.slug} has no trim "${query.trim}".`, { trim: query.trim });
  }
  const limit = Math.min(query.limit ?? SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT);
  const radiusKm = query.radiusKm ?? DEFAULT_RADIUS_KM;
  const { near } = query;

  // Candidates, dealer by dealer in distance order; with a configuration, its trim first.
  const candidates = new Map<string, CandidateRow>();
  const passes = configuration && trimId === undefined ? [target.trimIds[configuration.trim.code], undefined] : [trimId];
  const wantedCandidates = candidatesWanted(configuration, limit);
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
  const dealerById = new Map(dealers.map((d) => [d.id, d]));
  const hits = rankedHits(store, dealerById, target, [...candidates.values()], configuration, locale);

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
    model: { code: model.slug, name: localize(model.name, locale) },
    configuration: configuration?.code ?? null,
    total,
    nearby,
    radiusKm,
    units: hits.slice(0, limit),
  };
}

type CandidateRow = Awaited<ReturnType<typeof repo.listAvailableUnits>>[number];

/**
 * One model's candidates as the buyer sees them, best first: with a configuration, by how far
 * each is from it, then by distance and price gap; otherwise by distance, then price.
 */
function rankedHits(
  store: { id: string; currency: string },
  dealerById: Map<string, DealerAtDistance>,
  target: ConfigurableModel,
  rows: CandidateRow[],
  configuration: ConfigurationView | null,
  locale: Locale,
): StockHit[] {
  const { model } = target;
  const trimCodeOf = new Map(Object.entries(target.trimIds).map(([code, id]) => [id, code]));
  const text = (json: string) => localize(JSON.parse(json) as LocalizedText, locale);
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

  const hits = rows.map((row) => {
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
  return hits.map((h) => h.hit);
}
