/**
 * `npm run bench:web`: Lighthouse's mobile profile (its default: a mid-range phone on a slow 4G
 * link, simulated throttling) on the storefront's first pages, served by the real server on a
 * fresh SQLite database from the built web app (dist/web), in Debian's Chromium.
 *
 * Lighthouse is pinned to 12.2.3 (13 needs Node 22) and is not a dependency of the project, whose
 * installs it would slow down: the first run installs it into bench/.cache (ignored by git) with
 * npm, later runs reuse it. Prints per page the performance score, LCP, FCP, TBT, CLS and the
 * JavaScript transferred, against the targets; exit 1 when a target is missed.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { log, makeTempDir, parseOrExit, startVitrine, stopChildren } from './children.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LIGHTHOUSE_VERSION = '12.2.3';
const CACHE = path.join(ROOT, 'bench', '.cache', `lighthouse-${LIGHTHOUSE_VERSION}`);
const LIGHTHOUSE_CLI = path.join(CACHE, 'node_modules', 'lighthouse', 'cli', 'index.js');
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'web-latest.json');
const WEB_DIR = path.join(ROOT, 'dist', 'web');

/** The buyer's first pages: the hall, a store's home, a model and its configurator. */
const PAGES = ['/', '/renault', '/renault/models/koleos', '/renault/models/koleos/configure'];

const TARGETS = { score: 95, lcpMs: 1_500, cls: 0.02 };

const USAGE = `Usage: npm run bench:web -- [options]

  --chromium PATH   the browser (default: $CHROME_PATH, else /usr/bin/chromium)
  --page PATH       only this page (repeatable); default: ${PAGES.join(' ')}
  --reports DIR     also keep Lighthouse's full JSON report of each page in DIR (its long tasks, script costs)
  -h, --help

Needs the built web app (npm run build); installs Lighthouse ${LIGHTHOUSE_VERSION} into bench/.cache on first use.`;

interface Options {
  chromium: string;
  pages: string[];
  reportsDir: string | undefined;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      chromium: { type: 'string' },
      page: { type: 'string', multiple: true },
      reports: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const pages = values.page ?? PAGES;
  const bad = pages.find((page) => !page.startsWith('/'));
  if (bad !== undefined) throw new UsageError(`--page takes a path starting with "/", got "${bad}"`);
  return { chromium: values.chromium ?? process.env.CHROME_PATH ?? '/usr/bin/chromium', pages, reportsDir: values.reports };
}

interface PageReport {
  page: string;
  score: number;
  lcpMs: number;
  fcpMs: number;
  tbtMs: number;
  cls: number;
  /** Bytes of JavaScript on the wire (compressed when served so), as Lighthouse counts them. */
  scriptTransferBytes: number;
  scriptRequests: number;
  totalTransferBytes: number;
  missed: string[];
}

function ensureLighthouse(): void {
  if (fs.existsSync(LIGHTHOUSE_CLI)) return;
  log(`Installing Lighthouse ${LIGHTHOUSE_VERSION} into ${path.relative(ROOT, CACHE)} (once)…`);
  fs.mkdirSync(CACHE, { recursive: true });
  const manifest = path.join(CACHE, 'package.json');
  if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, '{ "private": true }\n');
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `lighthouse@${LIGHTHOUSE_VERSION}`], {
    cwd: CACHE,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (npm.status !== 0 || !fs.existsSync(LIGHTHOUSE_CLI)) throw new Error(`could not install lighthouse@${LIGHTHOUSE_VERSION} (npm exit ${npm.status})`);
}


/** One Lighthouse run of one page, in its own process; returns the path of its JSON report. */
function lighthouse(url: string, chromium: string, outFile: string, profileDir: string): Promise<void> {
  const flags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profileDir}`];
  const args = [LIGHTHOUSE_CLI, url, '--only-categories=performance', '--output=json', `--output-path=${outFile}`, `--chrome-flags=${flags.join(' ')}`, '--quiet'];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, CHROME_PATH: chromium }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    proc.once('error', reject);
    proc.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lighthouse exited ${code} on ${url}: ${stderr.slice(-1500)}`))));
  });
}

interface LighthouseJson {
  runtimeError?: { code: string; message: string };
  categories: { performance: { score: number | null } };
  audits: Record<string, { numericValue?: number; details?: { items?: Array<Record<string, unknown>> } }>;
}

