/*
 * CPU-cost probe: every API operation, with the hostile input of the API suite
 * (test/helpers/hostile.ts) and with ordinary requests, one at a time, as the platform admin
 * (whom every access policy admits). For each request it records the process CPU it cost
 * and the longest the event loop was held; it fails on any 5xx, or any request holding
 * the loop past the budget (100 ms).
 *
 *   node --import tsx bench/attack.ts               # fresh SQLite database
 *   node --import tsx bench/attack.ts --postgres    # fresh database on TEST_DATABASE_URL
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../src/app.js';
import { connect, type Connection } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { consoleSender } from '../src/modules/accounts/sender.js';
import { seedDemo } from '../src/seed/seed-demo.js';
import { systemClock } from '../src/shared/clock.js';
import { DEMO, readMessagesOf, signIn } from '../test/helpers/auth.js';
import { hostileRequests, operationsOf, type HostileRequest } from '../test/helpers/hostile.js';
import { admin, databaseUrl } from '../test/helpers/postgres.js';

const BUDGET_MS = 100;

const ORDINARY: HostileRequest[] = [
  ...['zh-CN', 'fr', 'en'].flatMap((locale) => [
    { method: 'GET', url: `/api/v1/stores?locale=${locale}`, payload: undefined },
    { method: 'GET', url: `/api/v1/stores/renault/models?locale=${locale}`, payload: undefined },
    ...['koleos', 'kadjar', 'captur', 'espace', 'city-k-ze'].map((model) => ({
      method: 'GET',
      url: `/api/v1/stores/renault/models/${model}?locale=${locale}`,
      payload: undefined,
    })),
  ]),
  { method: 'POST', url: '/api/v1/stores/renault/configurations', payload: JSON.stringify({ model: 'koleos', trim: 'koleos-25-4wd-flagship', options: ['wh-19', 'pk-bose', 'pk-roof', 'acc-roofbox', 'pk-safety'] }) },
  { method: 'POST', url: '/api/v1/stores/renault/configurations', payload: JSON.stringify({ model: 'espace', trim: 'espace-18t-luxury', options: [] }) },
  { method: 'GET', url: '/api/v1/admin/stores/renault/models/koleos/lint', payload: undefined },
];

async function openDatabase(postgres: boolean): Promise<{ connection: Connection; drop(): Promise<void> }> {
  if (postgres) {
    const name = `vitrine_attack_${Date.now().toString(36)}`;
    await admin((c) => c.query(`create database ${name}`));
    const connection = connect({ dialect: 'postgres', url: databaseUrl(name) });
    return { connection, drop: () => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`))) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-attack-'));
  const connection = connect({ dialect: 'sqlite', file: path.join(dir, 'attack.sqlite') });
  return { connection, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function main(): Promise<number> {
  const postgres = process.argv.includes('--postgres');
  const { connection, drop } = await openDatabase(postgres);
  await migrateToLatest(connection.db);
  await seedDemo(connection.db, systemClock);
  // Keeps the codes it sends, so the platform admin can answer the second factor.
  const sender = consoleSender({ info: () => {} });
  const app = await buildApp({ db: connection.db, dialect: connection.dialect, logger: false, sender });
  await app.ready();
  try {
    readMessagesOf(app, sender.sent);
    const { headers } = await signIn(app, DEMO.platformAdmin);
    const operations = operationsOf((await app.inject({ url: '/api/openapi.json' })).json());
    const requests = [...ORDINARY, ...hostileRequests(operations)];
    const send = (request: HostileRequest) =>
      app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: request.payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });

    // One pass first, so what is measured is a warm server (JIT-compiled, caches filled), as an attacker meets it.
    for (const request of requests) await send(request);
    process.stderr.write(`warm-up: ${requests.length} requests\n`);

    const byOperation = new Map<string, { count: number; maxCpuMs: number; maxLoopMs: number; worst: string }>();
    const serverErrors: string[] = [];
    const loop = monitorEventLoopDelay({ resolution: 1 });
    let done = 0;
    for (const request of requests) {
      loop.reset();
      loop.enable();
      const cpu = process.cpuUsage();
      const res = await send(request);
      const used = process.cpuUsage(cpu);
      // Let the monitor's timer fire once after the request, so a block inside it is counted.
      await new Promise((resolve) => setTimeout(resolve, 2));
      loop.disable();
      const cpuMs = (used.user + used.system) / 1000;
      const loopMs = loop.max / 1e6;
      const operation = `${request.method} ${request.url.split('?')[0]!.replace(/\/[^/]{40,}/g, '/…')}`;
      const entry = byOperation.get(operation) ?? { count: 0, maxCpuMs: 0, maxLoopMs: 0, worst: '' };
      entry.count += 1;
      if (cpuMs > entry.maxCpuMs) Object.assign(entry, { maxCpuMs: cpuMs, worst: `${request.url.slice(0, 60)} ${request.payload?.slice(0, 60) ?? ''}` });
      entry.maxLoopMs = Math.max(entry.maxLoopMs, loopMs);
      byOperation.set(operation, entry);
      if (res.statusCode >= 500) serverErrors.push(`${request.method} ${request.url.slice(0, 80)} → ${res.statusCode}`);
      done += 1;
      if (done % 250 === 0 || done === requests.length) process.stderr.write(`\r${done}/${requests.length} requests`);
    }
    process.stderr.write('\n');

    const rows = [...byOperation].sort((a, b) => b[1].maxLoopMs - a[1].maxLoopMs);
    console.log(`CPU-cost probe on ${connection.dialect}: ${requests.length} requests, ${byOperation.size} request shapes\n`);
    console.log('max loop ms  max CPU ms  requests  operation (worst input)');
    for (const [operation, e] of rows.slice(0, 20)) {
      console.log(`${e.maxLoopMs.toFixed(1).padStart(11)}  ${e.maxCpuMs.toFixed(1).padStart(10)}  ${String(e.count).padStart(8)}  ${operation}  (${e.worst})`);
    }
    const worstLoop = Math.max(...rows.map(([, e]) => e.maxLoopMs));
    console.log(`\nlongest event-loop hold: ${worstLoop.toFixed(1)} ms (budget ${BUDGET_MS} ms: ${worstLoop <= BUDGET_MS ? 'within' : 'MISSED'})`);
    console.log(`5xx answers: ${serverErrors.length}`);
    for (const error of serverErrors.slice(0, 20)) console.log(`  ${error}`);
    return serverErrors.length === 0 && worstLoop <= BUDGET_MS ? 0 : 1;
  } finally {
    await app.close();
    await connection.db.destroy();
    await drop();
  }
}

process.exitCode = await main();
