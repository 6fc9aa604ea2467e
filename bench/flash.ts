/**
 * `npm run bench:flash`: a flash sale's opening second. A crowd of signed-in buyers claims a
 * campaign of 120 units the moment it starts, over 1,000 connections, against two server
 * processes sharing a PostgreSQL database and Redis, then against one process on SQLite. The
 * outcome is read back from the database: nothing oversold, nobody past the per-buyer limit.
 *
 * Each database is made here and thrown away (PostgreSQL: a database of its own on
 * TEST_DATABASE_URL's server; Redis: an empty database index of REDIS_URL's server, or
 * TEST_REDIS_URL's, whose keys are deleted afterwards). Servers and the crowd (bench/flash-load.ts)
 * are child processes; everything stays on 127.0.0.1.
 */
import { log, parseOrExit } from './children.js';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { connect, type Connection } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/seed-demo.js';
import { systemClock } from '../src/shared/clock.js';
import { insertBuyers } from '../test/helpers/buyers.js';
import { insertCampaign } from '../test/helpers/campaigns.js';
import { admin, databaseUrl, postgresAvailable } from '../test/helpers/postgres.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../test/helpers/server-process.js';
import type { FlashLoadResult, FlashLoadSpec } from './flash-load.js';
import { cpuSeconds, delay, freePort, HOST } from './processes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SLUG = 'bench-flash';
const NOT_LIVE = ['expired', 'cancelled', 'refunded'];

const TARGETS = { sellOutMs: 2000, attemptsPerSecond: 5000 };

const USAGE = `Usage: npm run bench:flash -- [options]

  -n, --attempts N        claim attempts (default 20000, from 1 to 100000)
  -c, --connections N     concurrent connections, split across the servers (default 1000, at most 4000)
  -b, --buyers N          buyers with a session each (default 5000, at most 20000)
  -u, --units N           units on sale (default 120)
      --max-seconds S     stop the crowd after this long (default 60, at most 60)
      --lead S            seconds between creating the campaign and its start (default 8)
      --no-postgres       SQLite only
      --no-sqlite         PostgreSQL and Redis only
  -h, --help`;

interface Options {
  attempts: number;
  connections: number;
  buyers: number;
  units: number;
  maxSeconds: number;
  lead: number;
  postgres: boolean;
  sqlite: boolean;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      attempts: { type: 'string', short: 'n' },
      connections: { type: 'string', short: 'c' },
      buyers: { type: 'string', short: 'b' },
      units: { type: 'string', short: 'u' },
      'max-seconds': { type: 'string' },
      lead: { type: 'string' },
      'no-postgres': { type: 'boolean' },
      'no-sqlite': { type: 'boolean' },
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
    attempts: int(values.attempts, 'attempts', 20_000, 1, 100_000),
    connections: int(values.connections, 'connections', 1000, 2, 4000),
    buyers: int(values.buyers, 'buyers', 5000, 1, 20_000),
    units: int(values.units, 'units', 120, 1, 10_000),
    maxSeconds: int(values['max-seconds'], 'max-seconds', 60, 1, 60),
    lead: int(values.lead, 'lead', 8, 2, 60),
    postgres: !values['no-postgres'],
    sqlite: !values['no-sqlite'],
  };
}


// ---------------------------------------------------------------- processes and cleanup

const servers: ServerProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
let tempDir: string | undefined;
let loadChild: ReturnType<typeof spawn> | undefined;

process.on('exit', () => {
  for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  if (loadChild && loadChild.exitCode === null) loadChild.kill('SIGKILL');
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
});

async function stopServers(): Promise<void> {
  await Promise.all(
    servers.splice(0).map(async (server) => {
      const ended = stopServerProcess(server, 'SIGTERM');
      await Promise.race([ended, delay(10_000)]);
      await stopServerProcess(server, 'SIGKILL');
    }),
  );
}

let cleaning: Promise<void> = Promise.resolve();

/** One clean-up at a time: a signal arriving mid-run waits for the one already under way. */
function cleanUp(): Promise<void> {
  cleaning = cleaning.then(cleanUpNow, cleanUpNow);
  return cleaning;
}

async function cleanUpNow(): Promise<void> {
  if (loadChild && loadChild.exitCode === null) loadChild.kill('SIGKILL');
  await stopServers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
}

async function startServers(count: number, env: NodeJS.ProcessEnv): Promise<string[]> {
  const bases: string[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const base = `http://${HOST}:${port}`;
    servers.push(await startServerProcess({ ...env, HOST, PORT: String(port), PUBLIC_BASE_URL: base }, base, 60_000));
    bases.push(base);
  }
  return bases;
}

/**
 * A Redis database index nobody uses (empty now), marked as this run's; its keys are deleted
 * afterwards. Never a used index: other data on the server is not touched.
 */
