import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import type { PaymentDeps } from '../../flows/settle-payment.js';
import {
  buyVoucher,
  getBuyerVoucher,
  getOfferOfStore,
  listBuyerVouchers,
  listDealerRedemptions,
  listOffersOnSale,
  lookUpVoucher,
  redeemVoucher,
  refundVoucherForBuyer,
  startVoucherPayment,
} from '../../flows/voucher-life.js';
import { rateLimit, type RateLimitRule } from '../../http/rate-limit.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import type { CounterStore } from '../../shared/counters.js';
import { negotiateLocale, type Locale } from '../../shared/locale.js';
import { problemResponses } from '../../shared/schemas.js';
import { access, accessErrors, type Principal } from '../access/access.policy.js';
import { actorOf, requireDealerScope } from '../access/scope.js';
import { PaymentSchema, StartPaymentBody } from '../payments/payments.schemas.js';
import { createOffer, endOfferEarly, getPolicyOfStore, listAdminOffers, redemptionReport, setPolicyOfStore } from './vouchers.admin.js';
import {
  AdminOfferListSchema,
  AdminOfferSchema,
  BuyVoucherBody,
  DealerCodeParams,
  DealerParams,
  EmptyBody,
  LocaleQuery,
  NewOfferBody,
  OfferListSchema,
  OfferParams,
  OfferSchema,
  RedeemBody,
  ReportQuery,
  ReportSchema,
  StaffVoucherListSchema,
  StaffVoucherSchema,
  StoreParams,
  VoucherIdParams,
  VoucherListSchema,
  VoucherPolicyBody,
  VoucherPolicySchema,
  VoucherSchema,
} from './vouchers.schemas.js';

/**
 * A counter looks up a code or two per buyer; more than that from one account is someone
 * guessing codes. Twelve digits make guessing hopeless at this pace.
 */
export const CODE_LOOKUP_LIMIT: RateLimitRule = { name: 'voucher-codes', perAccount: { max: 30, windowMs: 60_000 }, perIp: { max: 120, windowMs: 60_000 } };

export interface VoucherRouteDeps extends PaymentDeps {
  db: Db;
  clock: Clock;
  counters: CounterStore;
}

const buyerAccess = access.signedIn(['buyer']);
const dealerAccess = access.dealer('dealer_staff', 'brand_admin', 'platform_admin');
const brandAccess = access.store('brand_admin', 'platform_admin');

function userOf(principal: Principal): { userId: string; role: string } {
  if (principal.kind === 'anonymous') throw accessErrors.unauthenticated();
  return { userId: principal.userId, role: principal.role };
}

