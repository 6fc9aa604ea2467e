import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { contactDealer } from '../../flows/contact-dealer.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import { negotiateLocale } from '../../shared/locale.js';
import { LocaleSchema, problemResponses, SlugSchema, VISIBLE_PATTERN } from '../../shared/schemas.js';
import { access, accessErrors, type Principal } from '../access/access.policy.js';
import { requireDealerScope } from '../access/scope.js';
import { channelOf } from '../analytics/analytics.dimensions.js';
import { requireStore } from '../catalog/catalog.service.js';
import { SHORT_CODE_PATTERN } from '../configurator/short-code.js';
import {
  addLeadNote,
  changeLeadStatus,
  getLeadDetail,
  listBuyerLeads,
  listQueue,
  QUEUE_DEFAULT_LIMIT,
  QUEUE_MAX_LIMIT,
} from './leads.service.js';

const StatusSchema = Type.Union([
  Type.Literal('new'),
  Type.Literal('contacted'),
  Type.Literal('test_drive_booked'),
  Type.Literal('won'),
  Type.Literal('lost'),
]);
const SourceSchema = Type.Union([Type.Literal('model'), Type.Literal('configuration'), Type.Literal('stock_unit'), Type.Literal('test_drive')]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Named = Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false });

const VehicleSchema = Type.Object(
  {
    model: Nullable(Type.Object({ slug: Type.String(), name: Type.String() }, { additionalProperties: false })),
    trim: Nullable(Named),
    options: Type.Array(Named),
    configurationCode: Nullable(Type.String()),
    vin: Nullable(Type.String()),
  },
  { additionalProperties: false, description: 'What the lead is about, named in the reader’s language.' },
);

const BuyerLeadSchema = Type.Object(
  {
    id: Type.String(),
    store: Type.String(),
    dealer: Named,
    source: SourceSchema,
    status: StatusSchema,
    vehicle: VehicleSchema,
    phoneShared: Type.Boolean(),
    message: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);

const StaffLeadSchema = Type.Object(
  {
    id: Type.String(),
    source: SourceSchema,
    status: StatusSchema,
    buyer: Type.Object(
      { name: Type.String(), phone: Nullable(Type.String({ description: 'Only when the buyer agreed to share it.' })) },
      { additionalProperties: false },
    ),
    vehicle: VehicleSchema,
    message: Nullable(Type.String()),
    testDriveId: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    firstContactedAt: Nullable(Type.String({ description: 'Set once, by the first move out of `new`.' })),
    minutesToFirstContact: Nullable(Type.Integer()),
    next: Type.Array(StatusSchema, { description: 'The statuses this lead may move to now.' }),
  },
  { additionalProperties: false },
);

const LeadDetailSchema = Type.Object(
  {
    ...StaffLeadSchema.properties,
    history: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          kind: Type.Union([Type.Literal('opened'), Type.Literal('status'), Type.Literal('note')]),
          status: Nullable(StatusSchema),
          note: Nullable(Type.String()),
          at: Type.String(),
          actor: Type.Object({ name: Nullable(Type.String()), role: Nullable(Type.String()) }, { additionalProperties: false }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const QueueSchema = Type.Object(
  {
    leads: Type.Array(StaffLeadSchema),
    counts: Type.Object(
      { new: Type.Integer(), contacted: Type.Integer(), test_drive_booked: Type.Integer(), won: Type.Integer(), lost: Type.Integer() },
      { additionalProperties: false },
    ),
    nextCursor: Nullable(Type.String()),
  },
  { additionalProperties: false },
);

const RequestBody = Type.Object(
  {
    dealer: SlugSchema,
    model: Type.Optional(SlugSchema),
    configuration: Type.Optional(Type.String({ pattern: SHORT_CODE_PATTERN })),
    vin: Type.Optional(Type.String({ minLength: 17, maxLength: 17, pattern: '^[A-Za-z0-9]{17}$' })),
    sharePhone: Type.Boolean({ description: 'The buyer agrees to give the dealer their phone number.' }),
    phone: Type.Optional(
      Type.String({ maxLength: 20, description: 'Only read when sharePhone is true and the account has no phone: a mainland mobile number.' }),
    ),
    message: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false, description: 'Exactly one of model, configuration or vin.' },
);

const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false });
const StoreParams = Type.Object({ store: SlugSchema }, { additionalProperties: false });
const DealerParams = Type.Object({ store: SlugSchema, dealer: SlugSchema }, { additionalProperties: false });
const LeadParams = Type.Object(
  { store: SlugSchema, dealer: SlugSchema, id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) },
  { additionalProperties: false },
);
const QueueQuery = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: QUEUE_MAX_LIMIT, default: QUEUE_DEFAULT_LIMIT })),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);

