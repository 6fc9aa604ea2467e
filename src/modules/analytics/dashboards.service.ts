import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import { addDays, daysBetween, daysInYear, eachDay, isDay, isoWeek, monthOf, shanghaiDay, shanghaiDayStart } from '../../shared/calendar-days.js';
import { analyticsErrors } from './analytics.errors.js';
import * as queries from './dashboards.repo.js';
import type { DayRange, DealerRow, EventFilters, InstantRange, KindCount } from './dashboards.repo.js';

/*
 * The brand's figures, assembled from counts the queries return. Every rate is given as the
 * exact pair it comes from (numerator / denominator) beside a percentage rounded to two
 * places, so a dashboard can show either and a reader can check it. Days are Shanghai days.
 */

export interface AnalyticsDeps {
  db: Db;
  clock: Clock;
}

/** Three years of days: 2023-01-01 to 2025-12-31 is the longest range that passes. */
export const MAX_RANGE_DAYS = 1096;
/** Without `from`, a range covers the 30 days to `to`; without `to`, it ends today. */
export const DEFAULT_RANGE_DAYS = 30;

export interface AnalyticsQuery {
  from?: string | undefined;
  to?: string | undefined;
  model?: string | undefined;
  dealer?: string | undefined;
  city?: string | undefined;
  channel?: string | undefined;
  locale: Locale;
}

export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator in percent, rounded to 2 places; null when the denominator is 0. */
  percent: number | null;
}

export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, percent: denominator === 0 ? null : Math.round((numerator * 10_000) / denominator) / 100 };
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

export function resolveRange(query: Pick<AnalyticsQuery, 'from' | 'to'>, today: string): DayRange {
  if (query.to !== undefined && !isDay(query.to)) throw analyticsErrors.badDay('to', query.to);
  if (query.from !== undefined && !isDay(query.from)) throw analyticsErrors.badDay('from', query.from);
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (to < from) throw analyticsErrors.badRange(from, to);
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) throw analyticsErrors.rangeTooLong(MAX_RANGE_DAYS);
  return { from, to };
}

function instantsOf(range: DayRange): InstantRange {
  return { from: shanghaiDayStart(range.from), until: shanghaiDayStart(addDays(range.to, 1)) };
}

/** A catalog or dealer text: localized JSON, or plain text as some older rows hold. */
function labelOf(text: string | null, locale: Locale): string | null {
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return localize(parsed as LocalizedText, locale);
  } catch {
    // Not JSON: the text is its own label.
  }
  return text;
}

interface Context {
  storeId: string;
  range: DayRange;
  filters: EventFilters;
  models: queries.ModelRow[];
  dealers: DealerRow[];
  applied: { model: string | null; dealer: string | null; city: string | null; channel: string | null };
}

async function contextOf(deps: AnalyticsDeps, storeId: string, query: AnalyticsQuery): Promise<Context> {
  const range = resolveRange(query, shanghaiDay(deps.clock.now()));
  const [models, dealers] = await Promise.all([queries.listModels(deps.db, storeId), queries.listDealers(deps.db, storeId)]);
  const filters: EventFilters = {};
  if (query.model !== undefined) {
    const model = models.find((candidate) => candidate.slug === query.model);
    if (!model) throw analyticsErrors.unknownFilter('model', query.model);
    filters.modelId = model.id;
  }
  if (query.dealer !== undefined) {
    const dealer = dealers.find((candidate) => candidate.code === query.dealer);
    if (!dealer) throw analyticsErrors.unknownFilter('dealer', query.dealer);
    filters.dealerId = dealer.id;
  }
  // A city with no dealer yet may still have views: any well-formed code is a filter.
  if (query.city !== undefined) filters.cityCode = query.city;
  if (query.channel !== undefined) filters.channel = query.channel;
  const applied = { model: query.model ?? null, dealer: query.dealer ?? null, city: query.city ?? null, channel: query.channel ?? null };
  return { storeId, range, filters, models, dealers, applied };
}

// ---- Funnel ----

export const FUNNEL_STAGES = [
  { stage: 'views', kind: 'model_viewed', basis: null },
  { stage: 'configurations', kind: 'configuration_saved', basis: 'views' },
  { stage: 'leads', kind: 'lead_created', basis: 'configurations' },
  { stage: 'testDrives', kind: 'test_drive_booked', basis: 'configurations' },
  { stage: 'deposits', kind: 'deposit_paid', basis: 'configurations' },
  { stage: 'deliveries', kind: 'delivered', basis: 'deposits' },
] as const;

