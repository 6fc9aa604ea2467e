import { api, ApiError, dataOf, type Problem } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';
import { CSRF_COOKIE, CSRF_HEADER, readCookie } from '../accounts/session-middleware';

type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer Body } } } } ? Body : never;
type Created<T> = T extends { responses: { 201: { content: { 'application/json': infer Body } } } } ? Body : never;

export type StockSearch = Ok<paths['/api/v1/stores/{store}/stock']['get']>;
export type StockHit = StockSearch['units'][number];
export type StockPage = Ok<paths['/api/v1/dealer/stores/{store}/dealers/{dealer}/stock']['get']>;
export type StockUnit = StockPage['units'][number];
export type UnitStatus = StockUnit['status'];
export type NewUnit = NonNullable<paths['/api/v1/dealer/stores/{store}/dealers/{dealer}/stock']['post']['requestBody']>['content']['application/json'];
export type ImportResult = Created<paths['/api/v1/dealer/stores/{store}/dealers/{dealer}/stock/imports']['post']>;

export const UNIT_STATUSES: UnitStatus[] = ['available', 'held', 'sold', 'delivered'];
/** The moves the server allows (STATUS_TRANSITIONS); the rest are a 409. */
export const NEXT_STATUSES: Record<UnitStatus, UnitStatus[]> = {
  available: ['held', 'sold'],
  held: ['available', 'sold'],
  sold: ['delivered'],
  delivered: [],
};

export interface SearchParams {
  model?: string | undefined;
  configuration?: string | undefined;
  near?: string | undefined;
  limit?: number;
}

export function searchStock(store: string, params: SearchParams, locale: Locale, signal: AbortSignal): Promise<StockSearch> {
  const query = Object.fromEntries(Object.entries({ ...params, locale }).filter(([, value]) => value !== undefined && value !== ''));
  return dataOf(api.GET('/api/v1/stores/{store}/stock', { params: { path: { store }, query }, signal }));
}

export interface ListParams {
  model?: string | undefined;
  status?: UnitStatus | undefined;
  inTransit?: boolean | undefined;
  cursor?: string | undefined;
}

export function fetchDealerStock(store: string, dealer: string, params: ListParams, locale: Locale, signal: AbortSignal): Promise<StockPage> {
  const query = Object.fromEntries(Object.entries({ ...params, locale, limit: 50 }).filter(([, value]) => value !== undefined && value !== ''));
  return dataOf(api.GET('/api/v1/dealer/stores/{store}/dealers/{dealer}/stock', { params: { path: { store, dealer }, query }, signal }));
}

export function addUnit(store: string, dealer: string, unit: NewUnit, locale: Locale): Promise<StockUnit> {
  return dataOf(api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/stock', { params: { path: { store, dealer }, query: { locale } }, body: unit }));
}

export function changeUnit(
  store: string,
  dealer: string,
  vin: string,
  changes: { status?: UnitStatus; eta?: string | null },
  locale: Locale,
): Promise<StockUnit> {
  return dataOf(
    api.PATCH('/api/v1/dealer/stores/{store}/dealers/{dealer}/stock/{vin}', { params: { path: { store, dealer, vin }, query: { locale } }, body: changes }),
  );
}

export function transferUnit(store: string, dealer: string, vin: string, to: string, locale: Locale): Promise<StockUnit> {
  return dataOf(
    api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/stock/{vin}/transfers', {
      params: { path: { store, dealer, vin }, query: { locale } },
      body: { dealer: to },
    }),
  );
}

/** One line of a refused import. */
export interface ImportRowProblem {
  line: number;
  column: string | null;
  code: string;
  message: string;
}

export type ImportPhase = { phase: 'uploading'; fraction: number } | { phase: 'processing' };

/**
 * Uploads a CSV file with XMLHttpRequest, the one browser API that reports upload progress;
 * once the file is sent the server checks and applies it in the same request.
 */
export function uploadImport(store: string, dealer: string, file: Blob, onProgress: (phase: ImportPhase) => void): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/dealer/stores/${encodeURIComponent(store)}/dealers/${encodeURIComponent(dealer)}/stock/imports`);
    xhr.setRequestHeader('content-type', 'text/csv');
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ phase: 'uploading', fraction: event.loaded / event.total });
    };
    xhr.upload.onload = () => onProgress({ phase: 'processing' });
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) resolve(body as ImportResult);
      else reject(new ApiError(xhr.status, body as Partial<Problem> | undefined));
    };
    xhr.onerror = () => reject(new ApiError(0, undefined));
    xhr.send(file);
  });
}

/** The rows a refused import listed, if that is what the error is. */
export function importRowsOf(error: unknown): { rows: ImportRowProblem[]; count: number } | undefined {
  if (!(error instanceof ApiError) || error.code !== 'STOCK_IMPORT_INVALID') return undefined;
  const problem = error.problem as Partial<Problem> & { rows?: ImportRowProblem[]; errorCount?: number };
  const rows = problem.rows ?? [];
  return { rows, count: problem.errorCount ?? rows.length };
}

const POSITION_KEY = 'vitrine.position';

/** The buyer's position, once they shared it on the stock page, for "in stock near you" elsewhere. */
export function rememberedPosition(): string | undefined {
  try {
    return sessionStorage.getItem(POSITION_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberPosition(near: string): void {
  try {
    sessionStorage.setItem(POSITION_KEY, near);
  } catch {
    // Private browsing may refuse storage: the position is then asked for again next time.
  }
}

export function stockHref(store: string, params: { model?: string | undefined; configuration?: string | undefined; near?: string | undefined }): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const text = query.toString();
  return `/${store}/stock${text ? `?${text}` : ''}`;
}
