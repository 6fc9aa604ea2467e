import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver, CompiledQuery, type DatabaseConnection, type Driver, type SqliteDialectConfig, type TransactionSettings } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import { loadPg } from '../shared/optional-modules.js';
import { registerChangeStamp } from './change-stamp.js';
import type { Database } from './database.js';

export interface Connection {
  db: Kysely<Database>;
  dialect: DatabaseConfig['dialect'];
}

export function connect(config: DatabaseConfig, options: { poolSize?: number } = {}): Connection {
  if (config.dialect === 'postgres') {
    const pool = new (loadPg().Pool)({ connectionString: config.url, max: options.poolSize ?? 10 });
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
  }
  if (config.file !== ':memory:') fs.mkdirSync(path.dirname(config.file), { recursive: true });
  const sqlite = new SQLite(config.file);
  // WAL lets readers run while one writer commits; the busy timeout makes a second
  // process wait for the write lock instead of failing at once.
  sqlite.pragma('journal_mode = WAL');
  // Every commit reaches the disk before it returns (about 1 ms here): a payment acknowledged to
  // its provider must survive a power cut, since the provider will not tell us again.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const writes = { count: 0 };
  const db = new Kysely<Database>({ dialect: new WriteLockingSqliteDialect({ database: withStatementCache(sqlite, writes) }) });
  registerChangeStamp(db, otherConnectionsStamp(sqlite, writes));
  return { db, dialect: 'sqlite' };
}

/**
 * The change stamp of a SQLite database: this process's writes, counted exactly, and SQLite's
 * data_version, which changes when another connection (any process) commits to the file. Asking
 * SQLite takes a read lock on the write-ahead log, some 7 µs, which every hot read paid; it is
 * asked at most once a millisecond, so another process's commit shows within a millisecond,
 * sooner than any client of ours could commit elsewhere and then ask here.
 */
function otherConnectionsStamp(sqlite: SQLite.Database, writes: { count: number }, everyMs = 1): () => string {
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let version = 0;
  let askedAt = Number.NEGATIVE_INFINITY;
  return () => {
    const now = performance.now();
    if (now - askedAt >= everyMs) {
      version = dataVersion.get() as number;
      askedAt = now;
    }
    return `${version}:${writes.count}`;
  };
}

/**
 * Kysely prepares every query afresh; compiling SQL costs more than running these small
 * queries. Prepared statements are reused by their SQL text (values are bound per call),
 * and the cache is bounded so ad-hoc queries cannot grow it without end. Every run of a
 * statement that may write (SQLite's own verdict, sqlite3_stmt_readonly) counts in `writes`.
 */
function withStatementCache(sqlite: SQLite.Database, writes: { count: number }, maxStatements = 500): SQLite.Database {
  const statements = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'exec') {
        return (source: string) => {
          writes.count++;
          return target.exec(source);
        };
      }
      if (property !== 'prepare') {
        const value: unknown = Reflect.get(target, property, receiver);
        // Native methods must be called on the real database object, not the proxy.
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (source: string) => {
        let statement = statements.get(source);
        if (!statement) {
          statement = prepare(source);
          if (!statement.readonly) statement = countingWrites(statement, writes);
          statements.set(source, statement);
          if (statements.size > maxStatements) statements.delete(statements.keys().next().value as string);
        }
        return statement;
      };
    },
  });
}

/**
 * The statement, counting each execution in `writes` before it runs. Kysely calls `all` for
 * statements that return rows (a write with RETURNING among them), `run` for the others.
 */
function countingWrites(statement: SQLite.Statement, writes: { count: number }): SQLite.Statement {
  const counted = <A extends unknown[], R>(method: (...args: A) => R) => (...args: A): R => {
    writes.count++;
    return method.apply(statement, args);
  };
  return {
    reader: statement.reader,
    readonly: false,
    source: statement.source,
    run: counted(statement.run),
    all: counted(statement.all),
    get: counted(statement.get),
    iterate: counted(statement.iterate),
  } as unknown as SQLite.Statement;
}

/**
 * SQLite starts a plain BEGIN as a reader and upgrades it at its first write, so two
 * processes can both read, then both try to write, and one fails mid-transaction. A write
 * transaction (every transaction not declared read only) therefore starts with BEGIN
 * IMMEDIATE: it takes the write lock first, waits for it under the busy timeout, and checks
 * only what no one else can change until it commits. Read-only transactions stay deferred,
 * which gives them a consistent snapshot without blocking writers (WAL).
 */
class WriteLockingSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new WriteLockingSqliteDriver(this.#config);
  }
}

class WriteLockingSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin' : 'begin immediate'));
  }
}
