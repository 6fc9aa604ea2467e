import { sql, type Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

/*
 * First-party events: what buyers do, for the brand's dashboards. Written cheaply (views in
 * batches, domain events in the transaction of the change they record) and read by day.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // kind: model_viewed | configuration_saved | lead_created | test_drive_booked |
  // test_drive_completed | deposit_paid | delivered | campaign_claimed.
  // day: the Asia/Shanghai calendar day of occurred_at (YYYY-MM-DD), the dashboards' unit.
  // channel: phone | desktop | unknown. subject_id: the order, lead, test drive or
  // configuration the event is about, so a domain event is recorded once however often its
  // transaction is retried; null for views. amount: fen, for deposits and deliveries.
  await db.schema
    .createTable('analytics_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.references('model.id'))
    .addColumn('trim_id', 'text', (c) => c.references('trim.id'))
    .addColumn('dealer_id', 'text', (c) => c.references('dealer.id'))
    .addColumn('city_code', 'text')
    .addColumn('province', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('amount', 'bigint')
    .execute();
  await db.schema.createIndex('analytics_event_day_idx').on('analytics_event').columns(['store_id', 'day', 'kind']).execute();
  await db.schema.createIndex('analytics_event_kind_idx').on('analytics_event').columns(['store_id', 'kind', 'day', 'model_id']).execute();
  await sql`create unique index analytics_event_subject_idx on analytics_event (kind, subject_id) where subject_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analytics_event').execute();
}
