/**
 * `npm run bench`: the real server against a bare Fastify baseline, measured in the same run.
 *
 * Both run as child processes on 127.0.0.1, and so does autocannon (bench/http-load.ts), one
 * process per run, so the load generator shares no event loop with the runner or a server.
 * Runs alternate (baseline, app, baseline, app, …) after a warm-up of each, so machine drift
 * (thermal, other tenants) lands on both sides instead of biasing the ratio. Only the ratio
 * app/baseline is meant to be compared across machines; absolute req/s are not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Result } from 'autocannon';
import { connect } from '../src/db/connect.js';
import { BENCH_STORE, seedBenchStore } from './bench-store.js';
import { type Child, log, makeTempDir, parseOrExit, spawnChild, startVitrine, stopChildren } from './children.js';
import type { HttpLoadSpec } from './http-load.js';
import { cpuSeconds, delay, HOST } from './processes.js';
import { type Scenario, scenarios as allScenarios } from './scenarios.js';
import { explainStockSearch, fillStock } from './stock-fill.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'latest.json');
// Load is only ever sent to this machine.

const USAGE = `Usage: npm run bench -- [options]

  -d, --duration SECONDS     length of each measured run (default 10, at most 120)
  -c, --connections N        concurrent connections (default 50, at most 1000)
      --rounds N             baseline/app pairs per scenario (default 2, at most 10)
      --warmup SECONDS       unmeasured warm-up of each side per scenario (default 2, at most 30)
      --scenario NAME        only this scenario (repeatable): ${allScenarios.map((s) => s.name).join(', ')}
  -h, --help`;

interface Options {
  duration: number;
  connections: number;
  rounds: number;
  warmup: number;
  scenarios: Scenario[];
}

type Side = 'baseline' | 'app';

interface RunRecord {
  side: Side;
  round: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  durationS: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Server process CPU time (user + system) per completed request, in µs; null off Linux. */
  cpuUsPerReq: number | null;
  /** The host's 1-minute load average at the end of the run: how busy the machine was. */
  loadavg1: number;
}

