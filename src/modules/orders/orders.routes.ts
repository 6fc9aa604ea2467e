import type { Db } from '../../db/database.js';
import { cancelOrder, allocateVin, confirmOrder, handOver, markReady, recordBalance, setAppointment, setInspection, type OrderScope } from '../../flows/order-life.js';
import { getBuyerOrder, getStaffOrder, listBuyerOrders, listStaffOrders } from '../../flows/order-views.js';
import { orderTerms, placeOrder } from '../../flows/place-order.js';
import type { ReadCache } from '../../http/read-cache.js';
import type { AdmissionGate } from '../campaigns/campaigns.gate.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import { negotiateLocale } from '../../shared/locale.js';
import { problemResponses } from '../../shared/schemas.js';
import { access, accessErrors, type Principal } from '../access/access.policy.js';
import { requireDealerScope, requireStoreScope } from '../access/scope.js';
import { requireStore } from '../catalog/catalog.service.js';
import { listOwnedVehicles, type Who } from './orders.service.js';
import {
  AllocateBody,
  AppointmentBody,
  BalanceBody,
  BuyerOrderListSchema,
  BuyerOrderSchema,
  CancelBody,
  DealerOrderParams,
  DealerParams,
  EmptyBody,
  HandoverBody,
  IdParams,
  InspectionBody,
  ListQuery,
  LocaleQuery,
  OrderTermsQuery,
  OrderTermsSchema,
  PlaceOrderBody,
  StaffOrderListSchema,
  StaffOrderSchema,
  StoreOrderParams,
  StoreParams,
  VehicleListSchema,
} from './orders.schemas.js';

const buyerAccess = access.signedIn(['buyer']);
const dealerAccess = access.dealer('dealer_staff', 'brand_admin', 'platform_admin');
const brandAccess = access.store('brand_admin', 'platform_admin');

function signedIn(principal: Principal): { userId: string; role: string } {
  if (principal.kind === 'anonymous') throw accessErrors.unauthenticated();
  return { userId: principal.userId, role: principal.role };
}

/** Dealer staff act as the dealer; a brand or platform admin in the dealer console acts as the brand. */
function staffWho(principal: Principal): Who & { actor: 'dealer' | 'brand' } {
  const { userId, role } = signedIn(principal);
  return { actor: role === 'dealer_staff' ? 'dealer' : 'brand', userId, role };
}

