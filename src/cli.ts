import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.js';
import { loadConfig, ConfigError } from './config.js';
import { connect } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemo } from './seed/seed-demo.js';
import { DEFAULT_HISTORY_EVENTS, DEFAULT_HISTORY_MONTHS, FIRST_START_HISTORY_EVENTS, seedHistory, type HistoryReport } from './seed/seed-history.js';
import { isDay, shanghaiDay } from './shared/calendar-days.js';
import type { Db } from './db/database.js';
import { findStoreBySlug } from './modules/catalog/catalog.repo.js';
import { startServer } from './server.js';
import { senderFromConfig } from './modules/accounts/sender.js';
import { createRunner } from './modules/jobs/jobs.runner.js';
import { jobHandlers } from './modules/jobs/notifications.js';
import { testDriveJobHandlers } from './modules/test-drives/test-drives.jobs.js';
import { systemClock } from './shared/clock.js';
import { orderJobHandlers } from './flows/order-jobs.js';
import { voucherJobHandlers } from './flows/voucher-life.js';
import { redisGate } from './modules/campaigns/campaigns.gate.js';
import { providersFromConfig } from './modules/payments/providers/index.js';

/*
 * Loaded by the catalog commands alone: the catalog document's validator brings some 300
 * modules of TypeBox's value library, which every other command, `start` first, would load
 * for nothing.
 */
const loadCatalogTransfer = () => import('./modules/catalog/catalog.transfer.js');

const USAGE = `Usage: vitrine <command>

Commands:
  start            migrate, seed the demo store on an empty database, and serve http://localhost:$PORT
  migrate          apply pending database migrations
  seed --demo      load the demo stores (safe to run again: it changes nothing the second time)
  seed --demo --history [--months 18] [--events 300000] [--until YYYY-MM-DD] [--replace]
                   also write the demo store's past (events and leads) for the dashboards; the same
                   options give the same rows; refused if a history is there, unless --replace
  worker           run the background job runner only (notifications, expiries…), beside or apart from start
  openapi [--out FILE]  print or write the OpenAPI document
  catalog export --store SLUG [--format json|csv] [--out FILE]
                   write a store's catalog (JSON) or its price list (CSV)
  catalog import FILE --store SLUG [--dry-run]
                   check a JSON catalog or CSV price list, show the diff, apply it all or nothing

Environment: PORT (3000), DATA_DIR (./data), DATABASE_URL (postgres://… or sqlite:FILE), REDIS_URL, LOG_LEVEL, DEFAULT_STORE,
SMTP_URL, SMTP_FROM, ALIYUN_SMS_* (see README, Configuration)`;

/**
 * A bar redrawn in place on a terminal; elsewhere (logs, CI) a plain line at each tenth, so a
 * long run shows it is alive without flooding the log.
 */
function historyProgress(): (done: number, total: number) => void {
  const started = Date.now();
  let lastTenth = -1;
  return (done, total) => {
    const share = total === 0 ? 1 : Math.min(done / total, 1);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(`\r  history [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% ${done.toLocaleString('en')} events ${seconds} s  `);
      if (share === 1) process.stderr.write('\n');
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    process.stderr.write(`  history: ${tenth * 10}% (${done.toLocaleString('en')} of about ${total.toLocaleString('en')} events, ${seconds} s)\n`);
  };
}

function describeHistory(report: HistoryReport): string {
  if (report.status === 'already-there') return 'The demo history was already there: nothing changed (add --replace to write it again).';
  const kinds = Object.entries(report.byKind).map(([kind, n]) => `${n} ${kind}`).join(', ');
  return `Wrote the demo history ${report.from} to ${report.until}: ${report.events} events (${kinds}) and ${report.leads} leads${report.deleted ? `, replacing ${report.deleted} rows` : ''}.`;
}

