import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // Null on rows written before this migration until the seed or the brand fills them; readers
  // treat null as "not given". city_code is a slug (the city's English name) so buyers can filter
  // by city whatever their locale; address is LocalizedText as JSON; opening_hours is JSON
  // { "mon": ["08:30", "18:00"], ..., "sun": null } in Asia/Shanghai, null meaning closed that day.
  await db.schema.alterTable('dealer').addColumn('city_code', 'text').execute();
  await db.schema.alterTable('dealer').addColumn('address', 'text').execute();
  await db.schema.alterTable('dealer').addColumn('opening_hours', 'text').execute();
  // The locator reads a store's dealers, optionally of one city.
  await db.schema.createIndex('dealer_store_city_idx').on('dealer').columns(['store_id', 'city_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('dealer_store_city_idx').execute();
  for (const column of ['opening_hours', 'address', 'city_code']) {
    await db.schema.alterTable('dealer').dropColumn(column).execute();
  }
}
