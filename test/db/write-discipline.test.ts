import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Connection } from '../../src/db/connect.js';
import { classifyDatabaseError, domainErrorForDatabase } from '../../src/db/errors.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { inWriteTransaction, isPostgres, lockRows } from '../../src/db/tx.js';
import { DomainError } from '../../src/shared/errors.js';
import { createTestDatabase, testDialect } from '../helpers/app.js';
import { databaseUrl } from '../helpers/postgres.js';

/*
 * The write helper and the error classifier against real driver errors: a duplicate key,
 * text PostgreSQL cannot store, and a lock another connection holds.
 */

let connection: Connection;
let dir: string | undefined;
/** A second, independent connection to the same database, to hold locks. */
let holdLock: () => Promise<{ release(): Promise<void> }>;

beforeAll(async () => {
  if (testDialect === 'sqlite') {
    // Two processes' worth of connections need a file, not :memory:.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-tx-'));
    const file = path.join(dir, 'tx.sqlite');
    connection = connect({ dialect: 'sqlite', file });
    await migrateToLatest(connection.db);
    await sql`pragma busy_timeout = 20`.execute(connection.db);
    holdLock = async () => {
      const other = new SQLite(file);
      other.exec('begin immediate');
      return {
        async release() {
          other.exec('commit');
          other.close();
        },
      };
    };
  } else {
    connection = await createTestDatabase();
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(connection.db);
    holdLock = async () => {
      const other = new pg.Client({ connectionString: databaseUrl(rows[0]!.name) });
      await other.connect();
      await other.query('begin');
      await other.query(`select 1 from store where id = 's1' for update`);
      return {
        async release() {
          await other.query('commit');
          await other.end();
        },
      };
    };
  }
  await connection.db
    .insertInto('store')
    .values({ id: 's1', slug: 'tx-store', brand: 'Test', name: '{}', tagline: '{}', currency: 'CNY', timezone: 'Asia/Shanghai', created_at: '2018-04-13T00:00:00Z' })
    .execute();
});

afterAll(async () => {
  await connection.db.destroy();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse');
}

/** One write under the discipline: lock the store, then bump its catalog version. */
const bump = () =>
  inWriteTransaction(connection.db, async (tx) => {
    // PostgreSQL waits for a lock as long as it takes; here it gives up fast, so the retry shows.
    if (isPostgres(tx)) await sql`set local lock_timeout = '50ms'`.execute(tx);
    await lockRows(tx, [['store', 's1']]);
    await tx.updateTable('store').set((eb) => ({ catalog_version: eb('catalog_version', '+', 1) })).where('id', '=', 's1').execute();
    return 'done';
  });

describe('classifying database errors', () => {
  it('names the table of a duplicate key and answers 409', async () => {
    const error = await failureOf(
      connection.db
        .insertInto('store')
        .values({ id: 's2', slug: 'tx-store', brand: 'Test', name: '{}', tagline: '{}', currency: 'CNY', timezone: 'Asia/Shanghai', created_at: '2018-04-13T00:00:00Z' })
        .execute(),
    );
    expect(classifyDatabaseError(error)).toEqual({ kind: 'unique', table: 'store' });
    const domain = domainErrorForDatabase(error)!;
    expect(domain).toBeInstanceOf(DomainError);
    expect([domain.kind, domain.code]).toEqual(['conflict', 'STORE_ALREADY_EXISTS']);
  });

  it('takes text PostgreSQL cannot store for bad input, not a failure of ours (SQLite stores it)', async () => {
    const write = connection.db.updateTable('store').set({ brand: 'a\u0000b' }).where('id', '=', 's1').execute();
    if (testDialect === 'sqlite') {
      // Which is why the schema layer refuses control characters for both: see control-characters.test.ts.
      await write;
      const { brand } = await connection.db.selectFrom('store').select('brand').where('id', '=', 's1').executeTakeFirstOrThrow();
      expect(brand).toBe('a\u0000b');
      return;
    }
    const error = await failureOf(write);
    expect(classifyDatabaseError(error)).toEqual({ kind: 'invalid_text' });
    expect(domainErrorForDatabase(error)?.code).toBe('REQUEST_TEXT_NOT_STORABLE');
  });

  it('leaves other errors alone, to surface as failures of ours', async () => {
    const error = await failureOf(sql`select * from no_such_table`.execute(connection.db));
    expect(classifyDatabaseError(error)).toEqual({ kind: 'other' });
    expect(domainErrorForDatabase(error)).toBeUndefined();
    expect(classifyDatabaseError(new Error('plain'))).toEqual({ kind: 'other' });
  });
});

describe('inWriteTransaction', () => {
  it('answers CONCURRENT_UPDATE with Retry-After once its retries are spent on a held lock, and writes nothing', async () => {
    const before = await connection.db.selectFrom('store').select('catalog_version').where('id', '=', 's1').executeTakeFirstOrThrow();
    const lock = await holdLock();
    try {
      const error = await failureOf(bump());
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'conflict', code: 'CONCURRENT_UPDATE', details: { retryAfterSeconds: 1 } });
    } finally {
      await lock.release();
    }
    const after = await connection.db.selectFrom('store').select('catalog_version').where('id', '=', 's1').executeTakeFirstOrThrow();
    expect(after.catalog_version).toBe(before.catalog_version);
  });

  it('runs the work again when the lock is let go between attempts', async () => {
    const before = await connection.db.selectFrom('store').select('catalog_version').where('id', '=', 's1').executeTakeFirstOrThrow();
    const lock = await holdLock();
    const released = new Promise((resolve) => setTimeout(resolve, 30)).then(() => lock.release());
    expect(await bump()).toBe('done');
    await released;
    const after = await connection.db.selectFrom('store').select('catalog_version').where('id', '=', 's1').executeTakeFirstOrThrow();
    expect(after.catalog_version).toBe(before.catalog_version + 1);
  });

  it('refuses to take locks out of the documented order', async () => {
    const error = await failureOf(
      inWriteTransaction(connection.db, (tx) =>
        lockRows(tx, [
          ['model', 'm1'],
          ['store', 's1'],
        ]),
      ),
    );
    expect(String(error)).toContain('Lock order broken: store after model');
  });
});
