import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import { problemResponses, SlugSchema } from '../../shared/schemas.js';
import { access } from '../access/access.policy.js';
import { requireStoreScope } from '../access/scope.js';
import { listJobs, retryJob } from './jobs.service.js';

const JobSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('dead')]),
    attempts: Type.Integer(),
    maxAttempts: Type.Integer(),
    runAt: Type.String(),
    lastError: Type.Union([Type.String(), Type.Null()]),
    dealerId: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);

const StoreParams = Type.Object({ store: SlugSchema }, { additionalProperties: false });
const JobParams = Type.Object({ store: SlugSchema, id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) }, { additionalProperties: false });

/** The consoles' view of a store's background jobs: the dead letters, and putting one back in the queue. */
export async function jobRoutes(app: App, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  app.get(
    '/admin/stores/:store/jobs',
    {
      config: { access: access.store('brand_admin', 'platform_admin') },
      schema: {
        tags: ['admin'],
        summary: 'A store’s background jobs, newest first (?status=dead for the dead letters)',
        params: StoreParams,
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('dead')])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ jobs: Type.Array(JobSchema) }, { additionalProperties: false }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listJobs(db, requireStoreScope(request.scope), { status: request.query.status, limit: request.query.limit ?? 50 }),
  );

  app.post(
    '/admin/stores/:store/jobs/:id/retry',
    {
      config: { access: access.store('brand_admin', 'platform_admin') },
      schema: {
        tags: ['admin'],
        summary: 'Put a dead job back in the queue, due now, with its attempts reset',
        params: JobParams,
        response: { 200: JobSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => retryJob({ db, clock }, requireStoreScope(request.scope), request.params.id),
  );
}
