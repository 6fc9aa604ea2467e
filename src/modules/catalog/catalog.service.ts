import { changeStamp } from '../../db/change-stamp.js';
import type { DbOrTx } from '../../db/database.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import type { Money } from '../../shared/money.js';
import * as repo from './catalog.repo.js';
import { catalogErrors } from './catalog.errors.js';
import { engineLine } from './catalog.engine-line.js';
import { readSpecs, type TrimSpecs } from './catalog.specs.js';
import { matchesQuery, searchKey } from './catalog.search.js';

export type Powertrain = 'ICE' | 'HEV' | 'PHEV' | 'BEV';
export type Availability = 'standard' | 'optional' | 'unavailable';
export type RuleKind = 'requires' | 'excludes' | 'includes';

export interface StoreSummary {
  slug: string;
  brand: string;
  name: string;
  tagline: string;
  currency: string;
  timezone: string;
  catalogVersion: number;
  /** Store policy for the on-the-road estimate. */
  plateFee: Money;
  branding: StoreBranding;
  hero: { title: string; subtitle: string };
}

/** A store's look, from its row: a 1–3 character text mark and two #rrggbb colours. */
export interface StoreBranding {
  mark: string;
  primaryColor: string;
  accentColor: string;
}

/** A model of the hall across stores, with the slug of the store selling it. */
export interface HallModelSummary extends ModelSummary {
  store: string;
}

export interface ModelSummary {
  slug: string;
  name: string;
  tagline: string;
  /** The body it is drawn as. */
  body: string;
  /** Every body type it is listed under, `body` first: the body filter matches any of them. */
  bodies: string[];
  powertrain: Powertrain;
  seats: number;
  nev: boolean;
  origin: string;
  fromPrice: Money;
  priceIsEstimate: boolean;
  trimCount: number;
  swatch: string | null;
}

export interface ModelFilters {
  powertrain?: Powertrain;
  body?: string;
  maxPrice?: number;
  q?: string;
  nev?: boolean;
}

export interface TrimView {
  code: string;
  name: string;
  engine: string;
  price: Money;
  priceIsEstimate: boolean;
  /** The published key specifications; a figure left out is not published. */
  specs: TrimSpecs;
}

export interface OptionView {
  code: string;
  name: string;
  price: Money;
  swatch: string | null;
  availability: Record<string, Availability>;
}

export interface OptionGroupView {
  code: string;
  name: string;
  choice: 'single' | 'multiple';
  required: boolean;
  options: OptionView[];
}

export interface RuleView {
  kind: RuleKind;
  option: string;
  targets: string[];
  note: string;
}

export interface ModelDetail extends Omit<ModelSummary, 'trimCount' | 'swatch'> {
  trims: TrimView[];
  optionGroups: OptionGroupView[];
  rules: RuleView[];
}

export type StoreRow = NonNullable<Awaited<ReturnType<typeof repo.findStoreBySlug>>>;

/** Stores read by slug, per database, with the change stamp they were read under. */
const knownStores = new WeakMap<object, Map<string, { stamp: string; row: StoreRow | undefined }>>();
const MAX_KNOWN_STORES = 1000;

/**
 * The store row, read again only when the database may have changed since it was last read
 * (changeStamp: any write of this process, any commit of another): as fresh as a query, at
 * the cost of a map lookup on the hot path of every store-scoped read. Each caller gets its
 * own copy. Without a stamp (PostgreSQL, a transaction) it is one query, as before.
 */
async function findStore(db: DbOrTx, slug: string): Promise<StoreRow | undefined> {
  const stamp = changeStamp(db);
  if (stamp === undefined) return repo.findStoreBySlug(db, slug);
  let known = knownStores.get(db);
  if (!known) knownStores.set(db, (known = new Map()));
  const hit = known.get(slug);
  if (hit?.stamp === stamp) return hit.row && { ...hit.row };
  const row = await repo.findStoreBySlug(db, slug);
  // Unknown slugs are remembered too; past the bound the map starts again rather than grow.
  if (known.size >= MAX_KNOWN_STORES && !known.has(slug)) known.clear();
  known.set(slug, { stamp, row });
  return row && { ...row };
}

const text = (json: string, locale: Locale) => localize(JSON.parse(json) as LocalizedText, locale);

/** A model's body, then the further body types its data lists it under. */
function bodiesOf(row: { body: string; body_tags: string }): string[] {
  const tags = JSON.parse(row.body_tags) as string[];
  return [row.body, ...tags.filter((tag) => tag !== row.body)];
}

// A store without branding yet still has a look: its initial on neutral colours, its own name.
const UNBRANDED = { primaryColor: '#1f2933', accentColor: '#9aa5b1' };

