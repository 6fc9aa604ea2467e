import type { AnalyticsEventKind, DbOrTx } from '../../db/database.js';

/*
 * Every SQL statement of the dashboards, and only reads. Events are filtered and grouped by
 * their precomputed Asia/Shanghai `day` text, so no statement needs a dialect's date functions;
 * other tables' instants are compared as ISO text against bounds worked out in code.
 */

/** Shanghai days, both included. */
export interface DayRange {
  from: string;
  to: string;
}

/** UTC ISO instants: from included, until excluded. */
export interface InstantRange {
  from: string;
  until: string;
}

export interface EventFilters {
  modelId?: string | undefined;
  dealerId?: string | undefined;
  cityCode?: string | undefined;
  channel?: string | undefined;
}

export type EventDimension = 'model_id' | 'province' | 'city_code' | 'dealer_id';

export interface KindCount {
  kind: string;
  events: number;
  amount: number;
}

// PostgreSQL returns count(*) and sum(bigint) as strings; SQLite as numbers.
const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

function eventsIn(db: DbOrTx, storeId: string, range: DayRange, filters: EventFilters) {
  let query = db.selectFrom('analytics_event').where('analytics_event.store_id', '=', storeId).where('analytics_event.day', '>=', range.from).where('analytics_event.day', '<=', range.to);
  if (filters.modelId) query = query.where('analytics_event.model_id', '=', filters.modelId);
  if (filters.dealerId) query = query.where('analytics_event.dealer_id', '=', filters.dealerId);
  if (filters.cityCode) query = query.where('analytics_event.city_code', '=', filters.cityCode);
  if (filters.channel) query = query.where('analytics_event.channel', '=', filters.channel);
  return query;
}

/**
 * How many events of each kind, and their amounts, in the range. Grouped by day as well, so the
 * planner walks the (store, day, …) index over the range rather than the (store, kind, …) one
 * over the whole store; the days are folded here.
 */
export async function countByKind(db: DbOrTx, storeId: string, range: DayRange, filters: EventFilters): Promise<KindCount[]> {
  const rows = await eventsIn(db, storeId, range, filters)
    .select((eb) => ['analytics_event.day', 'analytics_event.kind', eb.fn.countAll().as('events'), eb.fn.sum('analytics_event.amount').as('amount')])
    .groupBy(['analytics_event.day', 'analytics_event.kind'])
    .execute();
  const byKind = new Map<string, KindCount>();
  for (const row of rows) {
    const count = byKind.get(row.kind) ?? { kind: row.kind, events: 0, amount: 0 };
    count.events += toNumber(row.events);
    count.amount += toNumber(row.amount);
    byKind.set(row.kind, count);
  }
  return [...byKind.values()];
}

/** How many events of one kind the whole store had in the range: read from the (store, kind, day) index. */
export async function countOfKind(db: DbOrTx, storeId: string, kind: AnalyticsEventKind, range: DayRange): Promise<number> {
  const row = await db
    .selectFrom('analytics_event')
    .where('store_id', '=', storeId)
    .where('kind', '=', kind)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .select((eb) => eb.fn.countAll().as('events'))
    .executeTakeFirst();
  return toNumber(row?.events);
}

/** Events of the given kinds counted by day. */
export async function countByDay(db: DbOrTx, storeId: string, range: DayRange, filters: EventFilters, kinds: readonly AnalyticsEventKind[]): Promise<Array<KindCount & { day: string }>> {
  const rows = await eventsIn(db, storeId, range, filters)
    .where('analytics_event.kind', 'in', [...kinds])
    .select((eb) => ['analytics_event.day', 'analytics_event.kind', eb.fn.countAll().as('events'), eb.fn.sum('analytics_event.amount').as('amount')])
    .groupBy(['analytics_event.day', 'analytics_event.kind'])
    .execute();
  return rows.map((row) => ({ day: row.day, kind: row.kind, events: toNumber(row.events), amount: toNumber(row.amount) }));
}

/** Events counted by one dimension (model, province, city or dealer) and kind. */
export async function countByDimension(
  db: DbOrTx,
  storeId: string,
  range: DayRange,
  filters: EventFilters,
  dimension: EventDimension,
): Promise<Array<KindCount & { key: string | null }>> {
  const column = `analytics_event.${dimension}` as const;
  const rows = await eventsIn(db, storeId, range, filters)
    .select((eb) => [eb.ref(column).as('key'), 'analytics_event.kind', eb.fn.countAll().as('events'), eb.fn.sum('analytics_event.amount').as('amount')])
    .groupBy([column, 'analytics_event.kind'])
    .execute();
  return rows.map((row) => ({ key: row.key, kind: row.kind, events: toNumber(row.events), amount: toNumber(row.amount) }));
}

/** Events counted by whether their model is a new-energy vehicle; events without a model are left out. */
export async function countByNev(db: DbOrTx, storeId: string, range: DayRange, filters: EventFilters, kinds: readonly AnalyticsEventKind[]): Promise<Array<KindCount & { nev: boolean }>> {
  const rows = await eventsIn(db, storeId, range, filters)
    .innerJoin('model', 'model.id', 'analytics_event.model_id')
    .where('analytics_event.kind', 'in', [...kinds])
    .select((eb) => ['model.is_nev', 'analytics_event.kind', eb.fn.countAll().as('events'), eb.fn.sum('analytics_event.amount').as('amount')])
    .groupBy(['model.is_nev', 'analytics_event.kind'])
    .execute();
  return rows.map((row) => ({ nev: toNumber(row.is_nev) === 1, kind: row.kind, events: toNumber(row.events), amount: toNumber(row.amount) }));
}

