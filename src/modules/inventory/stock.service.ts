import type { Db, Tx, VehicleUnitTable } from '../../db/database.js';
import { inWriteTransaction, lockRows } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import type { Money } from '../../shared/money.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import type { ConfigurableModel } from '../configurator/configurations.service.js';
import { price as priceOf, validate } from '../configurator/engine/index.js';
import { stockErrors, type VinProblem } from './stock.errors.js';
import { findActiveDealerByCode } from '../dealers/dealers.repo.js';
import * as repo from './stock.repo.js';
import { isValidVin, vinCheckDigit } from './vin.js';

/*
 * VIN stock, as a dealer runs it. Every unit is one car: its configuration (a trim and the
 * options picked, checked by the configurator engine), colour, price, where it is (at its
 * dealer, or in transit to it with an ETA) and its status. Conservation: a sale unit is in
 * exactly one status, so available + held + sold + delivered = total at every moment, and a
 * status changes only along STATUS_TRANSITIONS, by a conditional UPDATE from the status it
 * was read in. Nothing goes back from sold: a VIN is sold at most once.
 */

export const UNIT_STATUSES = ['available', 'held', 'sold', 'delivered'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const STATUS_TRANSITIONS: Record<UnitStatus, readonly UnitStatus[]> = {
  available: ['held', 'sold'],
  held: ['available', 'sold'],
  sold: ['delivered'],
  delivered: [],
};

export const STOCK_LIST_DEFAULT_LIMIT = 50;
export const STOCK_LIST_MAX_LIMIT = 200;

/** Finds a model of the caller's store, ready for the configurator engine. */
export type ModelLookup = (modelSlug: string) => Promise<ConfigurableModel>;

export interface StockScope {
  storeId: string;
  dealerId: string;
}

export interface UnitView {
  vin: string;
  model: { slug: string; name: string };
  trim: { code: string; name: string };
  options: string[];
  colour: { code: string; name: string; swatch: string | null } | null;
  price: Money;
  status: UnitStatus;
  purpose: 'sale' | 'demo';
  dealer: { code: string; name: string };
  inTransit: boolean;
  eta: string | null;
  builtOn: string;
  updatedAt: string;
}

export interface StockCounts {
  available: number;
  held: number;
  sold: number;
  delivered: number;
  total: number;
}

/** Why a VIN is refused, or null when it is a valid one. */
export function vinProblem(vin: string): { problem: VinProblem; expected?: string } | null {
  if (vin.length !== 17) return { problem: 'length' };
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return { problem: 'characters' };
  if (!isValidVin(vin)) return { problem: 'check_digit', expected: vinCheckDigit(vin) };
  return null;
}

export function normalizeVin(raw: string): string {
  return raw.trim().toUpperCase();
}

function requireVin(raw: string): string {
  const vin = normalizeVin(raw);
  const wrong = vinProblem(vin);
  if (wrong) throw stockErrors.invalidVin(vin, wrong.problem, wrong.expected);
  return vin;
}

/** A date (midnight UTC) or a date-time with an explicit offset, as UTC ISO; null when neither. */
export function parseEta(raw: string): string | null {
  const text = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text ? null : new Date(ms).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function requireEta(raw: string): string {
  const eta = parseEta(raw);
  if (eta === null) throw stockErrors.invalidEta(raw);
  return eta;
}

export function toUnitView(row: repo.UnitRow, locale: Locale): UnitView {
  const text = (json: string) => localize(JSON.parse(json) as LocalizedText, locale);
  return {
    vin: row.vin,
    model: { slug: row.model_slug, name: text(row.model_name) },
    trim: { code: row.trim_code, name: text(row.trim_name) },
    options: JSON.parse(row.option_codes) as string[],
    colour: row.colour === null ? null : { code: row.colour, name: row.colour_name ? text(row.colour_name) : row.colour, swatch: row.colour_swatch },
    price: { amount: Number(row.price ?? 0), currency: row.currency },
    status: row.status as UnitStatus,
    purpose: row.purpose as 'sale' | 'demo',
    dealer: { code: row.dealer_code, name: text(row.dealer_name) },
    inTransit: row.eta !== null,
    eta: row.eta,
    builtOn: row.built_on,
    updatedAt: row.updated_at,
  };
}

export async function stockCounts(db: Db | Tx, storeId: string, dealerId: string | undefined): Promise<StockCounts> {
  const counts: StockCounts = { available: 0, held: 0, sold: 0, delivered: 0, total: 0 };
  for (const row of await repo.countByStatus(db, storeId, dealerId)) {
    const n = Number(row.n);
    if ((UNIT_STATUSES as readonly string[]).includes(row.status)) counts[row.status as UnitStatus] += n;
    counts.total += n;
  }
  return counts;
}

export interface ListQuery {
  model?: string | undefined;
  trim?: string | undefined;
  status?: UnitStatus | undefined;
  purpose?: 'sale' | 'demo' | undefined;
  inTransit?: boolean | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface StockPage {
  units: UnitView[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  counts: StockCounts;
}

/** A dealer's stock, or a whole store's when dealerId is undefined, a page at a time in VIN order. */
export async function listStock(db: Db, scope: { storeId: string; dealerId?: string | undefined }, query: ListQuery, locale: Locale): Promise<StockPage> {
  if (query.cursor !== undefined && !/^[A-HJ-NPR-Z0-9]{17}$/.test(query.cursor)) throw stockErrors.invalidCursor();
  const limit = Math.min(query.limit ?? STOCK_LIST_DEFAULT_LIMIT, STOCK_LIST_MAX_LIMIT);
  const rows = await repo.listUnits(db, {
    storeId: scope.storeId,
    dealerId: scope.dealerId,
    model: query.model,
    trim: query.trim,
    status: query.status,
    purpose: query.purpose,
    inTransit: query.inTransit,
    after: query.cursor,
    limit,
  });
  const units = rows.map((row) => toUnitView(row, locale));
  return {
    units,
    nextCursor: units.length === limit ? units.at(-1)!.vin : null,
    counts: await stockCounts(db, scope.storeId, scope.dealerId),
  };
}

export interface NewUnit {
  vin: string;
  model: string;
  trim: string;
  options: string[];
  price?: number | undefined;
  status?: UnitStatus | undefined;
  eta?: string | undefined;
}

/**
 * A unit checked against the catalog: a valid VIN, a valid configuration of a model of this
 * store, its colour (the fitted paint) and its price (the configuration's vehicle price unless given).
 * Throws the configurator's violations as STOCK_INVALID_CONFIGURATION.
 */
export function checkedUnit(
  target: ConfigurableModel,
  trimIds: Map<string, string>,
  input: NewUnit,
  scope: StockScope,
  now: string,
  locale: Locale,
): VehicleUnitTable {
  const vin = requireVin(input.vin);
  const selection = { trim: input.trim, options: input.options };
  const validation = validate(target.compiled, selection, locale);
  if (!validation.valid) throw stockErrors.invalidConfiguration(validation.violations);
  const breakdown = priceOf(target.compiled, selection, { plateFee: target.plateFee });
  const paints = new Set(target.model.groups.find((g) => g.code === 'paint')?.options.map((o) => o.code) ?? []);
  const colour = breakdown.options.find((line) => paints.has(line.code))?.code ?? null;
  return {
    vin,
    store_id: scope.storeId,
    model_id: target.modelId,
    trim_id: trimIds.get(input.trim)!,
    dealer_id: scope.dealerId,
    option_codes: JSON.stringify(input.options),
    purpose: 'sale',
    status: input.status ?? 'available',
    hold_expires_at: null,
    built_on: now.slice(0, 10),
    created_at: now,
    updated_at: now,
    colour,
    price: input.price ?? breakdown.vehiclePrice,
    eta: input.eta === undefined ? null : requireEta(input.eta),
  };
}

async function trimIdsOf(db: Db, target: ConfigurableModel): Promise<Map<string, string>> {
  return new Map((await repo.findTrimIds(db, target.modelId)).map((t) => [t.code, t.id]));
}

export async function addUnit(
  deps: { db: Db; clock: Clock },
  scope: StockScope,
  lookup: ModelLookup,
  input: NewUnit,
  actor: AuditActor,
  locale: Locale,
): Promise<UnitView> {
  const target = await lookup(input.model);
  const now = deps.clock.now().toISOString();
  const row = checkedUnit(target, await trimIdsOf(deps.db, target), input, scope, now, locale);
  await inWriteTransaction(deps.db, async (tx) => {
    await lockRows(tx, [['store', scope.storeId]]);
    // The primary key refuses a VIN registered anywhere, even under a concurrent insert.
    if ((await repo.insertUnits(tx, [row])) !== 1) throw stockErrors.vinTaken(row.vin);
    await recordAudit(tx, deps.clock, actor, {
      action: 'stock.unit_added',
      targetType: 'vehicle_unit',
      targetId: row.vin,
      storeId: scope.storeId,
      dealerId: scope.dealerId,
      details: { model: input.model, trim: input.trim, options: input.options, price: row.price, status: row.status, eta: row.eta },
    });
  });
  return getUnit(deps.db, scope, row.vin, locale);
}

export async function getUnit(db: Db | Tx, scope: StockScope, rawVin: string, locale: Locale): Promise<UnitView> {
  const vin = normalizeVin(rawVin);
  const row = await repo.findUnit(db, scope.storeId, vin);
  if (!row || row.dealer_id !== scope.dealerId) throw stockErrors.unitNotFound(vin);
  return toUnitView(row, locale);
}

export interface UnitChanges {
  status?: UnitStatus | undefined;
  /** A new ETA keeps the unit in transit; null marks it arrived. */
  eta?: string | null | undefined;
  price?: number | undefined;
}

/** Moves a unit along STATUS_TRANSITIONS, marks it arrived or re-prices it; anything else is a 409. */
export async function changeUnit(
  deps: { db: Db; clock: Clock },
  scope: StockScope,
  rawVin: string,
  changes: UnitChanges,
  actor: AuditActor,
  locale: Locale,
): Promise<UnitView> {
  const vin = normalizeVin(rawVin);
  const eta = changes.eta === undefined || changes.eta === null ? changes.eta : requireEta(changes.eta);
  await inWriteTransaction(deps.db, async (tx) => {
    await lockRows(tx, [['store', scope.storeId], ['vehicle_unit', vin]]);
    const unit = await repo.findUnit(tx, scope.storeId, vin);
    if (!unit || unit.dealer_id !== scope.dealerId) throw stockErrors.unitNotFound(vin);
    const from = unit.status as UnitStatus;
    const to = changes.status ?? from;
    if (changes.status !== undefined && !STATUS_TRANSITIONS[from].includes(to)) throw stockErrors.illegalTransition(vin, from, to);
    // A car a buyer has ordered moves with its order (allocation, payment, handover), never by hand.
    if (to !== from && (await repo.isOnLiveOrder(tx, vin))) throw stockErrors.onOrder(vin);
    const nextEta = eta === undefined ? unit.eta : eta;
    if (to === 'delivered' && nextEta !== null) throw stockErrors.inTransit(vin);
    const updated = await repo.updateUnitIf(
      tx,
      { storeId: scope.storeId, dealerId: scope.dealerId, vin, status: from, eta: 'any' },
      {
        status: to,
        eta: nextEta,
        ...(changes.price !== undefined ? { price: changes.price } : {}),
        ...(to !== 'held' ? { hold_expires_at: null } : {}),
        updated_at: deps.clock.now().toISOString(),
      },
    );
    if (!updated) throw stockErrors.illegalTransition(vin, from, to);
    await recordAudit(tx, deps.clock, actor, {
      action: 'stock.unit_changed',
      targetType: 'vehicle_unit',
      targetId: vin,
      storeId: scope.storeId,
      dealerId: scope.dealerId,
      details: { from, to, eta: nextEta, ...(changes.price !== undefined ? { price: changes.price } : {}) },
    });
  });
  return getUnit(deps.db, scope, vin, locale);
}

/**
 * Moves an available unit that is at this dealer to another active dealer of the same store,
 * optionally in transit with an ETA. Of two transfers of one unit at once, exactly one wins:
 * the other finds the unit gone from this dealer.
 */
export async function transferUnit(
  deps: { db: Db; clock: Clock },
  scope: StockScope,
  rawVin: string,
  input: { dealer: string; eta?: string | undefined },
  actor: AuditActor,
  locale: Locale,
): Promise<UnitView> {
  const vin = normalizeVin(rawVin);
  const eta = input.eta === undefined ? null : requireEta(input.eta);
  const target = await findActiveDealerByCode(deps.db, scope.storeId, input.dealer);
  if (!target) throw stockErrors.unknownDealer(input.dealer);
  if (target.id === scope.dealerId) throw stockErrors.sameDealer(input.dealer);
  await inWriteTransaction(deps.db, async (tx) => {
    await lockRows(tx, [['store', scope.storeId], ['vehicle_unit', vin]]);
    const unit = await repo.findUnit(tx, scope.storeId, vin);
    if (!unit || unit.dealer_id !== scope.dealerId) throw stockErrors.unitNotFound(vin);
    if (unit.status !== 'available' || unit.eta !== null) throw stockErrors.notTransferable(vin, unit.status, unit.eta !== null);
    const moved = await repo.updateUnitIf(
      tx,
      { storeId: scope.storeId, dealerId: scope.dealerId, vin, status: 'available', eta: 'arrived' },
      { dealer_id: target.id, eta, updated_at: deps.clock.now().toISOString() },
    );
    if (!moved) throw stockErrors.unitNotFound(vin);
    await recordAudit(tx, deps.clock, actor, {
      action: 'stock.unit_transferred',
      targetType: 'vehicle_unit',
      targetId: vin,
      storeId: scope.storeId,
      dealerId: scope.dealerId,
      details: { from: unit.dealer_code, to: target.code, eta },
    });
  });
  return getUnit(deps.db, { storeId: scope.storeId, dealerId: target.id }, vin, locale);
}
