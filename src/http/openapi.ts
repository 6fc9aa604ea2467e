import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accessCheckStatuses, describeAccess } from '../modules/access/access.policy.js';
import { problemResponses } from '../shared/schemas.js';
import { DOCS_CSP } from './security-headers.js';

/** OpenAPI 3.1 generated from the route schemas, and Swagger UI to read it. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vitrine API',
        version: '1.0.0',
        // What the routes below do today, nothing more: this text is the first thing an integrator reads.
        description:
          'Sell new cars online: catalog and configurator with shareable priced configurations, dealers and VIN stock, ' +
          'test drives, call-back requests, loan and lease quotes, flash-sale campaigns, orders with deposits and balances ' +
          'paid through the sandbox, Alipay or WeChat Pay, and the dealer and brand consoles. ' +
          'Money is an integer of minor units (fen) with its ISO 4217 currency. ' +
          'Errors are RFC 9457 application/problem+json with a stable `code`.',
      },
      servers: [{ url: '/' }],
      tags: [
        { name: 'catalog', description: 'Stores, models, trims and options' },
        { name: 'configurator', description: 'Configure, price and share a car' },
        { name: 'accounts', description: 'Sign-up, sign-in, sessions and API tokens' },
        { name: 'dealers', description: 'Dealer network and dealer console' },
        { name: 'admin', description: 'Brand and platform console' },
        { name: 'orders', description: 'Reserve, follow and hand over an order; the dealer’s and the brand’s order consoles' },
        { name: 'payments', description: 'Deposits and balances through sandbox, Alipay and WeChat Pay; provider callbacks' },
        { name: 'finance', description: 'Loan and lease-to-own quotes' },
        { name: 'stock', description: 'VIN stock: the buyer’s search and the dealer’s console' },
        { name: 'test-drives', description: 'Test-drive slots, bookings and the dealer’s calendar' },
        { name: 'leads', description: 'Call-back requests and the dealer’s lead queue' },
        { name: 'campaigns', description: 'Flash sales of limited editions: the campaign page and claiming a unit' },
        { name: 'ops', description: 'Liveness and readiness (Prometheus metrics are served apart, behind a token, and not described here)' },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'vitrine_session' },
          apiToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    // Each operation states who may call it (x-access), from the same policy the server enforces.
    transform: ({ schema, url, route }) => {
      const rule = route.config?.access;
      if (!schema || !rule) return { schema, url };
      const described = describeAccess(rule);
      const security: Array<Record<string, string[]>> =
        described.kind === 'public' ? [] : [{ session: [] }, ...(described.sessionOnly ? [] : [{ apiToken: [] }])];
      // An idempotent route's required Idempotency-Key is checked by a hook, not the route's schema: say it here.
      const headers = route.config?.idempotency
        ? {
            type: 'object',
            required: ['idempotency-key'],
            properties: {
              ...((schema.headers as { properties?: object } | undefined)?.properties ?? {}),
              'idempotency-key': {
                type: 'string',
                minLength: 1,
                maxLength: 255,
                description: 'Unique per operation (a UUID); the first answer to it is replayed for 24 hours.',
              },
            },
          }
        : schema.headers;
      // What the access check may answer is listed once here, not by each route (whose own description wins).
      const response = { ...problemResponses(...accessCheckStatuses(rule)), ...(schema.response as object | undefined) };
      return { schema: { ...schema, ...(headers ? { headers } : {}), response, 'x-access': described, security } as unknown as typeof schema, url };
    },
  });
  const json = sentOnceMade(() => JSON.stringify(app.swagger()), 'application/json; charset=utf-8');
  const yaml = sentOnceMade(() => app.swagger({ yaml: true }), 'application/x-yaml; charset=utf-8');
  app.get('/api/openapi.json', { schema: { hide: true } }, json);
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // No call to the public validator badge: the CSP allows no other origin.
    uiConfig: { url: '/api/openapi.json', validatorUrl: null } as never,
    staticCSP: DOCS_CSP,
    // Swagger UI's own copies of the document, answered from the same text made once.
    uiHooks: {
      onRequest: async (request, reply) => {
        const path = request.url.split('?')[0];
        if (path === '/api/docs/json') return json(request, reply);
        if (path === '/api/docs/yaml') return yaml(request, reply);
      },
    },
  });
}

/*
 * The document is about 1 MB and never changes while the process runs: serializing it on every
 * request cost some 40 ms of CPU to any anonymous caller. Its text, gzip copy and ETag are made
 * on the first request and sent as they are after that.
 */
function sentOnceMade(make: () => string, contentType: string) {
  let made: { etag: string; identity: Buffer; gzip: Buffer } | undefined;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!made) {
      const identity = Buffer.from(make());
      made = {
        etag: `"${createHash('sha1').update(identity).digest('base64url').slice(0, 20)}"`,
        identity,
        gzip: zlib.gzipSync(identity),
      };
    }
    reply.header('etag', made.etag).header('cache-control', 'no-cache').header('vary', 'Accept-Encoding');
    if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === made!.etag)) {
      return reply.code(304).send();
    }
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.type(contentType).send(gzip ? made.gzip : made.identity);
  };
}