function toStoreSummary(row: StoreRow, locale: Locale): StoreSummary {
  const name = text(row.name, locale);
  const tagline = text(row.tagline, locale);
  const hero = row.hero ? (JSON.parse(row.hero) as { title: LocalizedText; subtitle: LocalizedText }) : undefined;
  return {
    slug: row.slug,
    brand: row.brand,
    name,
    tagline,
    currency: row.currency,
    timezone: row.timezone,
    catalogVersion: row.catalog_version,
    plateFee: { amount: Number(row.plate_fee), currency: row.currency },
    branding: {
      mark: row.brand_mark ?? row.brand.slice(0, 1).toUpperCase(),
      primaryColor: row.primary_color ?? UNBRANDED.primaryColor,
      accentColor: row.accent_color ?? UNBRANDED.accentColor,
    },
    hero: hero ? { title: localize(hero.title, locale), subtitle: localize(hero.subtitle, locale) } : { title: name, subtitle: tagline },
  };
}

/** Stores open to buyers, by slug. */
export async function listStores(db: DbOrTx, locale: Locale): Promise<StoreSummary[]> {
  const rows = await repo.listActiveStores(db);
  return rows.map((row) => toStoreSummary(row, locale));
}

/** A store open to buyers: a switched-off store is as absent from the storefront as an unknown one. */
export async function requireStore(db: DbOrTx, slug: string): Promise<StoreRow> {
  const store = await findStore(db, slug);
  if (!store || store.status !== 'active') throw catalogErrors.storeNotFound(slug);
  return store;
}

export function describeStore(store: StoreRow, locale: Locale): StoreSummary {
  return toStoreSummary(store, locale);
}

/**
 * The version of everything the hall shows: it changes whenever any store's catalog version or
 * status changes, so it keys the hall's cache and ETag the way a catalog version keys a store's.
 */
export async function hallVersion(db: DbOrTx): Promise<string> {
  const rows = await repo.listStoreVersions(db);
  return rows.map((row) => `${row.slug}:${row.catalog_version}:${row.status}`).join(',');
}

/** The hall's version (hallVersion) and the stores open to buyers, by slug with their ids, from the same one read. */
export async function storefrontVersion(db: DbOrTx): Promise<{ version: string; activeStores: Map<string, string> }> {
  const rows = await repo.listStoreVersions(db);
  return {
    version: rows.map((row) => `${row.slug}:${row.catalog_version}:${row.status}`).join(','),
    activeStores: new Map(rows.filter((row) => row.status === 'active').map((row) => [row.slug, row.id])),
  };
}

type ModelRow = Awaited<ReturnType<typeof repo.listModelsWithFromPrice>>[number];

/**
 * The buyer-facing summary of a model row, or undefined when the filters leave it out. Free text
 * matches the model's name in every language the store speaks (a buyer may know it by its
 * Chinese or its European name whatever the page's language), its slug, its tagline in the
 * page's language, and the brand, so "alpine" or "雷诺" finds a brand's cars in the hall.
 */
function summarize(row: ModelRow, store: StoreRow, filters: ModelFilters, query: string, locale: Locale): ModelSummary | undefined {
  // A model with no active trim cannot be bought, so it is not listed.
  if (row.from_price === null) return undefined;
  const names = JSON.parse(row.name) as LocalizedText;
  const name = localize(names, locale);
  const tagline = text(row.tagline, locale);
  const bodies = bodiesOf(row);
  if (filters.powertrain && row.powertrain !== filters.powertrain) return undefined;
  if (filters.body && !bodies.includes(filters.body)) return undefined;
  if (filters.maxPrice !== undefined && row.from_price > filters.maxPrice) return undefined;
  if (filters.nev !== undefined && (row.is_nev === 1) !== filters.nev) return undefined;
  const searched = [...Object.values(names), row.slug, tagline, store.brand, ...Object.values(JSON.parse(store.name) as LocalizedText)];
  if (!matchesQuery(query, searched)) return undefined;
  return {
    slug: row.slug,
    name,
    tagline,
    body: row.body,
    bodies,
    powertrain: row.powertrain as Powertrain,
    seats: row.seats,
    nev: row.is_nev === 1,
    origin: row.origin,
    fromPrice: { amount: Number(row.from_price), currency: store.currency },
    priceIsEstimate: Number(row.price_is_estimate) === 1,
    trimCount: Number(row.trim_count),
    swatch: row.swatch ?? null,
  };
}

export async function listModels(
  db: DbOrTx,
  store: StoreRow,
  filters: ModelFilters,
  locale: Locale,
): Promise<{ store: StoreSummary; models: ModelSummary[] }> {
  const rows = await repo.listModelsWithFromPrice(db, [store.id]);
  const query = filters.q ? searchKey(filters.q) : '';
  const models = rows.flatMap((row) => summarize(row, store, filters, query, locale) ?? []);
  return { store: toStoreSummary(store, locale), models };
}