const buyerOnly = access.signedIn(['buyer']);
const dealerAccess = access.dealer('dealer_staff', 'brand_admin', 'platform_admin');

function userIdOf(principal: Principal): string {
  if (principal.kind === 'anonymous') throw accessErrors.unauthenticated();
  return principal.userId;
}

/** "Contact me" for buyers, and each dealer's lead queue for its staff and its brand. */
export async function leadRoutes(app: App, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  app.post(
    '/stores/:store/leads',
    {
      config: { access: buyerOnly },
      schema: {
        tags: ['leads'],
        summary: 'Ask a dealer to call back about a model, a saved configuration or a car in stock',
        description:
          'The same request while the buyer’s lead about it at that dealer is still open answers that lead with 200 instead of opening another (201). ' +
          'A buyer may have 5 open requests and send 10 a day. The phone is stored only when sharePhone is true: the account’s, or `phone` when the account has none.',
        params: StoreParams,
        querystring: LocaleQuery,
        body: RequestBody,
        response: { 200: BuyerLeadSchema, 201: BuyerLeadSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const store = await requireStore(db, request.params.store);
      const { lead, created } = await contactDealer(
        { db, clock },
        store,
        userIdOf(request.principal),
        request.body,
        channelOf(request.headers['user-agent']),
        locale,
      );
      return reply.code(created ? 201 : 200).send(lead);
    },
  );

  app.get(
    '/me/leads',
    {
      config: { access: buyerOnly },
      schema: {
        tags: ['leads'],
        summary: 'The signed-in buyer’s requests to dealers, newest first',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: QUEUE_MAX_LIMIT, default: 50 })), locale: Type.Optional(LocaleSchema) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ leads: Type.Array(BuyerLeadSchema) }, { additionalProperties: false }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return { leads: await listBuyerLeads(db, userIdOf(request.principal), request.query.limit ?? 50, locale) };
    },
  );

  app.get(
    '/dealer/stores/:store/dealers/:dealer/leads',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['leads'],
        summary: 'A dealer’s lead queue, newest first, with counts by status',
        params: DealerParams,
        querystring: QueueQuery,
        response: { 200: QueueSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { locale: explicit, ...page } = request.query;
      const locale = negotiateLocale(explicit, request.headers['accept-language']);
      return listQueue(db, requireDealerScope(request.scope), page, locale);
    },
  );

  app.get(
    '/dealer/stores/:store/dealers/:dealer/leads/:id',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['leads'],
        summary: 'One lead of the dealer, with its history',
        params: LeadParams,
        querystring: LocaleQuery,
        response: { 200: LeadDetailSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return getLeadDetail(db, requireDealerScope(request.scope), request.params.id, locale);
    },
  );

  app.post(
    '/dealer/stores/:store/dealers/:dealer/leads/:id/status',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['leads'],
        summary: 'Move a lead: new → contacted | test_drive_booked | lost; contacted → test_drive_booked | won | lost; test_drive_booked → won | lost',
        description: 'Any other move is a 409 LEAD_TRANSITION_NOT_ALLOWED. The first move out of `new` stamps firstContactedAt.',
        params: LeadParams,
        querystring: LocaleQuery,
        body: Type.Object({ status: StatusSchema }, { additionalProperties: false }),
        response: { 200: LeadDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return changeLeadStatus({ db, clock }, requireDealerScope(request.scope), request.params.id, request.body.status, userIdOf(request.principal), locale);
    },
  );

  app.post(
    '/dealer/stores/:store/dealers/:dealer/leads/:id/notes',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['leads'],
        summary: 'Add a note to a lead’s history',
        params: LeadParams,
        querystring: LocaleQuery,
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 1000, pattern: VISIBLE_PATTERN }) }, { additionalProperties: false }),
        response: { 200: LeadDetailSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return addLeadNote({ db, clock }, requireDealerScope(request.scope), request.params.id, request.body.note.trim(), userIdOf(request.principal), locale);
    },
  );
}
