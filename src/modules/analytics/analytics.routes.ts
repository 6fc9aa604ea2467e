import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { rateLimit } from '../../http/rate-limit.js';
import type { ReadCache } from '../../http/read-cache.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import type { CounterStore } from '../../shared/counters.js';
import { problemResponses, SlugSchema } from '../../shared/schemas.js';
import { access } from '../access/access.policy.js';
import { modelIdOf, requireStore } from '../catalog/catalog.service.js';
import { findTrimIds } from '../inventory/stock.repo.js';
import { channelOf } from './analytics.dimensions.js';
import { analyticsErrors } from './analytics.errors.js';
import type { ViewRecorder } from './analytics.recorder.js';
import { servedCity, viewRow } from './analytics.service.js';

const CodeField = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });

const ViewBody = Type.Object(
  {
    model: SlugSchema,
    trim: Type.Optional(CodeField),
    city: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
        description: 'The buyer’s chosen city (a code of GET …/cities); one where the store has no dealer is recorded as no city.',
      }),
    ),
  },
  { additionalProperties: false },
);

/*
 * A page sends one beacon per view. 120 a minute from one address (a carrier NAT hides many
 * buyers) is far above anyone reading pages and keeps a script from filling the table.
 */
const VIEW_LIMIT = { name: 'analytics-view', perIp: { max: 120, windowMs: 60_000 } };

/** The beacon of first-party views: checked, then buffered; the answer never waits on a write. */
export async function analyticsRoutes(
  app: App,
  { db, clock, cache, counters, views }: { db: Db; clock: Clock; cache: ReadCache; counters: CounterStore; views: ViewRecorder },
): Promise<void> {
  app.post(
    '/stores/:store/events/views',
    {
      config: { access: access.public },
      preHandler: rateLimit(counters, VIEW_LIMIT),
      schema: {
        tags: ['analytics'],
        summary: 'Report that a model’s page was seen (a beacon: navigator.sendBeacon or fetch keepalive)',
        description: 'Answers 202 at once: views are written in batches, within about a second. The channel (phone or desktop) is read from the User-Agent.',
        params: Type.Object({ store: SlugSchema }, { additionalProperties: false }),
        body: ViewBody,
        response: { 202: Type.Null({ description: 'Accepted.' }), ...problemResponses(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const store = await requireStore(db, request.params.store);
      const { model, trim, city } = request.body;
      // The catalog's ids change only with its version: a view costs no catalog query once seen.
      const found = await cache.remember(`${store.id}:${store.catalog_version}:view-ids:${model}`, async () => {
        const modelId = await modelIdOf(db, store, model);
        // Thrown, not cached: a flood of made-up slugs cannot fill the cache.
        if (!modelId) throw analyticsErrors.modelNotFound(model);
        return { modelId, trims: new Map((await findTrimIds(db, modelId)).map((t) => [t.code, t.id])) };
      });
      const trimId = trim === undefined ? null : found.trims.get(trim);
      if (trimId === undefined) throw analyticsErrors.trimNotFound(model, trim!);
      // A remembered city the store no longer serves is not refused: the view counts, without a city.
      const place = city === undefined ? null : await servedCity(db, store.id, city);
      views.record(viewRow(clock.now(), { storeId: store.id, modelId: found.modelId, trimId, city: place, channel: channelOf(request.headers['user-agent']) }));
      // No body at all, not JSON null: nothing reads a beacon's answer.
      return (reply as FastifyReply).code(202).send();
    },
  );
}
