import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // A model is drawn as one body (model.body) but may be sold under several: a city SUV built as
  // a crossover is found under both. The further body types, as a JSON array of body codes.
  await db.schema
    .alterTable('model')
    .addColumn('body_tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('model').dropColumn('body_tags').execute();
}