function progressLine(step: string, done: number, total: number): void {
  const width = 24;
  const filled = Math.round((done / total) * width);
  const line = `  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${step}`;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r${line.padEnd(60)}${done === total ? '\n' : ''}`);
  } else {
    process.stderr.write(`${line}\n`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  // `vitrine start --help` asks what start does: it must not start a server, nor migrate a database.
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const where = config.database.dialect === 'sqlite' ? config.database.file : 'PostgreSQL';

  if (command === 'openapi') {
    const connection = connect({ dialect: 'sqlite', file: ':memory:' });
    const app = await buildApp({ db: connection.db, dialect: connection.dialect });
    await app.ready();
    const document = JSON.stringify(app.swagger(), null, 2);
    await app.close();
    await connection.db.destroy();
    const outIndex = args.indexOf('--out');
    if (outIndex >= 0 && args[outIndex + 1]) {
      const out = args[outIndex + 1]!;
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(out, `${document}\n`);
    } else {
      console.log(document);
    }
    return 0;
  }

  const connection = connect(config.database, { poolSize: config.databasePoolSize });
  try {
    if (command === 'migrate') {
      const applied = await migrateToLatest(connection.db);
      console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}` : `${where} is up to date.`);
      return 0;
    }
    if (command === 'seed') {
      if (!args.includes('--demo')) {
        console.error('Only the demo data can be seeded: vitrine seed --demo');
        return 2;
      }
      const history = args.includes('--history') ? historyOptions(args) : null;
      if (typeof history === 'string') {
        console.error(history);
        return 2;
      }
      await migrateToLatest(connection.db);
      console.error(`Seeding the demo stores into ${where}`);
      const report = await seedDemo(connection.db, systemClock, progressLine);
      const total = Object.values(report.inserted).reduce((a, b) => a + b, 0);
      console.log(
        total === 0
          ? 'The demo stores were already there: nothing changed.'
          : `Inserted ${Object.entries(report.inserted)
              .filter(([, n]) => n > 0)
              .map(([table, n]) => `${n} ${table}`)
              .join(', ')}.`,
      );
      if (history) {
        console.error(`Writing the demo store's history: ${history.months} months to ${history.until}, about ${history.events.toLocaleString('en')} events`);
        console.log(describeHistory(await seedHistory(connection.db, 'renault', history, historyProgress())));
      }
      return 0;
    }
    if (command === 'start') {
      const applied = await migrateToLatest(connection.db);
      if (applied.length) console.error(`Applied ${applied.length} migration(s) to ${where}.`);
      const stores = await connection.db.selectFrom('store').select('id').limit(1).execute();
      if (stores.length === 0) {
        console.error('Empty database: loading the demo stores.');
        await seedDemo(connection.db, systemClock, progressLine);
        // A small past, so the dashboards show something at once; `seed --demo --history --replace` writes a fuller one.
        const until = shanghaiDay(systemClock.now());
        const report = await seedHistory(connection.db, 'renault', { until, months: DEFAULT_HISTORY_MONTHS, events: FIRST_START_HISTORY_EVENTS }, historyProgress());
        console.error(describeHistory(report));
      }
      // A deployment whose home page would 404 is refused now rather than discovered by a buyer.
      if (config.defaultStore) {
        const store = await findStoreBySlug(connection.db, config.defaultStore);
        if (!store || store.status !== 'active') {
          await connection.db.destroy();
          throw new ConfigError(
            `DEFAULT_STORE is "${config.defaultStore}", but ${store ? 'that store is switched off' : 'no store has that slug'}. Name an active store, or unset DEFAULT_STORE to open the hall across brands.`,
          );
        }
      }
      if (config.webDir && !fs.existsSync(path.join(config.webDir, 'index.html'))) {
        console.error(`The web app is not built in ${config.webDir}: serving the API only. Build it with npm run build.`);
      }
      const server = await startServer(config, connection);
      console.log(`Vitrine is running at ${server.url}`);
      return -1;
    }
    if (command === 'worker') {
      await migrateToLatest(connection.db);
      const sender = senderFromConfig(config.messaging);
      const db = connection.db;
      const providers = providersFromConfig(config.payments, { now: () => systemClock.now() });
      // Without Redis the app's in-memory gates heal from the database on their own.
      const gate = config.redisUrl ? redisGate(config.redisUrl) : undefined;
      const handlers = {
        ...jobHandlers({ db, sender }),
        ...testDriveJobHandlers({ db, sender }),
        ...orderJobHandlers({ db, clock: systemClock, providers, publicBaseUrl: config.payments.publicBaseUrl, gate }),
        ...voucherJobHandlers({ db, clock: systemClock }),
      };
      const line = (level: string) => (obj: object, msg: string) => console.error(`[${level}] ${msg} ${JSON.stringify(obj)}`);
      const runner = createRunner({
        db: connection.db,
        clock: systemClock,
        handlers,
        log: { info: line('info'), warn: line('warn'), error: line('error') },
      });
      console.error(`Job runner on ${where}: delivering ${Object.keys(handlers).join(', ')}; polling every second. Ctrl-C stops it after the job in hand.`);
      runner.start();
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve());
      });
      console.error('Stopping: finishing the job in hand; the rest stay queued in the database.');
      await runner.stop();
      await gate?.close();
      return 0;
    }
    if (command === 'catalog') return await catalogCommand(connection.db, args);
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  } finally {
    if (command !== 'start') await connection.db.destroy();
  }
}

