import { Worker } from 'node:worker_threads';
import { complexityOf, type ConfigModel, type LintReport, type Locale } from '../configurator/engine/index.js';
import { catalogErrors } from './catalog.errors.js';
import type { LintAnswer, LintJob } from './catalog.lint-worker.js';

/*
 * Lint runs in worker threads so that a catalog check never stalls the requests of any store.
 * Each lint is bounded by its work budget (LINT_BUDGET, deterministic), by a deadline after which
 * its worker is terminated, and by a capped heap; past any of them the model is refused as too
 * complex. The pool and its queue are small and fixed: past them a lint is refused with 503.
 */

/** Wall-clock time one lint may take once a worker has it: about twenty times what LINT_BUDGET costs on an idle core. */
export const LINT_DEADLINE_MS = 2_000;
/** Worker threads: lint is rare (brand admins' changes and imports), the CPU is the buyers'. */
export const LINT_WORKERS = 1;
/** Lints that may wait for a worker. */
export const LINT_QUEUE = 8;
/** How long a new worker may take to load (tsx compiles it in development). */
const START_TIMEOUT_MS = 30_000;
/** Heap of a worker: the largest allowed catalog's lint needs a few tens of MB. */
const WORKER_HEAP_MB = 256;

interface Pending {
  job: LintJob;
  deadlineMs: number;
  resolve: (answer: LintReport) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker | null;
  ready: Promise<Worker> | null;
  current: Pending | null;
}

class DeadlineExceeded extends Error {}

const slots: Slot[] = Array.from({ length: LINT_WORKERS }, () => ({ worker: null, ready: null, current: null }));
const queue: Pending[] = [];
let nextId = 1;

/**
 * The lint report of a model, computed off the event loop. Throws CATALOG_MODEL_TOO_COMPLEX when
 * the lint spends its work budget or passes its deadline, naming the rules that make it so, and
 * CATALOG_LINT_BUSY when every worker and queue place is taken.
 */
export async function lintOffThread(model: ConfigModel, locale: Locale, deadlineMs = LINT_DEADLINE_MS): Promise<LintReport> {
  let report: LintReport;
  try {
    report = await submit({ id: nextId++, model, locale }, deadlineMs);
  } catch (err) {
    if (err instanceof DeadlineExceeded) throw catalogErrors.tooComplex(model.slug, 'deadline', complexityOf(model));
    if ((err as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') throw catalogErrors.tooComplex(model.slug, 'memory', complexityOf(model));
    throw err;
  }
  if (report.complete === false) throw catalogErrors.tooComplex(model.slug, 'steps', complexityOf(model));
  return report;
}

function submit(job: LintJob, deadlineMs: number): Promise<LintReport> {
  return new Promise((resolve, reject) => {
    const pending = { job, deadlineMs, resolve, reject };
    const idle = slots.find((slot) => slot.current === null);
    if (idle) run(idle, pending);
    else if (queue.length < LINT_QUEUE) queue.push(pending);
    else reject(catalogErrors.lintBusy());
  });
}

function run(slot: Slot, pending: Pending): void {
  slot.current = pending;
  ready(slot).then(
    (worker) => {
      if (slot.current !== pending) return;
      worker.ref(); // a lint in flight keeps a command-line import alive
      const timer = setTimeout(() => finish(slot, pending, new DeadlineExceeded(), true), pending.deadlineMs);
      const onAnswer = (answer: LintAnswer) => {
        if (answer.id !== pending.job.id) return;
        clearTimeout(timer);
        worker.off('message', onAnswer);
        if ('error' in answer) finish(slot, pending, new Error(`lint failed: ${answer.error}`), false);
        else finish(slot, pending, answer.report, false);
      };
      worker.on('message', onAnswer);
      worker.postMessage(pending.job);
    },
    (err) => finish(slot, pending, err, true),
  );
}

/** Settles the slot's lint, drops its worker when it can no longer be trusted, and starts the next. */
function finish(slot: Slot, pending: Pending, outcome: LintReport | Error, dropWorker: boolean): void {
  if (slot.current !== pending) return;
  slot.current = null;
  if (dropWorker) {
    void slot.worker?.terminate();
    slot.worker = null;
    slot.ready = null;
  } else {
    slot.worker?.unref();
  }
  if (outcome instanceof Error) pending.reject(outcome);
  else pending.resolve(outcome);
  const next = queue.shift();
  if (next) run(slot, next);
}

function ready(slot: Slot): Promise<Worker> {
  if (slot.ready) return slot.ready;
  const worker = spawn();
  slot.worker = worker;
  slot.ready = new Promise<Worker>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the lint worker did not start')), START_TIMEOUT_MS);
    worker.once('message', (message) => {
      clearTimeout(timer);
      if (message === 'ready') resolve(worker);
      else reject(new Error('the lint worker did not start'));
    });
    worker.once('error', (err) => (clearTimeout(timer), reject(err)));
  });
  // A worker that dies takes its lint with it; the next lint starts a new one.
  worker.on('error', (err) => {
    if (slot.worker === worker && slot.current) finish(slot, slot.current, err, true);
  });
  worker.on('exit', () => {
    if (slot.worker !== worker) return;
    if (slot.current) finish(slot, slot.current, new Error('the lint worker stopped'), true);
    slot.worker = null;
    slot.ready = null;
  });
  return slot.ready;
}

/**
 * The worker runs the same sources as this module: the compiled .js under dist/, or the .ts
 * sources under tsx in development and tests, where the worker must register tsx itself first.
 */
function spawn(): Worker {
  const here = import.meta.url;
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (!new URL(here).pathname.endsWith('.ts')) return new Worker(new URL('./catalog.lint-worker.js', here), { resourceLimits });
  const entry = new URL('./catalog.lint-worker.ts', here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((api) => api.register()).then(() => import(${JSON.stringify(entry)}))`;
  return new Worker(code, { eval: true, resourceLimits });
}
