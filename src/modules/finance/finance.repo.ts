import type { DbOrTx } from '../../db/database.js';

// SQL for finance quotes, and only here. Every query names the store.

export async function findPolicy(db: DbOrTx, storeId: string) {
  return db.selectFrom('finance_policy').selectAll().where('store_id', '=', storeId).executeTakeFirst();
}

/** A model the store has on sale. */
export async function findModel(db: DbOrTx, storeId: string, slug: string) {
  return db
    .selectFrom('model')
    .select(['slug', 'is_nev'])
    .where('store_id', '=', storeId)
    .where('slug', '=', slug)
    .where('status', '=', 'active')
    .executeTakeFirst();
}
