import { api, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';
import { filtersOf, type DashboardName, type DashboardQuery } from './dashboard-query';

/*
 * The brand's dashboards through the typed client, and the address of each one's CSV export:
 * the same query with format=csv, which the browser downloads with the session cookie.
 */

type JsonOf<Path extends keyof paths> = paths[Path] extends { get: { responses: { 200: { content: { 'application/json': infer Body } } } } } ? Body : never;

export type FunnelView = JsonOf<'/api/v1/admin/stores/{store}/analytics/funnel'>;
export type FunnelStage = FunnelView['stages'][number];
export type StageName = FunnelStage['stage'];
export type SalesView = JsonOf<'/api/v1/admin/stores/{store}/analytics/sales'>;
export type SalesBucket = SalesView['buckets'][number];
export type BreakdownView = JsonOf<'/api/v1/admin/stores/{store}/analytics/breakdowns'>;
export type BreakdownRow = BreakdownView['rows'][number];
export type NevShareView = JsonOf<'/api/v1/admin/stores/{store}/analytics/nev-share'>;
export type Ratio = NevShareView['views'];
export type CampaignsView = JsonOf<'/api/v1/admin/stores/{store}/analytics/campaigns'>;
export type CampaignFigures = CampaignsView['campaigns'][number];

export function fetchFunnel(store: string, query: DashboardQuery, locale: Locale, signal: AbortSignal): Promise<FunnelView> {
  const filters = filtersOf('funnel', query);
  return dataOf(api.GET('/api/v1/admin/stores/{store}/analytics/funnel', { params: { path: { store }, query: { ...filters, locale } }, signal }));
}

export function fetchSales(store: string, query: DashboardQuery, locale: Locale, signal: AbortSignal): Promise<SalesView> {
  const filters = filtersOf('sales', query);
  return dataOf(api.GET('/api/v1/admin/stores/{store}/analytics/sales', { params: { path: { store }, query: { ...filters, locale } }, signal }));
}

export type BreakdownBy = NonNullable<paths['/api/v1/admin/stores/{store}/analytics/breakdowns']['get']['parameters']['query']>['by'];

export function fetchBreakdown(store: string, query: DashboardQuery, by: BreakdownBy, locale: Locale, signal: AbortSignal): Promise<BreakdownView> {
  const filters = filtersOf('breakdowns', query);
  return dataOf(api.GET('/api/v1/admin/stores/{store}/analytics/breakdowns', { params: { path: { store }, query: { ...filters, by, locale } }, signal }));
}

export function fetchNevShare(store: string, query: DashboardQuery, locale: Locale, signal: AbortSignal): Promise<NevShareView> {
  const filters = filtersOf('nev-share', query);
  return dataOf(api.GET('/api/v1/admin/stores/{store}/analytics/nev-share', { params: { path: { store }, query: { ...filters, locale } }, signal }));
}

export function fetchCampaigns(store: string, query: DashboardQuery, locale: Locale, signal: AbortSignal): Promise<CampaignsView> {
  const filters = filtersOf('campaigns', query);
  return dataOf(api.GET('/api/v1/admin/stores/{store}/analytics/campaigns', { params: { path: { store }, query: { ...filters, locale } }, signal }));
}

/** The dashboard's table as a CSV download, for the filters it answers to. */
export function csvHref(store: string, name: DashboardName, query: DashboardQuery, locale: Locale, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...filtersOf(name, query), ...extra, format: 'csv', locale });
  return `/api/v1/admin/stores/${encodeURIComponent(store)}/analytics/${name}?${params.toString()}`;
}
