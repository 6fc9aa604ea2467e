import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import type { App } from '../../http/types.js';
import { problemResponses, SlugSchema } from '../../shared/schemas.js';
import { access } from '../access/access.policy.js';
import { requireStoreScope } from '../access/scope.js';
import { listAuditEvents } from './audit.service.js';

const PageQuery = Type.Object(
  {
    before: Type.Optional(Type.String({ format: 'date-time', description: 'Only events before this instant (any UTC offset).' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page: continues just after its last event.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

const AuditEventSchema = Type.Object(
  {
    id: Type.String(),
    at: Type.String(),
    actor: Type.Object(
      { id: Type.Union([Type.String(), Type.Null()]), role: Type.String(), name: Type.Union([Type.String(), Type.Null()]) },
      { additionalProperties: false },
    ),
    storeId: Type.Union([Type.String(), Type.Null()]),
    dealerId: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    target: Type.Object({ type: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }),
    ip: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
const AuditPage = Type.Object(
  { events: Type.Array(AuditEventSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);

export async function auditRoutes(app: App, { db }: { db: Db }): Promise<void> {
  app.get(
    '/admin/stores/:store/audit-events',
    {
      config: { access: access.store('brand_admin', 'platform_admin') },
      schema: {
        tags: ['admin'],
        summary: 'Security events and console changes in one store, newest first',
        params: Type.Object({ store: SlugSchema }, { additionalProperties: false }),
        querystring: PageQuery,
        response: { 200: AuditPage, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listAuditEvents(db, requireStoreScope(request.scope), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/admin/audit-events',
    {
      config: { access: access.signedIn(['platform_admin']) },
      schema: {
        tags: ['admin'],
        summary: 'The whole platform’s audit log, newest first',
        querystring: PageQuery,
        response: { 200: AuditPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listAuditEvents(db, { storeId: null }, { ...request.query, limit: request.query.limit ?? 50 }),
  );
}
