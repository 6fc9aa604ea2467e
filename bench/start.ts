/**
 * `npm run bench:start`: how long the compiled server takes to come up. Each run spawns
 * `node bin/vitrine.js start` on an existing SQLite database (migrated and seeded beforehand,
 * as on any start but the first) and times the spawn until /healthz answers 200; then it times
 * `vitrine openapi`, a command that builds the whole app and exits. The same is measured on the
 * TypeScript sources through tsx (what every command did before the server was compiled), for
 * comparison. Target: /healthz within 1 s of the spawn. Wall time depends on what else the host
 * is doing; the CPU time the process spent until then (Linux) is the steadier figure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { log, makeTempDir, parseOrExit, spawnChild, stopChild, stopChildren } from './children.js';
import { cpuSeconds, delay, freePort, HOST } from './processes.js';

const USAGE = `Usage: npm run bench:start -- [options]

  -n, --runs N      starts (and openapi runs) measured per entry point (default 5, at most 50)
      --no-source   skip the comparison with the sources run through tsx
  -h, --help

Needs a current build (npm run build:server).`;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_MS = 1_000;

interface Options {
  runs: number;
  source: boolean;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: 'string', short: 'n' }, 'no-source': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return 'help';
  const runs = values.runs === undefined ? 5 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new UsageError(`--runs must be an integer from 1 to 50, got "${values.runs}"`);
  return { runs, source: !values['no-source'] };
}

/** The entry points compared: what `npm start` runs, and the sources as run before the build. */
const ENTRY_POINTS = {
  compiled: ['bin/vitrine.js'],
  source: ['--import', 'tsx', 'src/cli.ts'],
} as const;
type EntryPoint = keyof typeof ENTRY_POINTS;

/** Same rule as bin/vitrine.js: the build counts only when no source is newer than its stamp. */
function buildIsCurrent(): boolean {
  const stamp = path.join(ROOT, 'dist/server/BUILT');
  if (!fs.existsSync(stamp)) return false;
  const builtAt = fs.statSync(stamp).mtimeMs;
  const sources = path.join(ROOT, 'src');
  const entries = fs.readdirSync(sources, { recursive: true, encoding: 'utf8' }).filter((entry) => !entry.endsWith('.test.ts'));
  return [sources, ...entries.map((entry) => path.join(sources, entry))].every((file) => fs.statSync(file).mtimeMs <= builtAt);
}

interface Timing {
  wallMs: number;
  /** CPU the process used (user + system), null where it cannot be read. */
  cpuMs: number | null;
}

/** From spawning `start` until /healthz answers 200 (polled every 10 ms). */
async function timeToHealthy(entry: EntryPoint, env: NodeJS.ProcessEnv): Promise<Timing> {
  const port = await freePort();
  const base = `http://${HOST}:${port}`;
  const started = performance.now();
  const child = spawnChild(`start ${entry}`, [...ENTRY_POINTS[entry], 'start'], { ...env, PORT: String(port), HOST });
  try {
    for (;;) {
      if (!child.alive()) throw new Error(`vitrine start (${entry}) exited with code ${child.proc.exitCode} before /healthz answered`);
      if (performance.now() - started > 60_000) throw new Error(`vitrine start (${entry}) did not answer /healthz within 60 s`);
      try {
        const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1_000) });
        await res.arrayBuffer();
        if (res.status === 200) {
          const wallMs = performance.now() - started;
          const cpu = cpuSeconds(child.proc.pid);
          return { wallMs, cpuMs: cpu === null ? null : cpu * 1000 };
        }
      } catch {
        // not listening yet
      }
      await delay(10);
    }
  } finally {
    await stopChild(child);
  }
}

/** Preloaded into `vitrine openapi`: prints the CPU it used as its last line on stderr. */
const REPORT_CPU_AT_EXIT =
  "data:text/javascript,import fs from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); fs.writeSync(2, `\\ncpu-us ${u.user + u.system}\\n`); });";

