import { PostgresAdapter, sql } from 'kysely';
import type { Db, Tx } from './database.js';
import { classifyDatabaseError, concurrentUpdate } from './errors.js';

/*
 * The write discipline: lock, then check, then write, in one transaction.
 *
 * A unit of work first locks the root row of every aggregate it changes, then reads and
 * checks (lint, stock, limits) what it is about to break, then writes. Two concurrent changes
 * can then never each pass a check that together they break. On PostgreSQL the lock is
 * SELECT … FOR UPDATE; on SQLite every write transaction starts with BEGIN IMMEDIATE
 * (src/db/connect.ts), which already holds the database's one write lock.
 *
 * Locks are taken in one order, so two units of work never wait on each other:
 * store, then dealer, then a buyer's own account row (which serializes the checks of per-buyer
 * limits: test-drive caps, open leads), then model, then trim or option; later, order, then unit;
 * last of all a flash-sale campaign. Its row holds the counters of its units, which every path
 * moves after it has locked what it owns: a claim after the buyer's account, an expiry, payment or
 * cancellation after the order (and its unit). Taken last, the crowd's one hot row stays locked
 * only from its conditional update to the commit.
 */

const LOCK_ORDER = ['store', 'dealer', 'user_account', 'model', 'trim', 'option', 'customer_order', 'vehicle_unit', 'campaign', 'voucher'] as const;
export type LockableTable = (typeof LOCK_ORDER)[number];

/** Transient failures (deadlock, serialization, busy) are retried this many times in all. */
const ATTEMPTS = 4;

export function isPostgres(db: Db | Tx): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Runs work in a write transaction, retrying the whole of it on a transient failure, and
 * answering CONCURRENT_UPDATE (409 with Retry-After) once the attempts are spent.
 * The work must be safe to run again: everything it does is inside the transaction.
 */
export async function inWriteTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (classifyDatabaseError(error).kind !== 'transient') throw error;
      if (attempt >= ATTEMPTS) throw concurrentUpdate();
      // Jitter spreads the retries of the requests that collided.
      await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt + Math.random() * 20));
    }
  }
}

/**
 * A consistent snapshot for reads that span several queries: REPEATABLE READ on PostgreSQL,
 * a deferred (reader) transaction on SQLite.
 */
export async function inReadSnapshot<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const transaction = db.transaction().setAccessMode('read only');
  return (isPostgres(db) ? transaction.setIsolationLevel('repeatable read') : transaction).execute(work);
}

/**
 * Locks the given root rows, in the documented order, until the transaction ends.
 * Asking for them out of order is a programming error, caught here rather than as a
 * deadlock under load.
 */
export async function lockRows(tx: Tx, locks: Array<[LockableTable, string | undefined]>): Promise<void> {
  let rank = -1;
  for (const [table] of locks) {
    const next = LOCK_ORDER.indexOf(table);
    if (next < rank) throw new Error(`Lock order broken: ${table} after ${LOCK_ORDER[rank]}`);
    rank = next;
  }
  // SQLite's BEGIN IMMEDIATE already excludes every other writer.
  if (!isPostgres(tx)) return;
  for (const [table, id] of locks) {
    if (id === undefined) continue;
    await sql`select 1 from ${sql.table(table)} where ${sql.ref(idColumn(table))} = ${id} for no key update`.execute(tx);
  }
}

function idColumn(table: LockableTable): string {
  return table === 'vehicle_unit' ? 'vin' : 'id';
}
