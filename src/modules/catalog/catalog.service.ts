import type { DbOrTx } from '../../db/database.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import type { Money } from '../../shared/money.js';
import * as repo from './catalog.repo.js';
import { catalogErrors } from './catalog.errors.js';

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
}

export interface ModelSummary {
  slug: string;
  name: string;
  tagline: string;
  body: string;
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
}

export interface TrimView {
  code: string;
  name: string;
  engine: string;
  price: Money;
  priceIsEstimate: boolean;
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

const text = (json: string, locale: Locale) => localize(JSON.parse(json) as LocalizedText, locale);

function toStoreSummary(row: StoreRow, locale: Locale): StoreSummary {
  return {
    slug: row.slug,
    brand: row.brand,
    name: text(row.name, locale),
    tagline: text(row.tagline, locale),
    currency: row.currency,
    timezone: row.timezone,
    catalogVersion: row.catalog_version,
    plateFee: { amount: Number(row.plate_fee), currency: row.currency },
  };
}

export async function listStores(db: DbOrTx, locale: Locale): Promise<StoreSummary[]> {
  const rows = await repo.listStores(db);
  return rows.map((row) => toStoreSummary(row, locale));
}

export async function requireStore(db: DbOrTx, slug: string): Promise<StoreRow> {
  const store = await repo.findStoreBySlug(db, slug);
  if (!store) throw catalogErrors.storeNotFound(slug);
  return store;
}

export function describeStore(store: StoreRow, locale: Locale): StoreSummary {
  return toStoreSummary(store, locale);
}

/** Lower-cases and drops spaces so "city k-ze", "CityK-ZE" and "雷诺 city" find what a buyer means. */
function searchKey(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

export async function listModels(
  db: DbOrTx,
  store: StoreRow,
  filters: ModelFilters,
  locale: Locale,
): Promise<{ store: StoreSummary; models: ModelSummary[] }> {
  const rows = await repo.listModelsWithFromPrice(db, store.id);
  const query = filters.q ? searchKey(filters.q) : '';
  const models: ModelSummary[] = [];
  for (const row of rows) {
    // A model with no active trim cannot be bought, so it is not listed.
    if (row.from_price === null) continue;
    const name = text(row.name, locale);
    const tagline = text(row.tagline, locale);
    if (filters.powertrain && row.powertrain !== filters.powertrain) continue;
    if (filters.body && row.body !== filters.body) continue;
    if (filters.maxPrice !== undefined && row.from_price > filters.maxPrice) continue;
    if (query && !searchKey(`${name} ${row.slug} ${tagline}`).includes(query)) continue;
    models.push({
      slug: row.slug,
      name,
      tagline,
      body: row.body,
      powertrain: row.powertrain as Powertrain,
      seats: row.seats,
      nev: row.is_nev === 1,
      origin: row.origin,
      fromPrice: { amount: Number(row.from_price), currency: store.currency },
      priceIsEstimate: Number(row.price_is_estimate) === 1,
      trimCount: Number(row.trim_count),
      swatch: row.swatch ?? null,
    });
  }
  return { store: toStoreSummary(store, locale), models };
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
    engine: trim.engine,
    price: { amount: Number(trim.base_price), currency },
    priceIsEstimate: trim.price_is_estimate === 1,
  }));
  const fromPrice = Math.min(...trims.map((t) => t.price.amount));

  return {
    slug: model.slug,
    name: text(model.name, locale),
    tagline: text(model.tagline, locale),
    body: model.body,
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
