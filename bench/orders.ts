/**
 * `npm run bench:orders`: orders per second end to end. One iteration is what a buyer and the
 * payment provider do for one order: place a built-to-order order from a saved configuration,
 * start its sandbox payment, and post the provider's signed callback (the deposit is then
 * paid, so the buyer's unpaid-orders limit never bites).
 *
 * The real server (`vitrine start`) runs on a fresh SQLite file, then on a PostgreSQL database
 * of its own (created on TEST_DATABASE_URL's server and dropped afterwards), and a bare Fastify
 * server with trivial handlers answers the same three requests, measured the same way in the
 * same run: the ratio prices everything the app does beyond answering. Each server is a child
 * process; so is the load generator (bench/orders-load.ts). Everything stays on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect, type Connection } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/seed-demo.js';
import { systemClock } from '../src/shared/clock.js';
import { insertBuyers } from '../test/helpers/buyers.js';
import { admin, databaseUrl, postgresAvailable } from '../test/helpers/postgres.js';
import type { LoadResult, LoadSpec } from './orders-load.js';
import { type Child, log, makeTempDir, parseOrExit, spawnChild, startVitrine, stopChild, stopChildren } from './children.js';
import { cpuSeconds, delay, HOST } from './processes.js';


const USAGE = `Usage: npm run bench:orders -- [options]

  -d, --duration SECONDS     length of each measured run (default 10, at most 60)
  -c, --connections N        concurrent buyers (default 32, at most 256)
      --warmup SECONDS       unmeasured warm-up of each server (default 2, at most 30)
      --no-postgres          SQLite only
  -h, --help`;

interface Options {
  duration: number;
  connections: number;
  warmup: number;
  postgres: boolean;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', short: 'd' },
      connections: { type: 'string', short: 'c' },
      warmup: { type: 'string' },
      'no-postgres': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const int = (raw: string | undefined, name: string, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  return {
    duration: int(values.duration, 'duration', 10, 1, 60),
    connections: int(values.connections, 'connections', 32, 1, 256),
    warmup: int(values.warmup, 'warmup', 2, 0, 30),
    postgres: !values['no-postgres'],
  };
}

// ---------------------------------------------------------------- child processes

/** This run's temporary folder: the SQLite file, the load generators' specs. */
let tempDir = '';

async function startBaseline(): Promise<{ child: Child; base: string }> {
  let announce!: (port: number) => void;
  const announced = new Promise<number>((resolve) => (announce = resolve));
  const child = spawnChild('baseline', ['--import', 'tsx', 'bench/orders-baseline.ts'], process.env, (line) => {
    try {
      const port = (JSON.parse(line) as { port?: unknown }).port;
      if (typeof port === 'number') announce(port);
    } catch {
      log(`  [baseline] ${line}`);
    }
  });
  const port = await Promise.race([
    announced,
    child.exited.then(() => Promise.reject(new Error('the baseline server exited before listening'))),
    delay(30_000).then(() => Promise.reject(new Error('the baseline server did not start within 30 s'))),
  ]);
  return { child, base: `http://${HOST}:${port}` };
}

function startApp(databaseUrlOfApp: string, secret: string): Promise<{ child: Child; base: string }> {
  return startVitrine(path.join(tempDir, 'data'), { DATABASE_URL: databaseUrlOfApp, PAYMENT_PROVIDERS: 'sandbox', SANDBOX_PAY_SECRET: secret });
}

// ---------------------------------------------------------------- databases

/** Migrated and seeded here, before the server starts, with the buyers written straight in. */
async function prepare(connection: Connection, buyers: number): Promise<Array<{ headers: Record<string, string> }>> {
  await migrateToLatest(connection.db);
  await seedDemo(connection.db, systemClock);
  const made = await insertBuyers(connection.db, new Date(), buyers, 'bench-orders');
  return made.map((b) => ({ headers: b.headers }));
}

async function saveConfiguration(base: string): Promise<string> {
  for (let tries = 0; tries < 50; tries++) {
    const res = await fetch(`${base}/api/v1/stores/renault/configurations?locale=en`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['pk-roof'] }),
    });
    const body = (await res.json()) as { code?: string };
    if (res.status === 201 && body.code) return body.code;
    if (res.status !== 503) throw new Error(`saving the configuration answered ${res.status} ${JSON.stringify(body)}`);
    await delay(200);
  }
  throw new Error('the server kept shedding load');
}

// ---------------------------------------------------------------- load

interface Measured {
  server: string;
  result: LoadResult;
  /** Server CPU (user + system) per finished order, ms; null off Linux. */
  cpuMsPerOrder: number | null;
}

