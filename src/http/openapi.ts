import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI 3.1 generated from the route schemas, and Swagger UI to read it. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vitrine API',
        version: '1.0.0',
        description:
          'Sell new cars online: catalog, configurator, dealers, stock, orders and payments. ' +
          'Money is an integer of minor units (fen) with its ISO 4217 currency. ' +
          'Errors are RFC 9457 application/problem+json with a stable `code`.',
      },
      servers: [{ url: '/' }],
      tags: [
        { name: 'catalog', description: 'Stores, models, trims and options' },
        { name: 'ops', description: 'Health and metrics' },
      ],
    },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { url: '/api/openapi.json' } as never });
}
