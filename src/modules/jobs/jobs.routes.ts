import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import { problemResponses, SlugSchema } from '../../shared/schemas.js';
import { access } from '../access/access.policy.js';
import { requireDealerScope, requireStoreScope } from '../access/scope.js';
import { listJobs, retryJob } from './jobs.service.js';
import { listDealerJobs } from './notifications.js';

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

const DealerJobSchema = Type.Object(
  {
    ...JobSchema.properties,
    notification: Type.Union([
      Type.Object(
        {
          template: Type.Union([Type.String(), Type.Null()]),
          recipient: Type.Union([Type.String({ description: 'Masked phone or email.' }), Type.Null()]),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);

const JobId = Type.String({ pattern: '^[0-9a-f-]{36}$' });
const StoreParams = Type.Object({ store: SlugSchema }, { additionalProperties: false });
const JobParams = Type.Object({ store: SlugSchema, id: JobId }, { additionalProperties: false });
const DealerParams = Type.Object({ store: SlugSchema, dealer: SlugSchema }, { additionalProperties: false });
const DealerJobParams = Type.Object({ store: SlugSchema, dealer: SlugSchema, id: JobId }, { additionalProperties: false });
const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('dead')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
const dealerAccess = access.dealer('dealer_staff', 'brand_admin', 'platform_admin');

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
        querystring: ListQuery,
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

  app.get(
    '/dealer/stores/:store/dealers/:dealer/jobs',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['dealers'],
        summary: 'A dealer’s background jobs, newest first, notifications with their template and masked recipient (?status=dead)',
        params: DealerParams,
        querystring: ListQuery,
        response: { 200: Type.Object({ jobs: Type.Array(DealerJobSchema) }, { additionalProperties: false }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listDealerJobs(db, requireDealerScope(request.scope), { status: request.query.status, limit: request.query.limit ?? 50 }),
  );

  app.post(
    '/dealer/stores/:store/dealers/:dealer/jobs/:id/retry',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['dealers'],
        summary: 'Put one of the dealer’s dead jobs back in the queue, due now, with its attempts reset',
        params: DealerJobParams,
        response: { 200: JobSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => retryJob({ db, clock }, requireDealerScope(request.scope), request.params.id),
  );
}