export async function voucherRoutes(app: App, deps: VoucherRouteDeps): Promise<void> {
  const localeOf = (request: FastifyRequest & { query: { locale?: Locale | undefined } }) => negotiateLocale(request.query.locale, request.headers['accept-language']);

  // ---- The storefront and the buyer's account ----

  app.get(
    '/stores/:store/voucher-offers',
    {
      config: { access: access.public },
      schema: {
        tags: ['vouchers'],
        summary: 'Vouchers on sale and to come: pay a price online, worth a value at any dealer of the store',
        params: StoreParams,
        querystring: LocaleQuery,
        response: { 200: OfferListSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => ({ offers: await listOffersOnSale(deps, request.params.store, localeOf(request)) }),
  );

  app.get(
    '/stores/:store/voucher-offers/:offer',
    {
      config: { access: access.public },
      schema: { tags: ['vouchers'], summary: 'One voucher offer, with its refund policy', params: OfferParams, querystring: LocaleQuery, response: { 200: OfferSchema, ...problemResponses(400, 404) } },
    },
    async (request) => getOfferOfStore(deps, request.params.store, request.params.offer, localeOf(request)),
  );

  app.post(
    '/stores/:store/vouchers',
    {
      config: { access: buyerAccess, idempotency: true },
      schema: {
        tags: ['vouchers'],
        summary: 'Buy a voucher: it waits for its price for the offer’s minutes, then shows its code',
        description:
          'Requires an `Idempotency-Key` header. Before the sale: 425 VOUCHER_SALE_NOT_STARTED; over: 409 VOUCHER_SALE_ENDED; ' +
          'none left: 409 VOUCHER_SOLD_OUT; over the per-buyer limit: 409 VOUCHER_LIMIT_REACHED. Then pay it with POST /vouchers/{id}/payments.',
        params: StoreParams,
        querystring: LocaleQuery,
        body: BuyVoucherBody,
        response: { 201: VoucherSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 425) },
      },
    },
    async (request, reply) => {
      const buyer = userOf(request.principal);
      const id = await buyVoucher(deps, request.params.store, request.body.offer, buyer.userId, request.idempotencyKey);
      reply.header('location', `/api/v1/me/vouchers/${id}`);
      return reply.status(201).send(await getBuyerVoucher(deps, buyer.userId, id, localeOf(request)));
    },
  );

  app.post(
    '/vouchers/:id/payments',
    {
      config: { access: buyerAccess, idempotency: true },
      schema: {
        tags: ['payments'],
        summary: 'Start paying one of the buyer’s vouchers',
        description: 'Requires an `Idempotency-Key` header. Answers where to pay: a page to open, or a QR code to scan.',
        params: VoucherIdParams,
        body: StartPaymentBody,
        response: { 201: PaymentSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { payment } = await startVoucherPayment(deps, userOf(request.principal).userId, request.params.id, request.body.provider, request.idempotencyKey);
      return reply.status(201).send(payment);
    },
  );

  app.get(
    '/me/vouchers',
    {
      config: { access: buyerAccess },
      schema: { tags: ['vouchers'], summary: 'The buyer’s vouchers, newest first (at most 100)', querystring: LocaleQuery, response: { 200: VoucherListSchema, ...problemResponses(400, 401, 403) } },
    },
    async (request) => ({ vouchers: await listBuyerVouchers(deps, userOf(request.principal).userId, localeOf(request)) }),
  );

  app.get(
    '/me/vouchers/:id',
    {
      config: { access: buyerAccess },
      schema: {
        tags: ['vouchers'],
        summary: 'One of the buyer’s vouchers, with its code once paid',
        params: VoucherIdParams,
        querystring: LocaleQuery,
        response: { 200: VoucherSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => getBuyerVoucher(deps, userOf(request.principal).userId, request.params.id, localeOf(request)),
  );

  app.post(
    '/me/vouchers/:id/refund',
    {
      config: { access: buyerAccess, idempotency: true },
      schema: {
        tags: ['vouchers'],
        summary: 'Give back an unused voucher within the store’s refund window: its price is refunded in full',
        description: 'Requires an `Idempotency-Key` header. 409 VOUCHER_NOT_REFUNDABLE once used, or after the window.',
        params: VoucherIdParams,
        querystring: LocaleQuery,
        body: EmptyBody,
        response: { 200: VoucherSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const buyer = userOf(request.principal);
      await refundVoucherForBuyer(deps, buyer.userId, request.params.id, { rerun: request.idempotencyRerun });
      return getBuyerVoucher(deps, buyer.userId, request.params.id, localeOf(request));
    },
  );

  // ---- The dealer's counter ----

  app.get(
    '/dealer/stores/:store/dealers/:dealer/vouchers',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['vouchers'],
        summary: 'Vouchers redeemed at this dealer, newest first (at most 50)',
        params: DealerParams,
        querystring: LocaleQuery,
        response: { 200: StaffVoucherListSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ vouchers: await listDealerRedemptions(deps, requireDealerScope(request.scope), localeOf(request)) }),
  );

  app.get(
    '/dealer/stores/:store/dealers/:dealer/vouchers/:code',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['vouchers'],
        summary: 'What a voucher code is worth, and whether it can be redeemed now',
        params: DealerCodeParams,
        querystring: LocaleQuery,
        response: { 200: StaffVoucherSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
      preHandler: rateLimit(deps.counters, CODE_LOOKUP_LIMIT),
    },
    async (request) => lookUpVoucher(deps, requireDealerScope(request.scope), request.params.code, localeOf(request)),
  );

  app.post(
    '/dealer/stores/:store/dealers/:dealer/voucher-redemptions',
    {
      // A counter whose answer was lost (a dropped link, a restart) sends again with its key and
      // hears that its own redemption went through, rather than "already redeemed".
      config: { access: dealerAccess, idempotency: true },
      schema: {
        tags: ['vouchers'],
        summary: 'Redeem a voucher once, against an order of its buyer or a sale at the counter',
        description:
          'Requires an `Idempotency-Key` header: sent again with the same key, the redemption answers as it did the first time. ' +
          'Single use: of two counters redeeming one code at once, one succeeds and the other gets 409 VOUCHER_NOT_REDEEMABLE.',
        params: DealerParams,
        querystring: LocaleQuery,
        body: RedeemBody,
        response: { 200: StaffVoucherSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
      preHandler: rateLimit(deps.counters, CODE_LOOKUP_LIMIT),
    },
    async (request) => {
      const staff = userOf(request.principal);
      const body = request.body;
      const input = 'order' in body ? { code: body.code, order: body.order } : { code: body.code, saleReference: body.saleReference };
      const who = { actor: staff.role === 'dealer_staff' ? ('dealer' as const) : ('brand' as const), userId: staff.userId, role: staff.role };
      return redeemVoucher(deps, requireDealerScope(request.scope), who, input, localeOf(request), { rerun: request.idempotencyRerun });
    },
  );

  // ---- The brand's console ----

  const adminErrors = problemResponses(400, 401, 403, 404, 409, 422);
  const actor = (request: FastifyRequest) => actorOf(request.principal, request.ip);

  app.get(
    '/admin/stores/:store/voucher-offers',
    {
      config: { access: brandAccess },
      schema: { tags: ['admin'], summary: 'Every voucher offer with what was sold, redeemed and refunded', params: StoreParams, querystring: LocaleQuery, response: { 200: AdminOfferListSchema, ...adminErrors } },
    },
    async (request) => ({ offers: await listAdminOffers(deps, request.params.store, localeOf(request)) }),
  );

  app.post(
    '/admin/stores/:store/voucher-offers',
    {
      config: { access: brandAccess },
      schema: { tags: ['admin'], summary: 'Put a voucher on sale', params: StoreParams, querystring: LocaleQuery, body: NewOfferBody, response: { 201: AdminOfferSchema, ...adminErrors } },
    },
    async (request, reply) => {
      const body = request.body;
      const input = { ...body, unitsTotal: body.unitsTotal ?? null, perBuyerLimit: body.perBuyerLimit ?? 1, payMinutes: body.payMinutes ?? 30 };
      return reply.code(201).send(await createOffer(deps, request.params.store, input, actor(request), localeOf(request)));
    },
  );

  app.post(
    '/admin/stores/:store/voucher-offers/:offer/end',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['admin'],
        summary: 'End a voucher sale early (vouchers bought stay valid)',
        params: OfferParams,
        querystring: LocaleQuery,
        body: EmptyBody,
        response: { 200: AdminOfferSchema, ...adminErrors },
      },
    },
    async (request) => endOfferEarly(deps, request.params.store, request.params.offer, actor(request), localeOf(request)),
  );

  app.get(
    '/admin/stores/:store/voucher-policy',
    {
      config: { access: brandAccess },
      schema: { tags: ['admin'], summary: 'The store’s voucher refund policy', params: StoreParams, response: { 200: VoucherPolicySchema, ...adminErrors } },
    },
    async (request) => getPolicyOfStore(deps, request.params.store),
  );

  app.put(
    '/admin/stores/:store/voucher-policy',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['admin'],
        summary: 'Set the voucher refund policy (for vouchers paid from now on)',
        params: StoreParams,
        body: VoucherPolicyBody,
        response: { 200: VoucherPolicySchema, ...adminErrors },
      },
    },
    async (request) => setPolicyOfStore(deps, request.params.store, request.body, actor(request)),
  );

  app.get(
    '/admin/stores/:store/vouchers/report',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['admin'],
        summary: 'Vouchers redeemed by dealer over [from, to)',
        params: StoreParams,
        querystring: ReportQuery,
        response: { 200: ReportSchema, ...adminErrors },
      },
    },
    async (request) => {
      const { from, to, offer } = request.query;
      return redemptionReport(deps, request.params.store, { from, to, offer }, localeOf(request));
    },
  );
}
