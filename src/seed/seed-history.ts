import type { AnalyticsEventKind, AnalyticsEventTable, Db, LeadTable } from '../db/database.js';
import { sql } from 'kysely';
import { inWriteTransaction, isPostgres } from '../db/tx.js';
import { addDays, daysBetween, shanghaiDay, shanghaiDayStart } from '../shared/calendar-days.js';
import { seededRandom } from './seeded-random.js';

/*
 * The demo store's past: months of first-party events (views, configurations, leads, test
 * drives, deposits, deliveries) and the leads the dealer league reads, so that the brand's
 * dashboards mean something on the first start. Deterministic: the same store, last day, span
 * and size give the same rows, ids included (a seeded generator, no clock, no random ids).
 *
 * Shape: demand grows through the span (the store is on its way to the yearly target), with
 * China's car-market seasons (a quiet summer, "golden September, silver October", the
 * year-end push), the Chinese New Year dip, busier weekends, the K-ZE's new-energy share
 * rising, and dealers that sell unequally across their provinces.
 *
 * Rows it writes carry ids starting with `hist-`: that is how a second run knows the history
 * is there. It refuses to write it twice; `replace` deletes the previous history first (the
 * rollups follow through their triggers). Writes go in batched transactions.
 */

export interface HistoryOptions {
  /** The history's last Shanghai day, included (the seed's today by default). */
  until: string;
  months: number;
  /** About how many events in all; the split between kinds follows the funnel. */
  events: number;
  /** Delete an earlier history of the store before writing this one. */
  replace?: boolean;
}

export interface HistoryReport {
  status: 'written' | 'already-there';
  from: string;
  until: string;
  events: number;
  leads: number;
  byKind: Partial<Record<AnalyticsEventKind, number>>;
  /** Previous history rows deleted (replace). */
  deleted: number;
}

export type HistoryProgress = (done: number, total: number) => void;

export const HISTORY_ID_PREFIX = 'hist-';
export const DEFAULT_HISTORY_MONTHS = 18;
/** `seed --demo --history` without --events. */
export const DEFAULT_HISTORY_EVENTS = 300_000;
/** What `start` writes into a fresh database: a few seconds of work. */
export const FIRST_START_HISTORY_EVENTS = 30_000;

// Chinese New Year's day (the first day of the first lunar month), from the published calendar.
const NEW_YEAR: Record<number, string> = {
  2016: '2016-02-08', 2017: '2017-01-28', 2018: '2018-02-16', 2019: '2019-02-05', 2020: '2020-01-25', 2021: '2021-02-12',
  2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10', 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06',
  2028: '2028-01-26', 2029: '2029-02-13', 2030: '2030-02-03', 2031: '2031-01-23', 2032: '2032-02-11', 2033: '2033-01-31',
  2034: '2034-02-19', 2035: '2035-02-08',
};

// China's passenger-car months, January first: slow February and summer, strong autumn and December.
const MONTH_FACTOR = [1.05, 0.8, 0.95, 0.9, 0.93, 1.0, 0.85, 0.9, 1.08, 1.05, 1.12, 1.3];
// Monday first: buyers browse and try cars at the weekend.
const WEEKDAY_FACTOR = [0.9, 0.88, 0.9, 0.93, 1.0, 1.25, 1.2];

/** The funnel from a day's views: each kind's expected count per view. */
const PER_VIEW: Array<[AnalyticsEventKind, number]> = [
  ['configuration_saved', 0.12],
  ['lead_created', 0.045],
  ['test_drive_booked', 0.03],
  ['deposit_paid', 0.018],
];
const COMPLETED_SHARE = 0.78;
const DELIVERED_SHARE = 0.88;
/** Events per view once the funnel's later stages are counted: sizes the views for a total. */
const EVENTS_PER_VIEW = 1 + PER_VIEW.reduce((sum, [, rate]) => sum + rate, 0) + 0.03 * COMPLETED_SHARE + 0.018 * DELIVERED_SHARE;

