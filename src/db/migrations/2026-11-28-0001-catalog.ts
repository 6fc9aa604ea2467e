import { sql, type Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('store')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('brand', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tagline', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('catalog_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('model')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tagline', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('powertrain', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('is_nev', 'integer', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('model_store_slug_key', ['store_id', 'slug'])
    .execute();

  await db.schema
    .createTable('trim')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('model.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('engine', 'text', (c) => c.notNull())
    .addColumn('base_price', 'bigint', (c) => c.notNull().check(sqlNonNegative('base_price')))
    .addColumn('price_is_estimate', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addUniqueConstraint('trim_model_code_key', ['model_id', 'code'])
    .execute();

  await db.schema
    .createTable('option_group')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('model.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('choice', 'text', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('option_group_model_code_key', ['model_id', 'code'])
    .execute();

  await db.schema
    .createTable('option')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('model.id'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('option_group.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull().check(sqlNonNegative('price')))
    .addColumn('swatch', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addUniqueConstraint('option_model_code_key', ['model_id', 'code'])
    .execute();
  await db.schema.createIndex('option_group_id_idx').on('option').column('group_id').execute();

  await db.schema
    .createTable('trim_option')
    .addColumn('trim_id', 'text', (c) => c.notNull().references('trim.id'))
    .addColumn('option_id', 'text', (c) => c.notNull().references('option.id'))
    .addColumn('availability', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('trim_option_pkey', ['trim_id', 'option_id'])
    .execute();
  await db.schema.createIndex('trim_option_option_idx').on('trim_option').column('option_id').execute();

  await db.schema
    .createTable('option_rule')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('model.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('option_code', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('option_rule_model_position_key', ['model_id', 'position'])
    .execute();

  await db.schema
    .createTable('dealer')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('dealer_store_code_key', ['store_id', 'code'])
    .execute();

  await db.schema
    .createTable('vehicle_unit')
    .addColumn('vin', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('model_id', 'text', (c) => c.notNull().references('model.id'))
    .addColumn('trim_id', 'text', (c) => c.notNull().references('trim.id'))
    .addColumn('dealer_id', 'text', (c) => c.notNull().references('dealer.id'))
    .addColumn('option_codes', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('hold_expires_at', 'text')
    .addColumn('built_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('vehicle_unit_store_model_status_idx')
    .on('vehicle_unit')
    .columns(['store_id', 'model_id', 'status'])
    .execute();
  await db.schema.createIndex('vehicle_unit_dealer_status_idx').on('vehicle_unit').columns(['dealer_id', 'status']).execute();

  await db.schema
    .createTable('campaign')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull().references('model.id'))
    .addColumn('trim_id', 'text', (c) => c.notNull().references('trim.id'))
    .addColumn('option_codes', 'text', (c) => c.notNull())
    .addColumn('list_price', 'bigint', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addColumn('deposit', 'bigint', (c) => c.notNull())
    .addColumn('units_total', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('campaign_store_slug_key', ['store_id', 'slug'])
    .execute();

  await db.schema
    .createTable('sales_target')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('units', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addUniqueConstraint('sales_target_store_year_scope_key', ['store_id', 'year', 'scope'])
    .execute();

  await db.schema
    .createTable('market_figure')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('market_figure_pkey', ['year', 'metric'])
    .execute();
}

function sqlNonNegative(column: string) {
  return sql.raw(`${column} >= 0`);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'market_figure',
    'sales_target',
    'campaign',
    'vehicle_unit',
    'dealer',
    'option_rule',
    'trim_option',
    'option',
    'option_group',
    'trim',
    'model',
    'store',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
