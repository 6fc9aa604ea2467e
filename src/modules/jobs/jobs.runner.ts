import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { inWriteTransaction } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { claimDueJobs, finishJob } from './jobs.repo.js';
import { backoffMs } from './jobs.service.js';

export interface JobContext {
  id: string;
  attempt: number;
  storeId: string | null;
  dealerId: string | null;
}

/** Delivers one job; throwing means "try again later". Must be safe to run more than once. */
export type JobHandler = (payload: unknown, job: JobContext) => Promise<void>;

export interface RunnerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RunnerOptions {
  db: Db;
  clock: Clock;
  handlers: Record<string, JobHandler>;
  /** How long a claim lasts; a runner that dies holding jobs frees them when it lapses. */
  leaseMs?: number;
  /** Wait between polls when there was nothing to do. */
  pollMs?: number;
  batchSize?: number;
  log?: RunnerLog;
}

export interface Runner {
  /** Claims one batch of due jobs and delivers them; resolves to how many it claimed. */
  tick(): Promise<number>;
  /** Ticks until nothing is due. */
  drain(): Promise<number>;
  start(): void;
  /** Stops polling and waits for the deliveries in flight. */
  stop(): Promise<void>;
}

const silent: RunnerLog = { info() {}, warn() {}, error() {} };

/**
 * At-least-once delivery: a job is claimed (status running, a lease), handed to the handler of
 * its kind, then marked done; a failure schedules it again with exponential backoff until its
 * attempts are spent, then it is dead-lettered with its last error. Every claim carries a token
 * of its own, so a runner whose lease lapsed cannot overwrite the outcome of the one that took over.
 */
export function createRunner(options: RunnerOptions): Runner {
  const { db, clock, handlers } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const batchSize = options.batchSize ?? 10;
  const log = options.log ?? silent;
  // A runner claims only what it can deliver: a worker of an older release leaves new kinds to newer ones.
  const kinds = Object.keys(handlers);
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let inFlight: Promise<unknown> = Promise.resolve();

  // One conditional UPDATE on the claim token is the check and the write: no lock needed beyond it.
  const finish = (id: string, token: string, change: Parameters<typeof finishJob>[3]) =>
    inWriteTransaction(db, (tx) => finishJob(tx, id, token, change));

  async function deliver(job: Awaited<ReturnType<typeof claimDueJobs>>[number], token: string): Promise<void> {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`No handler for job kind "${job.kind}"`);
      await handler(JSON.parse(job.payload) as unknown, { id: job.id, attempt: job.attempts, storeId: job.store_id, dealerId: job.dealer_id });
      await finish(job.id, token, { status: 'done', lastError: null, now: clock.now().toISOString() });
      log.info({ job: job.id, kind: job.kind, attempt: job.attempts }, 'job delivered');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const now = clock.now();
      if (job.attempts >= job.max_attempts) {
        await finish(job.id, token, { status: 'dead', lastError: message, now: now.toISOString() });
        log.error({ job: job.id, kind: job.kind, attempt: job.attempts, error: message }, 'job dead-lettered');
      } else {
        const runAt = new Date(now.getTime() + backoffMs(job.attempts)).toISOString();
        await finish(job.id, token, { status: 'pending', runAt, lastError: message, now: now.toISOString() });
        log.warn({ job: job.id, kind: job.kind, attempt: job.attempts, runAt, error: message }, 'job failed, will retry');
      }
    }
  }

  async function tick(): Promise<number> {
    const token = randomUUID();
    const now = clock.now();
    const claimed = await inWriteTransaction(db, (tx) =>
      claimDueJobs(tx, {
        kinds,
        now: now.toISOString(),
        lockedUntil: new Date(now.getTime() + leaseMs).toISOString(),
        token,
        limit: batchSize,
      }),
    );
    // One at a time: a handler's side effects keep the order of the queue.
    for (const job of claimed) await deliver(job, token);
    return claimed.length;
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (let n = await tick(); n > 0; n = await tick()) total += n;
    return total;
  }

  function schedule(delay: number): void {
    if (!running) return;
    timer = setTimeout(() => {
      const work = tick().then(
        (n) => schedule(n > 0 ? 0 : pollMs),
        (err: unknown) => {
          log.error({ err }, 'job runner tick failed');
          schedule(pollMs);
        },
      );
      inFlight = work;
    }, delay);
  }

  return {
    tick,
    drain,
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
