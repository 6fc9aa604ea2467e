import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { changeStamp, readAgainWhenChanged } from './change-stamp.js';
import { connect, type Connection } from './connect.js';

let dir: string;
let connection: Connection;

async function open(): Promise<Connection> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-stamp-'));
  connection = connect({ dialect: 'sqlite', file: path.join(dir, 'stamp.sqlite') });
  await sql`create table note (id integer primary key, text text not null)`.execute(connection.db);
  await sql`insert into note (id, text) values (1, 'first')`.execute(connection.db);
  return connection;
}

/** Another connection commits a change, as another process would; then waits past the millisecond SQLite is asked at most once in. */
async function commitFromAnotherConnection(): Promise<void> {
  const other = new SQLite(path.join(dir, 'stamp.sqlite'));
  try {
    other.prepare("update note set text = 'elsewhere' where id = 1").run();
  } finally {
    other.close();
  }
  await new Promise((resolve) => setTimeout(resolve, 2));
}

afterEach(async () => {
  await connection.db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('changeStamp (SQLite)', () => {
  it('stays the same across reads', async () => {
    const { db } = await open();
    const before = changeStamp(db);
    expect(before).toBeDefined();
    await sql`select text from note where id = 1`.execute(db);
    await db.transaction().setAccessMode('read only').execute(async (tx) => sql`select count(*) from note`.execute(tx));
    expect(changeStamp(db)).toBe(before);
  });

  it('changes with a write of this process, RETURNING included', async () => {
    const { db } = await open();
    const first = changeStamp(db);
    await sql`update note set text = 'second' where id = 1`.execute(db);
    const second = changeStamp(db);
    expect(second).not.toBe(first);
    await sql`insert into note (id, text) values (2, 'third') returning id`.execute(db);
    expect(changeStamp(db)).not.toBe(second);
  });

  it('changes with a write in a transaction, before it commits', async () => {
    const { db } = await open();
    const before = changeStamp(db);
    await db.transaction().execute(async (tx) => {
      await sql`update note set text = 'in tx' where id = 1`.execute(tx);
      expect(changeStamp(tx)).toBeUndefined();
      expect(changeStamp(db)).not.toBe(before);
    });
  });

  it('changes when another connection commits, as another process would', async () => {
    const { db } = await open();
    const before = changeStamp(db);
    await commitFromAnotherConnection();
    expect(changeStamp(db)).not.toBe(before);
    const { rows } = await sql<{ text: string }>`select text from note where id = 1`.execute(db);
    expect(rows[0]!.text).toBe('elsewhere');
  });

  it('is undefined for a PostgreSQL database', () => {
    connection = connect({ dialect: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-stamp-'));
    expect(changeStamp(connection.db)).toBeUndefined();
  });
});

describe('readAgainWhenChanged (SQLite)', () => {
  it('reads once while nothing changes, then again after a write of this process or a commit of another', async () => {
    const { db } = await open();
    let reads = 0;
    const text = readAgainWhenChanged(async (on: typeof db) => {
      reads += 1;
      const { rows } = await sql<{ text: string }>`select text from note where id = 1`.execute(on);
      return rows[0]!.text;
    });
    expect([await text(db), await text(db), reads]).toEqual(['first', 'first', 1]);

    await sql`update note set text = 'second' where id = 1`.execute(db);
    expect([await text(db), await text(db), reads]).toEqual(['second', 'second', 2]);

    await commitFromAnotherConnection();
    expect([await text(db), reads]).toEqual(['elsewhere', 3]);
  });

  it('keeps one value per key while nothing changes, and reads each key again after a write', async () => {
    const { db } = await open();
    const reads: number[] = [];
    const text = readAgainWhenChanged(async (on: typeof db, id: number) => {
      reads.push(id);
      const { rows } = await sql<{ text: string | null }>`select (select text from note where id = ${id}) as text`.execute(on);
      return rows[0]!.text;
    });
    expect([await text(db, 1), await text(db, 2), await text(db, 1), await text(db, 2)]).toEqual(['first', null, 'first', null]);
    expect(reads).toEqual([1, 2]);

    await sql`insert into note (id, text) values (2, 'added')`.execute(db);
    expect([await text(db, 2), await text(db, 1), await text(db, 2)]).toEqual(['added', 'first', 'added']);
    expect(reads).toEqual([1, 2, 2, 1]);
  });
});
