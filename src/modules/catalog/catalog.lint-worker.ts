import { parentPort } from 'node:worker_threads';
import { compileModel, lint, type ConfigModel, type LintReport, type Locale } from '../configurator/engine/index.js';

/*
 * The worker thread of catalog.lint-pool.ts: compiles and lints one model at a time, off the
 * server's event loop. It says "ready" once loaded, so start-up time is not charged to a lint.
 */

export interface LintJob {
  id: number;
  model: ConfigModel;
  locale: Locale;
}

export type LintAnswer = { id: number; report: LintReport } | { id: number; error: string };

const port = parentPort;
if (port) {
  port.on('message', (job: LintJob) => {
    let answer: LintAnswer;
    try {
      answer = { id: job.id, report: lint(compileModel(job.model), job.locale) };
    } catch (err) {
      answer = { id: job.id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(answer);
  });
  port.postMessage('ready');
}
