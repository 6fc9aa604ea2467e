import type { DbOrTx } from '../../db/database.js';

// SQL for plate fees, and only here. Every query names the store.

export async function listPlateFees(db: DbOrTx, storeId: string) {
  return db.selectFrom('plate_fee').selectAll().where('store_id', '=', storeId).orderBy('city_code').execute();
}

export async function findPlateFee(db: DbOrTx, storeId: string, cityCode: string) {
  return db.selectFrom('plate_fee').selectAll().where('store_id', '=', storeId).where('city_code', '=', cityCode).executeTakeFirst();
}
