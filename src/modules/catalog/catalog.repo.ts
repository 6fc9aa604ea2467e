import type { DbOrTx, Tx } from '../../db/database.js';

// SQL for the catalog, and only here. Reads only active rows: retired ones stay for old orders.

export async function listStores(db: DbOrTx) {
  return db.selectFrom('store').selectAll().orderBy('slug').execute();
}

export async function findStoreBySlug(db: DbOrTx, slug: string) {
  return db.selectFrom('store').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function listModelsWithFromPrice(db: DbOrTx, storeId: string) {
  return db
    .selectFrom('model')
    .where('model.store_id', '=', storeId)
    .where('model.status', '=', 'active')
    .select((eb) => [
      'model.id',
      'model.slug',
      'model.name',
      'model.tagline',
      'model.body',
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

/** Everything the configurator needs about one model, in a fixed number of queries. */
export async function loadModelCatalog(db: DbOrTx, modelId: string) {
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
