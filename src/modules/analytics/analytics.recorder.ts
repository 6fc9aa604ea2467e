import { Gauge, type Registry } from 'prom-client';
import type { AnalyticsEventTable, Db } from '../../db/database.js';
import * as repo from './analytics.repo.js';

/*
 * Views are the one event a buyer makes by browsing, so they must cost the request nothing:
 * the request only pushes a row onto an in-memory buffer, and the buffer is written in one
 * multi-row INSERT every second, or as soon as a batch fills. The buffer is bounded: when the
 * database cannot keep up (or is down) views beyond the bound are dropped and counted, never
 * queued without end. A failed write is logged and its views dropped: analytics never fails
 * or slows a page. What is still buffered is written when the app closes.
 */

export interface ViewRecorderOptions {
  db: Db;
  log: { error(details: object, message: string): void };
  /** Rows per INSERT, and the size that triggers a write before the timer. */
  batchSize?: number;
  /** How long a view may wait in the buffer. */
  flushMs?: number;
  /** Views buffered or being written at most; more are dropped. */
  maxPending?: number;
}

export interface ViewRecorderStats {
  pending: number;
  written: number;
  /** Refused because the buffer was full or the recorder closed. */
  dropped: number;
  /** Lost to a failed write. */
  failed: number;
}

export interface ViewRecorder {
  /** Buffers a view; never waits, never throws. */
  record(row: AnalyticsEventTable): void;
  /** Writes everything buffered now; resolves once written (or logged as failed). */
  flush(): Promise<void>;
  /** Writes what is buffered and refuses any more. */
  close(): Promise<void>;
  stats(): ViewRecorderStats;
}

export function createViewRecorder({ db, log, batchSize = 500, flushMs = 1000, maxPending = 10_000 }: ViewRecorderOptions): ViewRecorder {
  let buffer: AnalyticsEventTable[] = [];
  let writing = 0;
  let written = 0;
  let dropped = 0;
  let failed = 0;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let flushQueued = false;
  // Writes run one after the other, so a slow database holds one INSERT of ours at a time.
  let chain: Promise<void> = Promise.resolve();

  async function drain(): Promise<void> {
    flushQueued = false;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    while (buffer.length > 0) {
      const batch = buffer.splice(0, batchSize);
      writing += batch.length;
      try {
        written += await repo.insertEvents(db, batch);
      } catch (err) {
        failed += batch.length;
        log.error({ err, views: batch.length }, 'model views not recorded');
      } finally {
        writing -= batch.length;
      }
    }
  }

  function flush(): Promise<void> {
    chain = chain.then(drain);
    return chain;
  }

  return {
    record(row) {
      if (closed || buffer.length + writing >= maxPending) {
        dropped += 1;
        return;
      }
      buffer.push(row);
      if (buffer.length >= batchSize) {
        if (!flushQueued) {
          flushQueued = true;
          void flush();
        }
      } else if (timer === null) {
        timer = setTimeout(() => void flush(), flushMs);
        // A pending write never keeps a finished process alive; close() writes it.
        timer.unref();
      }
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
    stats: () => ({ pending: buffer.length + writing, written, dropped, failed }),
  };
}

/** Exposes the recorder's counts on /metrics, so dropped and failed views are seen, not guessed. */
export function registerViewMetrics(registry: Registry, recorder: ViewRecorder): void {
  const name = 'vitrine_analytics_views';
  // One registry may serve several apps of one process (tests): the first recorder is reported.
  if (registry.getSingleMetric(name)) return;
  new Gauge({
    name,
    help: 'Model views since start by state: pending, written, dropped (buffer full or closed), failed (write error)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      for (const [state, count] of Object.entries(recorder.stats())) this.set({ state }, count);
    },
  });
}
