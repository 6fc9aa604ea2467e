import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type AppOptions } from '../../src/app.js';
import { connect } from '../../src/db/connect.js';
import type { Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { consoleSender, type OutgoingMessage } from '../../src/modules/accounts/sender.js';
import { seedDemo } from '../../src/seed/seed-demo.js';
import { systemClock } from '../../src/shared/clock.js';
import { WEB_DIST } from './web-build.js';

export interface WebServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  /** Every SMS and email the app sent, oldest first (the last 100): how a test reads a one-time code. */
  sent: OutgoingMessage[];
  /** The server's database, for setting up what no API creates (a dead-lettered job). */
  db: Db;
  close(): Promise<void>;
}

export interface WebServerOptions {
  /** A single-brand deployment: `/` opens this store (the server's DEFAULT_STORE). */
  defaultStore?: string;
}

/**
 * The whole product as a buyer meets it: API and built web app in one process,
 * on a fresh SQLite file holding the demo stores, on a free port.
 */
export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-e2e-'));
  const connection = connect({ dialect: 'sqlite', file: path.join(dataDir, 'vitrine.sqlite') });
  await migrateToLatest(connection.db);
  await seedDemo(connection.db, systemClock);
  // Keeps what it sends instead of logging it: no SMS gateway in a test, and quiet output.
  const sender = consoleSender({ info: () => {} });
  const appOptions: AppOptions = { db: connection.db, dialect: connection.dialect, webDir: WEB_DIST, sender, defaultStore: options.defaultStore ?? null };
  const app = await buildApp(appOptions);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    sent: sender.sent,
    db: connection.db,
    async close() {
      await app.close();
      await connection.db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