export type FunnelStageName = (typeof FUNNEL_STAGES)[number]['stage'];

export interface FunnelStage {
  stage: FunnelStageName;
  events: number;
  /** fen: deposits paid, or prices delivered; 0 for stages without money. */
  amount: number;
  /** The stage this one is measured against (leads and test drives both against configurations). */
  basis: FunnelStageName | null;
  conversion: Ratio | null;
  ofViews: Ratio;
}

export interface Filters {
  model: string | null;
  dealer: string | null;
  city: string | null;
  channel: string | null;
}

export interface FunnelView {
  range: DayRange;
  filters: Filters;
  stages: FunnelStage[];
}

function byKind(counts: readonly KindCount[]): Map<string, KindCount> {
  return new Map(counts.map((count) => [count.kind, count]));
}

export async function funnel(deps: AnalyticsDeps, storeId: string, query: AnalyticsQuery): Promise<FunnelView> {
  const context = await contextOf(deps, storeId, query);
  const counts = byKind(await queries.countByKind(deps.db, storeId, context.range, context.filters));
  const events = new Map<string, number>(FUNNEL_STAGES.map((s) => [s.stage, counts.get(s.kind)?.events ?? 0]));
  const views = events.get('views')!;
  const stages = FUNNEL_STAGES.map((s): FunnelStage => {
    const count = events.get(s.stage)!;
    return {
      stage: s.stage,
      events: count,
      amount: counts.get(s.kind)?.amount ?? 0,
      basis: s.basis,
      conversion: s.basis === null ? null : ratio(count, events.get(s.basis)!),
      ofViews: ratio(count, views),
    };
  });
  return { range: context.range, filters: context.applied, stages };
}

// ---- Sales against the target ----

export type Granularity = 'day' | 'week' | 'month';

export interface SalesBucket {
  /** 2026-03-02, 2026-W10 or 2026-03. */
  period: string;
  /** The bucket's first and last day within the range. */
  from: string;
  to: string;
  deposits: number;
  depositAmount: number;
  deliveries: number;
  /** The yearly target's share for these days (units × days ÷ days in the year), 2 places; null without a target. */
  target: number | null;
}

export interface YearTarget {
  year: number;
  units: number;
  scope: string;
  /** The year the target was set for: the latest at or before this year stands until replaced. */
  setFor: number;
  note: string;
  /** Today, in Shanghai: the pace is worked out from it. */
  today: string;
  /** Deposits paid from 1 January to today, the whole store's (the target is the store's). */
  soldThisYear: number;
  remaining: number;
  /** Days from today to 31 December, both included. */
  daysLeft: number;
  /** What must be sold each day from today to meet the target: remaining ÷ daysLeft. */
  paceNeeded: { units: number; days: number; perDay: number };
  /** What has been sold each day so far this year: soldThisYear ÷ days elapsed (today included). */
  paceSoFar: { units: number; days: number; perDay: number };
}

export interface SalesView {
  range: DayRange;
  filters: Filters;
  granularity: Granularity;
  buckets: SalesBucket[];
  totals: { deposits: number; depositAmount: number; deliveries: number };
  target: YearTarget | null;
}

type Target = { year: number; scope: string; units: number; note: string };

/** The target that stands in a year: the latest set for it or before (one per year; the first scope by name). */
function targetFor(targets: readonly Target[], year: number): Target | null {
  let found: Target | null = null;
  for (const target of targets) {
    if (target.year > year) continue;
    if (!found || target.year > found.year) found = target;
  }
  return found;
}

function periodOf(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  return granularity === 'week' ? isoWeek(day) : monthOf(day);
}