/** Leads created in the range, with when a dealer first answered (null: not yet). */
export async function leadContacts(
  db: DbOrTx,
  storeId: string,
  range: InstantRange,
  filters: Pick<EventFilters, 'modelId' | 'dealerId' | 'cityCode'>,
): Promise<Array<{ dealerId: string; createdAt: string; firstContactedAt: string | null }>> {
  let query = db
    .selectFrom('lead')
    .innerJoin('dealer', 'dealer.id', 'lead.dealer_id')
    .where('lead.store_id', '=', storeId)
    .where('lead.created_at', '>=', range.from)
    .where('lead.created_at', '<', range.until);
  if (filters.modelId) query = query.where('lead.model_id', '=', filters.modelId);
  if (filters.dealerId) query = query.where('lead.dealer_id', '=', filters.dealerId);
  if (filters.cityCode) query = query.where('dealer.city_code', '=', filters.cityCode);
  const rows = await query.select(['lead.dealer_id', 'lead.created_at', 'lead.first_contacted_at']).execute();
  return rows.map((row) => ({ dealerId: row.dealer_id, createdAt: row.created_at, firstContactedAt: row.first_contacted_at }));
}

export interface ModelRow {
  id: string;
  slug: string;
  name: string;
  isNev: boolean;
}

export async function listModels(db: DbOrTx, storeId: string): Promise<ModelRow[]> {
  const rows = await db.selectFrom('model').where('store_id', '=', storeId).select(['id', 'slug', 'name', 'is_nev']).orderBy('position').orderBy('slug').execute();
  return rows.map((row) => ({ id: row.id, slug: row.slug, name: row.name, isNev: toNumber(row.is_nev) === 1 }));
}

export interface DealerRow {
  id: string;
  code: string;
  name: string;
  city: string;
  cityCode: string | null;
  province: string;
}

export async function listDealers(db: DbOrTx, storeId: string): Promise<DealerRow[]> {
  const rows = await db.selectFrom('dealer').where('store_id', '=', storeId).select(['id', 'code', 'name', 'city', 'city_code', 'province']).orderBy('code').execute();
  return rows.map((row) => ({ id: row.id, code: row.code, name: row.name, city: row.city, cityCode: row.city_code, province: row.province }));
}

export async function listSalesTargets(db: DbOrTx, storeId: string): Promise<Array<{ year: number; scope: string; units: number; note: string }>> {
  const rows = await db.selectFrom('sales_target').where('store_id', '=', storeId).select(['year', 'scope', 'units', 'note']).orderBy('year').orderBy('scope').execute();
  return rows.map((row) => ({ year: toNumber(row.year), scope: row.scope, units: toNumber(row.units), note: row.note }));
}

export async function listMarketFigures(db: DbOrTx): Promise<Array<{ year: number; metric: string; value: number }>> {
  const rows = await db.selectFrom('market_figure').select(['year', 'metric', 'value']).orderBy('year').orderBy('metric').execute();
  return rows.map((row) => ({ year: toNumber(row.year), metric: row.metric, value: toNumber(row.value) }));
}

export interface CampaignRow {
  id: string;
  slug: string;
  name: string;
  modelId: string;
  unitsTotal: number;
  unitsHeld: number;
  unitsSold: number;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
}

/** Campaigns that start within the range, earliest first. */
export async function listCampaignsStarting(db: DbOrTx, storeId: string, range: InstantRange, modelId: string | undefined): Promise<CampaignRow[]> {
  let query = db.selectFrom('campaign').where('store_id', '=', storeId).where('starts_at', '>=', range.from).where('starts_at', '<', range.until);
  if (modelId) query = query.where('model_id', '=', modelId);
  const rows = await query
    .select(['id', 'slug', 'name', 'model_id', 'units_total', 'units_held', 'units_sold', 'starts_at', 'ends_at', 'ended_at'])
    .orderBy('starts_at')
    .orderBy('slug')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    modelId: row.model_id,
    unitsTotal: toNumber(row.units_total),
    unitsHeld: toNumber(row.units_held),
    unitsSold: toNumber(row.units_sold),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    endedAt: row.ended_at,
  }));
}

/** The orders that claimed a unit of these campaigns: each is one claim, paid or not. */
export async function listCampaignOrders(db: DbOrTx, campaignIds: readonly string[]): Promise<Array<{ campaignId: string; createdAt: string; depositPaidAt: string | null }>> {
  if (campaignIds.length === 0) return [];
  const rows = await db
    .selectFrom('customer_order')
    .where('campaign_id', 'in', campaignIds as string[])
    .select(['campaign_id', 'created_at', 'deposit_paid_at'])
    .execute();
  return rows.map((row) => ({ campaignId: row.campaign_id!, createdAt: row.created_at, depositPaidAt: row.deposit_paid_at }));
}
