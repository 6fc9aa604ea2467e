import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { requestMeta } from '../../http/auth.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import { negotiateLocale, type Locale } from '../../shared/locale.js';
import { addDealerStaff, changeDealerStaffStatus, listDealerStaff } from '../../flows/dealer-staff.js';
import { STAFF_LIST_LIMIT } from '../accounts/accounts.staff.js';
import { createDealer, getAdminDealer, listAdminDealers, updateDealer } from './dealers.admin.js';
import * as admin from './dealers.schemas.js';
import { LocaleSchema, problemResponses, SlugSchema } from '../../shared/schemas.js';
import { access } from '../access/access.policy.js';
import { requireStore } from '../catalog/catalog.service.js';
import { actorOf, requireDealerScope, requireStoreScope } from '../access/scope.js';
import { catalogEtag, notModified } from '../../http/caching.js';
import { createDirectoryCache } from './dealer-directory.js';
import {
  dealerDirectoryVersion,
  getDealerProfile,
  getPublicDealer,
  listDealerCities,
  locateDealers,
  LOCATOR_DEFAULT_LIMIT,
  LOCATOR_MAX_LIMIT,
  parseNear,
  updateDealerProfile,
} from './dealers.service.js';

const DealerParams = Type.Object({ store: SlugSchema, dealer: SlugSchema }, { additionalProperties: false });
const ServiceSchema = Type.Union([Type.Literal('sales'), Type.Literal('test_drive'), Type.Literal('delivery'), Type.Literal('service')]);
const OpeningHoursSchema = Type.Object(
  {
    timeZone: Type.Literal('Asia/Shanghai'),
    days: Type.Array(
      Type.Object(
        { day: Type.String(), open: Type.Union([Type.String(), Type.Null()]), close: Type.Union([Type.String(), Type.Null()]) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const ProfileSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    city: Type.String(),
    province: Type.String(),
    location: Type.Object({ lat: Type.Number(), lng: Type.Number() }, { additionalProperties: false }),
    phone: Type.String(),
    services: Type.Array(Type.String()),
    openingHours: Type.Union([OpeningHoursSchema, Type.Null()]),
    status: Type.String(),
  },
  { additionalProperties: false },
);
const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, Asia/Shanghai.' });
const DayHours = Type.Union([Type.Object({ open: TimeOfDay, close: TimeOfDay }, { additionalProperties: false }), Type.Null()]);
const WeeklyHoursSchema = Type.Object(
  { mon: DayHours, tue: DayHours, wed: DayHours, thu: DayHours, fri: DayHours, sat: DayHours, sun: DayHours },
  { additionalProperties: false, description: 'Every weekday; null for a closed day.' },
);
const ProfileChanges = Type.Object(
  {
    phone: Type.Optional(Type.String({ pattern: '^[0-9+][0-9 -]{6,19}$' })),
    services: Type.Optional(Type.Array(ServiceSchema, { minItems: 1, maxItems: 4, uniqueItems: true })),
    openingHours: Type.Optional(WeeklyHoursSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false });

const dealerAccess = access.dealer('dealer_staff', 'brand_admin', 'platform_admin');

export async function dealerConsoleRoutes(app: App, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  app.get(
    '/dealer/stores/:store/dealers/:dealer',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['dealers'],
        summary: 'A dealer’s profile, for its staff and its brand',
        params: DealerParams,
        querystring: LocaleQuery,
        response: { 200: ProfileSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return getDealerProfile(db, requireDealerScope(request.scope), locale);
    },
  );

  app.patch(
    '/dealer/stores/:store/dealers/:dealer',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['dealers'],
        summary: 'Change a dealer’s phone, services or opening hours',
        params: DealerParams,
        querystring: LocaleQuery,
        body: ProfileChanges,
        response: { 200: ProfileSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return updateDealerProfile(
        { db, clock },
        requireDealerScope(request.scope),
        request.body,
        actorOf(request.principal, requestMeta(request).ip),
        locale,
      );
    },
  );
}

const StoreParams = Type.Object({ store: SlugSchema }, { additionalProperties: false });
const DealerCardSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    address: Type.Union([Type.String(), Type.Null()]),
    city: Type.Object({ code: Type.Union([Type.String(), Type.Null()]), name: Type.String() }, { additionalProperties: false }),
    province: Type.String(),
    location: Type.Object({ lat: Type.Number(), lng: Type.Number() }, { additionalProperties: false }),
    phone: Type.String(),
    services: Type.Array(Type.String()),
    openingHours: Type.Union([OpeningHoursSchema, Type.Null()]),
    distanceKm: Type.Optional(Type.Number({ description: 'Great-circle distance from `near`, rounded to 0.1 km.' })),
  },
  { additionalProperties: false },
);
const LocatorQuery = Type.Object(
  {
    near: Type.Optional(Type.String({ maxLength: 64, description: '"lat,lng" in decimal degrees.' })),
    city: Type.Optional(SlugSchema),
    service: Type.Optional(ServiceSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LOCATOR_MAX_LIMIT, default: LOCATOR_DEFAULT_LIMIT })),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);
const LocatorResponse = Type.Object(
  { locale: LocaleSchema, dealers: Type.Array(DealerCardSchema) },
  { additionalProperties: false },
);
const CitiesResponse = Type.Object(
  {
    locale: LocaleSchema,
    cities: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          name: Type.String(),
          province: Type.String(),
          dealers: Type.Integer(),
          centre: Type.Object(
            { lat: Type.Number(), lng: Type.Number() },
            { additionalProperties: false, description: 'The mean position of the city’s dealers.' },
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** JSON text prepared by the service, shaped as the route's response schema says, sent as is. */
function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}

const NotModified = Type.Null({ description: 'Not Modified: the ETag in If-None-Match is current.' });

/** The public dealer locator: active dealers of active stores, for anyone. */
export async function dealerLocatorRoutes(app: App, { db }: { db: Db }): Promise<void> {
  const directories = createDirectoryCache();
  app.get(
    '/stores/:store/dealers',
    {
      config: { access: access.public },
      schema: {
        tags: ['dealers'],
        summary: 'Find dealers: nearest first from `near`, or by city then name; filter by city and service',
        params: StoreParams,
        querystring: LocatorQuery,
        response: { 200: LocatorResponse, 304: NotModified, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { near, city, service, limit, locale: explicit } = request.query;
      const locale = negotiateLocale(explicit, request.headers['accept-language']);
      const point = near === undefined ? undefined : parseNear(near);
      // The store is the catalog's: a switched-off or unknown store is not found.
      const store = await requireStore(db, request.params.store);
      const version = await dealerDirectoryVersion(db, store.id);
      // The answer depends on the directory's version, the query and the language, nothing else.
      const etag = catalogEtag(version, 'dealers', store.id, locale, JSON.stringify([point, city, service, limit]));
      if (notModified(request, reply, etag)) return reply.code(304).send(null);
      const json = await locateDealers(db, directories, { id: store.id, version }, { near: point, city, service, limit }, locale);
      return sendJsonText(reply, json);
    },
  );

  app.get(
    '/stores/:store/dealers/:dealer',
    {
      config: { access: access.public },
      schema: {
        tags: ['dealers'],
        summary: 'One dealer of a store',
        params: DealerParams,
        querystring: LocaleQuery,
        response: { 200: DealerCardSchema, 304: NotModified, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const store = await requireStore(db, request.params.store);
      const version = await dealerDirectoryVersion(db, store.id);
      if (notModified(request, reply, catalogEtag(version, 'dealer', store.id, request.params.dealer, locale))) return reply.code(304).send(null);
      return getPublicDealer(db, store.id, request.params.dealer, locale);
    },
  );

  app.get(
    '/stores/:store/cities',
    {
      config: { access: access.public },
      schema: {
        tags: ['dealers'],
        summary: 'The cities a store serves, with their number of dealers',
        params: StoreParams,
        querystring: LocaleQuery,
        response: { 200: CitiesResponse, 304: NotModified, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const store = await requireStore(db, request.params.store);
      const version = await dealerDirectoryVersion(db, store.id);
      if (notModified(request, reply, catalogEtag(version, 'cities', store.id, locale))) return reply.code(304).send(null);
      return { locale, cities: await listDealerCities(db, store.id, locale) };
    },
  );
}

/** The brand console's dealer network: its dealers, their profiles and status, and their staff accounts. */
export async function dealerAdminRoutes(app: App, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  const brandAccess = access.store('brand_admin', 'platform_admin');
  const errors = problemResponses(400, 401, 403, 404, 409, 422);
  const deps = { db, clock };
  const localeOf = (request: FastifyRequest) =>
    negotiateLocale((request.query as { locale?: Locale | undefined }).locale, request.headers['accept-language']);
  const actor = (request: FastifyRequest) => actorOf(request.principal, requestMeta(request).ip);
  const storeOf = (request: FastifyRequest) => requireStoreScope(request.scope).storeId;

  app.get(
    '/admin/stores/:store/dealers',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['admin'],
        summary: 'The store’s dealers, switched off ones included, in code order, a page at a time',
        params: admin.StoreParams,
        querystring: admin.DealerListQuery,
        response: { 200: admin.AdminDealerPage, ...errors },
      },
    },
    async (request) => listAdminDealers(db, storeOf(request), request.query, localeOf(request)),
  );

  app.post(
    '/admin/stores/:store/dealers',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['admin'],
        summary: 'Add a dealer to the store (its code is unique in the store: 409 otherwise)',
        params: admin.StoreParams,
        querystring: admin.LocaleQuery,
        body: admin.NewDealerBody,
        response: { 201: admin.AdminDealerSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createDealer(deps, storeOf(request), request.body, actor(request), localeOf(request))),
  );

  app.get(
    '/admin/stores/:store/dealers/:dealer',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['admin'],
        summary: 'One dealer of the store, with its profile in every language',
        params: admin.DealerParams,
        querystring: admin.LocaleQuery,
        response: { 200: admin.AdminDealerSchema, ...errors },
      },
    },
    async (request) => getAdminDealer(db, storeOf(request), request.params.dealer, localeOf(request)),
  );

  app.patch(
    '/admin/stores/:store/dealers/:dealer',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['admin'],
        summary: 'Change a dealer’s profile, services or hours, or switch it off or on',
        params: admin.DealerParams,
        querystring: admin.LocaleQuery,
        body: admin.DealerChangesBody,
        response: { 200: admin.AdminDealerSchema, ...errors },
      },
    },
    async (request) => updateDealer(deps, storeOf(request), request.params.dealer, request.body, actor(request), localeOf(request)),
  );

  app.get(
    '/admin/stores/:store/dealers/:dealer/staff',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['admin'],
        summary: `A dealer’s staff accounts, oldest first (at most ${STAFF_LIST_LIMIT})`,
        params: admin.DealerParams,
        response: { 200: admin.StaffListSchema, ...errors },
      },
    },
    async (request) => ({ staff: await listDealerStaff(db, storeOf(request), request.params.dealer) }),
  );

  app.post(
    '/admin/stores/:store/dealers/:dealer/staff',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['admin'],
        summary: 'Add a staff account at a dealer: email to sign in, mobile for the SMS second factor',
        params: admin.DealerParams,
        body: admin.NewStaffBody,
        response: { 201: admin.NewStaffAnswer, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await addDealerStaff(deps, storeOf(request), request.params.dealer, request.body, actor(request))),
  );

  app.patch(
    '/admin/stores/:store/dealers/:dealer/staff/:id',
    {
      config: { access: brandAccess },
      schema: {
        tags: ['admin'],
        summary: 'Disable a staff account (its sessions and API tokens end at once) or enable it again',
        params: admin.StaffParams,
        body: admin.StaffChangesBody,
        response: { 200: admin.StaffSchema, ...errors },
      },
    },
    async (request) => changeDealerStaffStatus(deps, storeOf(request), request.params.dealer, request.params.id, request.body.status, actor(request)),
  );
}