async function load(spec: LoadSpec, label: string): Promise<LoadResult> {
  const file = path.join(tempDir, `load-${label.replace(/\W+/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  let output = '';
  const child = spawnChild(`load ${label}`, ['--import', 'tsx', 'bench/orders-load.ts', file], process.env, (line) => (output += line));
  await child.exited;
  if (child.proc.exitCode !== 0) throw new Error(`the load generator failed (exit ${child.proc.exitCode})`);
  return JSON.parse(output) as LoadResult;
}

async function measure(
  label: string,
  server: Child,
  base: string,
  options: Options,
  buyers: LoadSpec['buyers'],
  configuration: string,
  secret: string,
): Promise<Measured> {
  const spec = (seconds: number): LoadSpec => ({ base, seconds, connections: options.connections, configuration, secret, buyers });
  if (options.warmup > 0) {
    log(`${label}: warm-up (${options.warmup} s)`);
    await load(spec(options.warmup), `${label} warm-up`);
  }
  log(`${label}: measuring (${options.duration} s, ${options.connections} concurrent)`);
  const before = cpuSeconds(server.proc.pid);
  const result = await load(spec(options.duration), label);
  const after = cpuSeconds(server.proc.pid);
  if (!server.alive()) throw new Error(`the ${label} server died during the run`);
  const cpuMsPerOrder = before !== null && after !== null && result.iterations > 0 ? ((after - before) * 1000) / result.iterations : null;
  return { server: label, result, cpuMsPerOrder };
}

// ---------------------------------------------------------------- report

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtMs = (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(1));
const pair = (values: number[]) => `${fmtMs(percentile(values, 50))} / ${fmtMs(percentile(values, 99))}`;
const errorCount = (m: Measured) => Object.values(m.result.errors).reduce((a, b) => a + b, 0);
const rate = (m: Measured) => m.result.iterations / m.result.elapsedS;

function table(rows: Measured[], options: Options): string {
  const baseline = rows.find((r) => r.server === 'bare Fastify');
  const header = ['server', 'orders/s', 'iteration p50 / p99 ms', 'place', 'start payment', 'callback', 'CPU ms/order', 'errors', 'vs bare'];
  const cells = rows.map((m) => [
    m.server,
    fmtInt(rate(m)),
    pair(m.result.total),
    pair(m.result.place),
    pair(m.result.payment),
    pair(m.result.callback),
    m.cpuMsPerOrder === null ? '–' : m.cpuMsPerOrder.toFixed(2),
    String(errorCount(m)),
    baseline && m !== baseline ? (rate(m) / rate(baseline)).toFixed(3) : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [
    `Orders end to end (place built-to-order → start sandbox payment → signed callback) — ${options.connections} concurrent buyers, ${options.duration} s per server after ${options.warmup} s warm-up`,
    `node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? 'unknown'}); servers and load generator are separate processes on 127.0.0.1; per-request columns are p50 / p99 ms`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ];
  for (const m of rows) {
    const errors = Object.entries(m.result.errors);
    if (errors.length) out.push('', `${m.server} errors: ${errors.map(([what, n]) => `${what} ×${n}`).join(', ')}`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- main

export async function main(argv: string[]): Promise<number> {
  const options = parseOrExit(argv, parseOptions, USAGE);
  if (typeof options === 'number') return options;
  // Servers get 10 s to drain before they are killed.
  const stopAll = () => stopChildren(10_000);
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().finally(() => process.exit(143)));

  tempDir = makeTempDir('vitrine-bench-orders-');
  const secret = randomBytes(32).toString('hex');
  // Enough buyers that each concurrent worker takes turns among its own.
  const buyerCount = options.connections * 4;
  const rows: Measured[] = [];
  let dropPostgres: (() => Promise<void>) | undefined;
  try {
    log('Starting the bare Fastify baseline…');
    const baseline = await startBaseline();
    const syntheticBuyers = Array.from({ length: buyerCount }, (_, i) => ({ headers: { cookie: `vitrine_session=${'x'.repeat(43)}${i}`, 'x-csrf-token': 'c'.repeat(32) } }));
    rows.push(await measure('bare Fastify', baseline.child, baseline.base, options, syntheticBuyers, 'ABCDEFGH', secret));
    await stopChild(baseline.child);

    log('SQLite: migrating and seeding a fresh file…');
    const file = path.join(tempDir, 'orders.sqlite');
    const sqlite = connect({ dialect: 'sqlite', file });
    const sqliteBuyers = await prepare(sqlite, buyerCount);
    await sqlite.db.destroy();
    const onSqlite = await startApp(`sqlite:${file}`, secret);
    rows.push(await measure('Vitrine SQLite', onSqlite.child, onSqlite.base, options, sqliteBuyers, await saveConfiguration(onSqlite.base), secret));
    await stopChild(onSqlite.child);

    if (!options.postgres) {
      log('PostgreSQL: skipped (--no-postgres).');
    } else if (!(await postgresAvailable())) {
      log('PostgreSQL: not reachable on TEST_DATABASE_URL; skipped.');
    } else {
      const name = `vitrine_bench_orders_${Date.now().toString(36)}`;
      log(`PostgreSQL: creating ${name}, migrating and seeding…`);
      await admin((c) => c.query(`create database ${name}`));
      dropPostgres = () => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`)));
      const postgres = connect({ dialect: 'postgres', url: databaseUrl(name) }, { poolSize: 2 });
      const postgresBuyers = await prepare(postgres, buyerCount);
      await postgres.db.destroy();
      const onPostgres = await startApp(databaseUrl(name), secret);
      rows.push(await measure('Vitrine PostgreSQL', onPostgres.child, onPostgres.base, options, postgresBuyers, await saveConfiguration(onPostgres.base), secret));
      await stopChild(onPostgres.child);
    }

    console.log(`\n${table(rows, options)}`);
    const failed = rows.filter((m) => errorCount(m) > 0 || m.result.iterations === 0);
    if (failed.length) {
      console.log(`\n!! INVALID RUN: ${failed.map((m) => m.server).join(', ')} had failed iterations; the figures do not measure the intended path.`);
      return 1;
    }
    return 0;
  } finally {
    await stopAll();
    await dropPostgres?.().catch((err: unknown) => log(`could not drop the bench database: ${String(err)}`));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
}