function readReport(page: string, file: string): PageReport {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as LighthouseJson;
  if (report.runtimeError) throw new Error(`${page}: ${report.runtimeError.code} ${report.runtimeError.message}`);
  const metric = (id: string) => report.audits[id]?.numericValue ?? Number.NaN;
  const resources = report.audits['resource-summary']?.details?.items ?? [];
  const ofType = (type: string) => resources.find((item) => item.resourceType === type) ?? {};
  const score = Math.round((report.categories.performance.score ?? 0) * 100);
  const result: PageReport = {
    page,
    score,
    lcpMs: metric('largest-contentful-paint'),
    fcpMs: metric('first-contentful-paint'),
    tbtMs: metric('total-blocking-time'),
    cls: metric('cumulative-layout-shift'),
    scriptTransferBytes: Number(ofType('script').transferSize ?? 0),
    scriptRequests: Number(ofType('script').requestCount ?? 0),
    totalTransferBytes: Number(ofType('total').transferSize ?? 0),
    missed: [],
  };
  if (!(result.score >= TARGETS.score)) result.missed.push(`score ${result.score} < ${TARGETS.score}`);
  if (!(result.lcpMs <= TARGETS.lcpMs)) result.missed.push(`LCP ${fmtSeconds(result.lcpMs)} > ${fmtSeconds(TARGETS.lcpMs)}`);
  if (!(result.cls <= TARGETS.cls)) result.missed.push(`CLS ${result.cls.toFixed(3)} > ${TARGETS.cls}`);
  return result;
}

const fmtSeconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const fmtKiB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function table(reports: PageReport[]): string {
  const header = ['page', 'score', 'LCP', 'FCP', 'TBT', 'CLS', 'JS transferred', 'total transferred', 'targets'];
  const rows = reports.map((r) => [
    r.page,
    String(r.score),
    fmtSeconds(r.lcpMs),
    fmtSeconds(r.fcpMs),
    `${Math.round(r.tbtMs)} ms`,
    r.cls.toFixed(3),
    `${fmtKiB(r.scriptTransferBytes)} (${r.scriptRequests})`,
    fmtKiB(r.totalTransferBytes),
    r.missed.length ? `MISSED: ${r.missed.join(', ')}` : 'met',
  ]);
  const last = header.length - 1;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (i === last ? 0 : row[i]!.length))));
  const line = (cells: string[]) => cells.map((cell, i) => (i === last ? cell : i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    `Lighthouse ${LIGHTHOUSE_VERSION}, mobile profile (simulated slow 4G, 4× CPU slowdown), node ${process.version}, ${os.cpus().length} CPU(s), load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
    `Targets: score ≥ ${TARGETS.score}, LCP ≤ ${fmtSeconds(TARGETS.lcpMs)}, CLS ≤ ${TARGETS.cls}`,
    '',
    line(header),
    line(header.map((h, i) => '-'.repeat(i === last ? h.length : widths[i]!))),
    ...rows.map(line),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const options = parseOrExit(argv, parseOptions, USAGE);
  if (typeof options === 'number') return options;
  const onSignal = () => {
    stopChildren().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) throw new Error('the web app is not built in dist/web: run npm run build first');
    if (!fs.existsSync(options.chromium)) throw new Error(`no browser at ${options.chromium} (--chromium or CHROME_PATH)`);
    ensureLighthouse();
    const tempDir = makeTempDir('vitrine-bench-web-');
    log('Starting the server on a fresh database (first start migrates and seeds)…');
    const app = await startVitrine(path.join(tempDir, 'data'), { WEB_DIR });
    // One unmeasured visit, so no page pays for the server's first compiles and reads.
    for (const page of options.pages) await (await fetch(`${app.base}${page}`)).arrayBuffer();
    const reports: PageReport[] = [];
    for (const page of options.pages) {
      log(`Lighthouse: ${page}`);
      const file = path.join(tempDir, `report-${reports.length}.json`);
      // A busy host can leave headless Chromium without a first paint (NO_FCP): that page runs again.
      for (let attempt = 1; ; attempt++) {
        try {
          await lighthouse(`${app.base}${page}`, options.chromium, file, path.join(tempDir, `profile-${reports.length}-${attempt}`));
          break;
        } catch (err) {
          if (attempt >= 3) throw err;
          log(`  attempt ${attempt} failed, running it again: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
        }
      }
      reports.push(readReport(page, file));
      if (options.reportsDir) {
        fs.mkdirSync(options.reportsDir, { recursive: true });
        const name = page === '/' ? 'hall' : page.slice(1).replaceAll('/', '-');
        fs.copyFileSync(file, path.join(options.reportsDir, `${name}.json`));
      }
      if (!app.child.alive()) throw new Error('the server died during the run');
    }
    console.log(`\n${table(reports)}`);
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify({ finishedAt: new Date().toISOString(), lighthouse: LIGHTHOUSE_VERSION, loadavg: os.loadavg(), targets: TARGETS, pages: reports }, null, 2)}\n`,
    );
    log(`Results written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
    return reports.some((r) => r.missed.length > 0) ? 1 : 0;
  } catch (err) {
    log(`bench:web failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await stopChildren();
  }
}

process.exitCode = await main(process.argv.slice(2));
