import type { Kysely } from 'kysely';
import type { AnalyticsEventKind, DbOrTx } from '../../db/database.js';
import { splitByMonth } from '../../shared/calendar-days.js';

/*
 * Every SQL statement of the dashboards, and only reads. Events are counted from their rollups
 * (migration 0024): per Shanghai month for the whole months of a range, per Shanghai day for
 * the days around them, both kept by triggers in the transaction that writes the events, so
 * they hold exactly what analytics_event holds, late events included. Other tables' instants
 * are compared as ISO text against bounds worked out in code.
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

/** Every kind an event can have: a read that wants them all names them, so the rollups' (store, kind, period) key is sought, never scanned. */
export const EVENT_KINDS: readonly AnalyticsEventKind[] = [
  'model_viewed',
  'configuration_saved',
  'lead_created',
  'test_drive_booked',
  'test_drive_completed',
  'deposit_paid',
  'delivered',
  'campaign_claimed',
];

// PostgreSQL returns count(*) and sum(bigint) as strings; SQLite as numbers.
const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
/** The rollups store a missing model, dealer, city or province as ''. */
const keyOf = (value: unknown): string | null => (value === '' || value === null || value === undefined ? null : String(value));

interface RollupGrouping {
  /** Count per day (the day rollup alone, over the whole range). */
  byDay?: boolean;
  dimension?: EventDimension;
  /** Count per NEV or not: joins the model; events without one are left out. */
  nev?: boolean;
}

interface RollupCount extends KindCount {
  day: string | null;
  key: string | null;
  nev: boolean;
}

/**
 * Events of the given kinds in the range, summed from the rollups and grouped as asked. The
 * two rollup tables differ only by their period column, so one builder serves both.
 */
async function rolledUp(db: DbOrTx, storeId: string, range: DayRange, filters: EventFilters, kinds: readonly AnalyticsEventKind[], grouping: RollupGrouping): Promise<RollupCount[]> {
  if (kinds.length === 0) return [];
  const split = splitByMonth(range);
  const parts: Array<{ table: 'analytics_day_rollup' | 'analytics_month_rollup'; period: 'day' | 'month'; from: string; to: string }> = grouping.byDay
    ? [{ table: 'analytics_day_rollup', period: 'day', ...range }]
    : [
        ...(split.months ? [{ table: 'analytics_month_rollup' as const, period: 'month' as const, ...split.months }] : []),
        ...split.days.map((days) => ({ table: 'analytics_day_rollup' as const, period: 'day' as const, ...days })),
      ];
  const merged = new Map<string, RollupCount>();
  for (const part of parts) {
    // The builder is untyped here: the period column's name is the part's.
    let query = (db as unknown as Kysely<any>)
      .selectFrom(`${part.table} as r`)
      .where('r.store_id', '=', storeId)
      .where('r.kind', 'in', [...kinds])
      .where(`r.${part.period}`, '>=', part.from)
      .where(`r.${part.period}`, '<=', part.to);
    if (filters.modelId) query = query.where('r.model_id', '=', filters.modelId);
    if (filters.dealerId) query = query.where('r.dealer_id', '=', filters.dealerId);
    if (filters.cityCode) query = query.where('r.city_code', '=', filters.cityCode);
    if (filters.channel) query = query.where('r.channel', '=', filters.channel);
    const groups: string[] = ['r.kind'];
    if (grouping.byDay) groups.push('r.day');
    if (grouping.dimension) groups.push(`r.${grouping.dimension}`);
    if (grouping.nev) {
      query = query.innerJoin('model', 'model.id', 'r.model_id');
      groups.push('model.is_nev');
    }
    const rows: Array<Record<string, unknown>> = await query
      .select((eb) => [
        ...groups.map((column) => eb.ref(column).as(column.slice(column.indexOf('.') + 1))),
        eb.fn.sum('r.events').as('events'),
        eb.fn.sum('r.amount').as('amount'),
      ])
      .groupBy(groups)
      .execute();
    for (const row of rows) {
      const count: RollupCount = {
        kind: String(row.kind),
        day: grouping.byDay ? String(row.day) : null,
        key: grouping.dimension ? keyOf(row[grouping.dimension]) : null,
        nev: grouping.nev ? toNumber(row.is_nev) === 1 : false,
        events: toNumber(row.events),
        amount: toNumber(row.amount),
      };
      const id = JSON.stringify([count.kind, count.day, count.key, count.nev]);
      const seen = merged.get(id);
      if (seen) {
        seen.events += count.events;
        seen.amount += count.amount;
      } else merged.set(id, count);
    }
  }
  return [...merged.values()];
}

