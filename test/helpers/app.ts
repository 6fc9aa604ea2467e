import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { buildApp, type VitrineApp } from '../../src/app.js';
import type { PaymentsConfig } from '../../src/config.js';
import type { FirstViewRenderer } from '../../src/http/first-view.js';
import { connect, type Connection } from '../../src/db/connect.js';
import type { Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { consoleSender, type OutgoingMessage } from '../../src/modules/accounts/sender.js';
import type { ViewRecorder } from '../../src/modules/analytics/analytics.recorder.js';
import { seedDemo } from '../../src/seed/seed-demo.js';
import { fixedClock } from '../../src/shared/clock.js';
import { TEST_NOW } from './clock.js';
import { readMessagesOf } from './auth.js';
import { admin, databaseUrl } from './postgres.js';

export type TestDialect = 'sqlite' | 'postgres';

export const testDialect: TestDialect = process.env.VITRINE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/** The sandbox alone, with a secret the tests know, so they can sign its callbacks. */
export const TEST_SANDBOX_SECRET = 'test-sandbox-secret-0123456789abcdef0123456789';
export const TEST_PAYMENTS: PaymentsConfig = {
  enabled: ['sandbox'],
  publicBaseUrl: 'http://localhost:3000',
  sandbox: { secret: TEST_SANDBOX_SECRET },
  alipay: undefined,
  wechatpay: undefined,
};

export interface TestContext {
  app: VitrineApp;
  connection: Connection;
  clock: ReturnType<typeof fixedClock>;
  /** Every SMS and email the app sent, newest last. */
  sent: OutgoingMessage[];
  close(): Promise<void>;
}

/**
 * A fresh database holding the seeded demo stores, on the dialect of this test project:
 * an in-memory SQLite, or a PostgreSQL copy of the run's template database.
 */
export async function createTestDatabase(): Promise<Connection> {
  if (testDialect === 'sqlite') {
    const connection = connect({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(connection.db);
    await seedDemo(connection.db, fixedClock(TEST_NOW));
    return connection;
  }
  const name = `${inject('pgRun')}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database ${name} template ${inject('pgTemplate')}`));
  return connect({ dialect: 'postgres', url: databaseUrl(name) }, { poolSize: 5 });
}

export async function createTestApp(
  options: {
    payments?: PaymentsConfig;
    /** Routes only a test has, added before the app is ready. */
    extraRoutes?: (app: VitrineApp) => void;
    /** The model views' recorder, so a test can flush it; by default the app's own. */
    viewRecorder?: (db: Db) => ViewRecorder;
    /** A web app to serve, and what renders its first views. */
    web?: { webDir: string; firstView?: FirstViewRenderer };
  } = {},
): Promise<TestContext> {
  const connection = await createTestDatabase();
  const clock = fixedClock(TEST_NOW);
  const sender = consoleSender({ info: () => {} });
  const app = await buildApp({
    db: connection.db,
    dialect: connection.dialect,
    clock,
    sender,
    payments: options.payments ?? TEST_PAYMENTS,
    ...(options.viewRecorder ? { viewRecorder: options.viewRecorder(connection.db) } : {}),
    ...(options.web ? { webDir: options.web.webDir, firstView: options.web.firstView } : {}),
  });
  options.extraRoutes?.(app);
  await app.ready();
  readMessagesOf(app, sender.sent);
  return {
    app,
    connection,
    clock,
    sent: sender.sent,
    async close() {
      await app.close();
      await connection.db.destroy();
    },
  };
}

/** DATABASE_URL of a new, empty database on this project's dialect, for tests of the CLI. */
export async function createEmptyDatabaseUrl(dir: string): Promise<string> {
  if (testDialect === 'sqlite') return `sqlite:${dir}/cli.sqlite`;
  const name = `${inject('pgRun')}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  return databaseUrl(name);
}

/**
 * A seeded database that several connections can open, one after another or at once: a file
 * in `dir` on SQLite, a database of its own on PostgreSQL. For restart and multi-runner tests;
 * `url` is its DATABASE_URL, for a server started as a child process.
 */
export async function createSharedTestDatabase(dir: string): Promise<{ open(poolSize?: number): Connection; url: string }> {
  if (testDialect === 'sqlite') {
    const file = `${dir}/shared.sqlite`;
    const first = connect({ dialect: 'sqlite', file });
    await migrateToLatest(first.db);
    await seedDemo(first.db, fixedClock(TEST_NOW));
    await first.db.destroy();
    return { open: () => connect({ dialect: 'sqlite', file }), url: `sqlite:${file}` };
  }
  const name = `${inject('pgRun')}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database ${name} template ${inject('pgTemplate')}`));
  const url = databaseUrl(name);
  return { open: (poolSize = 5) => connect({ dialect: 'postgres', url }, { poolSize }), url };
}
