import type { DbOrTx, Tx } from '../../db/database.js';
import { isPostgres } from '../../db/tx.js';

export type JobStatus = 'pending' | 'running' | 'done' | 'dead';

export interface JobInsert {
  id: string;
  kind: string;
  payload: string;
  maxAttempts: number;
  runAt: string;
  dedupeKey: string | null;
  storeId: string | null;
  dealerId: string | null;
  now: string;
}

/** Writes the job in the caller's transaction; a dedupe key already used makes it a no-op. */
export async function insertJob(tx: Tx, job: JobInsert): Promise<boolean> {
  const result = await tx
    .insertInto('job')
    .values({
      id: job.id,
      kind: job.kind,
      payload: job.payload,
      status: 'pending',
      attempts: 0,
      max_attempts: job.maxAttempts,
      run_at: job.runAt,
      dedupe_key: job.dedupeKey,
      store_id: job.storeId,
      dealer_id: job.dealerId,
      locked_until: null,
      locked_by: null,
      last_error: null,
      created_at: job.now,
      updated_at: job.now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Claims up to `limit` due jobs of the given kinds for `token` until `lockedUntil`: pending ones whose time has
 * come, and running ones whose lease has lapsed (their runner died). On PostgreSQL the
 * candidates are locked with FOR UPDATE SKIP LOCKED, so concurrent runners take disjoint
 * sets; on SQLite the write transaction (BEGIN IMMEDIATE) already excludes every other writer.
 * The UPDATE repeats the condition, so a row someone else claimed in between is not taken.
 */
export async function claimDueJobs(tx: Tx, args: { kinds: string[]; now: string; lockedUntil: string; token: string; limit: number }) {
  if (args.kinds.length === 0) return [];
  let candidates = tx
    .selectFrom('job')
    .select('id')
    .where('kind', 'in', args.kinds)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', args.now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', args.now)]),
      ]),
    )
    .orderBy('run_at')
    .orderBy('id')
    .limit(args.limit);
  if (isPostgres(tx)) candidates = candidates.forUpdate().skipLocked();
  const ids = (await candidates.execute()).map((row) => row.id);
  if (ids.length === 0) return [];
  return tx
    .updateTable('job')
    .set((eb) => ({
      status: 'running',
      locked_until: args.lockedUntil,
      locked_by: args.token,
      attempts: eb('attempts', '+', 1),
      updated_at: args.now,
    }))
    .where('id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', args.now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', args.now)]),
      ]),
    )
    .returning(['id', 'kind', 'payload', 'attempts', 'max_attempts', 'store_id', 'dealer_id'])
    .execute();
}

/** Ends a claimed job, only while the claim is still this runner's. */
export async function finishJob(
  db: DbOrTx,
  id: string,
  token: string,
  change: { status: JobStatus; runAt?: string; lastError?: string | null; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set({
      status: change.status,
      locked_until: null,
      locked_by: null,
      updated_at: change.now,
      ...(change.runAt !== undefined ? { run_at: change.runAt } : {}),
      ...(change.lastError !== undefined ? { last_error: change.lastError } : {}),
    })
    .where('id', '=', id)
    .where('locked_by', '=', token)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A store's jobs, or only one dealer's of them. */
export interface JobScope {
  storeId: string;
  dealerId?: string | undefined;
}

export async function listJobsOfStore(db: DbOrTx, scope: JobScope, filter: { status?: JobStatus | undefined; limit: number }) {
  let query = db.selectFrom('job').selectAll().where('store_id', '=', scope.storeId);
  if (scope.dealerId !== undefined) query = query.where('dealer_id', '=', scope.dealerId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export async function findJobOfStore(db: DbOrTx, scope: JobScope, id: string) {
  let query = db.selectFrom('job').selectAll().where('store_id', '=', scope.storeId).where('id', '=', id);
  if (scope.dealerId !== undefined) query = query.where('dealer_id', '=', scope.dealerId);
  return query.executeTakeFirst();
}

/** A dead job back in the queue with a fresh set of attempts; its last error stays for the record. */
export async function requeueDeadJob(tx: Tx, scope: JobScope, id: string, now: string): Promise<boolean> {
  let query = tx
    .updateTable('job')
    .set({ status: 'pending', attempts: 0, run_at: now, updated_at: now })
    .where('id', '=', id)
    .where('store_id', '=', scope.storeId)
    .where('status', '=', 'dead');
  if (scope.dealerId !== undefined) query = query.where('dealer_id', '=', scope.dealerId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
