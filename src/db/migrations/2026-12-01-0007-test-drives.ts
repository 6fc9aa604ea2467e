import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // A store's test-drive rules, editable by the brand. A store without a row uses the defaults
  // of src/modules/test-drives/test-drives.policy.ts.
  await db.schema
    .createTable('test_drive_policy')
    .addColumn('store_id', 'text', (c) => c.primaryKey().references('store.id'))
    .addColumn('max_upcoming_per_model', 'integer', (c) => c.notNull())
    .addColumn('max_upcoming', 'integer', (c) => c.notNull())
    .addColumn('max_in_window', 'integer', (c) => c.notNull())
    .addColumn('window_days', 'integer', (c) => c.notNull())
    .addColumn('lead_minutes', 'integer', (c) => c.notNull())
    .addColumn('horizon_days', 'integer', (c) => c.notNull())
    .addColumn('slot_minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // One booking of one demo car of a model at a dealer for one slot. A slot's capacity is the
  // dealer's demo cars of the model (vehicle_unit.purpose = 'demo'); its active bookings
  // (booked, confirmed) never outnumber them. status: booked | confirmed | completed | no_show | cancelled.
  await db.schema
    .createTable('test_drive')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('dealer_id', 'text', (c) => c.notNull().references('dealer.id'))
    .addColumn('model_id', 'text', (c) => c.notNull().references('model.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('user_account.id'))
    // UTC instant of the slot's start, ISO 8601 as toISOString writes it, so text order is time order.
    .addColumn('slot_start', 'text', (c) => c.notNull())
    .addColumn('slot_minutes', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // Only when the buyer agreed to share it with the dealer.
    .addColumn('phone', 'text')
    .addColumn('buyer_notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // A slot's active bookings; a dealer's calendar; a buyer's own bookings and caps.
  await db.schema.createIndex('test_drive_slot_idx').on('test_drive').columns(['dealer_id', 'model_id', 'slot_start', 'status']).execute();
  await db.schema.createIndex('test_drive_dealer_start_idx').on('test_drive').columns(['dealer_id', 'slot_start']).execute();
  await db.schema.createIndex('test_drive_buyer_start_idx').on('test_drive').columns(['buyer_id', 'slot_start']).execute();

  // A booking's history: each status change, each move, each note of the dealer's staff.
  // kind: 'status' | 'rescheduled' | 'note'.
  await db.schema
    .createTable('test_drive_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('test_drive_id', 'text', (c) => c.notNull().references('test_drive.id'))
    .addColumn('actor_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('slot_start', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('test_drive_event_drive_idx').on('test_drive_event').columns(['test_drive_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('test_drive_event').execute();
  await db.schema.dropTable('test_drive').execute();
  await db.schema.dropTable('test_drive_policy').execute();
}
