import { randomBytes, randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { MessagingConfig, PaymentsConfig, TrustProxy } from './config.js';
import type { Db } from './db/database.js';
import { registerOpenApi } from './http/openapi.js';
import { createMetrics, registerOps, type Metrics } from './http/ops.js';
import { createReadCache } from './http/read-cache.js';
import { schemaValidators } from './http/validation.js';
import { createDeferredCompiles, deferredSerializers } from './http/deferred-compiles.js';
import { registerWebApp } from './http/web.js';
import type { FirstViewRenderer } from './http/first-view.js';
import { addSecurityHeaders } from './http/security-headers.js';
import { MAX_URL_LENGTH, onClientError, onFrameworkError, serverClosing, uriTooLong } from './http/framework-errors.js';
import { registerLoadShedding, type LoadShedding } from './http/load-shedding.js';
import { registerAuth } from './http/auth.js';
import { registerIdempotency } from './http/idempotency.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { senderFromConfig, type MessageSender } from './modules/accounts/sender.js';
import { analyticsRoutes } from './modules/analytics/analytics.routes.js';
import { dashboardRoutes } from './modules/analytics/dashboards.routes.js';
import { createViewRecorder, registerViewMetrics, type ViewRecorder } from './modules/analytics/analytics.recorder.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { jobRoutes } from './modules/jobs/jobs.routes.js';
import { leadRoutes } from './modules/leads/leads.routes.js';
import { createRunner, type Runner } from './modules/jobs/jobs.runner.js';
import { jobHandlers } from './modules/jobs/notifications.js';
import { testDriveJobHandlers } from './modules/test-drives/test-drives.jobs.js';
import { findStoreBySlug } from './modules/catalog/catalog.repo.js';
import { catalogAdminRoutes, catalogRoutes } from './modules/catalog/catalog.routes.js';
import { findDealerByCode } from './modules/dealers/dealers.repo.js';
import { configurationRoutes } from './modules/configurator/configurations.routes.js';
import { stockConsoleRoutes, stockSearchRoutes } from './modules/inventory/stock.routes.js';
import { dealerAdminRoutes, dealerConsoleRoutes, dealerLocatorRoutes } from './modules/dealers/dealers.routes.js';
import { financeRoutes } from './modules/finance/finance.routes.js';
import { plateFeeRoutes } from './modules/plate-fees/plate-fees.routes.js';
import { testDriveRoutes } from './modules/test-drives/test-drives.routes.js';
import { orderRoutes } from './modules/orders/orders.routes.js';
import { createCampaignCache } from './modules/campaigns/campaigns.cache.js';
import { keyedQueue, memoryGate, type AdmissionGate } from './modules/campaigns/campaigns.gate.js';
import { campaignRoutes } from './modules/campaigns/campaigns.routes.js';
import { paymentRoutes } from './modules/payments/payments.routes.js';
import { providersFromConfig } from './modules/payments/providers/index.js';
import { orderJobHandlers } from './flows/order-jobs.js';
import { voucherJobHandlers } from './flows/voucher-life.js';
import { voucherRoutes } from './modules/vouchers/vouchers.routes.js';
import { storePolicyRoutes } from './modules/store-policy/store-policy.routes.js';
import { systemClock, type Clock } from './shared/clock.js';
import { memoryCounters, type CounterStore } from './shared/counters.js';
import { notFoundProblem, registerProblemHandlers, sendProblem } from './shared/http-errors.js';

export interface AppOptions {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  clock?: Clock;
  /** Built web app to serve; omitted, the process serves the API only. */
  webDir?: string | undefined;
  /** Renders the first views; by default the server build beside webDir (dist/web-ssr), if any. */
  firstView?: FirstViewRenderer | undefined;
  logger?: FastifyServerOptions['logger'];
  /** Proxies allowed to name the client in X-Forwarded-For: a hop count or their addresses; never all. */
  trustProxy?: TrustProxy;
  /** Rate-limit and lockout counters: Redis across instances, in memory otherwise. */
  counters?: CounterStore;
  /** The flash sales' admission gate: Redis across instances (REDIS_URL), in memory otherwise. */
  campaignGate?: AdmissionGate;
  /** Where SMS and email go; by default the gateways of `messaging`, or the console. */
  sender?: MessageSender;
  /** SMTP and Aliyun SMS settings (SMTP_URL, ALIYUN_SMS_*); a channel without its gateway goes to the log. */
  messaging?: MessagingConfig;
  /** The process's metrics registry, when another listener serves it too. */
  metrics?: Metrics;
  /** Opens /metrics on this listener to a bearer of this token; without it /metrics is not served here. */
  metricsToken?: string | undefined;
  /** The store `/` opens in a single-brand deployment (DEFAULT_STORE); null or absent: the hall. */
  defaultStore?: string | null;
  /** Refuse requests with 503 while the event loop lags; off unless given (tests share one loop with the app). */
  loadShedding?: LoadShedding | undefined;
  /** Payment providers (PAYMENT_PROVIDERS and their keys); the sandbox alone, with a secret of this process, by default. */
  payments?: PaymentsConfig;
  /** Buffers model views and writes them in batches; by default one of this app's, written every second. */
  viewRecorder?: ViewRecorder;
  /** Run the job runner inside this process, from ready to close; off unless asked (server.ts asks). */
  runJobs?: boolean | { pollMs?: number };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/*
 * Fastify takes a bare hop count as "trust no one", so N hops becomes the classic rule: the
 * socket peer and the N-1 addresses it forwarded are proxies, the next one is the client.
 */
function fastifyTrustProxy(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return trust > 0 ? (_address, hop) => hop < trust : false;
  return trust;
}

/** Builds the whole HTTP application around its dependencies. Never listens: server.ts and tests do. */
export async function buildApp(options: AppOptions) {
  const compiles = createDeferredCompiles();
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    bodyLimit: 256 * 1024,
    requestIdHeader: false,
    // A caller's id is kept so one request can be followed across services; anything odd is replaced.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // No path segment of ours is near 200 characters; longer ones are refused with 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: onFrameworkError,
    clientErrorHandler: onClientError,
    // Requests that reach a closing instance get our 503 problem (below), not Fastify's bare JSON.
    return503OnClosing: false,
    // Given here rather than by setValidatorCompiler(), Fastify does not load its own Ajv set-up too.
    schemaController: {
      compilersFactory: { buildValidator: schemaValidators(compiles), buildSerializer: deferredSerializers(compiles) },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // A listening server compiles its schemas while idle; one under test compiles only what it uses.
  app.addHook('onListen', async () => compiles.compileInBackground());
  app.addHook('preClose', async () => compiles.stop());

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  // The one app-wide onRequest hook, a plain callback (no promise per request): every answer,
  // even one given here, carries the security headers and the request id; then an oversized
  // URL is refused before any other hook or handler spends work on it.
  app.addHook('onRequest', (request, reply, done) => {
    addSecurityHeaders(request, reply);
    reply.header('x-request-id', request.id);
    // Answered here, done() is not called: no further hook or handler runs.
    if (request.url.length > MAX_URL_LENGTH) uriTooLong(request, reply);
    // Draining for a restart: the load balancer should send this elsewhere, and the client retry.
    else if (closing) serverClosing(request, reply);
    else done();
  });
  // The API speaks JSON only: a text/plain body, which a cross-site form can send without a
  // preflight, is a 415 rather than a string handed to validation.
  app.removeContentTypeParser('text/plain');

  registerProblemHandlers(app);
  if (options.loadShedding) await registerLoadShedding(app, options.loadShedding);
  app.setNotFoundHandler((request, reply) => sendProblem(reply, notFoundProblem(request)));

  const { db, dialect } = options;
  const clock = options.clock ?? systemClock;
  const counters = options.counters ?? memoryCounters(clock);
  const sender = options.sender ?? senderFromConfig(options.messaging ?? {}, app.log, clock);
  if (!options.counters) app.addHook('onClose', () => counters.close());

  await registerAuth(app, {
    db,
    clock,
    resolvers: {
      storeIdBySlug: async (slug) => (await findStoreBySlug(db, slug))?.id,
      dealerByCode: async (storeSlug, code) => {
        const store = storeSlug ? await findStoreBySlug(db, storeSlug) : undefined;
        if (!store) return undefined;
        // Each module reads its own tables: the store by its slug, then the dealer in it.
        const dealer = await findDealerByCode(db, store.id, code);
        return dealer ? { id: dealer.id, storeId: dealer.store_id } : undefined;
      },
    },
  });
  await registerIdempotency(app, { db, clock });
  await registerOpenApi(app);
  const metrics = options.metrics ?? createMetrics();
  registerOps(app, { db, dialect, metrics, metricsToken: options.metricsToken });
  const api = { prefix: '/api/v1' };
  const cache = createReadCache();
  await app.register(catalogRoutes, { ...api, db, cache, defaultStore: options.defaultStore ?? null });
  await app.register(configurationRoutes, { ...api, db, clock, cache, counters });
  await app.register(accountRoutes, { ...api, deps: { db, clock, counters, sender } });
  await app.register(dealerConsoleRoutes, { ...api, db, clock });
  await app.register(dealerLocatorRoutes, { ...api, db });
  await app.register(dealerAdminRoutes, { ...api, db, clock });
  await app.register(plateFeeRoutes, { ...api, db });
  await app.register(financeRoutes, { ...api, db });
  await app.register(testDriveRoutes, { ...api, db, clock });
  await app.register(stockConsoleRoutes, { ...api, db, clock, cache });
  await app.register(stockSearchRoutes, { ...api, db, clock, cache });
  await app.register(catalogAdminRoutes, { ...api, db, clock });
  await app.register(storePolicyRoutes, { ...api, db, clock });
  await app.register(auditRoutes, { ...api, db });
  await app.register(dashboardRoutes, { ...api, db, clock });
  await app.register(jobRoutes, { ...api, db, clock });
  await app.register(leadRoutes, { ...api, db, clock });
  const payments = options.payments ?? sandboxOnly();
  const providers = providersFromConfig(payments, { now: () => clock.now() });
  const paymentDeps = { db, clock, providers, publicBaseUrl: payments.publicBaseUrl };
  const gate = options.campaignGate ?? memoryGate();
  if (!options.campaignGate) app.addHook('onClose', () => gate.close());
  await app.register(orderRoutes, { ...api, db, clock, cache, gate });
  await app.register(campaignRoutes, { ...api, db, clock, cache, counters, gate, buyerQueue: keyedQueue(), campaigns: createCampaignCache({ db, clock, gate }) });
  await app.register(paymentRoutes, {
    ...api,
    ...paymentDeps,
    sandboxSecret: payments.enabled.includes('sandbox') ? payments.sandbox.secret : undefined,
  });
  await app.register(voucherRoutes, { ...api, ...paymentDeps, counters });
  const views = options.viewRecorder ?? createViewRecorder({ db, log: app.log });
  registerViewMetrics(metrics.registry, views);
  // The views still buffered are written before the database closes.
  app.addHook('onClose', async () => views.close());
  await app.register(analyticsRoutes, { ...api, db, clock, cache, counters, views });
  if (options.runJobs) {
    const pollMs = typeof options.runJobs === 'object' ? options.runJobs.pollMs : undefined;
    const handlers = { ...jobHandlers({ db, sender }), ...testDriveJobHandlers({ db, sender }), ...orderJobHandlers({ ...paymentDeps, gate }), ...voucherJobHandlers({ db, clock }) };
    const runner: Runner = createRunner({ db, clock, handlers, log: app.log, ...(pollMs ? { pollMs } : {}) });
    app.addHook('onReady', async () => runner.start());
    // Stopped before the database closes: a job in hand is finished, the rest wait in the table.
    app.addHook('onClose', async () => runner.stop());
  }
  await registerWebApp(app, options.webDir, { db, defaultStore: options.defaultStore ?? null, renderer: options.firstView });
  return app;
}

function sandboxOnly(): PaymentsConfig {
  return {
    enabled: ['sandbox'],
    publicBaseUrl: 'http://localhost:3000',
    sandbox: { secret: randomBytes(32).toString('hex') },
    alipay: undefined,
    wechatpay: undefined,
  };
}

export type VitrineApp = Awaited<ReturnType<typeof buildApp>>;
