import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Db } from './db/database.js';
import { registerOpenApi } from './http/openapi.js';
import { registerOps } from './http/ops.js';
import { schemaValidatorCompiler } from './http/validation.js';
import { registerWebApp } from './http/web.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { systemClock, type Clock } from './shared/clock.js';
import { notFoundProblem, registerProblemHandlers, sendProblem } from './shared/http-errors.js';

export interface AppOptions {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  clock?: Clock;
  /** Built web app to serve; omitted, the process serves the API only. */
  webDir?: string | undefined;
  logger?: FastifyServerOptions['logger'];
  trustProxy?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the whole HTTP application around its dependencies. Never listens: server.ts and tests do. */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 256 * 1024,
    requestIdHeader: false,
    // A caller's id is kept so one request can be followed across services; anything odd is replaced.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(schemaValidatorCompiler());
  registerProblemHandlers(app);
  app.setNotFoundHandler((request, reply) => sendProblem(reply, notFoundProblem(request)));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await registerOpenApi(app);
  const { db, dialect } = options;
  registerOps(app, { db, dialect });
  await app.register(catalogRoutes, { prefix: '/api/v1', db });
  await registerWebApp(app, options.webDir);
  return app;
}

export type VitrineApp = Awaited<ReturnType<typeof buildApp>>;
