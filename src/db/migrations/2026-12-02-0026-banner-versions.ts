import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

/*
 * The version of a store's flash sales (campaign_version) and of its voucher offers
 * (voucher_offer_version), which a rendered store home is kept under. The database bumps them
 * itself, in the transaction of any write to a store's campaigns or offers, whoever makes it, so
 * that no process serves a home older than the last committed change; reading one is a primary
 * key lookup, however long the store's history. Writes that only move a unit counter (a claim, a
 * purchase, a unit given back) leave them alone: what a page shows of units left is at most a
 * minute old, and a flash sale's claims neither queue on the version's row nor render the page again.
 */

const TABLES = [
  { table: 'campaign', version: 'campaign_version', counters: ['units_held', 'units_sold'] },
  { table: 'voucher_offer', version: 'voucher_offer_version', counters: ['units_taken'] },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, version, counters } of TABLES) {
    await db.schema
      .createTable(version)
      .addColumn('store_id', 'text', (c) => c.primaryKey().references('store.id'))
      .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`insert into ${sql.table(version)} (store_id, version) select id, 0 from store`.execute(db);

    const bump = (storeRef: string) =>
      `insert into ${version} (store_id, version) values (${storeRef}, 1) on conflict (store_id) do update set version = ${version}.version + 1`;
    const countersStill = counters.map((column) => `old.${column} = new.${column}`).join(' and ');
    if (usesPostgres(db)) {
      await sql
        .raw(
          `create function ${version}_bump() returns trigger language plpgsql as $$
           begin
             if tg_op = 'DELETE' then ${bump('old.store_id')}; else ${bump('new.store_id')}; end if;
             if tg_op = 'UPDATE' and new.store_id <> old.store_id then ${bump('old.store_id')}; end if;
             return null;
           end $$`,
        )
        .execute(db);
      await sql.raw(`create trigger ${version}_bump after insert or delete on ${table} for each row execute function ${version}_bump()`).execute(db);
      await sql
        .raw(`create trigger ${version}_bump_update after update on ${table} for each row when (${countersStill}) execute function ${version}_bump()`)
        .execute(db);
    } else {
      await sql.raw(`create trigger ${version}_insert after insert on ${table} begin ${bump('new.store_id')}; end`).execute(db);
      await sql
        .raw(
          `create trigger ${version}_update after update on ${table} when ${countersStill} begin ${bump('new.store_id')};
             insert into ${version} (store_id, version) select old.store_id, 1 where new.store_id <> old.store_id
               on conflict (store_id) do update set version = ${version}.version + 1; end`,
        )
        .execute(db);
      await sql.raw(`create trigger ${version}_delete after delete on ${table} begin ${bump('old.store_id')}; end`).execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { table, version } of TABLES) {
    if (usesPostgres(db)) {
      await sql.raw(`drop trigger ${version}_bump on ${table}`).execute(db);
      await sql.raw(`drop trigger ${version}_bump_update on ${table}`).execute(db);
      await sql.raw(`drop function ${version}_bump()`).execute(db);
    } else {
      for (const name of ['insert', 'update', 'delete']) await sql.raw(`drop trigger ${version}_${name}`).execute(db);
    }
    await db.schema.dropTable(version).execute();
  }
}

function usesPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
