import type { Db, Tx } from '../../db/database.js';
import { inWriteTransaction, lockRows } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { jobErrors } from './jobs.errors.js';
import { findJobOfStore, insertJob, listJobsOfStore, requeueDeadJob, type JobScope, type JobStatus } from './jobs.repo.js';

/** Deliveries tried before a job is dead-lettered. */
export const MAX_ATTEMPTS = 8;

export interface NewJob {
  kind: string;
  payload: unknown;
  /** Not before this instant; now by default. */
  runAt?: Date;
  /** A key the database accepts once: the same key again enqueues nothing. */
  dedupeKey?: string;
  storeId?: string | null;
  dealerId?: string | null;
  maxAttempts?: number;
}

/**
 * Writes a job in the transaction of the change that causes it: it exists if and only if the
 * change commits. Returns false when its dedupe key was already used.
 */
export async function enqueue(tx: Tx, clock: Clock, job: NewJob): Promise<boolean> {
  const now = clock.now();
  return insertJob(tx, {
    id: newId(now.getTime()),
    kind: job.kind,
    payload: JSON.stringify(job.payload ?? null),
    maxAttempts: job.maxAttempts ?? MAX_ATTEMPTS,
    runAt: (job.runAt ?? now).toISOString(),
    dedupeKey: job.dedupeKey ?? null,
    storeId: job.storeId ?? null,
    dealerId: job.dealerId ?? null,
    now: now.toISOString(),
  });
}

/** Delay before the next try after `attempts` failed ones: 30 s, 1 min, 2 min, … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  dealerId: string | null;
  createdAt: string;
  updatedAt: string;
}

export function rowToJob(row: Awaited<ReturnType<typeof listJobsOfStore>>[number]): JobView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as JobStatus,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lastError: row.last_error,
    dealerId: row.dealer_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A store's jobs, newest first; with a dealer in the scope, that dealer's only. */
export async function listJobs(db: Db, scope: JobScope, filter: { status?: JobStatus | undefined; limit: number }) {
  return { jobs: (await listJobsOfStore(db, scope, filter)).map(rowToJob) };
}

/** Puts a dead job back in the queue, due now, with its attempts reset; a job outside the scope does not exist. */
export async function retryJob(deps: { db: Db; clock: Clock }, scope: JobScope, id: string): Promise<JobView> {
  return inWriteTransaction(deps.db, async (tx) => {
    await lockRows(tx, [['store', scope.storeId]]);
    const requeued = await requeueDeadJob(tx, scope, id, deps.clock.now().toISOString());
    const job = await findJobOfStore(tx, scope, id);
    if (!job) throw jobErrors.notFound();
    if (!requeued) throw jobErrors.notDead(job.status);
    return rowToJob(job);
  });
}