// Relative pull of the cities (by code); cities not listed weigh 1.
const CITY_WEIGHT: Record<string, number> = {
  shanghai: 5, beijing: 5, guangzhou: 4, shenzhen: 4, chengdu: 3, hangzhou: 3, wuhan: 3.5, chongqing: 2.5,
  nanjing: 2, tianjin: 2, xian: 2, suzhou: 2, changsha: 1.8, shenyang: 1.6, zhengzhou: 1.6, qingdao: 1.5,
};

function seedOf(text: string): number {
  let hash = 2_166_136_261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16_777_619);
  return hash >>> 0;
}

/** The first day of the history: `months` whole months before the day after `until`. */
export function historyStart(until: string, months: number): string {
  const next = addDays(until, 1);
  const date = new Date(`${next}T00:00:00.000Z`);
  const shifted = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, date.getUTCDate()));
  return shifted.toISOString().slice(0, 10);
}

/** How much the Chinese New Year holiday takes off a day's demand (1: nothing). */
function newYearFactor(day: string, views: boolean): number {
  const newYear = NEW_YEAR[Number(day.slice(0, 4))];
  if (!newYear) return 1;
  const offset = daysBetween(newYear, day);
  // The week before the festival empties the showrooms; the Golden Week closes them; the Lantern Festival (day 15) ends it.
  if (offset >= -1 && offset <= 6) return views ? 0.55 : 0.2;
  if (offset >= -7 && offset < -1) return views ? 0.85 : 0.6;
  if (offset > 6 && offset <= 15) return views ? 0.9 : 0.75;
  return 1;
}

interface Place {
  dealerId: string;
  cityCode: string;
  province: string;
  /** How well this dealer sells. */
  pull: number;
}

interface ModelPick {
  id: string;
  slug: string;
  nev: boolean;
  trims: Array<{ id: string; price: number }>;
}

/** Picks from weighted items by a roll in [0, 1). */
function weighted<T>(items: ReadonlyArray<readonly [T, number]>, roll: number): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let left = roll * total;
  for (const [item, weight] of items) {
    if (left < weight) return item;
    left -= weight;
  }
  return items[items.length - 1]![0];
}

/** A count drawn around an expectation: its whole part, plus one with the chance of its fraction. */
function draw(expected: number, roll: number): number {
  const whole = Math.floor(expected);
  return whole + (roll < expected - whole ? 1 : 0);
}

const ROWS_PER_STATEMENT = 500;
const ROWS_PER_TRANSACTION = 10_000;

