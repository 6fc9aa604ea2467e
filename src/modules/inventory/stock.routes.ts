import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database.js';
import { loadConfigurableModel } from '../../flows/configurable-model.js';
import { requestMeta } from '../../http/auth.js';
import type { ReadCache } from '../../http/read-cache.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import { negotiateLocale } from '../../shared/locale.js';
import { problemResponses } from '../../shared/schemas.js';
import { access } from '../access/access.policy.js';
import { actorOf, requireDealerScope, requireStoreScope } from '../access/scope.js';
import { requireStore } from '../catalog/catalog.service.js';
import { findDealerByCode } from '../dealers/dealers.repo.js';
import { getConfiguration } from '../configurator/configurations.service.js';
import { parseNear } from '../dealers/dealers.service.js';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, importStock } from './stock.import.js';
import { stockErrors } from './stock.errors.js';
import {
  DealerParams,
  ImportBody,
  ImportResultSchema,
  ListQuery,
  LocaleQuery,
  NewUnitBody,
  SearchQuerySchema,
  SearchResultSchema,
  StockPageSchema,
  StoreListQuery,
  StoreParams,
  TransferBody,
  UnitChangesBody,
  UnitParams,
  UnitSchema,
} from './stock.schemas.js';
import { searchStock } from './stock.search.js';
import { addUnit, changeUnit, listStock, transferUnit, type ModelLookup } from './stock.service.js';

const dealerAccess = access.dealer('dealer_staff', 'brand_admin', 'platform_admin');
type Deps = { db: Db; clock: Clock; cache: ReadCache };

async function lookupFor(deps: Deps, storeSlug: string): Promise<ModelLookup> {
  const store = await requireStore(deps.db, storeSlug);
  return (modelSlug) => loadConfigurableModel(deps.db, deps.cache, store, modelSlug);
}

const IMPORT_DESCRIPTION = `All or nothing. A header line names the columns, in any order:
\`vin,model,trim,options,colour,price,status,eta\`. vin, model (slug) and trim (code) are required;
options are option codes separated by \`|\` or \`;\`; colour is a paint option code; price is whole fen
(empty: the configuration's vehicle price); status is available (default), held, sold or delivered;
eta (YYYY-MM-DD or a date-time with an offset) marks a unit in transit to this dealer.
At most ${IMPORT_MAX_ROWS} units and ${IMPORT_MAX_BYTES / 1024 / 1024} MiB. Any bad row answers 422
STOCK_IMPORT_INVALID with \`rows: [{ line, column, code, message }]\` (and \`errorCount\`) (the header is line 1) and nothing is written.`;

