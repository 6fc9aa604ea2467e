import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import { negotiateLocale, type Locale } from '../../shared/locale.js';
import { problemResponses } from '../../shared/schemas.js';
import { access } from '../access/access.policy.js';
import { requireStoreScope } from '../access/scope.js';
import {
  BreakdownQuery,
  BreakdownSchema,
  CampaignsQuery,
  CampaignsSchema,
  FunnelQuery,
  FunnelSchema,
  NevShareQuery,
  NevShareSchema,
  SalesQuery,
  SalesSchema,
  StoreParams,
} from './analytics.schemas.js';
import { breakdown, campaigns, funnel, nevShare, sales, type AnalyticsQuery } from './dashboards.service.js';
import { breakdownCsv, campaignsCsv, funnelCsv, nevShareCsv, salesCsv } from './analytics.tables.js';

export interface DashboardRouteDeps {
  db: Db;
  clock: Clock;
}

const CSV_NOTE = ' With `format=csv`, the same table as text/csv (RFC 4180, CRLF, a header row; a text cell starting with = + - @ is prefixed with \').';

type QueryRequest = FastifyRequest & { query: { locale?: Locale | undefined; format?: 'json' | 'csv' | undefined } };

/** The JSON view, or its table as a CSV download named after the dashboard and the range. */
function answer<View extends { range: { from: string; to: string } }>(request: QueryRequest, reply: FastifyReply, name: string, view: View, csv: (view: View) => string) {
  if (request.query.format !== 'csv') return view;
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${name}-${view.range.from}-${view.range.to}.csv"`);
  return reply.send(csv(view));
}

export async function dashboardRoutes(app: App, deps: DashboardRouteDeps): Promise<void> {
  const brand = { access: access.store('brand_admin', 'platform_admin') };
  const errors = problemResponses(400, 401, 403, 404, 422);
  const base = '/admin/stores/:store/analytics';
  const input = (request: QueryRequest & { query: Omit<AnalyticsQuery, 'locale'> }): { storeId: string; query: AnalyticsQuery } => ({
    storeId: requireStoreScope(request.scope).storeId,
    query: { ...request.query, locale: negotiateLocale(request.query.locale, request.headers['accept-language']) },
  });

  app.get(
    `${base}/funnel`,
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Views → configurations → leads and test drives → deposits → deliveries, with conversion rates',
        description: 'Leads, test drives and deposits convert from configurations, deliveries from deposits; every stage also from views.' + CSV_NOTE,
        params: StoreParams,
        querystring: FunnelQuery,
        response: { 200: FunnelSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { storeId, query } = input(request);
      return answer(request, reply as FastifyReply, 'funnel', await funnel(deps, storeId, query), funnelCsv);
    },
  );

  app.get(
    `${base}/sales`,
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Deposits paid and deliveries by day, ISO week or month, against the yearly target, with the pace still needed',
        description: 'A bucket’s target is the yearly target’s share of its days. The pace is the whole store’s, from today (Shanghai).' + CSV_NOTE,
        params: StoreParams,
        querystring: SalesQuery,
        response: { 200: SalesSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { storeId, query } = input(request);
      return answer(request, reply as FastifyReply, 'sales', await sales(deps, storeId, { ...query, granularity: request.query.granularity ?? 'day' }), salesCsv);
    },
  );

  app.get(
    `${base}/breakdowns`,
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'The funnel’s counts by model, province, city or dealer; by dealer, a league table with the median time to first contact on leads',
        params: StoreParams,
        querystring: BreakdownQuery,
        response: { 200: BreakdownSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { storeId, query } = input(request);
      return answer(request, reply as FastifyReply, `breakdown-${request.query.by}`, await breakdown(deps, storeId, { ...query, by: request.query.by }), breakdownCsv);
    },
  );

  app.get(
    `${base}/nev-share`,
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'New-energy models’ share of views, deposits and deliveries, beside the national market’s share',
        description: CSV_NOTE.trim(),
        params: StoreParams,
        querystring: NevShareQuery,
        response: { 200: NevShareSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { storeId, query } = input(request);
      return answer(request, reply as FastifyReply, 'nev-share', await nevShare(deps, storeId, query), nevShareCsv);
    },
  );

  app.get(
    `${base}/campaigns`,
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Flash sales that start in the range: claims, holds converted into paid deposits, time to sell out',
        description: CSV_NOTE.trim(),
        params: StoreParams,
        querystring: CampaignsQuery,
        response: { 200: CampaignsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { storeId, query } = input(request);
      return answer(request, reply as FastifyReply, 'campaigns', await campaigns(deps, storeId, query), campaignsCsv);
    },
  );
}
