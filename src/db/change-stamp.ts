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

/**
 * `read`, run again only when the database may have changed since its last run (changeStamp):
 * a hot read of rows that rarely change then costs a lookup. Without a stamp (PostgreSQL, a
 * transaction) it runs every time. A read that takes a key (a store's id) keeps one value per key
 * until the stamp changes: keys must be few. What it gives is shared between callers: read it,
 * never change it.
 */
export function readAgainWhenChanged<Db extends object, T, Key = void>(read: (db: Db, key: Key) => Promise<T>): (db: Db, key: Key) => Promise<T> {
  const last = new WeakMap<object, { stamp: string; values: Map<Key, Promise<T>> }>();
  return (db, key) => {
    const stamp = changeStamp(db);
    if (stamp === undefined) return read(db, key);
    let kept = last.get(db);
    if (kept?.stamp !== stamp) last.set(db, (kept = { stamp, values: new Map() }));
    const hit = kept.values.get(key);
    if (hit) return hit;
    const value = read(db, key);
    const values = kept.values;
    values.set(key, value);
    value.catch(() => {
      if (values.get(key) === value) values.delete(key);
    });
    return value;
  };
}