export async function sales(deps: AnalyticsDeps, storeId: string, query: AnalyticsQuery & { granularity: Granularity }): Promise<SalesView> {
  const context = await contextOf(deps, storeId, query);
  const today = shanghaiDay(deps.clock.now());
  const year = Number(today.slice(0, 4));
  const [daily, targets, soldThisYear] = await Promise.all([
    queries.countByDay(deps.db, storeId, context.range, context.filters, ['deposit_paid', 'delivered']),
    queries.listSalesTargets(deps.db, storeId),
    queries.countOfKind(deps.db, storeId, 'deposit_paid', { from: `${year}-01-01`, to: today }),
  ]);
  const perDay = new Map<string, { deposits: number; depositAmount: number; deliveries: number }>();
  for (const row of daily) {
    const day = perDay.get(row.day) ?? { deposits: 0, depositAmount: 0, deliveries: 0 };
    if (row.kind === 'deposit_paid') {
      day.deposits += row.events;
      day.depositAmount += row.amount;
    } else {
      day.deliveries += row.events;
    }
    perDay.set(row.day, day);
  }

  const buckets: SalesBucket[] = [];
  // Exact target shares summed per bucket, rounded once at the end.
  const targetShares: Array<number | null> = [];
  for (const day of eachDay(context.range.from, context.range.to)) {
    const period = periodOf(day, query.granularity);
    let bucket = buckets.at(-1);
    if (!bucket || bucket.period !== period) {
      bucket = { period, from: day, to: day, deposits: 0, depositAmount: 0, deliveries: 0, target: null };
      buckets.push(bucket);
      targetShares.push(null);
    }
    bucket.to = day;
    const counts = perDay.get(day);
    if (counts) {
      bucket.deposits += counts.deposits;
      bucket.depositAmount += counts.depositAmount;
      bucket.deliveries += counts.deliveries;
    }
    const dayYear = Number(day.slice(0, 4));
    const standing = targetFor(targets, dayYear);
    if (standing) targetShares[buckets.length - 1] = (targetShares[buckets.length - 1] ?? 0) + standing.units / daysInYear(dayYear);
  }
  buckets.forEach((bucket, index) => {
    const share = targetShares[index];
    bucket.target = share === null || share === undefined ? null : round2(share);
  });

  const totals = buckets.reduce(
    (sum, bucket) => ({ deposits: sum.deposits + bucket.deposits, depositAmount: sum.depositAmount + bucket.depositAmount, deliveries: sum.deliveries + bucket.deliveries }),
    { deposits: 0, depositAmount: 0, deliveries: 0 },
  );

  const standing = targetFor(targets, year);
  let target: YearTarget | null = null;
  if (standing) {
    const remaining = Math.max(standing.units - soldThisYear, 0);
    const daysLeft = daysBetween(today, `${year}-12-31`) + 1;
    const daysElapsed = daysBetween(`${year}-01-01`, today) + 1;
    target = {
      year,
      units: standing.units,
      scope: standing.scope,
      setFor: standing.year,
      note: standing.note,
      today,
      soldThisYear,
      remaining,
      daysLeft,
      paceNeeded: { units: remaining, days: daysLeft, perDay: round2(remaining / daysLeft) },
      paceSoFar: { units: soldThisYear, days: daysElapsed, perDay: round2(soldThisYear / daysElapsed) },
    };
  }
  return { range: context.range, filters: context.applied, granularity: query.granularity, buckets, totals, target };
}

// ---- Breakdowns ----

export type BreakdownBy = 'model' | 'province' | 'city' | 'dealer';

const DIMENSION: Record<BreakdownBy, queries.EventDimension> = { model: 'model_id', province: 'province', city: 'city_code', dealer: 'dealer_id' };

export interface BreakdownRow {
  /** The model's slug, the province as recorded, the city code or the dealer's code; null: not recorded. */
  key: string | null;
  label: string | null;
  views: number;
  configurations: number;
  leads: number;
  testDrives: number;
  deposits: number;
  depositAmount: number;
  deliveries: number;
  /** Deposits ÷ views. */
  conversion: Ratio;
  /** The league table's place, by deposits, then deliveries, then leads (dealers only). */
  rank?: number;
  /** Leads created in the range (dealers only), how many a dealer has answered, and the median minutes to the first answer. */
  leadsReceived?: number;
  leadsContacted?: number;
  medianMinutesToFirstContact?: number | null;
}

export interface BreakdownView {
  range: DayRange;
  filters: Filters;
  by: BreakdownBy;
  rows: BreakdownRow[];
}

const KIND_FIELD: Record<string, 'views' | 'configurations' | 'leads' | 'testDrives' | 'deposits' | 'deliveries'> = {
  model_viewed: 'views',
  configuration_saved: 'configurations',
  lead_created: 'leads',
  test_drive_booked: 'testDrives',
  deposit_paid: 'deposits',
  delivered: 'deliveries',
};

