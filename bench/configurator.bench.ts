/**
 * Configurator engine micro-bench: `node --import tsx bench/configurator.bench.ts`.
 *
 * validate + price on random valid Koleos selections (target ≤ 50 µs per call), resolve on random
 * raw selections, and lint of each demo model (target ≤ 1 s). Then the worst cases on the largest
 * catalogs the limits allow (src/modules/configurator/adversarial.ts): the configurator's work for
 * one POST /configurations (target ≤ 50 ms of CPU) and lint in its worker (refused within its
 * budget). Selections come from a seeded PRNG, so every run measures the same work. In-process
 * time, not an HTTP benchmark; on a busy host the CPU ms columns are the steadier figures.
 */
import { lintOffThread, LINT_DEADLINE_MS } from '../src/modules/catalog/catalog.lint-pool.js';
import { ADVERSARIAL_SHAPES, adversarialCatalog } from '../src/modules/configurator/adversarial.js';
import {
  compileModel,
  lint,
  LINT_BUDGET,
  price,
  resolve,
  resolveWithin,
  SEARCH_BUDGET,
  validate,
  type Selection,
} from '../src/modules/configurator/engine/index.js';
import { DEMO_SLUGS, demoModel } from '../src/modules/configurator/fixtures.js';
import { seededRandom } from '../src/seed/seeded-random.js';

const CALLS = 200_000;
const WARMUP = 20_000;
const POOL = 1_000;

const random = seededRandom(2018);
const koleos = compileModel(demoModel('koleos'));
const trims = koleos.trims.map((t) => t.code);
const codes = koleos.options.map((o) => o.code);
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
const rawSelection = (): Selection => ({ trim: pick(trims), options: codes.filter(() => random() < 0.25) });

// Valid selections: random raw ones made valid by resolve.
const raw = Array.from({ length: POOL }, rawSelection);
const valid = raw.map((s) => resolve(koleos, s, 'zh-CN').selection);

function time(label: string, calls: number, fn: (i: number) => void): { label: string; calls: number; us: number } {
  for (let i = 0; i < Math.min(WARMUP, calls); i++) fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - start);
  return { label, calls, us: ns / 1000 / calls };
}

let sink = 0;
const rows = [
  time('validate', CALLS, (i) => (sink += validate(koleos, valid[i % POOL]!, 'zh-CN').violations.length)),
  time('price', CALLS, (i) => (sink += price(koleos, valid[i % POOL]!, { plateFee: 50_000 }).onTheRoad)),
  time('validate + price', CALLS, (i) => {
    const selection = valid[i % POOL]!;
    if (validate(koleos, selection, 'zh-CN').valid) sink += price(koleos, selection, { plateFee: 50_000 }).onTheRoad;
  }),
  time('validate (invalid, all messages)', CALLS / 4, (i) => (sink += validate(koleos, raw[i % POOL]!, 'zh-CN').violations.length)),
  time('resolve (random raw selection)', 10_000, (i) => (sink += resolve(koleos, raw[i % POOL]!, 'zh-CN').changes.length)),
];

// Spread of single resolves over the pool (already warm): the median, the 99th percentile, the slowest.
const singles = raw.map((selection) => {
  const start = process.hrtime.bigint();
  resolve(koleos, selection, 'zh-CN');
  return Number(process.hrtime.bigint() - start) / 1000;
});
singles.sort((a, b) => a - b);
const percentile = (p: number) => singles[Math.min(singles.length - 1, Math.floor((p / 100) * singles.length))]!;
const everything = time('resolve (all 21 options picked)', 200, () => {
  sink += resolve(koleos, { trim: trims[0]!, options: codes }, 'en').changes.length;
});

console.log('\nConfigurator engine, Koleos (21 options, 4 trims), per call');
console.log('| operation | calls | µs/call | target |');
console.log('|---|---:|---:|---|');
for (const row of [...rows, everything]) {
  const target = row.label === 'validate + price' ? (row.us <= 50 ? '≤ 50 µs ✓' : '≤ 50 µs ✗') : '';
  console.log(`| ${row.label} | ${row.calls.toLocaleString('en')} | ${row.us.toFixed(2)} | ${target} |`);
}
console.log(
  `| resolve, one call: p50 / p99 / max | ${POOL.toLocaleString('en')} | ${percentile(50).toFixed(0)} / ${percentile(99).toFixed(0)} / ${singles.at(-1)!.toFixed(0)} | |`,
);

console.log('\nlint (exhaustive enumeration), per model');
console.log('| model | trims | options | valid cars | first run ms | best of 5 ms | target |');
console.log('|---|---:|---:|---:|---:|---:|---|');
for (const slug of DEMO_SLUGS) {
  const c = compileModel(demoModel(slug));
  const runs: number[] = [];
  let cars = 0;
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    const report = lint(c);
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    cars = Object.values(report.validConfigurationsByTrim).reduce((a, b) => a + b, 0);
  }
  const first = runs[0]!;
  const best = Math.min(...runs);
  console.log(
    `| ${slug} | ${c.trims.length} | ${c.optionCount} | ${cars.toLocaleString('en')} | ${first.toFixed(1)} | ${best.toFixed(1)} | ${first <= 1000 ? '≤ 1 s ✓' : '≤ 1 s ✗'} |`,
  );
}

