import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // A buyer's request to be called back by one dealer ("contact me"), or the lead a test-drive
  // booking opens. status: new | contacted | test_drive_booked | won | lost.
  await db.schema
    .createTable('lead')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('dealer_id', 'text', (c) => c.notNull().references('dealer.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('user_account.id'))
    // What the buyer was looking at: 'model' | 'configuration' | 'stock_unit' | 'test_drive'.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.references('model.id'))
    .addColumn('configuration_code', 'text')
    .addColumn('vin', 'text')
    .addColumn('test_drive_id', 'text')
    // Only when the buyer agreed to share it.
    .addColumn('phone', 'text')
    .addColumn('message', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Set once, by the first move out of `new`: the brand charts the time to first contact.
    .addColumn('first_contacted_at', 'text')
    .execute();
  // The dealer's queue, newest first within a status; and a buyer's own leads.
  await db.schema.createIndex('lead_dealer_status_created').on('lead').columns(['dealer_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('lead_buyer_created').on('lead').columns(['buyer_id', 'created_at']).execute();
  await db.schema.createIndex('lead_store_created').on('lead').columns(['store_id', 'created_at']).execute();

  // The lead's history: each status change and each note, by whom and when.
  await db.schema
    .createTable('lead_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lead_id', 'text', (c) => c.notNull().references('lead.id'))
    .addColumn('actor_id', 'text', (c) => c.references('user_account.id'))
    // 'opened' | 'status' | 'note'
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lead_event_lead_created').on('lead_event').columns(['lead_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lead_event').execute();
  await db.schema.dropTable('lead').execute();
}
