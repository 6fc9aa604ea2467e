/**
 * `npm run bench:analytics`: how long each dashboard of the brand console takes on a store with
 * 1,000,000 events and 100,000 orders, against the 200 ms p95 target. A fresh SQLite file, then a
 * fresh PostgreSQL database (created on TEST_DATABASE_URL's server and dropped afterwards), are
 * migrated, seeded and filled in batches; then each dashboard is asked for the same ranges many
 * times in turn. The dashboards are called as the routes call them (the service functions),
 * without the HTTP shell, whose cost the other benches measure. Not a test: figures vary with the
 * machine and whatever else it runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connect, type Connection } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { breakdown, campaigns, funnel, nevShare, sales, type AnalyticsDeps } from '../src/modules/analytics/dashboards.service.js';
import { addDays, daysBetween, shanghaiDay } from '../src/shared/calendar-days.js';
import { seedDemo } from '../src/seed/seed-demo.js';
import { seedHistory } from '../src/seed/seed-history.js';
import { fixedClock } from '../src/shared/clock.js';
import { admin, databaseUrl, postgresAvailable } from '../test/helpers/postgres.js';

const USAGE = `Usage: npm run bench:analytics -- [options]

  --events N        events to insert (default 1000000)
  --orders N        orders to insert (default 100000)
  --runs N          timed runs of each dashboard and range (default 30)
  --no-postgres     SQLite only
  -h, --help`;

const TARGET_MS = 200;
/** The bench's today: events fill the 18 months before it (the demo history's span), orders the three years. */
const NOW = new Date('2026-12-01T04:00:00.000Z');
const FIRST_DAY = '2024-01-01';
const HISTORY_MONTHS = 18;

// A deterministic generator, so two runs fill the same rows.
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