/** Wall and CPU (this process, every thread) milliseconds of one call. */
function measure<T>(fn: () => T): { wall: number; cpu: number; value: T } {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = fn();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000, value };
}

/** What POST /configurations asks of the engine for an invalid selection: validate, resolve within budget, the 422 body. */
function configuratorWork(c: ReturnType<typeof compileModel>, selection: Selection, intent?: string) {
  const validation = validate(c, selection, 'zh-CN');
  if (validation.valid) return { exhausted: false, steps: 0, valid: true };
  const outcome = resolveWithin(c, selection, 'zh-CN', intent);
  sink += JSON.stringify({ violations: validation.violations, resolution: outcome.exhausted ? null : outcome.resolution }).length;
  return { exhausted: outcome.exhausted, steps: outcome.steps, valid: false };
}

console.log(`\nWorst cases on the largest catalogs the limits allow (20 trims, 200 options, 200 rules; SEARCH_BUDGET ${SEARCH_BUDGET.toLocaleString('en')} units)`);
console.log('| catalog | selections tried | exhausted | worst steps | worst wall ms | worst CPU ms | target |');
console.log('|---|---:|---:|---:|---:|---:|---|');
let worstRequest = 0;
for (const shape of ADVERSARIAL_SHAPES) {
  const { model, selection, intent } = adversarialCatalog(shape);
  const c = compileModel(model);
  const all = c.options.map((o) => o.code);
  const trimCodes = c.trims.map((t) => t.code);
  // The fixture's hardest selection, with and without an intent, then random ones of up to 60 picks (the request limit).
  const tries: Array<[Selection, string | undefined]> = [
    [selection, intent],
    [selection, undefined],
    ...Array.from({ length: 60 }, (): [Selection, string | undefined] => {
      const options = all.filter(() => random() < 0.3).slice(0, 60);
      return [{ trim: pick(trimCodes), options }, options.length > 0 && random() < 0.5 ? pick(options) : undefined];
    }),
  ];
  for (const [s, i] of tries.slice(0, 5)) configuratorWork(c, s, i); // warm up
  let exhausted = 0;
  let worst = { wall: 0, cpu: 0, steps: 0 };
  for (const [s, i] of tries) {
    const runs = [measure(() => configuratorWork(c, s, i)), measure(() => configuratorWork(c, s, i)), measure(() => configuratorWork(c, s, i))];
    const best = runs.reduce((a, b) => (a.cpu <= b.cpu ? a : b)); // the least disturbed of three
    if (best.value.exhausted) exhausted++;
    if (best.cpu > worst.cpu) worst = { wall: best.wall, cpu: best.cpu, steps: best.value.steps };
  }
  worstRequest = Math.max(worstRequest, worst.cpu);
  console.log(
    `| ${shape} | ${tries.length} | ${exhausted} | ${worst.steps.toLocaleString('en')} | ${worst.wall.toFixed(1)} | ${worst.cpu.toFixed(1)} | ${worst.cpu <= 50 ? '≤ 50 ms ✓' : '≤ 50 ms ✗'} |`,
  );
}

console.log(`\nlint of the same catalogs (LINT_BUDGET ${LINT_BUDGET.toLocaleString('en')} units, deadline ${LINT_DEADLINE_MS} ms)`);
console.log('| catalog | steps | complete | in-thread wall ms | in-thread CPU ms | in the worker ms | outcome |');
console.log('|---|---:|---:|---:|---:|---:|---|');
await lintOffThread(demoModel('koleos'), 'en'); // starts the worker
let worstLint = 0;
for (const shape of ADVERSARIAL_SHAPES) {
  const { model } = adversarialCatalog(shape);
  const inThread = measure(() => lint(compileModel(model)));
  const start = process.hrtime.bigint();
  const outcome = await lintOffThread(model, 'en').then(
    (r) => (r.unreachableOptions.length + r.contradictoryRules.length === 0 ? 'lint-clean' : `${r.unreachableOptions.length} unreachable options`),
    (err: { code?: string; details?: { reason?: string } }) => `${err.code ?? String(err)} (${err.details?.reason ?? '?'})`,
  );
  const worker = Number(process.hrtime.bigint() - start) / 1e6;
  worstLint = Math.max(worstLint, worker);
  const report = inThread.value;
  console.log(
    `| ${shape} | ${(report.steps ?? 0).toLocaleString('en')} | ${report.complete ? 'yes' : 'no'} | ${inThread.wall.toFixed(0)} | ${inThread.cpu.toFixed(0)} | ${worker.toFixed(0)} | ${outcome} |`,
  );
}
console.log(`\nworst configurator CPU per request: ${worstRequest.toFixed(1)} ms; worst lint answer: ${worstLint.toFixed(0)} ms`);

if (sink === 0.5) console.log(sink); // keeps the work observable