/**
 * The hall: the range of every active store under one set of filters, by store slug then each
 * store's own order, with the stores that have something to show. Two queries, whatever the
 * number of stores.
 */
export async function listHallModels(
  db: DbOrTx,
  filters: ModelFilters,
  locale: Locale,
): Promise<{ stores: StoreSummary[]; models: HallModelSummary[] }> {
  const stores = await repo.listActiveStores(db);
  const rows = await repo.listModelsWithFromPrice(db, stores.map((store) => store.id));
  const query = filters.q ? searchKey(filters.q) : '';
  const byStore = new Map<string, ModelRow[]>();
  for (const row of rows) {
    const list = byStore.get(row.store_id);
    if (list) list.push(row);
    else byStore.set(row.store_id, [row]);
  }
  const shown: StoreSummary[] = [];
  const models: HallModelSummary[] = [];
  for (const store of stores) {
    const mine = (byStore.get(store.id) ?? []).flatMap((row) => summarize(row, store, filters, query, locale) ?? []);
    if (mine.length === 0) continue;
    shown.push(toStoreSummary(store, locale));
    for (const model of mine) models.push({ ...model, store: store.slug });
  }
  return { stores: shown, models };
}

export async function getModel(db: DbOrTx, store: StoreRow, modelSlug: string, locale: Locale): Promise<ModelDetail> {
  const model = await repo.findModelBySlug(db, store.id, modelSlug);
  if (!model) throw catalogErrors.modelNotFound(store.slug, modelSlug);
  const catalog = await repo.loadModelCatalog(db, model.id);
  const currency = store.currency;

  const trimCodeById = new Map(catalog.trims.map((t) => [t.id, t.code]));
  const explicit = new Map<string, Map<string, Availability>>();
  for (const row of catalog.availability) {
    const trimCode = trimCodeById.get(row.trim_id);
    if (!trimCode) continue;
    const byTrim = explicit.get(row.option_id) ?? new Map<string, Availability>();
    byTrim.set(trimCode, row.availability as Availability);
    explicit.set(row.option_id, byTrim);
  }

  const optionGroups: OptionGroupView[] = catalog.groups.map((group) => ({
    code: group.code,
    name: text(group.name, locale),
    choice: group.choice as 'single' | 'multiple',
    required: group.required === 1,
    options: catalog.options
      .filter((option) => option.group_id === group.id)
      .map((option) => ({
        code: option.code,
        name: text(option.name, locale),
        price: { amount: Number(option.price), currency },
        swatch: option.swatch,
        // An option with no row for a trim is optional there, at its price.
        availability: Object.fromEntries(
          catalog.trims.map((trim) => [trim.code, explicit.get(option.id)?.get(trim.code) ?? 'optional']),
        ),
      })),
  }));

  const trims = catalog.trims.map((trim) => ({
    code: trim.code,
    name: text(trim.name, locale),
    engine: engineLine(trim.engine, locale),
    price: { amount: Number(trim.base_price), currency },
    priceIsEstimate: trim.price_is_estimate === 1,
    specs: readSpecs(trim.specs),
  }));
  const fromPrice = Math.min(...trims.map((t) => t.price.amount));

  return {
    slug: model.slug,
    name: text(model.name, locale),
    tagline: text(model.tagline, locale),
    body: model.body,
    bodies: bodiesOf(model),
    powertrain: model.powertrain as Powertrain,
    seats: model.seats,
    nev: model.is_nev === 1,
    origin: model.origin,
    fromPrice: { amount: Number.isFinite(fromPrice) ? fromPrice : 0, currency },
    priceIsEstimate: trims.some((t) => t.priceIsEstimate),
    trims,
    optionGroups,
    rules: catalog.rules.map((rule) => ({
      kind: rule.kind as RuleKind,
      option: rule.option_code,
      targets: JSON.parse(rule.targets) as string[],
      note: text(rule.note, locale),
    })),
  };
}

export async function modelIdOf(db: DbOrTx, store: StoreRow, modelSlug: string): Promise<string | undefined> {
  return (await repo.findModelBySlug(db, store.id, modelSlug))?.id;
}

/**
 * The store `/` opens, if the deployment names one and it is still open: a store switched off
 * after start sends buyers to the hall rather than to a 404.
 */
export async function siteDefaultStore(db: DbOrTx, configured: string | null): Promise<string | null> {
  if (!configured) return null;
  const store = await repo.findStoreBySlug(db, configured);
  return store?.status === 'active' ? store.slug : null;
}
