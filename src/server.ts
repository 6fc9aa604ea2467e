import { buildApp } from './app.js';
import { ConfigError, type Config } from './config.js';
import type { Connection } from './db/connect.js';
import { createMetrics, startMetricsListener } from './http/ops.js';
import { redisGate } from './modules/campaigns/campaigns.gate.js';
import { redisCounters } from './shared/counters.js';

/** Listens, and on SIGTERM or SIGINT stops taking requests, finishes those in flight, then closes the database. */
export async function startServer(config: Config, connection: Connection): Promise<{ url: string; close(): Promise<void> }> {
  // With Redis, every instance sees the same rate-limit and lockout counters.
  const counters = config.redisUrl ? redisCounters(config.redisUrl) : undefined;
  const tooOld = await counters?.versionProblem();
  if (counters && tooOld) {
    await counters.close();
    throw new ConfigError(tooOld);
  }
  // With Redis, every instance takes a flash sale's tokens from one count.
  const campaignGate = config.redisUrl ? redisGate(config.redisUrl) : undefined;
  const metrics = createMetrics();
  const app = await buildApp({
    metrics,
    metricsToken: config.metricsToken,
    loadShedding: config.loadShedding,
    db: connection.db,
    dialect: connection.dialect,
    ...(counters ? { counters } : {}),
    ...(campaignGate ? { campaignGate } : {}),
    webDir: config.webDir,
    trustProxy: config.trustProxy,
    defaultStore: config.defaultStore,
    logger: { level: config.logLevel },
    runJobs: config.jobsInProcess,
    messaging: config.messaging,
    payments: config.payments,
  });
  await app.listen({ host: config.host, port: config.port });
  const metricsServer = config.metricsListener
    ? await startMetricsListener(metrics, config.metricsListener.host, config.metricsListener.port)
    : undefined;
  if (config.metricsListener) app.log.info(config.metricsListener, 'metrics listening');
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
      await counters?.close();
      await campaignGate?.close();
      await connection.db.destroy();
    })();
    return closing;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      const forceExit = setTimeout(() => process.exit(1), 10_000);
      forceExit.unref();
      close().then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  return { url: `http://localhost:${port}`, close };
}