interface SideSummary {
  /** Mean over rounds of autocannon's per-second request rate. */
  reqPerSec: number;
  /** Slowest and fastest round, to show how much the figure moved. */
  reqPerSecMin: number;
  reqPerSecMax: number;
  /** Latency percentiles: mean over rounds of each round's percentile. */
  p50Ms: number;
  p99Ms: number;
  /** Mean over rounds; unlike req/s it hardly moves when other processes steal the CPU. */
  cpuUsPerReq: number | null;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

interface ScenarioReport {
  name: string;
  method: string;
  path: string;
  bodyBytes: number;
  contentType: string;
  baseline: SideSummary;
  app: SideSummary;
  ratio: number;
  /** baseline CPU per request ÷ app CPU per request: the ratio a CPU-bound server would reach. */
  cpuRatio: number | null;
  /** app/baseline of each round's pair: if these disagree a lot, the run was noisy. */
  roundRatios: number[];
  targetRatio: number | null;
  belowTarget: boolean;
  runs: RunRecord[];
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', short: 'd' },
      connections: { type: 'string', short: 'c' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      scenario: { type: 'string', multiple: true },
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
  const wanted = (values.scenario ?? []).flatMap((s) => s.split(',')).filter(Boolean);
  const unknown = wanted.filter((name) => !allScenarios.some((s) => s.name === name));
  if (unknown.length) throw new UsageError(`unknown scenario(s): ${unknown.join(', ')}; known: ${allScenarios.map((s) => s.name).join(', ')}`);
  return {
    duration: int(values.duration, 'duration', 10, 1, 120),
    connections: int(values.connections, 'connections', 50, 1, 1000),
    rounds: int(values.rounds, 'rounds', 2, 1, 10),
    warmup: int(values.warmup, 'warmup', 2, 0, 30),
    scenarios: wanted.length ? allScenarios.filter((s) => wanted.includes(s.name)) : [...allScenarios],
  };
}

// ---------------------------------------------------------------- child processes

/** This run's temporary folder: the server's data, the scenarios' results. */
let tempDir = '';

async function cleanup(): Promise<void> {
  await stopChildren();
}


async function waitUntilAnswering(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    if (res.status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} still answers ${res.status} after 60 s`);
    await delay(500);
  }
}

async function startBaseline(documents: Map<string, string>): Promise<{ child: Child; base: string }> {
  const args = ['--import', 'tsx', 'bench/baseline-server.ts'];
  for (const [name, file] of documents) args.push('--doc', `${name}=${file}`);
  let announce!: (port: number) => void;
  const announced = new Promise<number>((resolve) => (announce = resolve));
  const child = spawnChild('baseline', args, process.env, (line) => {
    try {
      const port = (JSON.parse(line) as { port?: unknown }).port;
      if (typeof port === 'number') announce(port);
    } catch {
      // any other output is only relayed
    }
  });
  const port = await Promise.race([
    announced,
    child.exited.then(() => Promise.reject(new Error('the baseline server exited before listening'))),
    delay(30_000).then(() => Promise.reject(new Error('the baseline server did not start within 30 s'))),
  ]);
  return { child, base: `http://${HOST}:${port}` };
}

// ---------------------------------------------------------------- requests

function requestInit(scenario: Scenario): RequestInit {
  const headers: Record<string, string> = { ...scenario.headers };
  if (scenario.body !== undefined) headers['content-type'] = 'application/json';
  return { method: scenario.method, headers, ...(scenario.body !== undefined ? { body: JSON.stringify(scenario.body) } : {}) };
}

async function fetchOnce(url: string, scenario: Scenario): Promise<{ status: number; body: Buffer; contentType: string }> {
  const res = await fetch(url, { ...requestInit(scenario), signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? '' };
}

function baselineUrl(base: string, scenario: Scenario): string {
  return `${base}/baseline/${encodeURIComponent(scenario.name)}`;
}

// ---------------------------------------------------------------- load

function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
}

/** Client addresses used so far: each load process starts its crowd after them. */
let clientsUsed = 0;

/** Runs one load process (bench/http-load.ts) against `url`; the server's CPU is read around its requests only. */
async function load(
  url: string,
  scenario: Scenario,
  options: Options,
  duration: number,
  label: string,
  server: Child,
): Promise<{ result: Result; cpuUsPerReq: number | null }> {
  const init = requestInit(scenario);
  const spec: HttpLoadSpec = {
    url,
    method: scenario.method,
    headers: init.headers as Record<string, string>,
    ...(typeof init.body === 'string' ? { body: init.body } : {}),
    connections: options.connections,
    duration,
    firstClient: clientsUsed,
  };
  const file = path.join(tempDir, 'load-spec.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  let started = 0;
  let cpuBefore: number | null = null;
  let result: Result | undefined;
  const ticker = setInterval(() => {
    if (started) progress(`${label}  ${Math.min(duration, Math.round((Date.now() - started) / 1000))}/${duration} s`);
  }, 1000);
  const child = spawnChild(`load ${label.trim()}`, ['--import', 'tsx', 'bench/http-load.ts', file], process.env, (line) => {
    let message: { event: 'started' } | { event: 'done'; result: Result };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      if (line.trim()) log(`  [load] ${line}`);
      return;
    }
    if (message.event === 'started') {
      started = Date.now();
      cpuBefore = cpuSeconds(server.proc.pid);
      progress(`${label}  0/${duration} s`);
    } else {
      result = message.result;
    }
  });
  try {
    await child.exited;
  } finally {
    clearInterval(ticker);
    progress('');
  }
  if (!result) throw new Error(`the load generator exited (code ${child.proc.exitCode}) without a result`);
  const cpuAfter = cpuSeconds(server.proc.pid);
  clientsUsed += result.requests.sent;
  const cpuUsPerReq =
    cpuBefore !== null && cpuAfter !== null && result.requests.total > 0 ? ((cpuAfter - cpuBefore) * 1e6) / result.requests.total : null;
  return { result, cpuUsPerReq };
}

function record(side: Side, round: number, { result, cpuUsPerReq }: { result: Result; cpuUsPerReq: number | null }): RunRecord {
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
  return {
    side,
    round,
    reqPerSec: result.requests.mean,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    durationS: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    cpuUsPerReq,
    loadavg1: os.loadavg()[0]!,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function summarize(runs: RunRecord[]): SideSummary {
  const statusCodes: Record<string, number> = {};
  for (const run of runs) for (const [code, n] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const rates = runs.map((r) => r.reqPerSec);
  return {
    reqPerSec: mean(rates),
    reqPerSecMin: Math.min(...rates),
    reqPerSecMax: Math.max(...rates),
    p50Ms: mean(runs.map((r) => r.p50Ms)),
    p99Ms: mean(runs.map((r) => r.p99Ms)),
    cpuUsPerReq: runs.every((r) => r.cpuUsPerReq !== null) ? mean(runs.map((r) => r.cpuUsPerReq!)) : null,
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    timeouts: runs.reduce((n, r) => n + r.timeouts, 0),
    statusCodes,
  };
}

async function measure(
  scenario: Scenario,
  urls: Record<Side, string>,
  options: Options,
  servers: Record<Side, Child>,
  sample: { bodyBytes: number; contentType: string },
): Promise<ScenarioReport> {
  const sides: Side[] = ['baseline', 'app'];
  const ensureAlive = () => {
    const dead = Object.values(servers).find((s) => !s.alive());
    if (dead) throw new Error(`the ${dead.label} server died during the ${scenario.name} scenario`);
  };
  if (options.warmup > 0) {
    for (const side of sides) {
      log(`${scenario.name}: warm-up ${side} (${options.warmup} s)`);
      await load(urls[side], scenario, options, options.warmup, `  ${scenario.name}  warm-up  ${side.padEnd(8)}`, servers[side]);
      ensureAlive();
    }
  }
  const runs: RunRecord[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const side of sides) {
      const label = `  ${scenario.name}  round ${round}/${options.rounds}  ${side.padEnd(8)}`;
      const run = record(side, round, await load(urls[side], scenario, options, options.duration, label, servers[side]));
      ensureAlive();
      runs.push(run);
      const trouble = run.non2xx + run.errors + run.timeouts > 0 ? `  !! ${run.non2xx} non-2xx, ${run.errors} errors, ${run.timeouts} timeouts` : '';
      const cpu = run.cpuUsPerReq === null ? '' : `  ${fmtInt(run.cpuUsPerReq)} µs CPU/req`;
      log(`${label}  ${fmtInt(run.reqPerSec)} req/s  p50 ${fmtMs(run.p50Ms)} ms  p99 ${fmtMs(run.p99Ms)} ms${cpu}  load ${run.loadavg1.toFixed(2)}${trouble}`);
    }
  }
  const baseline = summarize(runs.filter((r) => r.side === 'baseline'));
  const app = summarize(runs.filter((r) => r.side === 'app'));
  const ratio = baseline.reqPerSec > 0 ? app.reqPerSec / baseline.reqPerSec : 0;
  const roundRatios: number[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const b = runs.find((r) => r.side === 'baseline' && r.round === round);
    const a = runs.find((r) => r.side === 'app' && r.round === round);
    if (a && b && b.reqPerSec > 0) roundRatios.push(a.reqPerSec / b.reqPerSec);
  }
  return {
    name: scenario.name,
    method: scenario.method,
    path: scenario.path,
    ...sample,
    baseline,
    app,
    ratio,
    cpuRatio: baseline.cpuUsPerReq && app.cpuUsPerReq ? baseline.cpuUsPerReq / app.cpuUsPerReq : null,
    roundRatios,
    targetRatio: scenario.targetRatio ?? null,
    belowTarget: scenario.targetRatio !== undefined && ratio < scenario.targetRatio,
    runs,
  };
}

// ---------------------------------------------------------------- report

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function fmtMs(n: number): string {
  return n.toFixed(1);
}

function spread(s: SideSummary): string {
  if (s.reqPerSec === 0) return '';
  const half = ((s.reqPerSecMax - s.reqPerSecMin) / 2 / s.reqPerSec) * 100;
  return `±${half.toFixed(1)}%`;
}

function table(reports: ScenarioReport[], options: Options): string {
  const header = ['scenario', 'server', 'req/s', 'spread', 'p50 ms', 'p99 ms', 'CPU µs/req', 'non-2xx', 'app/baseline'];
  const cpu = (s: SideSummary) => (s.cpuUsPerReq === null ? '–' : fmtInt(s.cpuUsPerReq));
  const rows: string[][] = [];
  for (const r of reports) {
    const verdict = r.targetRatio === null ? '' : r.belowTarget ? `  BELOW target ${r.targetRatio}` : `  ok (target ${r.targetRatio})`;
    const bad = (s: SideSummary) => (s.non2xx + s.errors + s.timeouts > 0 ? `${s.non2xx} !!` : String(s.non2xx));
    const b = r.baseline;
    const a = r.app;
    rows.push([r.name, 'baseline', fmtInt(b.reqPerSec), spread(b), fmtMs(b.p50Ms), fmtMs(b.p99Ms), cpu(b), bad(b), '']);
    rows.push(['', 'app', fmtInt(a.reqPerSec), spread(a), fmtMs(a.p50Ms), fmtMs(a.p99Ms), cpu(a), bad(a), `${r.ratio.toFixed(2)}${verdict}`]);
  }
  const last = header.length - 1;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (i === last ? 0 : row[i]!.length))));
  const numeric = new Set([2, 3, 4, 5, 6, 7]);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [
    `Vitrine vs bare Fastify — ${options.connections} connections, ${options.rounds} × ${options.duration} s per side, alternating, after ${options.warmup} s warm-up`,
    `node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? 'unknown'}), load generator (autocannon) in its own process on the same host; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
    '',
    line(header),
    line(header.map((h, i) => '-'.repeat(i === last ? h.length : widths[i]!))),
  ];
  for (const [i, row] of rows.entries()) {
    out.push(line(row));
    if (i % 2 === 1 && i < rows.length - 1) out.push('');
  }
  out.push('');
  for (const r of reports) {
    const cpuRatio = r.cpuRatio === null ? '' : `; CPU ratio (baseline ÷ app CPU per request) ${r.cpuRatio.toFixed(2)}`;
    out.push(
      `${r.name}: ${r.method} ${r.path} — ${fmtInt(r.bodyBytes)} B ${r.contentType}; ` +
        `per-round req/s ratios ${r.roundRatios.map((x) => x.toFixed(2)).join(', ')}${cpuRatio}`,
    );
  }
  return out.join('\n');
}

function problems(reports: ScenarioReport[]): string[] {
  const found: string[] = [];
  for (const r of reports) {
    for (const side of ['baseline', 'app'] as const) {
      const s = r[side];
      if (s.non2xx + s.errors + s.timeouts === 0) continue;
      const codes = Object.entries(s.statusCodes)
        .filter(([code]) => !code.startsWith('2'))
        .map(([code, n]) => `${code}×${n}`)
        .join(', ');
      found.push(`${r.name} / ${side}: ${s.non2xx} non-2xx responses${codes ? ` (${codes})` : ''}, ${s.errors} errors, ${s.timeouts} timeouts`);
    }
  }
  return found;
}

// ---------------------------------------------------------------- main

export async function main(argv: string[]): Promise<number> {
  const options = parseOrExit(argv, parseOptions, USAGE);
  if (typeof options === 'number') return options;

  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    log(`\n${signal}: stopping the servers…`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const perScenario = 2 * options.warmup + 2 * options.rounds * options.duration;
  log(
    `Benchmark: ${options.scenarios.map((s) => s.name).join(', ')} — about ${Math.ceil((perScenario * options.scenarios.length) / 60)} min of load ` +
      `(${options.connections} connections, ${options.rounds} round(s) × ${options.duration} s per side, ${options.warmup} s warm-up).`,
  );
  try {
    tempDir = makeTempDir('vitrine-bench-');
    log('Starting the server on a fresh database (first start migrates and seeds)…');
    const dataDir = path.join(tempDir, 'data');
    // One trusted hop (the runner) so each request can name its own client: per-IP limits would
    // otherwise refuse all but 60 saves a minute from 127.0.0.1. Load shedding stays on.
    const app = await startVitrine(dataDir, { TRUST_PROXY: '1' });
    // The locator's big-network scenarios read a store of 5,000 dealers, written beside the demo.
    const direct = connect({ dialect: 'sqlite', file: path.join(dataDir, 'vitrine.sqlite') });
    try {
      const bench = await seedBenchStore(direct.db);
      if (bench.created) log(`Seeded the ${BENCH_STORE} store with ${bench.dealers} dealers.`);
    } finally {
      await direct.db.destroy();
    }
    // Writing it held SQLite's write lock: the server's job runner waited and may shed load a moment.
    await waitUntilAnswering(`${app.base}/api/v1/stores/${BENCH_STORE}/dealers?limit=1`);
    const stockUnits = Math.max(0, ...options.scenarios.map((s) => s.stockUnits ?? 0));
    if (stockUnits > 0) {
      const file = path.join(dataDir, 'vitrine.sqlite');
      log(`Adding ${stockUnits.toLocaleString('en')} synthetic stock units…`);
      fillStock(file, stockUnits);
      log(`Query plans of the stock search:\n${explainStockSearch(file)}`);
      // The server sheds load while the host settles from the bulk write; give it a moment.
      await delay(5_000);
    }

    // The app's real bodies become the baseline's documents (see baseline-server.ts).
    const samples = new Map<string, { bodyBytes: number; contentType: string }>();
    const documents = new Map<string, string>();
    for (const scenario of options.scenarios) {
      let res = await fetchOnce(`${app.base}${scenario.path}`, scenario);
      // A busy host can make the server shed load for a moment; the sample waits it out.
      for (let tries = 0; res.status === 503 && tries < 20; tries++) {
        await delay(1_000);
        res = await fetchOnce(`${app.base}${scenario.path}`, scenario);
      }
      if (res.status < 200 || res.status > 299) {
        throw new Error(`${scenario.name}: ${scenario.method} ${scenario.path} answered ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
      }
      if (!/json/i.test(res.contentType)) throw new Error(`${scenario.name}: expected JSON, got "${res.contentType}"`);
      const file = path.join(tempDir, `${scenario.name}.json`);
      fs.writeFileSync(file, res.body);
      documents.set(scenario.name, file);
      samples.set(scenario.name, { bodyBytes: res.body.length, contentType: res.contentType });
    }