/** `vitrine openapi` from spawn to exit. */
function timeOpenapi(entry: EntryPoint, env: NodeJS.ProcessEnv): Timing {
  const started = performance.now();
  const args = ['--import', REPORT_CPU_AT_EXIT, ...ENTRY_POINTS[entry], 'openapi'];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  if (result.status !== 0 || !result.stdout.includes('"openapi"')) throw new Error(`vitrine openapi (${entry}) failed:\n${result.stderr}`);
  const cpu = /cpu-us (\d+)\s*$/.exec(result.stderr);
  return { wallMs, cpuMs: cpu ? Number(cpu[1]) / 1000 : null };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function figures(timings: Timing[]): string {
  const ms = (n: number) => `${Math.round(n)} ms`.padStart(7);
  const wall = timings.map((timing) => timing.wallMs);
  const cpu = timings.flatMap((timing) => (timing.cpuMs === null ? [] : [timing.cpuMs]));
  return `wall median ${ms(median(wall))} (min ${ms(Math.min(...wall))}, max ${ms(Math.max(...wall))})   CPU median ${cpu.length ? ms(median(cpu)) : '    n/a'}`;
}

export async function main(argv: string[]): Promise<number> {
  const options = parseOrExit(argv, parseOptions, USAGE);
  if (typeof options === 'number') return options;
  if (!buildIsCurrent()) {
    console.error('dist/server is missing or older than src/: run `npm run build:server` first, or bin/vitrine.js would run the sources.');
    return 2;
  }
  const dataDir = path.join(makeTempDir('vitrine-bench-start-'), 'data');
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: `sqlite:${path.join(dataDir, 'vitrine.db')}`, LOG_LEVEL: 'warn' };
  delete env.REDIS_URL;
  try {
    log('Preparing the database: vitrine seed --demo');
    const seeded = spawnSync(process.execPath, ['bin/vitrine.js', 'seed', '--demo'], { cwd: ROOT, env, encoding: 'utf8' });
    if (seeded.status !== 0) throw new Error(`vitrine seed --demo failed:\n${seeded.stderr}`);

    const entries: EntryPoint[] = options.source ? ['compiled', 'source'] : ['compiled'];
    const results = new Map<EntryPoint, { healthz: Timing[]; openapi: Timing[] }>();
    for (const entry of entries) {
      const healthz: Timing[] = [];
      const openapi: Timing[] = [];
      // One unmeasured start warms the file system cache, as on a server that has run before.
      await timeToHealthy(entry, env);
      for (let run = 0; run < options.runs; run++) {
        healthz.push(await timeToHealthy(entry, env));
        openapi.push(timeOpenapi(entry, env));
        log(`  ${entry} run ${run + 1}/${options.runs}: /healthz after ${Math.round(healthz.at(-1)!.wallMs)} ms, openapi ${Math.round(openapi.at(-1)!.wallMs)} ms`);
      }
      results.set(entry, { healthz, openapi });
    }

    const load = os.loadavg()[0]!.toFixed(1);
    console.log(`\nStart on an existing SQLite database, ${options.runs} run(s) each; ${os.cpus().length} CPUs, load average ${load}\n`);
    for (const [entry, { healthz, openapi }] of results) {
      console.log(`  ${entry.padEnd(9)} start → /healthz 200   ${figures(healthz)}`);
      console.log(`  ${entry.padEnd(9)} vitrine openapi        ${figures(openapi)}`);
    }
    const compiledWall = median(results.get('compiled')!.healthz.map((timing) => timing.wallMs));
    const met = compiledWall <= TARGET_MS;
    console.log(`\nTarget: /healthz within ${TARGET_MS} ms of \`npm start\` (compiled): ${met ? 'met' : 'MISSED'} (median ${Math.round(compiledWall)} ms)`);
    return met ? 0 : 1;
  } finally {
    await stopChildren();
  }
}

process.exitCode = await main(process.argv.slice(2));
