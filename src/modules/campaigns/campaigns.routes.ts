import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { claimCampaignUnit, refuseFromCache } from '../../flows/claim-campaign-unit.js';
import { getBuyerOrder } from '../../flows/order-views.js';
import { contentEtag, notModified } from '../../http/caching.js';
import { rateLimit, type RateLimitRule } from '../../http/rate-limit.js';
import type { ReadCache } from '../../http/read-cache.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import type { CounterStore } from '../../shared/counters.js';
import { DomainError } from '../../shared/errors.js';
import { negotiateLocale, type Locale } from '../../shared/locale.js';
import { problemResponses } from '../../shared/schemas.js';
import { access, accessErrors } from '../access/access.policy.js';
import { actorOf } from '../access/scope.js';
import { channelOf } from '../analytics/analytics.dimensions.js';
import { BuyerOrderSchema } from '../orders/orders.schemas.js';
import type { CampaignCache } from './campaigns.cache.js';
import { campaignErrors } from './campaigns.errors.js';
import type { AdmissionGate, KeyedQueue } from './campaigns.gate.js';
import {
  AdminCampaignListSchema,
  AdminCampaignSchema,
  CampaignChangesBody,
  CampaignListSchema,
  CampaignParams,
  CampaignSchema,
  ClaimBody,
  EmptyBody,
  LocaleQuery,
  NewCampaignBody,
  StoreParams,
} from './campaigns.schemas.js';
import { campaignView, createCampaign, endCampaignEarly, listAdminCampaigns, listCampaignViews, updateCampaign } from './campaigns.service.js';

/**
 * A buyer taps "claim" a few times; a script taps it many. One address may front many buyers
 * (a campus, a mobile carrier's NAT), so its budget is a dozen buyers' worth.
 */
export const CLAIM_LIMIT: RateLimitRule = {
  name: 'campaign-claims',
  perAccount: { max: 10, windowMs: 60_000 },
  perIp: { max: 120, windowMs: 60_000 },
};

export interface CampaignRouteDeps {
  db: Db;
  clock: Clock;
  cache: ReadCache;
  counters: CounterStore;
  gate: AdmissionGate;
  buyerQueue: KeyedQueue;
  campaigns: CampaignCache;
}

