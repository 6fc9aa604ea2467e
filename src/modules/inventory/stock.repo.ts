import type { DbOrTx, Tx, VehicleUnitTable } from '../../db/database.js';

// SQL for VIN stock, and only here. Every query names the store, and the console's the dealer.

export interface UnitFilter {
  storeId: string;
  /** Absent for a store-wide list (brand administration). */
  dealerId?: string | undefined;
  model?: string | undefined;
  trim?: string | undefined;
  status?: string | undefined;
  purpose?: string | undefined;
  inTransit?: boolean | undefined;
  /** The last VIN of the previous page. */
  after?: string | undefined;
  limit: number;
}

function unitColumns(db: DbOrTx) {
  return db
    .selectFrom('vehicle_unit as u')
    .innerJoin('store as s', 's.id', 'u.store_id')
    .innerJoin('model as m', 'm.id', 'u.model_id')
    .innerJoin('trim as t', 't.id', 'u.trim_id')
    .innerJoin('dealer as d', 'd.id', 'u.dealer_id')
    .leftJoin('option as o', (join) => join.onRef('o.model_id', '=', 'u.model_id').onRef('o.code', '=', 'u.colour'))
    .select([
      'u.vin',
      'u.option_codes',
      'u.purpose',
      'u.status',
      'u.colour',
      'u.price',
      'u.eta',
      'u.built_on',
      'u.updated_at',
      'u.dealer_id',
      's.currency',
      'm.slug as model_slug',
      'm.name as model_name',
      't.code as trim_code',
      't.name as trim_name',
      'd.code as dealer_code',
      'd.name as dealer_name',
      'd.city as dealer_city',
      'o.name as colour_name',
      'o.swatch as colour_swatch',
    ]);
}

export type UnitRow = Awaited<ReturnType<typeof findUnit>> & {};

/** A page of units in VIN order, by the (dealer_id, vin) or (store_id, vin) index. */
export async function listUnits(db: DbOrTx, filter: UnitFilter) {
  let query = unitColumns(db).where('u.store_id', '=', filter.storeId);
  if (filter.dealerId !== undefined) query = query.where('u.dealer_id', '=', filter.dealerId);
  if (filter.model !== undefined) query = query.where('m.slug', '=', filter.model);
  if (filter.trim !== undefined) query = query.where('t.code', '=', filter.trim);
  if (filter.status !== undefined) query = query.where('u.status', '=', filter.status);
  if (filter.purpose !== undefined) query = query.where('u.purpose', '=', filter.purpose);
  if (filter.inTransit !== undefined) query = query.where('u.eta', filter.inTransit ? 'is not' : 'is', null);
  if (filter.after !== undefined) query = query.where('u.vin', '>', filter.after);
  return query.orderBy('u.vin').limit(filter.limit).execute();
}

export async function findUnit(db: DbOrTx, storeId: string, vin: string) {
  return unitColumns(db).where('u.store_id', '=', storeId).where('u.vin', '=', vin).executeTakeFirst();
}

/** Sale units by status, of a dealer or of the whole store: the conservation figures. */
export async function countByStatus(db: DbOrTx, storeId: string, dealerId: string | undefined) {
  let query = db
    .selectFrom('vehicle_unit')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .where('store_id', '=', storeId)
    .where('purpose', '=', 'sale');
  if (dealerId !== undefined) query = query.where('dealer_id', '=', dealerId);
  return query.groupBy('status').execute();
}

