import type { DbOrTx, DealerTable, Tx } from '../../db/database.js';

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

// ---- Brand console: every dealer of a store, whatever its status. ----

/** A page of a store's dealers in code order, after the code `after`; status filters when given. */
export async function listDealersPage(db: DbOrTx, storeId: string, page: { status?: string | undefined; after?: string | undefined; limit: number }) {
  let query = db.selectFrom('dealer').selectAll().where('store_id', '=', storeId).orderBy('code').limit(page.limit);
  if (page.status !== undefined) query = query.where('status', '=', page.status);
  if (page.after !== undefined) query = query.where('code', '>', page.after);
  return query.execute();
}

export async function findDealerRowByCode(db: DbOrTx, storeId: string, code: string) {
  return db.selectFrom('dealer').selectAll().where('store_id', '=', storeId).where('code', '=', code).executeTakeFirst();
}

/** Inserts a dealer unless its store already has that code; true when inserted. */
export async function insertDealer(tx: Tx, dealer: DealerTable): Promise<boolean> {
  const result = await tx
    .insertInto('dealer')
    .values(dealer)
    .onConflict((oc) => oc.columns(['store_id', 'code']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export type DealerChangesRow = Partial<Pick<DealerTable, 'name' | 'address' | 'city' | 'city_code' | 'province' | 'lat' | 'lng' | 'phone' | 'services' | 'opening_hours'>>;

export async function updateDealerRow(tx: Tx, storeId: string, dealerId: string, changes: DealerChangesRow): Promise<boolean> {
  if (Object.keys(changes).length === 0) {
    return (await findDealer(tx, storeId, dealerId)) !== undefined;
  }
  const result = await tx.updateTable('dealer').set(changes).where('store_id', '=', storeId).where('id', '=', dealerId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Switches a dealer on or off; true only when its status changed (a repeat changes nothing). */
export async function setDealerStatus(tx: Tx, storeId: string, dealerId: string, status: string): Promise<boolean> {
  const result = await tx
    .updateTable('dealer')
    .set({ status })
    .where('store_id', '=', storeId)
    .where('id', '=', dealerId)
    .where('status', '!=', status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
