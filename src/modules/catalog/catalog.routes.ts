import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { catalogEtag, contentEtag, notModified, sendCachedJson } from '../../http/caching.js';
import type { ReadCache } from '../../http/read-cache.js';
import type { App } from '../../http/types.js';
import { negotiateLocale, type Locale } from '../../shared/locale.js';
import type { Clock } from '../../shared/clock.js';
import { access } from '../access/access.policy.js';
import { actorOf, requireStoreScope } from '../access/scope.js';
import * as admin from './catalog.admin.js';
import { FenSchema, NameSchema, problemResponses, SlugSchema } from '../../shared/schemas.js';
import {
  HallModelListQuery,
  HallModelListResponse,
  LocaleQuery,
  ModelDetailSchema,
  ModelListQuery,
  ModelListResponse,
  ModelParams,
  StoreListResponse,
  StoreParams,
  SiteResponse,
  StoreSchema,
} from './catalog.schemas.js';
import * as catalog from './catalog.service.js';
import { TrimSpecsSchema } from './catalog.specs.js';

const NotModified = Type.Null({ description: 'Not Modified: the ETag in If-None-Match is current.' });

export async function catalogRoutes(
  app: App,
  { db, cache, defaultStore }: { db: Db; cache: ReadCache; defaultStore: string | null },
): Promise<void> {
  app.get(
    '/site',
    {
      config: { access: access.public },
      schema: {
        tags: ['catalog'],
        summary: 'How this deployment opens: the hall across brands, or one store (DEFAULT_STORE)',
        response: { 200: SiteResponse, 304: NotModified, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const json = reply.serialize({ defaultStore: await catalog.siteDefaultStore(db, defaultStore) }) as string;
      return sendCachedJson(request, reply, { etag: contentEtag(json), json });
    },
  );

  app.get(
    '/models',
    {
      config: { access: access.public },
      schema: {
        tags: ['catalog'],
        summary: 'The hall: the range of every active store, with the same filters as one store’s range',
        querystring: HallModelListQuery,
        response: { 200: HallModelListResponse, 304: NotModified, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const { locale: explicit, ...filters } = request.query;
      const locale = negotiateLocale(explicit, request.headers['accept-language']);
      // Keyed on every store's version and status, so a change in any store is seen at once.
      const version = await catalog.hallVersion(db);
      const query = JSON.stringify(filters);
      const etag = contentEtag(['hall', version, locale, query].join('\0'));
      const entry = await cache.remember(`hall:${etag}`, async () => {
        const { stores, models } = await catalog.listHallModels(db, filters, locale);
        return { etag, json: reply.serialize({ locale, stores, models }) as string };
      });
      return sendCachedJson(request, reply, entry);
    },
  );

  app.get(
    '/stores',
    {
      config: { access: access.public },
      schema: {
        tags: ['catalog'],
        summary: 'Stores on this platform',
        querystring: LocaleQuery,
        response: { 200: StoreListResponse, ...problemResponses(400) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return { stores: await catalog.listStores(db, locale) };
    },
  );

  app.get(
    '/stores/:store',
    {
      config: { access: access.public },
      schema: {
        tags: ['catalog'],
        summary: 'One store',
        params: StoreParams,
        querystring: LocaleQuery,
        response: { 200: StoreSchema, 304: NotModified, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const store = await catalog.requireStore(db, request.params.store);
      if (notModified(request, reply, catalogEtag(store.catalog_version, 'store', store.slug, locale))) {
        return reply.code(304).send(null);
      }
      return catalog.describeStore(store, locale);
    },
  );

  app.get(
    '/stores/:store/models',
    {
      config: { access: access.public },
      schema: {
        tags: ['catalog'],
        summary: 'The range, with from-prices; filter by powertrain, body, price or free text',
        params: StoreParams,
        querystring: ModelListQuery,
        response: { 200: ModelListResponse, 304: NotModified, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { locale: explicit, ...filters } = request.query;
      const locale = negotiateLocale(explicit, request.headers['accept-language']);
      const store = await catalog.requireStore(db, request.params.store);
      const query = JSON.stringify(filters);
      const entry = await cache.remember(`${store.id}:${store.catalog_version}:models:${locale}:${query}`, async () => {
        const { store: summary, models } = await catalog.listModels(db, store, filters, locale);
        return {
          etag: catalogEtag(store.catalog_version, 'models', store.slug, locale, query),
          json: reply.serialize({ store: summary, locale, models }) as string,
        };
      });
      return sendCachedJson(request, reply, entry);
    },
  );

  app.get(
    '/stores/:store/models/:model',
    {
      config: { access: access.public },
      schema: {
        tags: ['catalog'],
        summary: 'A model with its trims, option groups, per-trim availability and rules',
        params: ModelParams,
        querystring: LocaleQuery,
        response: { 200: ModelDetailSchema, 304: NotModified, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const store = await catalog.requireStore(db, request.params.store);
      const model = request.params.model;
      const entry = await cache.remember(`${store.id}:${store.catalog_version}:model:${model}:${locale}`, async () => ({
        etag: catalogEtag(store.catalog_version, 'model', store.slug, model, locale),
        json: reply.serialize({ ...(await catalog.getModel(db, store, model, locale)), locale }) as string,
      }));
      return sendCachedJson(request, reply, entry);
    },
  );
}

const LocalizedTextSchema = Type.Object(
  {
    'zh-CN': NameSchema(200),
    fr: NameSchema(200),
    en: NameSchema(200),
  },
  { additionalProperties: false },
);
const ModelStatusSchema = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('retired')]);
const PowertrainField = Type.Union([Type.Literal('ICE'), Type.Literal('HEV'), Type.Literal('PHEV'), Type.Literal('BEV')]);
const CodeField = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const Fen = FenSchema;
const AvailabilityField = Type.Union([Type.Literal('standard'), Type.Literal('optional'), Type.Literal('unavailable')]);

const AdminModelSchema = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    tagline: LocalizedTextSchema,
    status: ModelStatusSchema,
    powertrain: Type.String(),
    body: Type.String(),
  },
  { additionalProperties: false },
);
const NewModelBody = Type.Object(
  {
    slug: SlugSchema,
    name: LocalizedTextSchema,
    tagline: LocalizedTextSchema,
    body: Type.String({ pattern: '^[a-z-]{1,20}$' }),
    powertrain: PowertrainField,
    seats: Type.Integer({ minimum: 1, maximum: 9 }),
    nev: Type.Boolean(),
    origin: Type.Union([Type.Literal('local'), Type.Literal('import')]),
  },
  { additionalProperties: false },
);
const ModelChangesBody = Type.Object(
  {
    name: Type.Optional(LocalizedTextSchema),
    tagline: Type.Optional(LocalizedTextSchema),
    body: Type.Optional(Type.String({ pattern: '^[a-z-]{1,20}$' })),
    powertrain: Type.Optional(PowertrainField),
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
    nev: Type.Optional(Type.Boolean()),
    status: Type.Optional(ModelStatusSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
const TrimBody = Type.Object(
  {
    name: Type.Optional(LocalizedTextSchema),
    engine: Type.Optional(NameSchema(60)),
    price: Type.Optional(Fen),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('retired')])),
    specs: Type.Optional(TrimSpecsSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
const OptionBody = Type.Object(
  {
    group: Type.Optional(CodeField),
    name: Type.Optional(LocalizedTextSchema),
    price: Type.Optional(Fen),
    swatch: Type.Optional(Type.Union([Type.String({ pattern: '^#[0-9a-f]{6}$' }), Type.Null()])),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('retired')])),
    availability: Type.Optional(Type.Record(CodeField, AvailabilityField)),
  },
  { additionalProperties: false, minProperties: 1 },
);
const NewTrimBody = Type.Object(
  {
    code: CodeField,
    name: LocalizedTextSchema,
    engine: NameSchema(60),
    price: Fen,
    specs: Type.Optional(TrimSpecsSchema),
  },
  { additionalProperties: false },
);
const NewOptionBody = Type.Object(
  {
    code: CodeField,
    group: CodeField,
    name: LocalizedTextSchema,
    price: Fen,
    swatch: Type.Optional(Type.Union([Type.String({ pattern: '^#[0-9a-f]{6}$' }), Type.Null()])),
    availability: Type.Optional(Type.Record(CodeField, AvailabilityField)),
  },
  { additionalProperties: false },
);
const RulesBody = Type.Object(
  {
    rules: Type.Array(
      Type.Object(
        {
          kind: Type.Union([Type.Literal('requires'), Type.Literal('excludes'), Type.Literal('includes')]),
          option: CodeField,
          targets: Type.Array(CodeField, { minItems: 1, maxItems: 30, uniqueItems: true }),
          note: Type.Optional(LocalizedTextSchema),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
const LintSchema = Type.Object(
  {
    publishable: Type.Boolean(),
    complete: Type.Boolean(),
    countsComplete: Type.Optional(
      Type.Boolean({ description: 'False when there were too many cars to count them all: the counts are then lower bounds.' }),
    ),
    unreachableOptions: Type.Array(Type.Object({ option: Type.String(), message: Type.String() }, { additionalProperties: false })),
    contradictoryRules: Type.Array(
      Type.Object(
        {
          rules: Type.Array(
            Type.Object(
              { kind: Type.String(), option: Type.String(), targets: Type.Array(Type.String()) },
              { additionalProperties: false },
            ),
          ),
          message: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    validConfigurationsByTrim: Type.Record(Type.String(), Type.Integer()),
  },
  { additionalProperties: false },
);
const AdminModelDetailSchema = Type.Object(
  {
    slug: Type.String(),
    status: ModelStatusSchema,
    name: LocalizedTextSchema,
    tagline: LocalizedTextSchema,
    body: Type.String(),
    powertrain: Type.String(),
    seats: Type.Integer(),
    nev: Type.Boolean(),
    currency: Type.String(),
    trims: Type.Array(Type.Object({ code: Type.String(), name: LocalizedTextSchema, price: Type.Integer({ description: 'Fen.' }) }, { additionalProperties: false })),
    groups: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          name: LocalizedTextSchema,
          choice: Type.Union([Type.Literal('single'), Type.Literal('multiple')]),
          required: Type.Boolean(),
          options: Type.Array(
            Type.Object(
              { code: Type.String(), name: LocalizedTextSchema, price: Type.Integer({ description: 'Fen.' }), availability: Type.Record(Type.String(), AvailabilityField) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    rules: Type.Array(
      Type.Object(
        { kind: Type.Union([Type.Literal('requires'), Type.Literal('excludes'), Type.Literal('includes')]), option: Type.String(), targets: Type.Array(Type.String()) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const TrimParams = Type.Object({ store: SlugSchema, model: SlugSchema, trim: CodeField }, { additionalProperties: false });
const OptionParams = Type.Object({ store: SlugSchema, model: SlugSchema, option: CodeField }, { additionalProperties: false });
const adminErrors = problemResponses(400, 401, 403, 404, 409, 422, 503);

/**
 * The brand console's catalog: only the store's own brand admins, and platform admins.
 * Changes to a published model must leave it lint-clean, or they are refused with the report.
 */
export async function catalogAdminRoutes(app: App, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  const brand = { access: access.store('brand_admin', 'platform_admin') };
  const deps = { db, clock };
  const context = (request: FastifyRequest & { query: { locale?: Locale | undefined } }) => ({
    scope: { ...requireStoreScope(request.scope), storeSlug: (request.params as { store: string }).store },
    actor: actorOf(request.principal, request.ip),
    locale: negotiateLocale(request.query.locale, request.headers['accept-language']),
  });

  app.get(
    '/admin/stores/:store/models',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Every model of the store: drafts, published and retired',
        params: StoreParams,
        querystring: LocaleQuery,
        response: { 200: Type.Object({ models: Type.Array(AdminModelSchema) }, { additionalProperties: false }), ...adminErrors },
      },
    },
    async (request) => {
      const { scope, locale } = context(request);
      return { models: await admin.listModelsForAdmin(db, scope, locale) };
    },
  );

  app.post(
    '/admin/stores/:store/models',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Create a model as a draft, with the standard option groups',
        params: StoreParams,
        querystring: LocaleQuery,
        body: NewModelBody,
        response: { 201: AdminModelSchema, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { scope, actor, locale } = context(request);
      return reply.code(201).send(await admin.createModel(deps, scope, request.body, actor, locale));
    },
  );

  app.get(
    '/admin/stores/:store/models/:model',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'One model as the console edits it, draft or not: trims, options with per-trim availability, rules',
        params: ModelParams,
        querystring: LocaleQuery,
        response: { 200: AdminModelDetailSchema, ...adminErrors },
      },
    },
    async (request) => {
      const { scope } = context(request);
      return admin.modelDetailForAdmin(db, scope, request.params.model);
    },
  );

  app.patch(
    '/admin/stores/:store/models/:model',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Edit a model; status active publishes it (lint must pass), retired withdraws it',
        params: ModelParams,
        querystring: LocaleQuery,
        body: ModelChangesBody,
        response: { 200: AdminModelSchema, ...adminErrors },
      },
    },
    async (request) => {
      const { scope, actor, locale } = context(request);
      return admin.updateModel(deps, scope, request.params.model, request.body, actor, locale);
    },
  );

  app.get(
    '/admin/stores/:store/models/:model/lint',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Unreachable options, contradictory rules and valid configurations per trim',
        params: ModelParams,
        querystring: LocaleQuery,
        response: { 200: LintSchema, ...adminErrors },
      },
    },
    async (request) => {
      const { scope, locale } = context(request);
      return admin.lintModel(db, scope, request.params.model, locale);
    },
  );

  app.post(
    '/admin/stores/:store/models/:model/trims',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Add a trim (price in fen); a code the model already has is a 409, never an overwrite',
        params: ModelParams,
        querystring: LocaleQuery,
        body: NewTrimBody,
        response: { 201: AdminModelSchema, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { scope, actor, locale } = context(request);
      return reply.code(201).send(await admin.createTrim(deps, scope, request.params.model, request.body, actor, locale));
    },
  );

  app.post(
    '/admin/stores/:store/models/:model/options',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Add an option to a group (price in fen, per-trim availability, optional by default); a code the model already has is a 409',
        params: ModelParams,
        querystring: LocaleQuery,
        body: NewOptionBody,
        response: { 201: AdminModelSchema, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { scope, actor, locale } = context(request);
      return reply.code(201).send(await admin.createOption(deps, scope, request.params.model, request.body, actor, locale));
    },
  );

  app.put(
    '/admin/stores/:store/models/:model/trims/:trim',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Create or change a trim (price in fen); retire it with status',
        params: TrimParams,
        querystring: LocaleQuery,
        body: TrimBody,
        response: { 200: AdminModelSchema, ...adminErrors },
      },
    },
    async (request) => {
      const { scope, actor, locale } = context(request);
      return admin.upsertTrim(deps, scope, request.params.model, { code: request.params.trim, ...request.body }, actor, locale);
    },
  );

  app.put(
    '/admin/stores/:store/models/:model/options/:option',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Create or change an option: price, per-trim availability, status',
        params: OptionParams,
        querystring: LocaleQuery,
        body: OptionBody,
        response: { 200: AdminModelSchema, ...adminErrors },
      },
    },
    async (request) => {
      const { scope, actor, locale } = context(request);
      return admin.upsertOption(deps, scope, request.params.model, { code: request.params.option, ...request.body }, actor, locale);
    },
  );

  app.put(
    '/admin/stores/:store/models/:model/rules',
    {
      config: brand,
      schema: {
        tags: ['admin'],
        summary: 'Replace the model’s rules (requires, excludes, includes)',
        params: ModelParams,
        querystring: LocaleQuery,
        body: RulesBody,
        response: { 200: AdminModelSchema, ...adminErrors },
      },
    },
    async (request) => {
      const { scope, actor, locale } = context(request);
      return admin.replaceRules(deps, scope, request.params.model, request.body.rules, actor, locale);
    },
  );
}
