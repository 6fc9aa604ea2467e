import { sql, type Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // A flash sale's rules, and its stock: available = units_total - units_held - units_sold, which the
  // checks keep from going negative whatever a buggy update tries.
  await db.schema.alterTable('campaign').addColumn('per_buyer_limit', 'integer', (c) => c.notNull().defaultTo(1).check(sql`per_buyer_limit >= 1`)).execute();
  await db.schema.alterTable('campaign').addColumn('pay_minutes', 'integer', (c) => c.notNull().defaultTo(30).check(sql`pay_minutes >= 1`)).execute();
  await db.schema.alterTable('campaign').addColumn('ended_at', 'text').execute();
  await db.schema.alterTable('campaign').addColumn('units_held', 'integer', (c) => c.notNull().defaultTo(0).check(sql`units_held >= 0`)).execute();
  await db.schema
    .alterTable('campaign')
    .addColumn('units_sold', 'integer', (c) => c.notNull().defaultTo(0).check(sql`units_sold >= 0 and units_held + units_sold <= units_total`))
    .execute();
  await db.schema.alterTable('campaign').addColumn('updated_at', 'text').execute();

  // source 'campaign': an edition unit claimed in a flash sale.
  await db.schema.alterTable('customer_order').addColumn('campaign_id', 'text', (c) => c.references('campaign.id')).execute();
  // A buyer's live claims of a campaign, counted under their account's lock.
  await db.schema.createIndex('customer_order_campaign_buyer_idx').on('customer_order').columns(['campaign_id', 'buyer_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customer_order_campaign_buyer_idx').execute();
  await db.schema.alterTable('customer_order').dropColumn('campaign_id').execute();
  for (const column of ['updated_at', 'units_sold', 'units_held', 'ended_at', 'pay_minutes', 'per_buyer_limit']) {
    await db.schema.alterTable('campaign').dropColumn(column).execute();
  }
}
