import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
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

/** The process's Prometheus registry: the app records into it, and either listener may serve it. */
export interface Metrics {
  registry: Registry;
  duration: Histogram<'method' | 'route' | 'status_code'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return { registry, duration };
}

export interface OpsOptions {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  metrics: Metrics;
  /** Bearer token that opens /metrics on the public listener; without one, it is not served there. */
  metricsToken?: string | undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests so the time taken says nothing about how much of the token was right. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  return match !== null && timingSafeEqual(sha256(match[1]!), sha256(token));
}

/**
 * Liveness, readiness (the database answers) and Prometheus metrics. Registered on the root
 * instance, not as an encapsulated plugin, so the timing hook sees every route.
 */
export function registerOps(app: App, { db, dialect, metrics, metricsToken }: OpsOptions): void {
  const { registry, duration } = metrics;

  // The route template, never the raw URL, so label cardinality stays bounded. A plain callback
  // with the label set made once per method, route and status: no promise or object per request.
  const labelSets = new Map<string, { method: string; route: string; status_code: number }>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let labels = labelSets.get(key);
    if (!labels) labelSets.set(key, (labels = { method: request.method, route, status_code: reply.statusCode }));
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
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

  // Metrics name routes, volumes and process internals: never public. Without a token they are
  // served only by the metrics listener (METRICS_PORT), and this path is an unknown route.
  if (!metricsToken) return;
  app.get(
    '/metrics',
    {
      // Not a session or API-token route: the scrape token is checked here, and the route is
      // left out of the OpenAPI document, which lists what callers of the API may use.
      config: { access: access.public },
      schema: { hide: true },
      preHandler: async (request, reply) => {
        if (!bearerMatches(request.headers.authorization, metricsToken)) {
          reply.header('www-authenticate', 'Bearer realm="metrics"');
          throw new DomainError('unauthenticated', 'METRICS_TOKEN_REQUIRED', 'Send the metrics token as a bearer token.');
        }
      },
    },
    async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
}

/**
 * A listener of its own for Prometheus, on loopback by default, so metrics need no token and
 * never share a port with the public. It answers GET /metrics and nothing else.
 */
export async function startMetricsListener(metrics: Metrics, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if ((req.method === 'GET' || req.method === 'HEAD') && path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType, 'x-content-type-options': 'nosniff' });
          res.end(req.method === 'HEAD' ? undefined : text);
        },
        () => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics failed\n');
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
