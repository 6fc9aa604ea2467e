import { sql } from 'kysely';
import { Type } from 'typebox';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/database.js';
import { access } from '../modules/access/access.policy.js';
import { DomainError } from '../shared/errors.js';
import { problemResponses } from '../shared/schemas.js';
import type { App } from './types.js';

const Health = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false });
const Ready = Type.Object(
  { status: Type.Literal('ready'), database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]) },
  { additionalProperties: false },
);

/**
 * Liveness, readiness (the database answers) and Prometheus metrics. Registered on the root
 * instance, not as an encapsulated plugin, so the timing hook sees every route.
 */
export function registerOps(app: App, { db, dialect }: { db: Db; dialect: 'sqlite' | 'postgres' }): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  // The route template, never the raw URL, so label cardinality stays bounded.
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/healthz', { config: { access: access.public }, schema: { tags: ['ops'], summary: 'Liveness', response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    { config: { access: access.public }, schema: { tags: ['ops'], summary: 'Readiness: the database answers', response: { 200: Ready, ...problemResponses(503) } } },
    async (request) => {
      try {
        await sql`select 1`.execute(db);
        return { status: 'ready' as const, database: dialect };
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed');
        throw new DomainError('unavailable', 'DATABASE_UNAVAILABLE', 'The database does not answer.');
      }
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: access.public },
      schema: {
        tags: ['ops'],
        summary: 'Prometheus metrics',
        response: { 200: Type.String({ description: 'Prometheus text exposition format' }) },
      },
    },
    async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
}
