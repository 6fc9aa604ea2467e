import { sql } from 'kysely';
import pg from 'pg';
import type { TestContext } from './app.js';
import { testDialect } from './app.js';
import { databaseUrl } from './postgres.js';

/** The test app's pool size on PostgreSQL (test/helpers/app.ts): at most this many requests can wait on a lock at once. */
const POOL_SIZE = 5;

/**
 * Fires concurrent requests while another connection holds the store's row lock, then lets go
 * once the requests are waiting on locks. On PostgreSQL this lines them up at the same point
 * every run, so a missing lock shows as a lost update or a broken check every time rather
 * than once in a while. SQLite has one writer at a time, and the requests are simply fired together.
 */
export async function releasedTogether<T>(
  ctx: TestContext,
  storeSlug: string,
  requests: number,
  fire: () => Promise<T>,
  /** The row to hold instead of the store's, for work that locks a dealer or a buyer rather than the store. */
  holding?: { table: 'dealer' | 'user_account'; id: string },
): Promise<T> {
  const lock = holding
    ? { sql: `select 1 from ${holding.table} where id = $1 for no key update`, params: [holding.id] }
    : { sql: 'select 1 from store where slug = $1 for no key update', params: [storeSlug] };
  return releasedTogetherBehind(ctx, lock, requests, fire);
}

async function waitingOnLocks(client: pg.Client): Promise<number> {
  // Statistics are read once per transaction unless the snapshot is dropped, and the blocker is in one.
  await client.query('select pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and wait_event_type = 'Lock'`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * releasedTogether behind any row lock: another connection holds `lockSql` (a SELECT … FOR
 * UPDATE of the row the requests contend for) until they wait on locks. For writes whose lock
 * is narrower than the store: one buyer's account, one lead.
 */
export async function releasedTogetherBehind<T>(
  ctx: TestContext,
  lock: { sql: string; params: unknown[] },
  requests: number,
  fire: () => Promise<T>,
): Promise<T> {
  if (testDialect !== 'postgres') return fire();
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(ctx.connection.db);
  const blocker = new pg.Client({ connectionString: databaseUrl(rows[0]!.name) });
  await blocker.connect();
  try {
    await blocker.query('begin');
    const held = await blocker.query(lock.sql, lock.params);
    if (held.rowCount !== 1) throw new Error(`the blocker's lock matched ${held.rowCount} rows, not one`);
    let settled = false;
    const outcome = fire().finally(() => {
      settled = true;
    });
    const waiters = Math.min(requests, POOL_SIZE);
    for (let tries = 0; tries < 200 && !settled && (await waitingOnLocks(blocker)) < waiters; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await blocker.query('commit');
    return await outcome;
  } finally {
    await blocker.end();
  }
}