export async function insertUnits(tx: Tx, rows: VehicleUnitTable[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const result = await tx
      .insertInto('vehicle_unit')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('vin').doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** Which of these VINs are already registered, in any store: a VIN is one car in the world. */
export async function existingVins(db: DbOrTx, vins: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < vins.length; i += 500) {
    const rows = await db.selectFrom('vehicle_unit').select('vin').where('vin', 'in', vins.slice(i, i + 500)).execute();
    for (const row of rows) found.add(row.vin);
  }
  return found;
}

/** A unit's state changes only from the state it was read in; false when it had moved on. */
export async function updateUnitIf(
  tx: Tx,
  where: { storeId: string; dealerId: string; vin: string; status: string; eta: 'in_transit' | 'arrived' | 'any' },
  changes: Partial<Pick<VehicleUnitTable, 'status' | 'eta' | 'price' | 'dealer_id' | 'hold_expires_at' | 'updated_at'>>,
): Promise<boolean> {
  let query = tx
    .updateTable('vehicle_unit')
    .set(changes)
    .where('store_id', '=', where.storeId)
    .where('dealer_id', '=', where.dealerId)
    .where('vin', '=', where.vin)
    .where('status', '=', where.status);
  if (where.eta !== 'any') query = query.where('eta', where.eta === 'in_transit' ? 'is not' : 'is', null);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findTrimIds(db: DbOrTx, modelId: string) {
  return db.selectFrom('trim').select(['id', 'code']).where('model_id', '=', modelId).execute();
}

export async function findStoreCurrency(db: DbOrTx, storeId: string) {
  return (await db.selectFrom('store').select('currency').where('id', '=', storeId).executeTakeFirst())?.currency;
}

// ---- The buyer's search ----

/** Available sale units of one model at the given dealers, by vehicle_unit_stock_search_idx. */
export async function listAvailableUnits(
  db: DbOrTx,
  filter: { storeId: string; modelId: string; trimId?: string | undefined; dealerIds: string[]; limit: number },
) {
  if (filter.dealerIds.length === 0) return [];
  let query = db
    .selectFrom('vehicle_unit')
    .select(['vin', 'trim_id', 'option_codes', 'colour', 'price', 'eta', 'dealer_id'])
    .where('store_id', '=', filter.storeId)
    .where('model_id', '=', filter.modelId)
    .where('status', '=', 'available')
    .where('purpose', '=', 'sale')
    .where('dealer_id', 'in', filter.dealerIds);
  if (filter.trimId !== undefined) query = query.where('trim_id', '=', filter.trimId);
  return query.limit(filter.limit).execute();
}

/** Available sale units of one model per dealer, in one pass over the index alone. */
export async function countAvailableByDealer(
  db: DbOrTx,
  filter: { storeId: string; modelId: string; trimId?: string | undefined; dealerIds: string[] },
): Promise<Map<string, number>> {
  if (filter.dealerIds.length === 0) return new Map();
  let query = db
    .selectFrom('vehicle_unit')
    .select((eb) => ['dealer_id', eb.fn.countAll<number | string>().as('n')])
    .where('store_id', '=', filter.storeId)
    .where('model_id', '=', filter.modelId)
    .where('status', '=', 'available')
    .where('purpose', '=', 'sale')
    .where('dealer_id', 'in', filter.dealerIds);
  if (filter.trimId !== undefined) query = query.where('trim_id', '=', filter.trimId);
  const rows = await query.groupBy('dealer_id').execute();
  return new Map(rows.map((row) => [row.dealer_id, Number(row.n)]));
}

/** Available sale units per model and dealer, in one pass over vehicle_unit_stock_search_idx alone. */
export async function countAvailableByModelAndDealer(
  db: DbOrTx,
  filter: { storeId: string; modelIds: string[]; dealerIds: string[] },
): Promise<Array<{ modelId: string; dealerId: string; n: number }>> {
  if (filter.modelIds.length === 0 || filter.dealerIds.length === 0) return [];
  const rows = await db
    .selectFrom('vehicle_unit')
    .select((eb) => ['model_id', 'dealer_id', eb.fn.countAll<number | string>().as('n')])
    .where('store_id', '=', filter.storeId)
    .where('model_id', 'in', filter.modelIds)
    .where('status', '=', 'available')
    .where('purpose', '=', 'sale')
    .where('dealer_id', 'in', filter.dealerIds)
    .groupBy(['model_id', 'dealer_id'])
    .execute();
  return rows.map((row) => ({ modelId: row.model_id, dealerId: row.dealer_id, n: Number(row.n) }));
}

/** At most `limit` available sale units of one model at some dealers: one bounded range of vehicle_unit_stock_search_idx. */
export interface UnitTake {
  modelId: string;
  dealerIds: string[];
  limit: number;
}

// SQLite refuses a compound SELECT of more than 500 parts.
const TAKES_PER_STATEMENT = 200;

/**
 * Several takes read in one statement (each a limited index range, so the statement reads at most
 * the sum of their limits), whatever the number of models they span.
 */
export async function listAvailableUnitsOf(db: DbOrTx, storeId: string, takes: UnitTake[]) {
  const wanted = takes.filter((take) => take.limit > 0 && take.dealerIds.length > 0);
  const rows = [];
  for (let i = 0; i < wanted.length; i += TAKES_PER_STATEMENT) {
    const parts = wanted.slice(i, i + TAKES_PER_STATEMENT).map((take) =>
      db
        .selectFrom((eb) =>
          eb
            .selectFrom('vehicle_unit')
            .select(['vin', 'model_id', 'trim_id', 'option_codes', 'colour', 'price', 'eta', 'dealer_id'])
            .where('store_id', '=', storeId)
            .where('model_id', '=', take.modelId)
            .where('status', '=', 'available')
            .where('purpose', '=', 'sale')
            .where('dealer_id', 'in', take.dealerIds)
            .limit(take.limit)
            .as('take'),
        )
        .selectAll(),
    );
    rows.push(...(await parts.slice(1).reduce((query, part) => query.unionAll(part), parts[0]!).execute()));
  }
  return rows;
}

/** The slugs of a store's models on sale, for a search across the whole range. */
export async function listActiveModelSlugs(db: DbOrTx, storeId: string): Promise<string[]> {
  const rows = await db.selectFrom('model').select('slug').where('store_id', '=', storeId).where('status', '=', 'active').orderBy('position').execute();
  return rows.map((row) => row.slug);
}

/**
 * Holds a sale unit for an order until `until` (null: until the order moves it on): from available, or from a hold that has run
 * out. One conditional UPDATE, so of two buyers racing for one VIN exactly one gets it.
 */
export async function holdUnitForOrder(tx: Tx, storeId: string, vin: string, until: string | null, now: string): Promise<boolean> {
  const result = await tx
    .updateTable('vehicle_unit')
    .set({ status: 'held', hold_expires_at: until, updated_at: now })
    .where('store_id', '=', storeId)
    .where('vin', '=', vin)
    .where('purpose', '=', 'sale')
    .where((eb) =>
      eb.or([eb('status', '=', 'available'), eb.and([eb('status', '=', 'held'), eb('hold_expires_at', 'is not', null), eb('hold_expires_at', '<', now)])]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Moves a unit an order owns from one status to the next; false when it is not in `from`. */
export async function moveOrderUnit(
  tx: Tx,
  vin: string,
  from: 'available' | 'held' | 'sold',
  to: 'available' | 'held' | 'sold' | 'delivered',
  now: string,
): Promise<boolean> {
  const result = await tx
    .updateTable('vehicle_unit')
    .set({ status: to, hold_expires_at: null, updated_at: now })
    .where('vin', '=', vin)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Whether a live order names this VIN; its status is then the order's to change. */
export async function isOnLiveOrder(db: DbOrTx, vin: string): Promise<boolean> {
  const row = await db
    .selectFrom('customer_order')
    .select('id')
    .where('vin', '=', vin)
    .where('status', 'not in', ['expired', 'cancelled', 'refunded'])
    .executeTakeFirst();
  return row !== undefined;
}
