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
  changes: { phone?: string; services?: string; opening_hours?: string },
) {
  const result = await tx
    .updateTable('dealer')
    .set(changes)
    .where('store_id', '=', storeId)
    .where('id', '=', dealerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The active dealers of a store in code order (index dealer_store_status_code_idx): the locator's
 * directory, loaded once per directory version and kept in memory.
 */
export async function listActiveDealers(db: DbOrTx, storeId: string) {
  return db.selectFrom('dealer').selectAll().where('store_id', '=', storeId).where('status', '=', 'active').orderBy('code').execute();
}

export async function findActiveDealerByCode(db: DbOrTx, storeId: string, code: string) {
  return db
    .selectFrom('dealer')
    .selectAll()
    .where('store_id', '=', storeId)
    .where('code', '=', code)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** The cities with active dealers in a store, with how many. */
export async function countActiveDealersByCity(db: DbOrTx, storeId: string) {
  return db
    .selectFrom('dealer')
    .where('store_id', '=', storeId)
    .where('status', '=', 'active')
    .where('city_code', 'is not', null)
    .groupBy('city_code')
    .select((eb) => [
      'city_code',
      eb.fn.max('city').as('city'),
      eb.fn.max('province').as('province'),
      eb.fn.countAll<number | string>().as('dealers'),
      eb.fn.avg<number | string>('lat').as('lat'),
      eb.fn.avg<number | string>('lng').as('lng'),
    ])
    .orderBy('city_code')
    .execute();
}

/** The version of a store's dealer directory, which database triggers bump on any change to its dealers; 0 before any. */
export async function dealerDirectoryVersion(db: DbOrTx, storeId: string): Promise<number> {
  const row = await db.selectFrom('dealer_directory').select('version').where('store_id', '=', storeId).executeTakeFirst();
  return row ? Number(row.version) : 0;
}

/** The localized name of a city the store has an active dealer in. */
export async function findServedCity(db: DbOrTx, storeId: string, cityCode: string) {
  return db
    .selectFrom('dealer')
    .select('city')
    .where('store_id', '=', storeId)
    .where('status', '=', 'active')
    .where('city_code', '=', cityCode)
    .limit(1)
    .executeTakeFirst();
}