    log('Starting the bare Fastify baseline…');
    const baseline = await startBaseline(documents);
    // Honesty check: same size and same content type, or the ratio means nothing.
    for (const scenario of options.scenarios) {
      const want = samples.get(scenario.name)!;
      const got = await fetchOnce(baselineUrl(baseline.base, scenario), scenario);
      if (got.status !== 200 || got.body.length !== want.bodyBytes || got.contentType !== want.contentType) {
        throw new Error(
          `${scenario.name}: baseline answers ${got.status}, ${got.body.length} B "${got.contentType}" ` +
            `but the app answers ${want.bodyBytes} B "${want.contentType}"`,
        );
      }
    }

    const reports: ScenarioReport[] = [];
    const startedAt = new Date();
    const loadavgAtStart = os.loadavg();
    log(`Load average before measuring: ${loadavgAtStart.map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} CPUs)`);
    for (const scenario of options.scenarios) {
      const urls = { baseline: baselineUrl(baseline.base, scenario), app: `${app.base}${scenario.path}` };
      reports.push(await measure(scenario, urls, options, { baseline: baseline.child, app: app.child }, samples.get(scenario.name)!));
    }

    const found = problems(reports);
    const output = table(reports, options);
    console.log(`\n${output}`);
    if (found.length) {
      const banner = '!'.repeat(78);
      const text = [banner, '!! INVALID RUN: some responses were not 2xx or failed; the figures do not measure the intended path.', ...found.map((f) => `!!   ${f}`), banner].join('\n');
      console.log(`\n${text}`);
      if (!process.stdout.isTTY) log(text);
    }

    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    const document = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpus: { count: os.cpus().length, model: os.cpus()[0]?.model ?? null },
      loadavgAtStart: loadavgAtStart,
      loadavg: os.loadavg(),
      options: { duration: options.duration, connections: options.connections, rounds: options.rounds, warmup: options.warmup },
      notes:
        "req/s = mean over rounds of autocannon requests.mean; p50/p99 = mean over rounds of each round's percentile (ms); " +
        'ratio = app/baseline req/s; cpuUsPerReq = server process user+system CPU per completed request (Linux /proc); ' +
        'cpuRatio = baseline/app CPU per request',
      valid: found.length === 0,
      problems: found,
      scenarios: reports,
    };
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(document, null, 2)}\n`);
    log(`Results written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
    return found.length ? 1 : 0;
  } catch (err) {
    if (interrupted) return 130;
    log(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (!interrupted) await cleanup();
  }
}
