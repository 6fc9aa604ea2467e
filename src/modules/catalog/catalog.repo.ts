import type { DbOrTx, ModelTable, OptionTable, TrimTable, Tx } from '../../db/database.js';
import type { Insertable } from 'kysely';
import { inReadSnapshot } from '../../db/tx.js';

// SQL for the catalog, and only here. Reads only active rows: retired ones stay for old orders.

/** Stores open to buyers; switched-off ones are left out. */
export async function listActiveStores(db: DbOrTx) {
  return db.selectFrom('store').selectAll().where('status', '=', 'active').orderBy('slug').execute();
}

/** What every catalog read across stores depends on, for its cache key: small, one row per store. */
export async function listStoreVersions(db: DbOrTx) {
  return db.selectFrom('store').select(['id', 'slug', 'catalog_version', 'status']).orderBy('slug').execute();
}

export async function findStoreBySlug(db: DbOrTx, slug: string) {
  return db.selectFrom('store').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** The published models of the given stores with their from-prices, in one query whatever their number. */
export async function listModelsWithFromPrice(db: DbOrTx, storeIds: string[]) {
  if (storeIds.length === 0) return [];
  return db
    .selectFrom('model')
    .where('model.store_id', 'in', storeIds)
    .where('model.status', '=', 'active')
    .select((eb) => [
      'model.id',
      'model.store_id',
      'model.slug',
      'model.name',
      'model.tagline',
      'model.body',
      'model.body_tags',
      'model.powertrain',
      'model.seats',
      'model.is_nev',
      'model.origin',
      eb
        .selectFrom('trim')
        .whereRef('trim.model_id', '=', 'model.id')
        .where('trim.status', '=', 'active')
        .select((t) => t.fn.min<number>('trim.base_price').as('p'))
        .as('from_price'),
      eb
        .selectFrom('trim')
        .whereRef('trim.model_id', '=', 'model.id')
        .where('trim.status', '=', 'active')
        .select((t) => t.fn.count<number>('trim.id').as('n'))
        .as('trim_count'),
      eb
        .selectFrom('trim')
        .whereRef('trim.model_id', '=', 'model.id')
        .where('trim.status', '=', 'active')
        .select((t) => t.fn.max<number>('trim.price_is_estimate').as('e'))
        .as('price_is_estimate'),
      eb
        .selectFrom('option')
        .innerJoin('option_group', 'option_group.id', 'option.group_id')
        .whereRef('option.model_id', '=', 'model.id')
        .where('option_group.code', '=', 'paint')
        .where('option.status', '=', 'active')
        .orderBy('option.position')
        .select('option.swatch')
        .limit(1)
        .as('swatch'),
    ])
    .orderBy('model.store_id')
    .orderBy('model.position')
    .execute();
}

export async function findModelBySlug(db: DbOrTx, storeId: string, slug: string) {
  return db
    .selectFrom('model')
    .selectAll()
    .where('store_id', '=', storeId)
    .where('slug', '=', slug)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/**
 * Everything the configurator needs about one model, in a fixed number of queries, all read
 * from one snapshot: a catalog change committing between them cannot mix two versions.
 */
export async function loadModelCatalog(db: DbOrTx, modelId: string) {
  return db.isTransaction ? readModelCatalog(db, modelId) : inReadSnapshot(db, (tx) => readModelCatalog(tx, modelId));
}

async function readModelCatalog(db: DbOrTx, modelId: string) {
  // Queries on one transaction run one after the other on its connection.
  const [trims, groups, options, availability, rules] = await Promise.all([
    db
      .selectFrom('trim')
      .selectAll()
      .where('model_id', '=', modelId)
      .where('status', '=', 'active')
      .orderBy('position')
      .execute(),
    db.selectFrom('option_group').selectAll().where('model_id', '=', modelId).orderBy('position').execute(),
    db
      .selectFrom('option')
      .selectAll()
      .where('model_id', '=', modelId)
      .where('status', '=', 'active')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('trim_option')
      .innerJoin('trim', 'trim.id', 'trim_option.trim_id')
      .select(['trim_option.trim_id', 'trim_option.option_id', 'trim_option.availability'])
      .where('trim.model_id', '=', modelId)
      .execute(),
    db.selectFrom('option_rule').selectAll().where('model_id', '=', modelId).orderBy('position').execute(),
  ]);
  return { trims, groups, options, availability, rules };
}

/** Every model of one store, retired ones too, for its brand console. */
export async function listModelsForAdmin(db: DbOrTx, storeId: string) {
  return db
    .selectFrom('model')
    .select(['id', 'slug', 'name', 'tagline', 'status', 'powertrain', 'body', 'position'])
    .where('store_id', '=', storeId)
    .orderBy('position')
    .execute();
}

export async function updateModel(tx: Tx, storeId: string, slug: string, changes: { status?: string; tagline?: string }) {
  const result = await tx
    .updateTable('model')
    .set(changes)
    .where('store_id', '=', storeId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every catalog change bumps the store's version: cached catalog reads and ETags then change. */
export async function bumpCatalogVersion(tx: Tx, storeId: string) {
  await tx
    .updateTable('store')
    .set((eb) => ({ catalog_version: eb('catalog_version', '+', 1) }))
    .where('id', '=', storeId)
    .execute();
}

/** A model in any status, for its brand console. */
export async function findModelForAdmin(db: DbOrTx, storeId: string, slug: string) {
  return db.selectFrom('model').selectAll().where('store_id', '=', storeId).where('slug', '=', slug).executeTakeFirst();
}

export async function nextModelPosition(db: DbOrTx, storeId: string): Promise<number> {
  const row = await db
    .selectFrom('model')
    .select((eb) => eb.fn.max<number>('position').as('p'))
    .where('store_id', '=', storeId)
    .executeTakeFirst();
  return Number(row?.p ?? -1) + 1;
}

export async function insertModel(tx: Tx, row: ModelTable) {
  const result = await tx
    .insertInto('model')
    .values(row)
    .onConflict((oc) => oc.columns(['store_id', 'slug']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateModelFields(
  tx: Tx,
  storeId: string,
  slug: string,
  changes: Partial<Pick<ModelTable, 'name' | 'tagline' | 'body' | 'body_tags' | 'powertrain' | 'seats' | 'is_nev' | 'status'>>,
) {
  const result = await tx.updateTable('model').set(changes).where('store_id', '=', storeId).where('slug', '=', slug).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertTrim(tx: Tx, row: Insertable<TrimTable>) {
  const result = await tx
    .insertInto('trim')
    .values(row)
    .onConflict((oc) => oc.columns(['model_id', 'code']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateTrim(
  tx: Tx,
  modelId: string,
  code: string,
  changes: Partial<Pick<TrimTable, 'name' | 'engine' | 'base_price' | 'status'> & { specs: string }>,
) {
  const result = await tx.updateTable('trim').set(changes).where('model_id', '=', modelId).where('code', '=', code).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listTrimIds(db: DbOrTx, modelId: string) {
  return db.selectFrom('trim').select(['id', 'code']).where('model_id', '=', modelId).execute();
}

/** Every option code of a model, whatever its status. */
export async function listOptionCodes(db: DbOrTx, modelId: string): Promise<string[]> {
  const rows = await db.selectFrom('option').select('code').where('model_id', '=', modelId).execute();
  return rows.map((r) => r.code);
}

export async function findGroup(db: DbOrTx, modelId: string, code: string) {
  return db.selectFrom('option_group').select(['id', 'code']).where('model_id', '=', modelId).where('code', '=', code).executeTakeFirst();
}

export async function nextOptionPosition(db: DbOrTx, modelId: string): Promise<number> {
  const row = await db
    .selectFrom('option')
    .select((eb) => eb.fn.max<number>('position').as('p'))
    .where('model_id', '=', modelId)
    .executeTakeFirst();
  return Number(row?.p ?? -1) + 1;
}

export async function insertOption(tx: Tx, row: OptionTable) {
  const result = await tx
    .insertInto('option')
    .values(row)
    .onConflict((oc) => oc.columns(['model_id', 'code']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findOption(db: DbOrTx, modelId: string, code: string) {
  return db.selectFrom('option').select(['id', 'code']).where('model_id', '=', modelId).where('code', '=', code).executeTakeFirst();
}

export async function updateOption(
  tx: Tx,
  modelId: string,
  code: string,
  changes: Partial<Pick<OptionTable, 'name' | 'price' | 'status' | 'swatch'>>,
) {
  const result = await tx.updateTable('option').set(changes).where('model_id', '=', modelId).where('code', '=', code).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Sets an option's availability on the given trims, leaving other trims as they are.
 * "optional" is the default and has no row; the others are upserted, never read and written back.
 */
export async function setAvailability(tx: Tx, optionId: string, rows: Array<{ trimId: string; availability: string }>) {
  const optional = rows.filter((r) => r.availability === 'optional').map((r) => r.trimId);
  const stored = rows.filter((r) => r.availability !== 'optional');
  if (optional.length > 0) {
    await tx.deleteFrom('trim_option').where('option_id', '=', optionId).where('trim_id', 'in', optional).execute();
  }
  if (stored.length > 0) {
    await tx
      .insertInto('trim_option')
      .values(stored.map((r) => ({ trim_id: r.trimId, option_id: optionId, availability: r.availability })))
      .onConflict((oc) => oc.columns(['trim_id', 'option_id']).doUpdateSet((eb) => ({ availability: eb.ref('excluded.availability') })))
      .execute();
  }
}

export async function replaceRules(
  tx: Tx,
  modelId: string,
  rules: Array<{ id: string; kind: string; option_code: string; targets: string; note: string }>,
) {
  await tx.deleteFrom('option_rule').where('model_id', '=', modelId).execute();
  if (rules.length > 0) {
    await tx
      .insertInto('option_rule')
      .values(rules.map((rule, position) => ({ ...rule, model_id: modelId, position })))
      .execute();
  }
}

export type AdminModelRow = ModelTable;

export async function insertOptionGroups(
  tx: Tx,
  modelId: string,
  groups: Array<{ id: string; code: string; name: string; choice: string; required: number; position: number }>,
) {
  await tx
    .insertInto('option_group')
    .values(groups.map((g) => ({ ...g, model_id: modelId })))
    .execute();
}
