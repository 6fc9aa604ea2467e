import type { DbOrTx, Tx } from '../../db/database.js';

// SQL for dealers, and only here. Every query names the store, so one store never reads another's dealers.

export async function findDealer(db: DbOrTx, storeId: string, dealerId: string) {
  return db.selectFrom('dealer').selectAll().where('store_id', '=', storeId).where('id', '=', dealerId).executeTakeFirst();
}

export async function findDealerByCode(db: DbOrTx, storeId: string, code: string) {
  return db.selectFrom('dealer').select(['id', 'store_id']).where('store_id', '=', storeId).where('code', '=', code).executeTakeFirst();
}

export async function updateDealerContact(
  tx: Tx,
  storeId: string,
  dealerId: string,
  changes: { phone?: string; services?: string },
) {
  const result = await tx
    .updateTable('dealer')
    .set(changes)
    .where('store_id', '=', storeId)
    .where('id', '=', dealerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
