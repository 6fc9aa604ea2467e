import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // A switched-off store keeps its rows (orders, audit) but leaves the storefront and the hall.
  await db.schema
    .alterTable('store')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .execute();
  // Branding is data, so a new brand needs no code: a short text mark, two #rrggbb colours and
  // a localized hero ({ title, subtitle } of LocalizedText, as JSON). Null until a brand sets it.
  await db.schema.alterTable('store').addColumn('brand_mark', 'text').execute();
  await db.schema.alterTable('store').addColumn('primary_color', 'text').execute();
  await db.schema.alterTable('store').addColumn('accent_color', 'text').execute();
  await db.schema.alterTable('store').addColumn('hero', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['hero', 'accent_color', 'primary_color', 'brand_mark', 'status']) {
    await db.schema.alterTable('store').dropColumn(column).execute();
  }
}