/** The dealer console's stock: a dealer's units, for its staff, its brand and the platform. */
export async function stockConsoleRoutes(app: App, deps: Deps): Promise<void> {
  const { db, clock } = deps;
  const base = '/dealer/stores/:store/dealers/:dealer/stock';

  app.get(
    base,
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['stock'],
        summary: 'A dealer’s VIN stock, a page at a time in VIN order, with its counts by status',
        params: DealerParams,
        querystring: ListQuery,
        response: { 200: StockPageSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return listStock(db, requireDealerScope(request.scope), request.query, locale);
    },
  );

  app.post(
    base,
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['stock'],
        summary: 'Add a unit: a VIN and a valid configuration; the price defaults to the configuration’s',
        params: DealerParams,
        querystring: LocaleQuery,
        body: NewUnitBody,
        response: { 201: UnitSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const scope = requireDealerScope(request.scope);
      const unit = await addUnit(
        { db, clock },
        scope,
        await lookupFor(deps, request.params.store),
        request.body,
        actorOf(request.principal, requestMeta(request).ip),
        locale,
      );
      return reply.code(201).send(unit);
    },
  );

  app.patch(
    `${base}/:vin`,
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['stock'],
        summary: 'Change a unit’s status (available → held | sold; held → available | sold; sold → delivered), ETA or price',
        description: 'An illegal transition is a 409 STOCK_ILLEGAL_TRANSITION; delivering a unit still in transit is a 409 STOCK_UNIT_IN_TRANSIT.',
        params: UnitParams,
        querystring: LocaleQuery,
        body: UnitChangesBody,
        response: { 200: UnitSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return changeUnit(
        { db, clock },
        requireDealerScope(request.scope),
        request.params.vin,
        request.body,
        actorOf(request.principal, requestMeta(request).ip),
        locale,
      );
    },
  );

  app.post(
    `${base}/:vin/transfers`,
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['stock'],
        summary: 'Transfer an available unit to another dealer of the same store',
        description: 'Unknown, inactive or other-store dealers are a 422 STOCK_UNKNOWN_DEALER; a unit not available here is a 409.',
        params: UnitParams,
        querystring: LocaleQuery,
        body: TransferBody,
        response: { 200: UnitSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return transferUnit(
        { db, clock },
        requireDealerScope(request.scope),
        request.params.vin,
        request.body,
        actorOf(request.principal, requestMeta(request).ip),
        locale,
      );
    },
  );

  // CSV is accepted here only, and only up to the import's own size limit.
  await app.register(async (plain) => {
    const scoped = plain.withTypeProvider<TypeBoxTypeProvider>();
    scoped.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));
    scoped.post(
      `${base}/imports`,
      {
        config: { access: dealerAccess },
        bodyLimit: IMPORT_MAX_BYTES,
        schema: {
          tags: ['stock'],
          summary: 'Import units from a CSV file, all or nothing',
          description: IMPORT_DESCRIPTION,
          params: DealerParams,
          querystring: LocaleQuery,
          body: ImportBody,
          response: { 201: ImportResultSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        // JSON is parsed here too, so that access is decided before the body is looked at; a JSON string is still not a file.
        if (!String(request.headers['content-type']).toLowerCase().startsWith('text/csv')) throw stockErrors.notCsv();
        const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
        const result = await importStock(
          { db, clock },
          requireDealerScope(request.scope),
          await lookupFor(deps, request.params.store),
          request.body,
          actorOf(request.principal, requestMeta(request).ip),
          locale,
        );
        return reply.code(201).send(result);
      },
    );
  });

  app.get(
    '/admin/stores/:store/stock',
    {
      config: { access: access.store('brand_admin', 'platform_admin') },
      schema: {
        tags: ['stock'],
        summary: 'A store’s VIN stock across its dealers (or one, with `dealer`), with counts by status',
        params: StoreParams,
        querystring: StoreListQuery,
        response: { 200: StockPageSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const { storeId } = requireStoreScope(request.scope);
      const { dealer: dealerCode, ...query } = request.query;
      let dealerId: string | undefined;
      if (dealerCode !== undefined) {
        const dealer = await findDealerByCode(db, storeId, dealerCode);
        // An unknown dealer has no units: the same empty page as a dealer without stock.
        dealerId = dealer?.id ?? '-';
      }
      return listStock(db, { storeId, dealerId }, query, locale);
    },
  );
}

/** The buyer's stock search, for anyone. */
export async function stockSearchRoutes(app: App, deps: Deps): Promise<void> {
  const { db } = deps;
  app.get(
    '/stores/:store/stock',
    {
      config: { access: access.public },
      schema: {
        tags: ['stock'],
        summary: 'Available cars at a store’s dealers: exact matches to a configuration first, then the closest, then by distance',
        description:
          'Give `model` or `configuration` (a saved code). With `near` ("lat,lng"), dealers nearest first and `nearby` counts units within `radiusKm`. `total` counts every available unit of the model (and trim): use it for "N in stock".',
        params: StoreParams,
        querystring: SearchQuerySchema,
        response: { 200: SearchResultSchema, ...problemResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const { model, trim, configuration, near, radiusKm, limit, locale: explicit } = request.query;
      const locale = negotiateLocale(explicit, request.headers['accept-language']);
      const store = await requireStore(db, request.params.store);
      const result = await searchStock(
        {
          db,
          lookup: (slug) => loadConfigurableModel(db, deps.cache, store, slug),
          configurationOf: (code) => getConfiguration(db, store.id, code, locale),
        },
        { id: store.id, currency: store.currency },
        { model, trim, configuration, near: near === undefined ? undefined : parseNear(near), radiusKm, limit },
        locale,
      );
      // Stock moves all day: a short shared cache is the most a buyer may see stale.
      reply.header('cache-control', 'public, max-age=30').header('vary', 'Accept-Language');
      return result;
    },
  );
}
