import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { catalogEtag, notModified, sendCachedJson } from '../../http/caching.js';
import type { ReadCache } from '../../http/read-cache.js';
import type { App } from '../../http/types.js';
import { negotiateLocale } from '../../shared/locale.js';
import type { Clock } from '../../shared/clock.js';
import { access } from '../access/access.policy.js';
import { actorOf, requireStoreScope } from '../access/scope.js';
import { listModelsForAdmin, updateModel } from './catalog.admin.js';
import { problemResponses } from '../../shared/schemas.js';
import {
  LocaleQuery,
  ModelDetailSchema,
  ModelListQuery,
  ModelListResponse,
  ModelParams,
  StoreListResponse,
  StoreParams,
  StoreSchema,
} from './catalog.schemas.js';
import * as catalog from './catalog.service.js';

const NotModified = Type.Null({ description: 'Not Modified: the ETag in If-None-Match is current.' });

export async function catalogRoutes(app: App, { db, cache }: { db: Db; cache: ReadCache }): Promise<void> {
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
    'zh-CN': Type.String({ minLength: 1, maxLength: 200 }),
    fr: Type.String({ minLength: 1, maxLength: 200 }),
    en: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
const AdminModelSchema = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    tagline: LocalizedTextSchema,
    status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
    powertrain: Type.String(),
    body: Type.String(),
  },
  { additionalProperties: false },
);
const AdminModelChanges = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('retired')])),
    tagline: Type.Optional(LocalizedTextSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** The brand console's catalog: only the store's own brand admins, and platform admins. */
export async function catalogAdminRoutes(app: App, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  const brand = access.store('brand_admin', 'platform_admin');

  app.get(
    '/admin/stores/:store/models',
    {
      config: { access: brand },
      schema: {
        tags: ['admin'],
        summary: 'Every model of the store, retired ones too',
        params: StoreParams,
        querystring: LocaleQuery,
        response: { 200: Type.Object({ models: Type.Array(AdminModelSchema) }, { additionalProperties: false }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return { models: await listModelsForAdmin(db, requireStoreScope(request.scope), locale) };
    },
  );

  app.patch(
    '/admin/stores/:store/models/:model',
    {
      config: { access: brand },
      schema: {
        tags: ['admin'],
        summary: 'Retire or restore a model, or change its tagline',
        params: ModelParams,
        querystring: LocaleQuery,
        body: AdminModelChanges,
        response: { 200: AdminModelSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const scope = { ...requireStoreScope(request.scope), storeSlug: request.params.store };
      return updateModel({ db, clock }, scope, request.params.model, request.body, actorOf(request.principal, request.ip), locale);
    },
  );
}
