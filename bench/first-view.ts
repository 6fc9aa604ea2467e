/*
 * `node --import tsx bench/first-view.ts`: what the server-rendered first views cost. Needs the
 * built web app and its server side (npm run build). For the hall, a store's home and a model
 * page in each language: the page's size as sent (identity, gzip, br), the time of its first
 * request (rendered: API answers, React, compression) and of the requests after it (kept), over
 * real HTTP on one connection at a time, and React's rendering alone.
 */
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.js';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadFirstViewRenderer } from '../src/http/first-view.js';
import { seedDemo } from '../src/seed/seed-demo.js';
import { systemClock } from '../src/shared/clock.js';

const WEB_DIR = path.resolve(import.meta.dirname, '../dist/web');
const PAGES = ['/', '/renault', '/renault/models/koleos', '/renault/models/koleos/configure'];
const LOCALES = ['zh-CN', 'fr', 'en'];
const KEPT_REQUESTS = 300;

const renderer = await loadFirstViewRenderer(WEB_DIR);
if (!renderer) throw new Error('dist/web-ssr is missing: run npm run build');
const connection = connect({ dialect: 'sqlite', file: ':memory:' });
await migrateToLatest(connection.db);
await seedDemo(connection.db, systemClock);
const app = await buildApp({ db: connection.db, dialect: connection.dialect, webDir: WEB_DIR, firstView: renderer });
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${url}`, { agent, headers: { accept: 'text/html', ...headers } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started }));
      })
      .on('error', reject);
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const ms = (value: number) => `${value.toFixed(2)} ms`;

// The shell every other page gets, for comparison: a static file.
await get('/signin', {});
const shell: number[] = [];
for (let i = 0; i < KEPT_REQUESTS; i += 1) shell.push((await get('/signin', { 'accept-encoding': 'br' })).ms);
shell.sort((a, b) => a - b);
console.log(`shell index.html (/signin, br): p50 ${ms(quantile(shell, 0.5))}, p99 ${ms(quantile(shell, 0.99))}`);

for (const page of PAGES) {
  for (const locale of LOCALES) {
    const headers = { 'accept-language': locale };
    const first = await get(page, { ...headers, 'accept-encoding': 'br' });
    const identity = await get(page, headers);
    const gzip = await get(page, { ...headers, 'accept-encoding': 'gzip' });
    const kept: number[] = [];
    for (let i = 0; i < KEPT_REQUESTS; i += 1) kept.push((await get(page, { ...headers, 'accept-encoding': 'br' })).ms);
    kept.sort((a, b) => a - b);
    console.log(
      `${page.padEnd(24)} ${locale.padEnd(5)} ${first.status}  ${(identity.bytes / 1024).toFixed(1)} KB, gzip ${(gzip.bytes / 1024).toFixed(1)} KB, br ${(first.bytes / 1024).toFixed(1)} KB;` +
        `  rendered ${ms(first.ms)}, kept p50 ${ms(quantile(kept, 0.5))} p99 ${ms(quantile(kept, 0.99))}`,
    );
  }
}

// React's part alone: the answers fetched once, the markup made again and again.
for (const page of PAGES) {
  const view = renderer.firstViewPage(page, null);
  if (!view) continue;
  const keys = ['/api/v1/site', ...renderer.firstViewRequests(view, 'fr')];
  const answers = Object.fromEntries(
    await Promise.all(keys.map(async (key) => [key, { status: 200, body: (await app.inject({ url: key })).json() }] as const)),
  );
  const times: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    const started = performance.now();
    renderer.renderFirstView(page, view, { locale: 'fr', kind: view.kind, answers });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`renderToString ${page.padEnd(24)} p50 ${ms(quantile(times, 0.5))}`);
}

agent.destroy();
await app.close();
await connection.db.destroy();
