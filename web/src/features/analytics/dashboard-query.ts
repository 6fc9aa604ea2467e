import { dateTimeFormat } from '../../i18n/intl-formats.js';
/*
 * The dashboards' date range and filters, kept in the page's query string so that a view can be
 * bookmarked, shared and reloaded. Anything malformed in the address is dropped rather than sent:
 * the API would refuse it, and the page would show nothing.
 */

export type Channel = 'phone' | 'desktop' | 'unknown';
export type Granularity = 'day' | 'week' | 'month';
/** The breakdown shown beside the dealer league: by model, province or city. */
export type PlaceBy = 'model' | 'province' | 'city';
export type DashboardName = 'funnel' | 'sales' | 'breakdowns' | 'nev-share' | 'campaigns';

export interface DashboardQuery {
  /** Shanghai days, YYYY-MM-DD; absent, the API's default: the 30 days ending today in Shanghai. */
  from?: string | undefined;
  to?: string | undefined;
  model?: string | undefined;
  dealer?: string | undefined;
  city?: string | undefined;
  channel?: Channel | undefined;
  granularity: Granularity;
  by: PlaceBy;
}

export const CHANNELS: readonly Channel[] = ['phone', 'desktop', 'unknown'];
export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];
export const PLACE_BYS: readonly PlaceBy[] = ['model', 'province', 'city'];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

export function readDashboardQuery(search: string): DashboardQuery {
  const params = new URLSearchParams(search);
  const day = (name: string) => {
    const value = params.get(name);
    return value !== null && isDay(value) ? value : undefined;
  };
  const code = (name: string) => {
    const value = params.get(name);
    return value !== null && CODE.test(value) ? value : undefined;
  };
  let from = day('from');
  let to = day('to');
  // A range the wrong way round is read as the range it names.
  if (from && to && from > to) [from, to] = [to, from];
  return {
    from,
    to,
    model: code('model'),
    dealer: code('dealer'),
    city: code('city'),
    channel: oneOf(CHANNELS, params.get('channel')),
    granularity: oneOf(GRANULARITIES, params.get('unit')) ?? 'day',
    by: oneOf(PLACE_BYS, params.get('by')) ?? 'model',
  };
}

/** The query string for `query` ('' or '?…'), leaving out what is the default. */
export function writeDashboardQuery(query: DashboardQuery): string {
  const params = new URLSearchParams();
  const entries: [string, string | undefined][] = [
    ['from', query.from],
    ['to', query.to],
    ['model', query.model],
    ['dealer', query.dealer],
    ['city', query.city],
    ['channel', query.channel],
    ['unit', query.granularity === 'day' ? undefined : query.granularity],
    ['by', query.by === 'model' ? undefined : query.by],
  ];
  for (const [name, value] of entries) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Which filters each dashboard answers to (its API refuses the others). */
const ACCEPTS: Record<DashboardName, readonly ('model' | 'dealer' | 'city' | 'channel' | 'granularity')[]> = {
  funnel: ['model', 'dealer', 'city', 'channel'],
  sales: ['model', 'dealer', 'city', 'channel', 'granularity'],
  breakdowns: ['model', 'dealer', 'city', 'channel'],
  'nev-share': ['dealer', 'city', 'channel'],
  campaigns: ['model'],
};

/** The API query of one dashboard: the range and the filters it accepts, only those set. */
export function filtersOf(name: DashboardName, query: DashboardQuery): Record<string, string> & { channel?: Channel; granularity?: Granularity } {
  const result: Record<string, string> = {};
  if (query.from) result.from = query.from;
  if (query.to) result.to = query.to;
  for (const filter of ACCEPTS[name]) {
    const value = query[filter];
    if (value) result[filter] = value;
  }
  return result;
}

/** Whether a dashboard ignores some of the filters set (the NEV share has no model filter; campaigns only have one). */
export function ignoredFilters(name: DashboardName, query: DashboardQuery): ('model' | 'dealer' | 'city' | 'channel')[] {
  return (['model', 'dealer', 'city', 'channel'] as const).filter((filter) => query[filter] && !ACCEPTS[name].includes(filter));
}

/** Today in Asia/Shanghai, where the dashboards count their days (the API's default range ends there). */
export function shanghaiToday(now: Date = new Date()): string {
  return dateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The range the API answers for `query`: what it names, else the 30 days ending on `to` or today. */
export function defaultRange(query: Pick<DashboardQuery, 'from' | 'to'>, today: string): { from: string; to: string } {
  const to = query.to ?? today;
  return { from: query.from ?? addDays(to, -29), to };
}
