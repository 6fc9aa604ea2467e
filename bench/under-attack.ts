/**
 * A crowd of anonymous clients saving the hardest configuration there can be, against the real server:
 * `node --import tsx bench/under-attack.ts [--seconds 10] [--connections 8]`.
 *
 * Starts the server on a fresh SQLite in a temporary directory (migrated and seeded), adds the
 * hardest catalog the limits allow (src/modules/configurator/adversarial.ts, a cycle of includes
 * rules, which passes lint), published, then has anonymous clients POST its
 * hardest configuration, each request from a new address (TRUST_PROXY=1, X-Forwarded-For),
 * while /healthz is probed every 50 ms. Prints the server's CPU per POST
 * (from /proc, Linux) and /healthz latency idle and under attack. Not a test: it measures.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { connect } from '../src/db/connect.js';
import { applyOption, applyRules, applyTrim, createModelRows } from '../src/modules/catalog/catalog.admin.js';
import * as repo from '../src/modules/catalog/catalog.repo.js';
import { adversarialCatalog } from '../src/modules/configurator/adversarial.js';
import { systemClock } from '../src/shared/clock.js';
import { cpuSeconds, delay, freePort, HOST, nextClientIp } from './processes.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '8' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);

/** /healthz latencies, one probe every 50 ms until `until` resolves. */
async function probe(base: string, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.then(() => (done = true));
  const out: number[] = [];
  while (!done) {
    const start = performance.now();
    const res = await fetch(`${base}/healthz`);
    await res.arrayBuffer();
    out.push(performance.now() - start);
    await delay(50);
  }
  return out;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
const summary = (xs: number[]) => `${percentile(xs, 50).toFixed(1)} / ${percentile(xs, 99).toFixed(1)} / ${Math.max(...xs).toFixed(1)}`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-attack-'));
const port = await freePort();
const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST, DATA_DIR: dir, LOG_LEVEL: 'warn', TRUST_PROXY: '1' };
delete env.DATABASE_URL;
delete env.REDIS_URL;
const server = spawn(process.execPath, ['bin/vitrine.js', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
const base = `http://${HOST}:${port}`;
try {
  for (let ready = false; !ready; await delay(250)) {
    if (server.exitCode !== null) throw new Error('the server exited before it was ready');
    ready = await fetch(`${base}/readyz`).then((r) => r.status === 200, () => false);
  }

  // The hardest allowed catalog, written as the brand console would; it passes lint (test/api/catalog-budget.test.ts).
  const { model, selection, intent } = adversarialCatalog('includes-cycle', 'hard');
  const { db } = connect({ dialect: 'sqlite', file: path.join(dir, 'vitrine.sqlite') });
  const store = (await repo.findStoreBySlug(db, 'renault'))!;
  await db.transaction().execute(async (tx) => {
    const scope = { storeId: store.id, storeSlug: store.slug };
    const text = model.name;
    await createModelRows(tx, systemClock, scope, { slug: 'hard', name: text, tagline: text, body: 'suv', powertrain: 'ICE', seats: 5, nev: false, origin: 'local', status: 'draft' });
    const row = (await repo.findModelForAdmin(tx, store.id, 'hard'))!;
    for (const trim of model.trims) await applyTrim(tx, row, { code: trim.code, name: trim.name, engine: '2.0L', price: trim.price });
    for (const group of model.groups) {
      for (const option of group.options) await applyOption(tx, row, { ...option, group: group.code });
    }
    await applyRules(tx, row, model.rules);
    await repo.updateModelFields(tx, store.id, 'hard', { status: 'active' });
    await repo.bumpCatalogVersion(tx, store.id);
  });
  await db.destroy();

  const body = JSON.stringify({ model: 'hard', ...selection, intent });
  const post = () => fetch(`${base}/api/v1/stores/renault/configurations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const first = await post();
  const problem = (await first.json()) as { code?: string; resolutionExhausted?: boolean };
  console.log(`\nPOST /configurations on the hardest allowed catalog: ${first.status} ${problem.code}, resolutionExhausted ${problem.resolutionExhausted}`);

  const idle = await probe(base, delay(3_000));
  const cpuBefore = cpuSeconds(server.pid!);
  // Many clients, as in the observed attack: one address alone would meet the per-IP limit on saves.
  const attack = autocannon({
    url: `${base}/api/v1/stores/renault/configurations`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'x-forwarded-for': nextClientIp() } }) }],
  });
  const finished = Promise.resolve(attack);
  const [result, busy] = await Promise.all([finished, probe(base, finished)]);
  const cpuAfter = cpuSeconds(server.pid!);
  const posts = result.requests.total;
  const cpuMs = cpuBefore !== null && cpuAfter !== null && posts > 0 ? ((cpuAfter - cpuBefore) * 1000) / posts : null;

  console.log(`\n${connections} anonymous clients for ${seconds} s (server on ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)})`);
  console.log('| figure | value |');
  console.log('|---|---|');
  console.log(`| POSTs answered (422 expected) | ${posts} (${Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}: ${count}`).join(', ')}) |`);
  console.log(`| POST latency p50 / p99 ms | ${result.latency.p50} / ${result.latency.p99} |`);
  console.log(`| server CPU per POST ms (whole process) | ${cpuMs === null ? 'n/a' : cpuMs.toFixed(1)} |`);
  console.log(`| /healthz idle p50 / p99 / max ms | ${summary(idle)} |`);
  console.log(`| /healthz under attack p50 / p99 / max ms | ${summary(busy)} |`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  fs.rmSync(dir, { recursive: true, force: true });
}
