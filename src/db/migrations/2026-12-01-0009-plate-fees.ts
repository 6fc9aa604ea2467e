import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // Store policy per city for the on-the-road estimate: the plate fee of a conventional car (ice)
  // and of a new-energy vehicle (nev), in minor units, with a short localized note on how plates
  // are obtained there. estimate = 1 when the figure is an average or guess rather than a tariff.
  // A city without a row falls back to the store's flat plate_fee.
  await db.schema
    .createTable('plate_fee')
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('city_code', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('ice_fee', 'bigint', (c) => c.notNull())
    .addColumn('nev_fee', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('estimate', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plate_fee_pk', ['store_id', 'city_code'])
    .addCheckConstraint('plate_fee_amounts_check', sql`ice_fee >= 0 and nev_fee >= 0`)
    .execute();

  // The version of a store's dealer directory, bumped by the database itself on any change to a
  // dealer row, whoever makes it: every process keys its cached directory (and the locator's
  // ETag) on it, so no process serves a directory older than the last committed change.
  await db.schema
    .createTable('dealer_directory')
    .addColumn('store_id', 'text', (c) => c.primaryKey().references('store.id'))
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`insert into dealer_directory (store_id, version) select id, 0 from store`.execute(db);

  const bump = (storeRef: string) =>
    `insert into dealer_directory (store_id, version) values (${storeRef}, 1)
       on conflict (store_id) do update set version = dealer_directory.version + 1`;
  if (usesPostgres(db)) {
    await sql
      .raw(
        `create function dealer_directory_bump() returns trigger language plpgsql as $$
         begin
           if tg_op in ('UPDATE', 'DELETE') then ${bump('old.store_id')}; end if;
           if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.store_id <> old.store_id) then ${bump('new.store_id')}; end if;
           return null;
         end $$`,
      )
      .execute(db);
    await sql
      .raw(`create trigger dealer_directory_bump after insert or update or delete on dealer for each row execute function dealer_directory_bump()`)
      .execute(db);
  } else {
    await sql.raw(`create trigger dealer_directory_insert after insert on dealer begin ${bump('new.store_id')}; end`).execute(db);
    await sql
      .raw(
        `create trigger dealer_directory_update after update on dealer begin ${bump('old.store_id')};
           insert into dealer_directory (store_id, version) select new.store_id, 1 where new.store_id <> old.store_id
             on conflict (store_id) do update set version = dealer_directory.version + 1; end`,
      )
      .execute(db);
    await sql.raw(`create trigger dealer_directory_delete after delete on dealer begin ${bump('old.store_id')}; end`).execute(db);
  }
  // The directory is loaded as a store's active dealers in code order.
  await db.schema.createIndex('dealer_store_status_code_idx').on('dealer').columns(['store_id', 'status', 'code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('dealer_store_status_code_idx').execute();
  if (usesPostgres(db)) {
    await sql.raw('drop trigger dealer_directory_bump on dealer').execute(db);
    await sql.raw('drop function dealer_directory_bump()').execute(db);
  } else {
    for (const name of ['insert', 'update', 'delete']) await sql.raw(`drop trigger dealer_directory_${name}`).execute(db);
  }
  await db.schema.dropTable('dealer_directory').execute();
  await db.schema.dropTable('plate_fee').execute();
}

function usesPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