export async function seedHistory(db: Db, storeSlug: string, options: HistoryOptions, onProgress: HistoryProgress = () => {}): Promise<HistoryReport> {
  const store = await db.selectFrom('store').select('id').where('slug', '=', storeSlug).executeTakeFirstOrThrow();
  const from = historyStart(options.until, options.months);
  const report: HistoryReport = { status: 'written', from, until: options.until, events: 0, leads: 0, byKind: {}, deleted: 0 };

  const existing = await db
    .selectFrom('analytics_event')
    .select('id')
    .where('store_id', '=', store.id)
    .where('id', '>=', HISTORY_ID_PREFIX)
    .where('id', '<', `${HISTORY_ID_PREFIX.slice(0, -1)}.`)
    .limit(1)
    .executeTakeFirst();
  if (existing && !options.replace) return { ...report, status: 'already-there' };
  if (existing) report.deleted = await deleteHistory(db, store.id);

  const models = await loadModels(db, store.id);
  const places = await loadPlaces(db, store.id, seededRandom(seedOf(`${storeSlug}/dealers`)));
  if (models.length === 0 || places.length === 0) throw new Error(`Store "${storeSlug}" has no models or no dealers to make a history of.`);
  const buyerIds = await historyBuyers(db);

  const random = seededRandom(seedOf(`${storeSlug}/${from}/${options.until}/${options.events}`));
  const days = daysBetween(from, options.until) + 1;
  const cities = [...new Map(places.map((p) => [p.cityCode, p.province])).entries()];
  const cityWeights = cities.map(([code, province]) => [{ code, province }, CITY_WEIGHT[code] ?? 1] as const);

  // Each day's demand, before it is scaled so that the whole span holds about options.events.
  const demand: number[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    const date = new Date(`${day}T00:00:00.000Z`);
    const growth = 0.55 + (0.9 * i) / Math.max(days - 1, 1);
    demand.push(growth * MONTH_FACTOR[date.getUTCMonth()]! * WEEKDAY_FACTOR[(date.getUTCDay() + 6) % 7]!);
  }
  const viewsPerDemand = options.events / EVENTS_PER_VIEW / demand.reduce((sum, d) => sum + d, 0);
  const untilEnd = shanghaiDayStart(addDays(options.until, 1));

  let sequence = 0;
  const nextId = (tag: string) => `${HISTORY_ID_PREFIX}${tag}-${(sequence++).toString(36).padStart(7, '0')}`;
  const instant = (day: string, peakHour: number, spreadHours: number): string => {
    // Hours of the Shanghai day around a peak, kept within the day.
    const hour = Math.min(23.99, Math.max(7, peakHour + (random() + random() + random() - 1.5) * spreadHours));
    return new Date(Date.parse(shanghaiDayStart(day)) + Math.floor(hour * 3_600_000)).toISOString();
  };
  const channel = () => weighted([['phone', 0.76], ['desktop', 0.21], ['unknown', 0.03]] as const, random());
  const pickModel = (progress: number): ModelPick => {
    // The K-ZE's share of interest rises from about 8% to about 20% over the span.
    const nevWeight = 0.09 + 0.16 * progress;
    return weighted(
      models.map((m) => [m, m.nev ? nevWeight : ({ koleos: 0.34, kadjar: 0.24, captur: 0.24, espace: 0.06 } as Record<string, number>)[m.slug] ?? 0.1] as const),
      random(),
    );
  };
  const pickTrim = (model: ModelPick) => weighted(model.trims.map((t, i) => [t, 1 / (i + 1)] as const), random());
  const pickPlace = () => {
    const city = weighted(cityWeights, random()).code;
    return weighted(places.filter((p) => p.cityCode === city).map((p) => [p, p.pull] as const), random());
  };

  let events: AnalyticsEventTable[] = [];
  let leads: LeadTable[] = [];
  const written = { events: 0, leads: 0 };
  const flush = async (force: boolean) => {
    if (!force && events.length + leads.length < ROWS_PER_TRANSACTION) return;
    const batch = { events, leads };
    events = [];
    leads = [];
    await inWriteTransaction(db, async (tx) => {
      for (let i = 0; i < batch.leads.length; i += ROWS_PER_STATEMENT) await tx.insertInto('lead').values(batch.leads.slice(i, i + ROWS_PER_STATEMENT)).execute();
      for (let i = 0; i < batch.events.length; i += ROWS_PER_STATEMENT) await tx.insertInto('analytics_event').values(batch.events.slice(i, i + ROWS_PER_STATEMENT)).execute();
    });
    written.events += batch.events.length;
    written.leads += batch.leads.length;
    onProgress(Math.min(written.events, options.events), options.events);
  };
  const push = (row: Omit<AnalyticsEventTable, 'id' | 'store_id' | 'day'>) => {
    // Later stages of an early funnel may fall after the history's end: they have not happened yet.
    if (row.occurred_at >= untilEnd) return;
    events.push({ id: nextId(row.kind.slice(0, 3)), store_id: store.id, day: shanghaiDay(new Date(row.occurred_at)), ...row });
    report.byKind[row.kind] = (report.byKind[row.kind] ?? 0) + 1;
  };

  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    const progress = i / Math.max(days - 1, 1);
    const noise = 0.85 + 0.3 * random();
    const views = draw(demand[i]! * viewsPerDemand * noise * newYearFactor(day, true), random());
    const buying = newYearFactor(day, false) / newYearFactor(day, true);
    for (let v = 0; v < views; v++) {
      const model = pickModel(progress);
      // One view in seven is from a buyer who has not picked a city.
      const city = random() < 0.86 ? weighted(cityWeights, random()) : null;
      push({ kind: 'model_viewed', occurred_at: instant(day, 20, 3), model_id: model.id, trim_id: null, dealer_id: null, city_code: city?.code ?? null, province: city?.province ?? null, channel: channel(), subject_id: null, amount: null });
    }
    for (const [kind, perView] of PER_VIEW) {
      const count = draw(views * perView * buying * (0.9 + 0.2 * random()), random());
      for (let n = 0; n < count; n++) {
        const model = pickModel(progress);
        const trim = pickTrim(model);
        const place = pickPlace();
        const base = { model_id: model.id, trim_id: trim.id, dealer_id: place.dealerId, city_code: place.cityCode, province: place.province };
        const how = channel();
        const at = instant(day, 14, 4);
        if (kind === 'configuration_saved') {
          push({ kind, occurred_at: at, ...base, channel: how, subject_id: nextId('cfg'), amount: null });
        } else if (kind === 'lead_created') {
          // Buyers in turn: no draw from the history's random numbers, so the history itself is unchanged.
          const lead = makeLead(nextId('lead'), store.id, buyerIds[(written.leads + leads.length) % buyerIds.length]!, place, model, at, untilEnd, random);
          leads.push(lead);
          push({ kind, occurred_at: at, ...base, channel: how, subject_id: lead.id, amount: null });
        } else if (kind === 'test_drive_booked') {
          const subject = nextId('td');
          push({ kind, occurred_at: at, ...base, channel: how, subject_id: subject, amount: null });
          if (random() < COMPLETED_SHARE) {
            const driven = addDays(day, 1 + Math.floor(random() * 6));
            push({ kind: 'test_drive_completed', occurred_at: instant(driven, 14, 3), ...base, channel: how, subject_id: subject, amount: null });
          }
        } else {
          const subject = nextId('ord');
          push({ kind, occurred_at: at, ...base, channel: how, subject_id: subject, amount: depositOf(trim.price) });
          if (random() < DELIVERED_SHARE) {
            // Built to order or from stock: three to eight weeks to the handover.
            const handed = addDays(day, 21 + Math.floor(random() * 36));
            push({ kind: 'delivered', occurred_at: instant(handed, 15, 3), ...base, channel: 'unknown', subject_id: subject, amount: trim.price });
          }
        }
      }
    }
    await flush(false);
  }
  await flush(true);
  await compactRollups(db);
  onProgress(options.events, options.events);
  report.events = written.events;
  report.leads = written.leads;
  return report;
}

