import { sql, type Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // A campaign's editions: one fixed configuration, or a small set of them (the same edition in
  // two paints), in the order the buyer sees them. They share the campaign's units, price and
  // deposit. The campaign's own trim_id and option_codes stay those of its first edition.
  await db.schema
    .createTable('campaign_edition')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaign.id'))
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position between 1 and 6`))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('trim_id', 'text', (c) => c.notNull().references('trim.id'))
    .addColumn('option_codes', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_edition_pkey', ['campaign_id', 'position'])
    .addUniqueConstraint('campaign_edition_code_key', ['campaign_id', 'code'])
    .execute();

  // Every campaign so far sold one edition: it becomes the first, named by its paint.
  const campaigns = await db.selectFrom('campaign').select(['id', 'model_id', 'trim_id', 'option_codes']).execute();
  for (const campaign of campaigns) {
    const codes = JSON.parse(campaign.option_codes) as string[];
    const paint =
      codes.length === 0
        ? undefined
        : await db
            .selectFrom('option')
            .innerJoin('option_group', 'option_group.id', 'option.group_id')
            .select('option.code')
            .where('option.model_id', '=', campaign.model_id)
            .where('option_group.code', '=', 'paint')
            .where('option.code', 'in', codes)
            .executeTakeFirst();
    await db
      .insertInto('campaign_edition')
      .values({ campaign_id: campaign.id, position: 1, code: paint?.code ?? 'edition-1', trim_id: campaign.trim_id, option_codes: campaign.option_codes })
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('campaign_edition').execute();
}