/** The history's options from the command line, or what is wrong with them. */
function historyOptions(args: string[]): { until: string; months: number; events: number; replace: boolean } | string {
  const integer = (name: string, fallback: number, max: number): number | string => {
    const raw = option(args, name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    return /^\d+$/.test(raw) && n >= 1 && n <= max ? n : `${name} must be a whole number from 1 to ${max}, not "${raw}".`;
  };
  const months = integer('--months', DEFAULT_HISTORY_MONTHS, 120);
  const events = integer('--events', DEFAULT_HISTORY_EVENTS, 20_000_000);
  if (typeof months === 'string') return months;
  if (typeof events === 'string') return events;
  const until = option(args, '--until') ?? shanghaiDay(systemClock.now());
  if (!isDay(until)) return `--until must be a date, YYYY-MM-DD, not "${until}".`;
  return { until, months, events, replace: args.includes('--replace') };
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function catalogCommand(db: Db, args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const slug = option(rest, '--store');
  if (!slug || (action !== 'export' && action !== 'import')) {
    console.error(`Usage:\n  vitrine catalog export --store SLUG [--format json|csv] [--out FILE]\n  vitrine catalog import FILE --store SLUG [--dry-run]`);
    return 2;
  }
  const store = await findStoreBySlug(db, slug);
  if (!store) {
    console.error(`No store is called "${slug}".`);
    return 2;
  }
  const { applyCatalog, applyPriceList, diffCatalog, exportCatalog, ImportRejected, parseDocument, toPriceList } = await loadCatalogTransfer();
  const current = await exportCatalog(db, store);
  if (action === 'export') {
    const format = option(rest, '--format') ?? (option(rest, '--out')?.endsWith('.csv') ? 'csv' : 'json');
    const text = format === 'csv' ? toPriceList(current) : `${JSON.stringify(current, null, 2)}\n`;
    const out = option(rest, '--out');
    if (out) {
      fs.writeFileSync(out, text);
      console.error(`Wrote ${current.models.length} models of ${slug} to ${out}.`);
    } else process.stdout.write(text);
    return 0;
  }

  const file = rest[0];
  if (!file || file.startsWith('--') || !fs.existsSync(file)) {
    console.error(`Give the file to import: vitrine catalog import FILE --store ${slug}`);
    return 2;
  }
  const text = fs.readFileSync(file, 'utf8');
  try {
    const next = file.endsWith('.csv') ? applyPriceList(current, text) : parseDocument(text);
    if (!file.endsWith('.csv') && next.store !== slug) {
      console.error(`${file} is a catalog of store "${next.store}", not "${slug}".`);
      return 2;
    }
    const diff = diffCatalog(current, next);
    for (const line of diff) console.log(`  ${line.model}: ${line.text}`);
    if (diff.length === 0) {
      console.log('Nothing to change.');
      return 0;
    }
    if (rest.includes('--dry-run')) {
      console.log(`Dry run: ${diff.length} change(s), nothing written.`);
      return 0;
    }
    const result = await applyCatalog(
      { db, clock: systemClock },
      { storeId: store.id, storeSlug: store.slug },
      current,
      next,
      { userId: null, role: 'cli', ip: 'local' },
      (done, total, model) => progressLine(model, done, total),
    );
    console.log(`Applied ${result.changes} change(s) to ${slug}.`);
    return 0;
  } catch (err) {
    if (!(err instanceof ImportRejected)) throw err;
    console.error(`Nothing was imported:`);
    for (const error of err.errors) console.error(`  ${error.where}: ${error.message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    console.error(err);
    process.exitCode = 1;
  },
);