/**
 * A bulk load updates each PostgreSQL rollup row once per batch, leaving the tables many times
 * their live size in dead versions that every dashboard read would scan: rewrite them compact,
 * with fresh statistics. A second or so of exclusive lock on two small tables; event writes wait
 * for it. SQLite updates its rollups in place.
 */
async function compactRollups(db: Db): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`vacuum (full, analyze) analytics_day_rollup, analytics_month_rollup`.execute(db);
}

/** The deposit a buyer pays: ¥5,000, or ¥2,000 on a car under ¥100,000; in fen. */
function depositOf(price: number): number {
  return price < 10_000_000 ? 200_000 : 500_000;
}

function makeLead(id: string, storeId: string, buyerId: string, place: Place, model: ModelPick, at: string, untilEnd: string, random: () => number): LeadTable {
  // Four in five leads are answered, most within the hour; good dealers answer faster.
  const answered = random() < 0.8;
  const minutes = Math.round((3 + 240 * random() ** 3) / place.pull);
  const contactedAt = answered ? new Date(Date.parse(at) + minutes * 60_000).toISOString() : null;
  const firstContactedAt = contactedAt !== null && contactedAt < untilEnd ? contactedAt : null;
  // Leads more than two weeks old are settled; recent ones are still the dealer's to answer.
  const settled = Date.parse(untilEnd) - Date.parse(at) > 14 * 86_400_000;
  const status = settled ? (firstContactedAt && random() < 0.3 ? 'won' : 'lost') : firstContactedAt ? 'contacted' : 'new';
  return {
    id,
    store_id: storeId,
    dealer_id: place.dealerId,
    buyer_id: buyerId,
    source: 'model',
    model_id: model.id,
    configuration_code: null,
    vin: null,
    test_drive_id: null,
    phone: null,
    message: null,
    status,
    created_at: at,
    updated_at: firstContactedAt ?? at,
    first_contacted_at: firstContactedAt,
  };
}

