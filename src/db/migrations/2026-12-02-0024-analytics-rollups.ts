import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

/*
 * Rollups of first-party events: counts and amounts per Shanghai day, and per Shanghai month,
 * for every combination of the columns the dashboards filter or group by. A year's dashboard
 * then reads eleven or twelve months of rollup rows and at most two partial months of day rows,
 * instead of every event of the year.
 *
 * Database triggers keep both in step with analytics_event, in the transaction that inserts
 * (or deletes) events, whoever writes them: so an event arriving late, for a day or month long
 * past, is counted at once, and the rollups never drift from the events. Events are append-only
 * (updates are not rolled up). On PostgreSQL one statement-level trigger folds a whole batch
 * into one upsert per rollup, its rows in key order so that concurrent batches lock them in the
 * same order; on SQLite, which has only row triggers, each event upserts its two rows.
 *
 * Keys cannot be null (a unique key treats nulls as distinct, so an upsert would never match):
 * a missing model, dealer, city or province is stored as '' and read back as null.
 */

const KEY = ['store_id', 'kind', 'model_id', 'dealer_id', 'city_code', 'province', 'channel'] as const;
const NULLABLE = new Set(['model_id', 'dealer_id', 'city_code', 'province']);

const ROLLUPS = [
  { table: 'analytics_day_rollup', period: 'day', of: (row: string) => `${row}.day` },
  { table: 'analytics_month_rollup', period: 'month', of: (row: string) => `substr(${row}.day, 1, 7)` },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = usesPostgres(db);
  for (const { table, period, of } of ROLLUPS) {
    let create = db.schema
      .createTable(table)
      .addColumn('store_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn(period, 'text', (c) => c.notNull());
    for (const column of KEY.slice(2)) create = create.addColumn(column, 'text', (c) => c.notNull());
    create = create
      .addColumn('events', 'bigint', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      // Kind before period: every read names its kinds, then seeks each kind's stretch of days.
      .addPrimaryKeyConstraint(`${table}_pk`, ['store_id', 'kind', period, ...KEY.slice(2)] as never);
    // SQLite: the rows live in the key's b-tree, so a range is read without a second lookup.
    // PostgreSQL: room left on each page, so a count's update stays on its page (a HOT update,
    // no new index entry) and the page's dead versions are pruned as it goes.
    create = postgres ? create.modifyEnd(sql`with (fillfactor = 70)`) : create.modifyEnd(sql`without rowid`);
    await create.execute();

    // What the events already hold.
    await sql
      .raw(
        `insert into ${table} (store_id, kind, ${period}, model_id, dealer_id, city_code, province, channel, events, amount)
         select ${keyOf('e', of('e'))}, count(*), coalesce(sum(e.amount), 0) from analytics_event e
         group by 1, 2, 3, 4, 5, 6, 7, 8`,
      )
      .execute(db);
  }

  // The dealer league's time to first contact reads a year of leads: from this index alone.
  await db.schema.createIndex('lead_store_created_contact_idx').on('lead').columns(['store_id', 'created_at', 'dealer_id', 'first_contacted_at', 'model_id']).execute();

  if (postgres) {
    const upserts = ROLLUPS.map(
      ({ table, period, of }) =>
        `insert into ${table} (store_id, kind, ${period}, model_id, dealer_id, city_code, province, channel, events, amount)
           select ${keyOf('n', of('n'))}, count(*), coalesce(sum(n.amount), 0) from inserted n
           group by 1, 2, 3, 4, 5, 6, 7, 8 order by 1, 2, 3, 4, 5, 6, 7, 8
         on conflict (store_id, kind, ${period}, model_id, dealer_id, city_code, province, channel)
         do update set events = ${table}.events + excluded.events, amount = ${table}.amount + excluded.amount;`,
    ).join('\n');
    const removals = ROLLUPS.map(
      ({ table, period, of }) =>
        `update ${table} r set events = r.events - d.events, amount = r.amount - d.amount
           from (select ${keyOf('o', of('o'), period)}, count(*) as events, coalesce(sum(o.amount), 0) as amount from removed o
                 group by 1, 2, 3, 4, 5, 6, 7, 8) d
           where r.store_id = d.store_id and r.kind = d.kind and r.${period} = d.${period} and r.model_id = d.model_id
             and r.dealer_id = d.dealer_id and r.city_code = d.city_code and r.province = d.province and r.channel = d.channel;
         delete from ${table} where events <= 0;`,
    ).join('\n');
    await sql.raw(`create function analytics_rollup_insert() returns trigger language plpgsql as $$ begin ${upserts} return null; end $$`).execute(db);
    await sql.raw(`create function analytics_rollup_delete() returns trigger language plpgsql as $$ begin ${removals} return null; end $$`).execute(db);
    await sql
      .raw(`create trigger analytics_rollup_insert after insert on analytics_event referencing new table as inserted for each statement execute function analytics_rollup_insert()`)
      .execute(db);
    await sql
      .raw(`create trigger analytics_rollup_delete after delete on analytics_event referencing old table as removed for each statement execute function analytics_rollup_delete()`)
      .execute(db);
  } else {
    const upserts = ROLLUPS.map(
      ({ table, period, of }) =>
        `insert into ${table} (store_id, kind, ${period}, model_id, dealer_id, city_code, province, channel, events, amount)
           values (${keyOf('new', of('new'))}, 1, coalesce(new.amount, 0))
         on conflict (store_id, kind, ${period}, model_id, dealer_id, city_code, province, channel)
         do update set events = events + 1, amount = amount + excluded.amount;`,
    ).join('\n');
    const removals = ROLLUPS.map(({ table, period, of }) => {
      const match = `store_id = old.store_id and kind = old.kind and ${period} = ${of('old')} and ${KEY.slice(2)
        .map((column) => `${column} = ${NULLABLE.has(column) ? `coalesce(old.${column}, '')` : `old.${column}`}`)
        .join(' and ')}`;
      return `update ${table} set events = events - 1, amount = amount - coalesce(old.amount, 0) where ${match};
              delete from ${table} where ${match} and events <= 0;`;
    }).join('\n');
    await sql.raw(`create trigger analytics_rollup_insert after insert on analytics_event begin ${upserts} end`).execute(db);
    await sql.raw(`create trigger analytics_rollup_delete after delete on analytics_event begin ${removals} end`).execute(db);
  }
}

/** The rollup key of an event row: its columns, nulls as '', the period as given. */
function keyOf(row: string, period: string, periodName?: string): string {
  const as = (name: string) => (periodName ? ` as ${name}` : '');
  const columns = KEY.slice(2).map((column) => (NULLABLE.has(column) ? `coalesce(${row}.${column}, '')${as(column)}` : `${row}.${column}`));
  return [`${row}.store_id`, `${row}.kind`, `${period}${periodName ? as(periodName) : ''}`, ...columns].join(', ');
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('lead_store_created_contact_idx').execute();
  if (usesPostgres(db)) {
    await sql.raw('drop trigger analytics_rollup_insert on analytics_event').execute(db);
    await sql.raw('drop trigger analytics_rollup_delete on analytics_event').execute(db);
    await sql.raw('drop function analytics_rollup_insert()').execute(db);
    await sql.raw('drop function analytics_rollup_delete()').execute(db);
  } else {
    await sql.raw('drop trigger analytics_rollup_insert').execute(db);
    await sql.raw('drop trigger analytics_rollup_delete').execute(db);
  }
  for (const { table } of ROLLUPS) await db.schema.dropTable(table).execute();
}

function usesPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
