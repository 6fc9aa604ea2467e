import { DomainError } from '../shared/errors.js';

/*
 * The one place that reads database driver errors. Every error a driver raises is one of:
 * - a clash with a unique key: someone else made the same thing first (409, code names it);
 * - a transient failure of concurrency (serialization, deadlock, busy): worth running again;
 * - text the database cannot store (NUL byte, invalid encoding): the caller's input (400);
 * - anything else: a bug, left to surface as a 500.
 */

export type DatabaseFailure =
  | { kind: 'unique'; table: string | undefined }
  | { kind: 'transient' }
  | { kind: 'invalid_text' }
  | { kind: 'other' };

interface DriverError {
  code?: unknown;
  table?: unknown;
  constraint?: unknown;
  message?: unknown;
}

const POSTGRES_TRANSIENT = new Set(['40001', '40P01', '55P03']);
// 22021 bad byte sequence (NUL), 22P05 untranslatable character, 22001 too long for the column.
const POSTGRES_INVALID_TEXT = new Set(['22021', '22P05', '22001', '22P02', '22003', '22007', '22008']);
const SQLITE_UNIQUE = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const SQLITE_TRANSIENT = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE']);

export function classifyDatabaseError(error: unknown): DatabaseFailure {
  if (typeof error !== 'object' || error === null) return { kind: 'other' };
  const { code, table, message } = error as DriverError;
  if (typeof code !== 'string') return { kind: 'other' };
  if (code === '23505') return { kind: 'unique', table: typeof table === 'string' ? table : undefined };
  if (SQLITE_UNIQUE.has(code)) {
    // better-sqlite3: "UNIQUE constraint failed: model.store_id, model.slug"
    const clashing = typeof message === 'string' ? /failed: (\w+)\./.exec(message)?.[1] : undefined;
    return { kind: 'unique', table: clashing };
  }
  if (POSTGRES_TRANSIENT.has(code) || SQLITE_TRANSIENT.has(code)) return { kind: 'transient' };
  if (POSTGRES_INVALID_TEXT.has(code)) return { kind: 'invalid_text' };
  return { kind: 'other' };
}

/** What the caller is told when the database refused; undefined for a failure that is a bug. */
export function domainErrorForDatabase(error: unknown): DomainError | undefined {
  const failure = classifyDatabaseError(error);
  switch (failure.kind) {
    case 'unique': {
      const what = failure.table ?? 'record';
      return new DomainError('conflict', `${what.toUpperCase()}_ALREADY_EXISTS`, `A ${what.replaceAll('_', ' ')} with the same key already exists.`, {
        resource: what,
      });
    }
    case 'transient':
      return concurrentUpdate();
    case 'invalid_text':
      return new DomainError('invalid', 'REQUEST_TEXT_NOT_STORABLE', 'A text field holds characters that cannot be stored.');
    case 'other':
      return undefined;
  }
}

export function concurrentUpdate(): DomainError {
  return new DomainError('conflict', 'CONCURRENT_UPDATE', 'Someone else changed this at the same moment. Try again.', {
    retryAfterSeconds: 1,
  });
}