function emptyRow(key: string | null, label: string | null): BreakdownRow {
  return { key, label, views: 0, configurations: 0, leads: 0, testDrives: 0, deposits: 0, depositAmount: 0, deliveries: 0, conversion: ratio(0, 0) };
}

/** The middle value, or the mean of the two middle ones. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function breakdown(deps: AnalyticsDeps, storeId: string, query: AnalyticsQuery & { by: BreakdownBy }): Promise<BreakdownView> {
  const context = await contextOf(deps, storeId, query);
  const counts = await queries.countByDimension(deps.db, storeId, context.range, context.filters, DIMENSION[query.by]);
  const rows = new Map<string | null, BreakdownRow>();
  const modelsById = new Map(context.models.map((model) => [model.id, model]));
  const dealersById = new Map(context.dealers.map((dealer) => [dealer.id, dealer]));

  const keyOf = (raw: string | null): { key: string | null; label: string | null } | null => {
    if (raw === null) return query.by === 'dealer' ? null : { key: null, label: null };
    if (query.by === 'model') {
      const model = modelsById.get(raw);
      return { key: model?.slug ?? raw, label: model ? labelOf(model.name, query.locale) : raw };
    }
    if (query.by === 'dealer') {
      const dealer = dealersById.get(raw);
      return dealer ? { key: dealer.code, label: labelOf(dealer.name, query.locale) } : null;
    }
    if (query.by === 'city') {
      const dealer = context.dealers.find((candidate) => candidate.cityCode === raw);
      return { key: raw, label: dealer ? labelOf(dealer.city, query.locale) : raw };
    }
    return { key: raw, label: labelOf(raw, query.locale) };
  };

  if (query.by === 'dealer') {
    // The league lists every dealer in the filters' reach, those with nothing to show too.
    for (const dealer of context.dealers) {
      if (context.filters.dealerId && dealer.id !== context.filters.dealerId) continue;
      if (context.filters.cityCode && dealer.cityCode !== context.filters.cityCode) continue;
      rows.set(dealer.code, emptyRow(dealer.code, labelOf(dealer.name, query.locale)));
    }
  }
  for (const count of counts) {
    const identity = keyOf(count.key);
    const field = KIND_FIELD[count.kind];
    if (!identity || !field) continue;
    const row = rows.get(identity.key) ?? emptyRow(identity.key, identity.label);
    rows.set(identity.key, row);
    row[field] += count.events;
    if (field === 'deposits') row.depositAmount += count.amount;
  }
  for (const row of rows.values()) row.conversion = ratio(row.deposits, row.views);

  let list = [...rows.values()];
  if (query.by === 'dealer') {
    const contacts = await queries.leadContacts(deps.db, storeId, instantsOf(context.range), context.filters);
    const minutesByDealer = new Map<string, number[]>();
    const receivedByDealer = new Map<string, number>();
    for (const lead of contacts) {
      const code = dealersById.get(lead.dealerId)?.code;
      if (!code) continue;
      receivedByDealer.set(code, (receivedByDealer.get(code) ?? 0) + 1);
      if (lead.firstContactedAt === null) continue;
      const minutes = Math.floor((Date.parse(lead.firstContactedAt) - Date.parse(lead.createdAt)) / 60_000);
      const list = minutesByDealer.get(code);
      if (list) list.push(minutes);
      else minutesByDealer.set(code, [minutes]);
    }
    list.sort((a, b) => b.deposits - a.deposits || b.deliveries - a.deliveries || b.leads - a.leads || a.key!.localeCompare(b.key!));
    list = list.map((row, index) => {
      const minutes = minutesByDealer.get(row.key!) ?? [];
      return { ...row, rank: index + 1, leadsReceived: receivedByDealer.get(row.key!) ?? 0, leadsContacted: minutes.length, medianMinutesToFirstContact: median(minutes) };
    });
  } else {
    // Busiest first; the unrecorded (null) row last.
    list.sort((a, b) => Number(a.key === null) - Number(b.key === null) || b.deposits - a.deposits || b.views - a.views || (a.key ?? '').localeCompare(b.key ?? ''));
  }
  return { range: context.range, filters: context.applied, by: query.by, rows: list };
}

// ---- NEV share ----

export interface NevShareView {
  range: DayRange;
  filters: Filters;
  /** NEV models' events over all models' events in the range. */
  views: Ratio;
  deposits: Ratio;
  deliveries: Ratio;
  /** The national market the store records: NEVs sold over all cars sold in its latest year. */
  market: { year: number; nevSales: number; carSales: number; share: Ratio } | null;
}