export async function campaignRoutes(app: App, deps: CampaignRouteDeps): Promise<void> {
  const { db, clock, campaigns } = deps;
  const localeOf = (request: FastifyRequest & { query: { locale?: Locale | undefined } }) => negotiateLocale(request.query.locale, request.headers['accept-language']);

  app.get(
    '/stores/:store/campaigns',
    {
      config: { access: access.public },
      schema: {
        tags: ['campaigns'],
        summary: 'The store’s flash sales: those to come and on now first, then those over',
        params: StoreParams,
        querystring: LocaleQuery,
        response: { 200: CampaignListSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => ({ campaigns: await listCampaignViews(deps, request.params.store, localeOf(request)) }),
  );

  app.get(
    '/stores/:store/campaigns/:campaign',
    {
      config: { access: access.public },
      schema: {
        tags: ['campaigns'],
        summary: 'One flash sale with its remaining units (at most a second old) and the server’s time for the countdown',
        params: CampaignParams,
        querystring: LocaleQuery,
        response: { 200: CampaignSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { store, campaign } = request.params;
      const entry = await campaigns.get(store, campaign);
      const now = clock.now();
      if (!entry) throw campaignErrors.notFound(campaign);
      const view = await campaignView(deps, entry.store, entry.campaign, entry.editions, entry.remaining, localeOf(request), now);
      // serverTime stays out of the tag: it changes every request, the rest at most once a second.
      const fresh = notModified(request, reply, contentEtag(JSON.stringify(view)));
      reply.header('cache-control', 'public, max-age=1');
      if (fresh) return (reply as FastifyReply).code(304).send();
      return { ...view, serverTime: now.toISOString() };
    },
  );

  app.post(
    '/stores/:store/campaigns/:campaign/claims',
    {
      config: { access: access.signedIn(['buyer']), idempotency: true },
      schema: {
        tags: ['campaigns'],
        summary: 'Claim one unit of a flash sale: an order pending its deposit for the campaign’s minutes',
        description:
          'Requires an `Idempotency-Key` header. Before the start: 425 CAMPAIGN_NOT_STARTED with startsAt and Retry-After. ' +
          'Over: 409 CAMPAIGN_ENDED; none left: 409 CAMPAIGN_SOLD_OUT; over the per-buyer limit: 409 CAMPAIGN_LIMIT_REACHED. ' +
          '`edition` names one of the campaign’s editions (by its code), and may be left out when it has one: ' +
          '422 CAMPAIGN_EDITION_REQUIRED without it when it has several, 422 CAMPAIGN_EDITION_UNKNOWN for a code it does not have. ' +
          'Those before the start and after the sell-out are answered from memory, before the key is stored: a retry of them is a new attempt.',
        params: CampaignParams,
        querystring: LocaleQuery,
        body: ClaimBody,
        response: { 201: BuyerOrderSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 425, 429) },
      },
      // Before the idempotency key is claimed (a preHandler): the crowd turned away early costs no write.
      preValidation: [
        rateLimit(deps.counters, CLAIM_LIMIT),
        async (request: FastifyRequest) => {
          // Malformed input is still told so first (400), as on every other route.
          if (!request.getValidationFunction('params')?.(request.params) || !request.getValidationFunction('body')?.(request.body)) return;
          const { store, campaign } = request.params as { store: string; campaign: string };
          const entry = await campaigns.get(store, campaign);
          try {
            refuseFromCache(entry, campaign, clock.now());
          } catch (refusal) {
            // A winner retrying after the sell-out goes on, to hear the 201 stored under their key.
            const principal = request.principal;
            const over = refusal instanceof DomainError && (refusal.code === 'CAMPAIGN_SOLD_OUT' || refusal.code === 'CAMPAIGN_ENDED');
            if (over && entry && principal.kind !== 'anonymous' && (await deps.gate.isWinner(entry.campaign.id, principal.userId))) return;
            throw refusal;
          }
        },
      ],
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.kind === 'anonymous') throw accessErrors.unauthenticated();
      const { orderId } = await claimCampaignUnit(
        deps,
        request.params.store,
        request.params.campaign,
        principal.userId,
        { ...request.body, channel: channelOf(request.headers['user-agent']) },
        request.idempotencyKey,
      );
      reply.header('location', `/api/v1/me/orders/${orderId}`);
      return reply.status(201).send(await getBuyerOrder({ db, clock }, principal.userId, orderId, localeOf(request)));
    },
  );

  // ---- The brand's console. ----

  const brand = { access: access.store('brand_admin', 'platform_admin') };
  const adminErrors = problemResponses(400, 401, 403, 404, 409, 422);
  const actor = (request: FastifyRequest) => actorOf(request.principal, request.ip);

  app.get(
    '/admin/stores/:store/campaigns',
    {
      config: brand,
      schema: { tags: ['admin'], summary: 'The store’s flash sales with their counters', params: StoreParams, querystring: LocaleQuery, response: { 200: AdminCampaignListSchema, ...adminErrors } },
    },
    async (request) => ({ campaigns: await listAdminCampaigns(deps, request.params.store, localeOf(request)) }),
  );

  app.post(
    '/admin/stores/:store/campaigns',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Create a flash sale of one edition (trim and options) or of up to 6 editions sharing its units, price and deposit',
        params: StoreParams,
        querystring: LocaleQuery,
        body: NewCampaignBody,
        response: { 201: AdminCampaignSchema, ...adminErrors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const input = { ...body, perBuyerLimit: body.perBuyerLimit ?? 1, payMinutes: body.payMinutes ?? 30 };
      return reply.code(201).send(await createCampaign(deps, request.params.store, input, actor(request), localeOf(request)));
    },
  );

  app.patch(
    '/admin/stores/:store/campaigns/:campaign',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Change a flash sale before it starts (409 CAMPAIGN_STARTED after); `editions` replaces the whole list',
        params: CampaignParams,
        querystring: LocaleQuery,
        body: CampaignChangesBody,
        response: { 200: AdminCampaignSchema, ...adminErrors },
      },
    },
    async (request) => updateCampaign(deps, request.params.store, request.params.campaign, request.body, actor(request), localeOf(request)),
  );

  app.post(
    '/admin/stores/:store/campaigns/:campaign/end',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'End a flash sale early; claims stop, orders already placed go on',
        params: CampaignParams,
        body: EmptyBody,
        querystring: LocaleQuery,
        response: { 200: AdminCampaignSchema, ...adminErrors },
      },
    },
    async (request) => endCampaignEarly(deps, request.params.store, request.params.campaign, actor(request), localeOf(request)),
  );
}
