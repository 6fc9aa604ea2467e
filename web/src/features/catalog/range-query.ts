import type { Powertrain, RangeFilters } from './catalog.api';

/*
 * The range's filters live in the address (?powertrain=BEV&body=suv&max=200000&q=科雷傲) so a
 * filtered range can be shared and survives a reload; `nev=1` keeps new-energy vehicles only. `max` is in yuan, as people read it; the
 * API takes fen. Anything the API would refuse is dropped rather than sent.
 */

const POWERTRAINS: readonly Powertrain[] = ['ICE', 'HEV', 'PHEV', 'BEV'];

/** The budget chips, in yuan. */
export const PRICE_CEILINGS = [150_000, 200_000, 300_000] as const;

/** The API's limit on free text. */
export const SEARCH_MAX_LENGTH = 60;

export interface RangeQuery {
  powertrain?: Powertrain;
  body?: string;
  /** Yuan. */
  max?: number;
  q?: string;
  /** New-energy vehicles only (the hall's search across brands). */
  nev?: boolean;
}

export function parseRangeQuery(search: string): RangeQuery {
  const params = new URLSearchParams(search);
  const query: RangeQuery = {};
  const powertrain = params.get('powertrain');
  if (powertrain && (POWERTRAINS as readonly string[]).includes(powertrain)) query.powertrain = powertrain as Powertrain;
  const body = params.get('body');
  if (body && /^[a-z-]{1,20}$/.test(body)) query.body = body;
  const max = Number(params.get('max'));
  if (Number.isSafeInteger(max) && max > 0) query.max = max;
  const q = params.get('q')?.trim().slice(0, SEARCH_MAX_LENGTH);
  if (q) query.q = q;
  if (params.get('nev') === '1') query.nev = true;
  return query;
}

export function rangeSearch(query: RangeQuery): string {
  const params = new URLSearchParams();
  if (query.powertrain) params.set('powertrain', query.powertrain);
  if (query.body) params.set('body', query.body);
  if (query.max) params.set('max', String(query.max));
  if (query.q) params.set('q', query.q);
  if (query.nev) params.set('nev', '1');
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** Yuan to the API's fen. */
export function toRangeFilters(query: RangeQuery): RangeFilters {
  const { max, ...rest } = query;
  return max ? { ...rest, maxPrice: max * 100 } : rest;
}

export function hasFilters(query: RangeQuery): boolean {
  return Object.values(query).some((value) => value !== undefined);
}