interface Options {
  events: number;
  orders: number;
  runs: number;
  postgres: boolean;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: { events: { type: 'string' }, orders: { type: 'string' }, runs: { type: 'string' }, 'no-postgres': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return 'help';
  const int = (raw: string | undefined, name: string, fallback: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer from 1 to ${max}, got "${raw}"`);
    return n;
  };
  return {
    events: int(values.events, 'events', 1_000_000, 10_000_000),
    orders: int(values.orders, 'orders', 100_000, 1_000_000),
    runs: int(values.runs, 'runs', 30, 1000),
    postgres: !values['no-postgres'],
  };
}

function progress(label: string, done: number, total: number): void {
  process.stderr.write(`\r  ${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`);
  if (done === total) process.stderr.write('\n');
}

async function fill(connection: Connection, options: Options): Promise<{ storeId: string }> {
  const { db } = connection;
  await migrateToLatest(db);
  await seedDemo(db, fixedClock(NOW));
  const store = await db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow();
  const models = await db.selectFrom('model').select('id').where('store_id', '=', store.id).execute();
  const trims = await db.selectFrom('trim').select(['id', 'model_id']).where('model_id', 'in', models.map((m) => m.id)).execute();
  const dealers = await db.selectFrom('dealer').select(['id', 'city_code', 'province']).where('store_id', '=', store.id).execute();
  const buyer = await db.selectFrom('user_account').select('id').where('role', '=', 'buyer').executeTakeFirstOrThrow();
  const span = daysBetween(FIRST_DAY, shanghaiDay(NOW));
  const instantOn = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) - 8 * 3_600_000 + Math.floor(random() * 86_400_000)).toISOString();
  const batch = connection.dialect === 'sqlite' ? 500 : 1000;

  // SQLite commits each statement to disk: a transaction per stretch of batches keeps the fill to minutes.
  const inBatches = async (label: string, total: number, rowAt: (i: number) => Record<string, unknown>, table: 'customer_order' | 'campaign') => {
    for (let start = 0; start < total; start += batch * 20) {
      await db.transaction().execute(async (tx) => {
        for (let offset = start; offset < Math.min(start + batch * 20, total); offset += batch) {
          const rows = Array.from({ length: Math.min(batch, total - offset) }, (_, i) => rowAt(offset + i));
          await tx.insertInto(table).values(rows as never).execute();
        }
      });
      progress(label, Math.min(start + batch * 20, total), total);
    }
  };


  // The demo history's generator, at the bench's size: the events and the leads the dealer league reads.
  const history = await seedHistory(db, 'renault', { until: shanghaiDay(NOW), months: HISTORY_MONTHS, events: options.events }, (done, total) => progress('events and leads', done, total));
  console.error(`  ${history.events.toLocaleString('en')} events and ${history.leads.toLocaleString('en')} leads from ${history.from} to ${history.until}`);

  // Twenty campaigns across the three years, a hundred claims each among the orders.
  const campaignIds = Array.from({ length: 20 }, (_, i) => `bench-campaign-${i}`);
  await inBatches('campaigns', campaignIds.length, (i) => {
    const startsAt = instantOn(addDays(FIRST_DAY, Math.floor((span * i) / campaignIds.length)));
    const trim = trims[0]!;
    return {
      id: campaignIds[i],
      store_id: store.id,
      slug: `bench-${i}`,
      kind: 'flash_sale',
      name: JSON.stringify({ 'zh-CN': `Bench ${i}`, fr: `Bench ${i}`, en: `Bench ${i}` }),
      description: '{}',
      model_id: trim.model_id,
      trim_id: trim.id,
      option_codes: '[]',
      list_price: 24_800_000,
      price: 23_880_000,
      deposit: 201_800,
      units_total: 50,
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 86_400_000).toISOString(),
      created_at: startsAt,
      ended_at: null,
      updated_at: null,
    };
  }, 'campaign');

  await inBatches('orders', options.orders, (i) => {
    const day = addDays(FIRST_DAY, Math.floor(random() * (span + 1)));
    const createdAt = instantOn(day);
    const trim = pick(trims);
    const paid = random() < 0.7;
    const campaignId = i < campaignIds.length * 100 ? campaignIds[i % campaignIds.length]! : null;
    return {
      id: `o${i}`,
      reference: `B-${i.toString(36).toUpperCase().padStart(6, '0')}`,
      store_id: store.id,
      buyer_id: buyer.id,
      dealer_id: pick(dealers).id,
      model_id: trim.model_id,
      trim_id: trim.id,
      source: campaignId ? 'campaign' : 'configuration',
      campaign_id: campaignId,
      configuration_code: null,
      vin: null,
      plan: 'cash',
      status: paid ? 'deposit_paid' : 'expired',
      currency: 'CNY',
      vehicle_price: 20_000_000,
      deposit_amount: 500_000,
      snapshot: '{}',
      buyer_phone: null,
      hold_expires_at: null,
      estimated_delivery: null,
      deposit_paid_at: paid ? new Date(Date.parse(createdAt) + 600_000).toISOString() : null,
      refund_window_ends_at: null,
      confirmed_at: null,
      allocated_at: null,
      balance_method: null,
      handover_at: null,
      delivered_at: null,
      temp_plate: null,
      temp_plate_expires_on: null,
      pickup_code: String(100_000 + (i % 900_000)),
      pickup_locked_until: null,
      cancelled_by: null,
      cancel_reason: null,
      idempotency_key: null,
      created_at: createdAt,
      updated_at: createdAt,
    };
  }, 'customer_order');

  // Fresh statistics and (PostgreSQL) a visibility map, as a database that has run a while has them:
  // without the map, PostgreSQL's index-only scans still visit the table.
  await (connection.dialect === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(db);
  return { storeId: store.id };
}

interface Timing {
  name: string;
  p50: number;
  p95: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timeDashboards(connection: Connection, storeId: string, runs: number): Promise<Timing[]> {
  const deps: AnalyticsDeps = { db: connection.db, clock: fixedClock(NOW) };
  const today = shanghaiDay(NOW);
  const ranges = [
    { label: '30 days', from: addDays(today, -29), to: today },
    { label: '1 year', from: addDays(today, -364), to: today },
  ];
  const cases: Array<[string, (range: { from: string; to: string }) => Promise<unknown>]> = [
    ['funnel', (r) => funnel(deps, storeId, { ...r, locale: 'en' })],
    ['funnel, one model and channel', (r) => funnel(deps, storeId, { ...r, model: 'koleos', channel: 'phone', locale: 'en' })],
    ['sales by day', (r) => sales(deps, storeId, { ...r, locale: 'en', granularity: 'day' })],
    ['sales by week', (r) => sales(deps, storeId, { ...r, locale: 'en', granularity: 'week' })],
    ['breakdown by model', (r) => breakdown(deps, storeId, { ...r, locale: 'en', by: 'model' })],
    ['breakdown by province', (r) => breakdown(deps, storeId, { ...r, locale: 'en', by: 'province' })],
    ['breakdown by city', (r) => breakdown(deps, storeId, { ...r, locale: 'en', by: 'city' })],
    ['dealer league', (r) => breakdown(deps, storeId, { ...r, locale: 'en', by: 'dealer' })],
    ['nev share', (r) => nevShare(deps, storeId, { ...r, locale: 'en' })],
    ['campaigns', (r) => campaigns(deps, storeId, { ...r, locale: 'en' })],
  ];
  const timings: Timing[] = [];
  for (const range of ranges) {
    for (const [name, run] of cases) {
      await run(range); // warm the statement cache and the pages
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        await run(range);
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      samples.sort((a, b) => a - b);
      timings.push({ name: `${name} (${range.label})`, p50: percentile(samples, 50), p95: percentile(samples, 95) });
      process.stderr.write('.');
    }
  }
  process.stderr.write('\n');
  return timings;
}

function table(database: string, timings: readonly Timing[]): string {
  const width = Math.max(...timings.map((t) => t.name.length));
  const lines = [`${database}`, `  ${'dashboard'.padEnd(width)}   p50 ms   p95 ms   target ${TARGET_MS} ms`];
  for (const t of timings) lines.push(`  ${t.name.padEnd(width)}  ${t.p50.toFixed(1).padStart(7)}  ${t.p95.toFixed(1).padStart(7)}   ${t.p95 <= TARGET_MS ? 'ok' : 'OVER'}`);
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseOptions(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const reports: string[] = [];
  let over = 0;
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-bench-analytics-'));
  let dropPostgres: (() => Promise<void>) | undefined;
  try {
    console.error(`SQLite: filling a fresh file with ${options.events.toLocaleString('en')} events and ${options.orders.toLocaleString('en')} orders…`);
    const sqlite = connect({ dialect: 'sqlite', file: path.join(tempDir, 'analytics.sqlite') });
    try {
      const { storeId } = await fill(sqlite, options);
      const timings = await timeDashboards(sqlite, storeId, options.runs);
      over += timings.filter((t) => t.p95 > TARGET_MS).length;
      reports.push(table('SQLite', timings));
    } finally {
      await sqlite.db.destroy();
    }

    if (!options.postgres) {
      console.error('PostgreSQL: skipped (--no-postgres).');
    } else if (!(await postgresAvailable())) {
      console.error('PostgreSQL: not reachable on TEST_DATABASE_URL; skipped.');
    } else {
      const name = `vitrine_bench_analytics_${Date.now().toString(36)}`;
      console.error(`PostgreSQL: creating ${name} and filling it…`);
      await admin((c) => c.query(`create database ${name}`));
      dropPostgres = () => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`)));
      const postgres = connect({ dialect: 'postgres', url: databaseUrl(name) }, { poolSize: 4 });
      try {
        const { storeId } = await fill(postgres, options);
        const timings = await timeDashboards(postgres, storeId, options.runs);
        over += timings.filter((t) => t.p95 > TARGET_MS).length;
        reports.push(table('PostgreSQL', timings));
      } finally {
        await postgres.db.destroy();
      }
    }
    console.log(`\n${reports.join('\n\n')}`);
    console.log(`\nLoad average (1, 5, 15 min) at the end: ${os.loadavg().map((n) => n.toFixed(2)).join(', ')} on ${os.cpus().length} CPUs.`);
    if (over > 0) console.log(`\n${over} dashboard(s) over the ${TARGET_MS} ms p95 target.`);
    return over > 0 ? 1 : 0;
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
    await dropPostgres?.().catch((err: unknown) => console.error(`could not drop the bench database: ${String(err)}`));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
}
