import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // Store policy for the on-the-road estimate: the licence plate fee, in minor units.
  await db.schema
    .alterTable('store')
    .addColumn('plate_fee', 'bigint', (c) => c.notNull().defaultTo(50_000))
    .execute();

  await db.schema
    .createTable('configuration')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('model_id', 'text', (c) => c.notNull().references('model.id'))
    .addColumn('trim_code', 'text', (c) => c.notNull())
    .addColumn('option_codes', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('catalog_version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('configuration_store_idx').on('configuration').columns(['store_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('configuration').execute();
  await db.schema.alterTable('store').dropColumn('plate_fee').execute();
}
