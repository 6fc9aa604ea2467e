import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import { negotiateLocale } from '../../shared/locale.js';
import { problemResponses } from '../../shared/schemas.js';
import { access } from '../access/access.policy.js';
import { actorOf } from '../access/scope.js';
import {
  DepositsBody,
  DepositsSchema,
  FinancePolicyBody,
  FinancePolicySchema,
  LocaleQuery,
  OrderPolicyBody,
  OrderPolicySchema,
  PlateFeesAdminSchema,
  PlateFeesBody,
  StoreParams,
  TestDrivePolicyBody,
  TestDrivePolicySchema,
} from './store-policy.schemas.js';
import * as service from './store-policy.service.js';

/**
 * The store policy in the brand console: the store's own brand admins and platform admins.
 * Each section is a GET and a PUT of the whole section, carrying the version last read.
 */
export async function storePolicyRoutes(app: App, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  const config = { access: access.store('brand_admin', 'platform_admin') };
  const deps = { db, clock };
  const readErrors = problemResponses(400, 401, 403, 404);
  const writeErrors = problemResponses(400, 401, 403, 404, 409, 422);
  const actor = (request: FastifyRequest) => actorOf(request.principal, request.ip);
  const localeOf = (request: FastifyRequest & { query: { locale?: 'zh-CN' | 'fr' | 'en' | undefined } }) =>
    negotiateLocale(request.query.locale, request.headers['accept-language']);
  const base = '/admin/stores/:store';

  app.get(
    `${base}/deposits`,
    { config, schema: { tags: ['admin'], summary: 'The deposit of each model, with the most it may be (20% of its cheapest trim)', params: StoreParams, querystring: LocaleQuery, response: { 200: DepositsSchema, ...readErrors } } },
    async (request) => service.getDeposits(deps, request.params.store, localeOf(request)),
  );
  app.put(
    `${base}/deposits`,
    {
      config,
      schema: {
        tags: ['admin'],
        summary: 'Set the deposits of the listed models (null: back to the default); each at most 20% of the model’s cheapest trim',
        params: StoreParams,
        querystring: LocaleQuery,
        body: DepositsBody,
        response: { 200: DepositsSchema, ...writeErrors },
      },
    },
    async (request) => service.setDeposits(deps, request.params.store, request.body, actor(request), localeOf(request)),
  );

  app.get(
    `${base}/order-policy`,
    { config, schema: { tags: ['admin'], summary: 'Checkout rules: hold, refund window, build time, pickup attempts', params: StoreParams, response: { 200: OrderPolicySchema, ...readErrors } } },
    async (request) => service.getOrderPolicyOfStore(deps, request.params.store),
  );
  app.put(
    `${base}/order-policy`,
    {
      config,
      schema: { tags: ['admin'], summary: 'Set the checkout rules, for orders placed from now on', params: StoreParams, body: OrderPolicyBody, response: { 200: OrderPolicySchema, ...writeErrors } },
    },
    async (request) => service.setOrderPolicy(deps, request.params.store, request.body, actor(request)),
  );

  app.get(
    `${base}/finance-policy`,
    { config, schema: { tags: ['admin'], summary: 'Loan and lease rates, down payments and terms of the store’s quotes', params: StoreParams, response: { 200: FinancePolicySchema, ...readErrors } } },
    async (request) => service.getFinancePolicyOfStore(deps, request.params.store),
  );
  app.put(
    `${base}/finance-policy`,
    {
      config,
      schema: { tags: ['admin'], summary: 'Set the loan and lease rates, for quotes from now on', params: StoreParams, body: FinancePolicyBody, response: { 200: FinancePolicySchema, ...writeErrors } },
    },
    async (request) => service.setFinancePolicy(deps, request.params.store, request.body, actor(request)),
  );

  app.get(
    `${base}/plate-fees`,
    { config, schema: { tags: ['admin'], summary: 'The flat plate fee and the fee of each city', params: StoreParams, querystring: LocaleQuery, response: { 200: PlateFeesAdminSchema, ...readErrors } } },
    async (request) => service.getPlateFeesOfStore(deps, request.params.store, localeOf(request)),
  );
  app.put(
    `${base}/plate-fees`,
    {
      config,
      schema: {
        tags: ['admin'],
        summary: 'Replace the plate fees: the flat fee and each listed city’s (a city left out takes the flat fee)',
        params: StoreParams,
        querystring: LocaleQuery,
        body: PlateFeesBody,
        response: { 200: PlateFeesAdminSchema, ...writeErrors },
      },
    },
    async (request) => service.setPlateFees(deps, request.params.store, request.body, actor(request), localeOf(request)),
  );

  app.get(
    `${base}/test-drive-policy`,
    { config, schema: { tags: ['admin'], summary: 'Per-buyer test-drive caps and booking window', params: StoreParams, response: { 200: TestDrivePolicySchema, ...readErrors } } },
    async (request) => service.getTestDrivePolicyOfStore(deps, request.params.store),
  );
  app.put(
    `${base}/test-drive-policy`,
    {
      config,
      schema: { tags: ['admin'], summary: 'Set the per-buyer test-drive caps, for bookings from now on', params: StoreParams, body: TestDrivePolicyBody, response: { 200: TestDrivePolicySchema, ...writeErrors } },
    },
    async (request) => service.setTestDrivePolicy(deps, request.params.store, request.body, actor(request)),
  );
}
