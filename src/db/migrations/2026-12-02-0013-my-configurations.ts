import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // A buyer's saved configurations, newest first, on the account page.
  await db.schema.createIndex('configuration_created_by_idx').on('configuration').columns(['created_by', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('configuration_created_by_idx').execute();
}
