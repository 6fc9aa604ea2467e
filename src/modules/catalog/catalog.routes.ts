import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { catalogEtag, notModified } from '../../http/caching.js';
import type { App } from '../../http/types.js';
import { negotiateLocale } from '../../shared/locale.js';
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

export async function catalogRoutes(app: App, { db }: { db: Db }): Promise<void> {
  app.get(
    '/stores',
    {
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
      const etag = catalogEtag(store.catalog_version, 'models', store.slug, locale, JSON.stringify(filters));
      if (notModified(request, reply, etag)) return reply.code(304).send(null);
      const { store: summary, models } = await catalog.listModels(db, store, filters, locale);
      return { store: summary, locale, models };
    },
  );

  app.get(
    '/stores/:store/models/:model',
    {
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
      const etag = catalogEtag(store.catalog_version, 'model', store.slug, request.params.model, locale);
      if (notModified(request, reply, etag)) return reply.code(304).send(null);
      return { ...(await catalog.getModel(db, store, request.params.model, locale)), locale };
    },
  );
}