export async function orderRoutes(
  app: App,
  { db, clock, cache, gate }: { db: Db; clock: Clock; cache: ReadCache; gate?: AdmissionGate | undefined },
): Promise<void> {
  // The gate hears of flash-sale units a cancellation puts back on sale.
  const deps = { db, clock, gate };

  // ---- Buyers. ----

  app.get(
    '/stores/:store/order-terms',
    {
      config: { access: access.public },
      schema: {
        tags: ['orders'],
        summary: 'What reserving a car would ask (its deposit, the refund window, the hold), before anything is held',
        params: StoreParams,
        querystring: OrderTermsQuery,
        response: { 200: OrderTermsSchema, ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request) => {
      const store = await requireStore(db, request.params.store);
      const terms = await orderTerms({ db, cache }, store, request.query);
      const money = (amount: number) => ({ amount, currency: terms.currency });
      return { vehiclePrice: money(terms.vehiclePrice), deposit: money(terms.deposit), refundWindowDays: terms.refundWindowDays, holdMinutes: terms.holdMinutes };
    },
  );

  app.post(
    '/stores/:store/orders',
    {
      config: { access: buyerAccess, idempotency: true },
      schema: {
        tags: ['orders'],
        summary: 'Reserve a car: a saved configuration built to order, or one VIN in stock held until the deposit is paid',
        description: 'Requires an `Idempotency-Key` header (at most 255 characters): the first answer to a key is replayed for 24 hours.',
        params: StoreParams,
        querystring: LocaleQuery,
        body: PlaceOrderBody,
        response: { 201: BuyerOrderSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const store = await requireStore(db, request.params.store);
      const buyer = signedIn(request.principal);
      const { orderId } = await placeOrder({ db, clock, cache }, store, buyer.userId, request.body, request.idempotencyKey);
      reply.header('location', `/api/v1/me/orders/${orderId}`);
      return reply.status(201).send(await getBuyerOrder(deps, buyer.userId, orderId, locale));
    },
  );

  app.get(
    '/me/orders',
    {
      config: { access: buyerAccess },
      schema: {
        tags: ['orders'],
        summary: 'The buyer’s orders, newest first',
        querystring: ListQuery,
        response: { 200: BuyerOrderListSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return listBuyerOrders(deps, signedIn(request.principal).userId, { ...request.query, limit: request.query.limit ?? 20 }, locale);
    },
  );

  app.get(
    '/me/orders/:id',
    {
      config: { access: buyerAccess },
      schema: {
        tags: ['orders'],
        summary: 'One of the buyer’s orders with its timeline, refund rules and pickup code',
        params: IdParams,
        querystring: LocaleQuery,
        response: { 200: BuyerOrderSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return getBuyerOrder(deps, signedIn(request.principal).userId, request.params.id, locale);
    },
  );

  app.get(
    '/me/vehicles',
    {
      config: { access: buyerAccess },
      schema: {
        tags: ['orders'],
        summary: 'The cars the buyer has taken delivery of, newest first (at most 50)',
        querystring: LocaleQuery,
        response: { 200: VehicleListSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return { vehicles: await listOwnedVehicles(db, signedIn(request.principal).userId, locale) };
    },
  );

  app.post(
    '/me/orders/:id/cancel',
    {
      config: { access: buyerAccess, idempotency: true },
      schema: {
        tags: ['orders'],
        summary: 'Cancel one of the buyer’s orders (the deposit is refunded or forfeited by the refund rules)',
        params: IdParams,
        querystring: LocaleQuery,
        body: CancelBody,
        response: { 200: BuyerOrderSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const buyer = signedIn(request.principal);
      await cancelOrder(deps, { actor: 'buyer', userId: buyer.userId, role: 'buyer' }, { buyerId: buyer.userId }, request.params.id, request.body?.reason ?? null, {
        rerun: request.idempotencyRerun,
      });
      return getBuyerOrder(deps, buyer.userId, request.params.id, locale);
    },
  );

  // ---- Dealer console. ----

  const dealerScope = (scope: Parameters<typeof requireDealerScope>[0]): OrderScope => requireDealerScope(scope);

  app.get(
    '/dealer/stores/:store/dealers/:dealer/orders',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['orders'],
        summary: 'A dealer’s orders, newest first, with counts by status',
        params: DealerParams,
        querystring: ListQuery,
        response: { 200: StaffOrderListSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const who = staffWho(request.principal);
      return listStaffOrders(deps, dealerScope(request.scope), who.actor, { ...request.query, limit: request.query.limit ?? 20 }, locale);
    },
  );

  app.get(
    '/dealer/stores/:store/dealers/:dealer/orders/:id',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['orders'],
        summary: 'One order of the dealer',
        params: DealerOrderParams,
        querystring: LocaleQuery,
        response: { 200: StaffOrderSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return getStaffOrder(deps, dealerScope(request.scope), staffWho(request.principal).actor, request.params.id, locale);
    },
  );

  const steps = [
    { path: 'confirm', summary: 'Confirm the order to the buyer', body: EmptyBody, run: (s: OrderScope, w: Who, id: string) => confirmOrder(deps, s, w, id) },
    {
      path: 'allocate',
      summary: 'Allocate a VIN that matches the order (a stock order keeps its own)',
      body: AllocateBody,
      run: (s: OrderScope, w: Who, id: string, body: { vin?: string }) => allocateVin(deps, s, w, id, body.vin),
    },
    {
      path: 'balance',
      summary: 'Record how the balance is settled: online by the buyer, paid at the dealer, or financed (approved)',
      body: BalanceBody,
      run: (s: OrderScope, w: Who, id: string, body: { method: 'online' | 'dealer' | 'financed' }) => recordBalance(deps, s, w, id, body.method),
    },
    {
      path: 'inspection',
      summary: 'Tick the pre-delivery inspection items done (the whole list, replacing the last)',
      body: InspectionBody,
      run: (s: OrderScope, w: Who, id: string, body: { done: string[] }) => setInspection(deps, s, w, id, body.done),
    },
    {
      path: 'appointment',
      summary: 'Set the handover appointment',
      body: AppointmentBody,
      run: (s: OrderScope, w: Who, id: string, body: { at: string }) => setAppointment(deps, s, w, id, new Date(body.at)),
    },
    { path: 'ready', summary: 'Mark the car ready for handover (inspection done, appointment set)', body: EmptyBody, run: (s: OrderScope, w: Who, id: string) => markReady(deps, s, w, id) },
    {
      path: 'handover',
      summary: 'Hand the car over against the buyer’s 6-digit pickup code, recording a temporary plate if issued',
      body: HandoverBody,
      run: (s: OrderScope, w: Who, id: string, body: { pickupCode: string; tempPlate?: { number: string; expiresOn: string } }) =>
        handOver(deps, s, w, id, body),
    },
    {
      path: 'cancel',
      summary: 'Cancel the order for the buyer: everything they paid is refunded',
      body: CancelBody,
      run: (s: OrderScope, w: Who, id: string, body: { reason?: string } | null) =>
        cancelOrder(deps, w as Who & { actor: 'dealer' | 'brand' }, s, id, body?.reason ?? null),
    },
  ] as const;

  for (const step of steps) {
    app.post(
      `/dealer/stores/:store/dealers/:dealer/orders/:id/${step.path}`,
      {
        config: { access: dealerAccess },
        schema: {
          tags: ['orders'],
          summary: step.summary,
          params: DealerOrderParams,
          querystring: LocaleQuery,
          body: step.body,
          response: { 200: StaffOrderSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
        },
      },
      async (request) => {
        const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
        const who = staffWho(request.principal);
        const scope = dealerScope(request.scope);
        await (step.run as (s: OrderScope, w: Who, id: string, body: unknown) => Promise<void>)(scope, who, request.params.id, request.body);
        return getStaffOrder(deps, scope, who.actor, request.params.id, locale);
      },
    );
  }

  // ---- Brand console: every dealer's orders, read only but for calling one off. ----

  app.get(
    '/admin/stores/:store/orders',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['orders'],
        summary: 'The store’s orders across its dealers, newest first',
        params: StoreParams,
        querystring: ListQuery,
        response: { 200: StaffOrderListSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return listStaffOrders(deps, requireStoreScope(request.scope), 'brand', { ...request.query, limit: request.query.limit ?? 20 }, locale);
    },
  );

  app.get(
    '/admin/stores/:store/orders/:id',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['orders'],
        summary: 'One order of the store',
        params: StoreOrderParams,
        querystring: LocaleQuery,
        response: { 200: StaffOrderSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return getStaffOrder(deps, requireStoreScope(request.scope), 'brand', request.params.id, locale);
    },
  );

  app.post(
    '/admin/stores/:store/orders/:id/cancel',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['orders'],
        summary: 'Call an order off for the brand: everything the buyer paid is refunded',
        params: StoreOrderParams,
        querystring: LocaleQuery,
        body: CancelBody,
        response: { 200: StaffOrderSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const { userId, role } = signedIn(request.principal);
      const scope = requireStoreScope(request.scope);
      await cancelOrder(deps, { actor: 'brand', userId, role }, scope, request.params.id, request.body?.reason ?? null);
      return getStaffOrder(deps, scope, 'brand', request.params.id, locale);
    },
  );
}
