import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // A trim's key specifications (power, torque, dimensions, fuel use, battery, range, charging)
  // as a JSON object of figures with their units (catalog.specs.ts). A figure the brand has not
  // published is absent: '{}' says nothing is published, and the storefront says so.
  await db.schema
    .alterTable('trim')
    .addColumn('specs', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('trim').dropColumn('specs').execute();
}