async function loadModels(db: Db, storeId: string): Promise<ModelPick[]> {
  const models = await db.selectFrom('model').select(['id', 'slug', 'is_nev']).where('store_id', '=', storeId).orderBy('position').orderBy('slug').execute();
  if (models.length === 0) return [];
  const trims = await db
    .selectFrom('trim')
    .select(['id', 'model_id', 'base_price'])
    .where('model_id', 'in', models.map((m) => m.id))
    .orderBy('base_price')
    .orderBy('id')
    .execute();
  return models.map((m) => ({
    id: m.id,
    slug: m.slug,
    nev: Number(m.is_nev) === 1,
    trims: trims.filter((t) => t.model_id === m.id).map((t) => ({ id: t.id, price: Number(t.base_price) })),
  })).filter((m) => m.trims.length > 0);
}

async function loadPlaces(db: Db, storeId: string, random: () => number): Promise<Place[]> {
  const dealers = await db
    .selectFrom('dealer')
    .select(['id', 'city_code', 'province'])
    .where('store_id', '=', storeId)
    .where('status', '=', 'active')
    .where('city_code', 'is not', null)
    .orderBy('code')
    .execute();
  return dealers.map((d) => ({ dealerId: d.id, cityCode: d.city_code!, province: d.province, pull: 0.5 + random() * 1.2 }));
}

/**
 * The buyers the history's leads come from: accounts that cannot sign in (no password, no phone),
 * under common Chinese names, so a dealer's list of leads reads as people, not as one placeholder.
 */
const HISTORY_BUYER_NAMES = ['张伟', '王静', '李娜', '刘洋', '陈杰', '杨丽', '赵磊', '黄敏', '周鹏', '吴婷', '徐晨', '孙浩'];

async function historyBuyers(db: Db): Promise<string[]> {
  const buyers = HISTORY_BUYER_NAMES.map((name, index) => ({ id: `${HISTORY_ID_PREFIX}buyer-${String(index + 1).padStart(2, '0')}`, name }));
  await db
    .insertInto('user_account')
    .values(
      buyers.map(({ id, name }) => ({
        id,
        role: 'buyer' as const,
        phone: null,
        email: null,
        password_hash: null,
        display_name: name,
        locale: 'zh-CN' as const,
        store_id: null,
        dealer_id: null,
        status: 'active' as const,
        created_at: '2000-01-01T00:00:00.000Z',
        updated_at: '2000-01-01T00:00:00.000Z',
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return buyers.map(({ id }) => id);
}

/** Deletes a store's earlier history: its events (the rollups follow) and leads. */
async function deleteHistory(db: Db, storeId: string): Promise<number> {
  const upper = `${HISTORY_ID_PREFIX.slice(0, -1)}.`;
  return inWriteTransaction(db, async (tx) => {
    const events = await tx.deleteFrom('analytics_event').where('store_id', '=', storeId).where('id', '>=', HISTORY_ID_PREFIX).where('id', '<', upper).executeTakeFirst();
    const leads = await tx.deleteFrom('lead').where('store_id', '=', storeId).where('id', '>=', HISTORY_ID_PREFIX).where('id', '<', upper).executeTakeFirst();
    return Number(events.numDeletedRows) + Number(leads.numDeletedRows);
  });
}
