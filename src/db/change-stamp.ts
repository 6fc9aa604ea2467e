const stamps = new WeakMap<object, () => string>();

/**
 * A token that differs whenever the database may have changed since it was last taken: any
 * write this process sent (counted as it is sent, so a transaction in progress counts too;
 * reads wait for the transaction, holding the connection, to end),
 * or any commit of another connection, whichever process made it (SQLite's data_version, seen
 * within a millisecond: connect.ts).
 * What was read under one token is still exact while the token stays the same, which lets a
 * hot read skip its query. Undefined on PostgreSQL, and for a transaction: read again.
 */
export function changeStamp(db: object): string | undefined {
  return stamps.get(db)?.();
}

/** Gives `db` its stamp: connect.ts, for a SQLite database. */
export function registerChangeStamp(db: object, stamp: () => string): void {
  stamps.set(db, stamp);
}