export const MARKET_NEV_METRIC = 'nevSales';
export const MARKET_CARS_METRIC = 'chinaCarSales';

export async function nevShare(deps: AnalyticsDeps, storeId: string, query: AnalyticsQuery): Promise<NevShareView> {
  const context = await contextOf(deps, storeId, query);
  const [counts, figures] = await Promise.all([
    queries.countByNev(deps.db, storeId, context.range, context.filters, ['model_viewed', 'deposit_paid', 'delivered']),
    queries.listMarketFigures(deps.db),
  ]);
  const shareOf = (kind: string): Ratio => {
    const nev = counts.filter((c) => c.kind === kind && c.nev).reduce((sum, c) => sum + c.events, 0);
    const all = counts.filter((c) => c.kind === kind).reduce((sum, c) => sum + c.events, 0);
    return ratio(nev, all);
  };
  let market: NevShareView['market'] = null;
  const years = [...new Set(figures.map((figure) => figure.year))].sort((a, b) => b - a);
  for (const year of years) {
    const nevSales = figures.find((f) => f.year === year && f.metric === MARKET_NEV_METRIC)?.value;
    const carSales = figures.find((f) => f.year === year && f.metric === MARKET_CARS_METRIC)?.value;
    if (nevSales !== undefined && carSales !== undefined) {
      market = { year, nevSales, carSales, share: ratio(nevSales, carSales) };
      break;
    }
  }
  return { range: context.range, filters: context.applied, views: shareOf('model_viewed'), deposits: shareOf('deposit_paid'), deliveries: shareOf('delivered'), market };
}

// ---- Campaigns ----

export interface CampaignFigures {
  slug: string;
  name: string;
  model: string | null;
  startsAt: string;
  unitsTotal: number;
  unitsHeld: number;
  unitsSold: number;
  /** Orders that claimed a unit, paid or not. */
  claims: number;
  /** Claims whose deposit was paid. */
  paid: number;
  /** Holds converted into paid deposits: paid ÷ claims. */
  holdsConverted: Ratio;
  /** When the last unit's deposit was paid; null while units remain unpaid. */
  soldOutAt: string | null;
  secondsToSellOut: number | null;
}

export interface CampaignsView {
  range: DayRange;
  filters: Filters;
  campaigns: CampaignFigures[];
}

export async function campaigns(deps: AnalyticsDeps, storeId: string, query: AnalyticsQuery): Promise<CampaignsView> {
  const context = await contextOf(deps, storeId, query);
  const list = await queries.listCampaignsStarting(deps.db, storeId, instantsOf(context.range), context.filters.modelId);
  const orders = await queries.listCampaignOrders(deps.db, list.map((campaign) => campaign.id));
  const modelsById = new Map(context.models.map((model) => [model.id, model]));
  return {
    range: context.range,
    filters: context.applied,
    campaigns: list.map((campaign): CampaignFigures => {
      const claims = orders.filter((order) => order.campaignId === campaign.id);
      const paidAt = claims.flatMap((order) => (order.depositPaidAt === null ? [] : [order.depositPaidAt])).sort();
      const soldOutAt = campaign.unitsTotal > 0 && paidAt.length >= campaign.unitsTotal ? paidAt[campaign.unitsTotal - 1]! : null;
      return {
        slug: campaign.slug,
        name: labelOf(campaign.name, query.locale) ?? campaign.slug,
        model: modelsById.get(campaign.modelId)?.slug ?? null,
        startsAt: campaign.startsAt,
        unitsTotal: campaign.unitsTotal,
        unitsHeld: campaign.unitsHeld,
        unitsSold: campaign.unitsSold,
        claims: claims.length,
        paid: paidAt.length,
        holdsConverted: ratio(paidAt.length, claims.length),
        soldOutAt,
        secondsToSellOut: soldOutAt === null ? null : Math.floor((Date.parse(soldOutAt) - Date.parse(campaign.startsAt)) / 1000),
      };
    }),
  };
}