async function claimRedisIndex(serverUrl: string): Promise<string> {
  const marker = 'vitrine-bench-flash:owner';
  for (let index = 15; index >= 1; index--) {
    const url = new URL(serverUrl);
    url.pathname = `/${index}`;
    const redis = new Redis(url.toString(), { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      if ((await redis.dbsize()) !== 0) continue;
      if ((await redis.set(marker, String(process.pid), 'NX')) !== 'OK') continue;
      cleanups.push(async () => {
        const again = new Redis(url.toString(), { maxRetriesPerRequest: 1 });
        try {
          const keys = await again.keys('vitrine:*');
          if (keys.length) await again.del(...keys);
          await again.del(marker);
        } finally {
          again.disconnect();
        }
      });
      return url.toString();
    } finally {
      redis.disconnect();
    }
  }
  throw new Error(`no empty Redis database index on ${serverUrl}`);
}

// ---------------------------------------------------------------- one run

interface Outcome {
  label: string;
  load: FlashLoadResult;
  units: number;
  held: number;
  sold: number;
  liveOrders: number;
  oversold: number;
  limitViolations: number;
  /** First to last campaign order's created_at, ms; NaN when fewer than all units sold. */
  dbSellOutMs: number;
  /** The servers' CPU (user + system, all processes) per answered attempt, ms; NaN off Linux. */
  cpuMsPerAttempt: number;
  /** Idempotency keys the claims stored: each is a write, where the refusals from memory are none. */
  keysStored: number;
}

async function insertBuyersWithProgress(connection: Connection, count: number): Promise<FlashLoadSpec['buyers']> {
  const buyers: FlashLoadSpec['buyers'] = [];
  const now = new Date();
  for (let done = 0; done < count; ) {
    const batch = Math.min(500, count - done);
    const made = await connection.db.transaction().execute((tx) => insertBuyers(tx, now, batch, `flash-${done}`));
    for (const buyer of made) {
      const n = buyers.length + 1;
      // One address per buyer: the per-address claim limit is for one address fronting a crowd.
      buyers.push({ headers: buyer.headers, address: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` });
    }
    done += batch;
    process.stderr.write(`\r  buyers with sessions: ${done.toLocaleString('en-US')} / ${count.toLocaleString('en-US')}`);
  }
  process.stderr.write('\n');
  return buyers;
}

async function runLoad(spec: FlashLoadSpec, label: string): Promise<FlashLoadResult> {
  const file = path.join(tempDir!, `flash-${label.replace(/\W+/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/flash-load.ts', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  loadChild = child;
  let output = '';
  readline.createInterface({ input: child.stdout! }).on('line', (line) => (output += line));
  readline.createInterface({ input: child.stderr! }).on('line', (line) => line.trim() && log(`  [crowd] ${line}`));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  loadChild = undefined;
  if (code !== 0) throw new Error(`the crowd's process failed (exit ${code})`);
  return JSON.parse(output) as FlashLoadResult;
}

async function run(label: string, connection: Connection, serverCount: number, env: NodeJS.ProcessEnv, options: Options): Promise<Outcome> {
  const db = connection.db;
  log(`${label}: migrating and seeding…`);
  await migrateToLatest(db);
  await seedDemo(db, systemClock);
  const buyers = await insertBuyersWithProgress(connection, options.buyers);

  log(`${label}: starting ${serverCount} server process${serverCount > 1 ? 'es' : ''}…`);
  const bases = await startServers(serverCount, env);
  const startsAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + options.lead * 1000);
  const campaignId = await insertCampaign(db, { slug: SLUG, units: options.units, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) });
  // The countdown page, as the crowd loads it: each process reads the campaign before the start.
  for (const base of bases) {
    const res = await fetch(`${base}/api/v1/stores/renault/campaigns/${SLUG}?locale=en`);
    const page = (await res.json()) as { remaining?: number };
    if (res.status !== 200 || page.remaining !== options.units) throw new Error(`${base} shows the campaign as ${res.status} ${JSON.stringify(page)}`);
  }
  log(`${label}: ${options.attempts.toLocaleString('en-US')} claims over ${options.connections.toLocaleString('en-US')} connections at ${startsAt.toISOString()}…`);
  const cpu = () => servers.reduce((sum, s) => sum + (cpuSeconds(s.child.pid) ?? Number.NaN), 0);
  const cpuBefore = cpu();
  const load = await runLoad(
    {
      bases,
      store: 'renault',
      slug: SLUG,
      dealer: 'sh-01',
      startsAtMs: startsAt.getTime(),
      attempts: options.attempts,
      connections: options.connections,
      maxSeconds: options.maxSeconds,
      buyers,
    },
    label,
  );
  const cpuAfter = cpu();
  const dead = servers.filter((s) => s.child.exitCode !== null || s.child.signalCode !== null);
  if (dead.length) throw new Error(`a server died during the run:\n${dead.map((s) => s.output()).join('\n')}`);
  await stopServers();

  const campaign = await db.selectFrom('campaign').select(['units_total', 'units_held', 'units_sold', 'per_buyer_limit']).where('id', '=', campaignId).executeTakeFirstOrThrow();
  const orders = await db.selectFrom('customer_order').select(['buyer_id', 'created_at']).where('campaign_id', '=', campaignId).where('status', 'not in', NOT_LIVE).execute();
  const keys = await db.selectFrom('idempotency_key').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const perBuyer = new Map<string, number>();
  for (const order of orders) perBuyer.set(order.buyer_id, (perBuyer.get(order.buyer_id) ?? 0) + 1);
  const total = Number(campaign.units_total);
  const held = Number(campaign.units_held);
  const sold = Number(campaign.units_sold);
  const created = orders.map((o) => Date.parse(String(o.created_at))).sort((a, b) => a - b);
  return {
    label,
    load,
    units: total,
    held,
    sold,
    liveOrders: orders.length,
    oversold: Math.max(0, orders.length - total, held + sold - total),
    limitViolations: [...perBuyer.values()].filter((n) => n > Number(campaign.per_buyer_limit)).length,
    dbSellOutMs: created.length >= total ? created[total - 1]! - created[0]! : Number.NaN,
    keysStored: Number(keys.n),
    cpuMsPerAttempt: load.answered > 0 ? ((cpuAfter - cpuBefore) * 1000) / load.answered : Number.NaN,
  };
}

// ---------------------------------------------------------------- report

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const fmtInt = (n: number) => (Number.isNaN(n) ? '–' : Math.round(n).toLocaleString('en-US'));
const fmtMs = (n: number) => (Number.isNaN(n) ? '–' : `${Math.round(n).toLocaleString('en-US')} ms`);
const mark = (met: boolean) => (met ? 'met' : 'MISSED');
const networkErrors = (o: Outcome) => Object.values(o.load.errors).reduce((a, b) => a + b, 0);

function sellOut(o: Outcome): { fromFirstWin: number; fromStart: number } {
  const wins = o.load.wins;
  if (wins.length < o.units) return { fromFirstWin: Number.NaN, fromStart: Number.NaN };
  return { fromFirstWin: wins[o.units - 1]! - wins[0]!, fromStart: wins[o.units - 1]! };
}

function rate(o: Outcome): number {
  const seconds = (o.load.lastAnsweredMs - o.load.firstSentMs) / 1000;
  return seconds > 0 ? o.load.answered / seconds : Number.NaN;
}

function report(outcomes: Outcome[], options: Options): string {
  const rows: Array<[string, ...string[]]> = [
    ['', ...outcomes.map((o) => o.label)],
    ['attempts sent / answered', ...outcomes.map((o) => `${fmtInt(o.load.attempts)} / ${fmtInt(o.load.answered)}`)],
    ['connections opened before the start', ...outcomes.map((o) => `${fmtInt(o.load.warmed)} (ready ${fmtMs(o.load.readyBeforeStartMs)} ahead)`)],
    ['units sold (held + paid orders)', ...outcomes.map((o) => `${o.liveOrders} of ${o.units} (held ${o.held}, paid ${o.sold})`)],
    ['oversold', ...outcomes.map((o) => String(o.oversold))],
    ['limit violations', ...outcomes.map((o) => String(o.limitViolations))],
    ['claims answered per second', ...outcomes.map((o) => fmtInt(rate(o)))],
    ['sell-out: first 201 → last unit\'s 201', ...outcomes.map((o) => fmtMs(sellOut(o).fromFirstWin))],
    ['sell-out: start → last unit\'s 201', ...outcomes.map((o) => fmtMs(sellOut(o).fromStart))],
    ['sell-out: first → last order created_at', ...outcomes.map((o) => fmtMs(o.dbSellOutMs))],
    ['latency p50 / p99', ...outcomes.map((o) => `${fmtMs(percentile(o.load.latencies, 50))} / ${fmtMs(percentile(o.load.latencies, 99))}`)],
    ['crowd duration (first sent → last answer)', ...outcomes.map((o) => fmtMs(o.load.lastAnsweredMs - o.load.firstSentMs))],
    ['server CPU per answered attempt', ...outcomes.map((o) => (Number.isNaN(o.cpuMsPerAttempt) ? '–' : `${o.cpuMsPerAttempt.toFixed(2)} ms`))],
    ['attempts that stored an idempotency key', ...outcomes.map((o) => fmtInt(o.keysStored))],
    ['5xx', ...outcomes.map((o) => String(o.load.fiveHundreds))],
    ['no HTTP answer', ...outcomes.map((o) => String(networkErrors(o)))],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ').trimEnd();
  const out = [
    `Flash sale: ${options.units} units, ${fmtInt(options.buyers)} buyers, ${fmtInt(options.attempts)} claim attempts over ${fmtInt(options.connections)} connections (stop at ${options.maxSeconds} s)`,
    `node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? 'unknown'}); servers and crowd are separate processes on 127.0.0.1`,
    '',
    ...rows.map(line),
    '',
  ];
  for (const o of outcomes) {
    const statuses = Object.entries(o.load.statuses).sort((a, b) => b[1] - a[1]);
    out.push(`${o.label} answers: ${statuses.map(([what, n]) => `${what} ×${fmtInt(n)}`).join(', ')}`);
    const errors = Object.entries(o.load.errors);
    if (errors.length) out.push(`${o.label} without an answer: ${errors.map(([what, n]) => `${what} ×${fmtInt(n)}`).join(', ')}`);
  }
  out.push('', 'Targets (this machine):');
  for (const o of outcomes) {
    const { fromFirstWin: s, fromStart } = sellOut(o);
    out.push(
      `  ${o.label}: sell out in < ${TARGETS.sellOutMs / 1000} s: ${fmtMs(s)} ${mark(s < TARGETS.sellOutMs)} (from the start: ${fmtMs(fromStart)} ${mark(fromStart < TARGETS.sellOutMs)});` +
        ` ≥ ${fmtInt(TARGETS.attemptsPerSecond)} attempts/s: ${fmtInt(rate(o))} ${mark(rate(o) >= TARGETS.attemptsPerSecond)};` +
        ` 0 oversold: ${o.oversold} ${mark(o.oversold === 0)}; 0 5xx: ${o.load.fiveHundreds} ${mark(o.load.fiveHundreds === 0)}`,
    );
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- main

export async function main(argv: string[]): Promise<number> {
  const options = parseOrExit(argv, parseOptions, USAGE);
  if (typeof options === 'number') return options;
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanUp().finally(() => process.exit(143)));

  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-bench-flash-'));
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: path.join(tempDir, 'data'),
    PAYMENT_PROVIDERS: 'sandbox',
    SANDBOX_PAY_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    // The crowd arrives through one trusted proxy hop, each buyer from an address of their own.
    TRUST_PROXY: '1',
    // Off: shedding answers 503 while the loop is busy, which the crowd counts as 5xx; the run measures claims.
    SHED_EVENT_LOOP_DELAY_MS: '0',
    SHED_EVENT_LOOP_UTILIZATION: '0',
  };
  delete common.REDIS_URL;
  const outcomes: Outcome[] = [];
  try {
    if (!options.postgres) {
      log('PostgreSQL: skipped (--no-postgres).');
    } else if (!(await postgresAvailable())) {
      log('PostgreSQL: not reachable on TEST_DATABASE_URL; skipped.');
    } else {
      const redisUrl = await claimRedisIndex(process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
      const name = `vitrine_bench_flash_${Date.now().toString(36)}`;
      log(`PostgreSQL: creating ${name}; Redis: ${redisUrl}`);
      await admin((c) => c.query(`create database ${name}`));
      cleanups.push(() => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`))));
      const connection = connect({ dialect: 'postgres', url: databaseUrl(name) }, { poolSize: 2 });
      cleanups.push(() => connection.db.destroy());
      outcomes.push(await run('2 × PostgreSQL + Redis', connection, 2, { ...common, DATABASE_URL: databaseUrl(name), REDIS_URL: redisUrl }, options));
      await cleanUp();
    }
    if (options.sqlite) {
      const file = path.join(tempDir, 'flash.sqlite');
      const connection = connect({ dialect: 'sqlite', file });
      cleanups.push(() => connection.db.destroy());
      outcomes.push(await run('1 × SQLite', connection, 1, { ...common, DATABASE_URL: `sqlite:${file}` }, options));
      await cleanUp();
    }
    if (outcomes.length === 0) {
      log('Nothing ran.');
      return 1;
    }
    console.log(`\n${report(outcomes, options)}`);
    const failed = outcomes.filter((o) => o.oversold > 0 || o.limitViolations > 0 || o.load.fiveHundreds > 0 || networkErrors(o) > 0);
    if (failed.length) {
      console.log(`\n!! FAILED: ${failed.map((o) => o.label).join(', ')} oversold, broke the per-buyer limit, answered 5xx or left attempts unanswered.`);
      return 1;
    }
    return 0;
  } finally {
    await cleanUp();
    fs.rmSync(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
}