/** How many events of each kind, and their amounts, in the range. */
export async function countByKind(db: DbOrTx, storeId: string, range: DayRange, filters: EventFilters): Promise<KindCount[]> {
  const rows = await rolledUp(db, storeId, range, filters, EVENT_KINDS, {});
  return rows.map(({ kind, events, amount }) => ({ kind, events, amount }));
}

/** How many events of one kind the whole store had in the range. */
export async function countOfKind(db: DbOrTx, storeId: string, kind: AnalyticsEventKind, range: DayRange): Promise<number> {
  const rows = await rolledUp(db, storeId, range, {}, [kind], {});
  return rows.reduce((sum, row) => sum + row.events, 0);
}

/** Events of the given kinds counted by day. */
export async function countByDay(db: DbOrTx, storeId: string, range: DayRange, filters: EventFilters, kinds: readonly AnalyticsEventKind[]): Promise<Array<KindCount & { day: string }>> {
  const rows = await rolledUp(db, storeId, range, filters, kinds, { byDay: true });
  return rows.map((row) => ({ day: row.day!, kind: row.kind, events: row.events, amount: row.amount }));
}

/** Events counted by one dimension (model, province, city or dealer) and kind. */
export async function countByDimension(
  db: DbOrTx,
  storeId: string,
  range: DayRange,
  filters: EventFilters,
  dimension: EventDimension,
): Promise<Array<KindCount & { key: string | null }>> {
  const rows = await rolledUp(db, storeId, range, filters, EVENT_KINDS, { dimension });
  return rows.map((row) => ({ key: row.key, kind: row.kind, events: row.events, amount: row.amount }));
}

/** Events counted by whether their model is a new-energy vehicle; events without a model are left out. */
export async function countByNev(db: DbOrTx, storeId: string, range: DayRange, filters: EventFilters, kinds: readonly AnalyticsEventKind[]): Promise<Array<KindCount & { nev: boolean }>> {
  const rows = await rolledUp(db, storeId, range, filters, kinds, { nev: true });
  return rows.map((row) => ({ nev: row.nev, kind: row.kind, events: row.events, amount: row.amount }));
}

/** Leads created in the range, with when a dealer first answered (null: not yet). */
export async function leadContacts(
  db: DbOrTx,
  storeId: string,
  range: InstantRange,
  filters: Pick<EventFilters, 'modelId' | 'dealerId' | 'cityCode'>,
): Promise<Array<{ dealerId: string; createdAt: string; firstContactedAt: string | null }>> {
  // No join: the (store, created_at, dealer, first contact, model) index answers it alone; a
  // city is its dealers.
  let query = db.selectFrom('lead').where('lead.store_id', '=', storeId).where('lead.created_at', '>=', range.from).where('lead.created_at', '<', range.until);
  if (filters.modelId) query = query.where('lead.model_id', '=', filters.modelId);
  if (filters.dealerId) query = query.where('lead.dealer_id', '=', filters.dealerId);
  if (filters.cityCode) {
    const city = filters.cityCode;
    query = query.where('lead.dealer_id', 'in', (eb) => eb.selectFrom('dealer').select('dealer.id').where('dealer.store_id', '=', storeId).where('dealer.city_code', '=', city));
  }
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
