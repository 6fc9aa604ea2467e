import type { DbOrTx, Tx } from '../../db/database.js';

// SQL for the console's store policy, and only here. Every query names the store.

export async function findStore(db: DbOrTx, storeId: string) {
  return db.selectFrom('store').select(['id', 'slug', 'currency', 'plate_fee']).where('id', '=', storeId).executeTakeFirstOrThrow();
}

/** Every model of the store with its own deposit (null on the default) and its cheapest trim. */
export async function listModelDeposits(db: DbOrTx, storeId: string) {
  return db
    .selectFrom('model')
    .leftJoin('model_deposit', 'model_deposit.model_id', 'model.id')
    .select((eb) => [
      'model.id',
      'model.slug',
      'model.name',
      'model.status',
      'model_deposit.amount as deposit',
      eb.selectFrom('trim').select((t) => t.fn.min('trim.base_price').as('p')).whereRef('trim.model_id', '=', 'model.id').as('from_price'),
    ])
    .where('model.store_id', '=', storeId)
    .orderBy('model.position')
    .orderBy('model.slug')
    .execute();
}

export async function upsertModelDeposit(tx: Tx, row: { model_id: string; store_id: string; amount: number; updated_at: string }): Promise<void> {
  await tx
    .insertInto('model_deposit')
    .values(row)
    .onConflict((oc) => oc.column('model_id').doUpdateSet({ amount: row.amount, updated_at: row.updated_at }))
    .execute();
}

export async function deleteModelDeposit(tx: Tx, storeId: string, modelId: string): Promise<void> {
  await tx.deleteFrom('model_deposit').where('store_id', '=', storeId).where('model_id', '=', modelId).execute();
}

export async function upsertOrderPolicy(
  tx: Tx,
  row: { store_id: string; hold_minutes: number; refund_window_days: number; build_weeks: number; pickup_max_attempts: number; inspection_items: string; updated_at: string },
): Promise<void> {
  const { store_id: _store, ...changes } = row;
  await tx
    .insertInto('order_policy')
    .values(row)
    .onConflict((oc) => oc.column('store_id').doUpdateSet(changes))
    .execute();
}

export async function upsertFinancePolicy(
  tx: Tx,
  row: {
    store_id: string;
    loan_apr_bp: number;
    loan_min_down_bp: number;
    loan_nev_min_down_bp: number;
    loan_min_months: number;
    loan_max_months: number;
    lease_apr_bp: number;
    lease_down_bp: number;
    lease_balloon_bp: number;
    lease_months: number;
    keep_renting_months: number;
    updated_at: string;
  },
): Promise<void> {
  const { store_id: _store, ...changes } = row;
  await tx
    .insertInto('finance_policy')
    .values(row)
    .onConflict((oc) => oc.column('store_id').doUpdateSet(changes))
    .execute();
}

export async function upsertTestDrivePolicy(
  tx: Tx,
  row: {
    store_id: string;
    max_upcoming_per_model: number;
    max_upcoming: number;
    max_in_window: number;
    window_days: number;
    lead_minutes: number;
    horizon_days: number;
    slot_minutes: number;
    updated_at: string;
  },
): Promise<void> {
  const { store_id: _store, ...changes } = row;
  await tx
    .insertInto('test_drive_policy')
    .values(row)
    .onConflict((oc) => oc.column('store_id').doUpdateSet(changes))
    .execute();
}

export async function listPlateFeeRows(db: DbOrTx, storeId: string) {
  return db.selectFrom('plate_fee').selectAll().where('store_id', '=', storeId).orderBy('city_code').execute();
}

/** The cities of the store's active dealers, one row each, with a name as a dealer row spells it. */
export async function listServedCities(db: DbOrTx, storeId: string) {
  return db
    .selectFrom('dealer')
    .select((eb) => ['city_code', eb.fn.min('city').as('city')])
    .where('store_id', '=', storeId)
    .where('status', '=', 'active')
    .where('city_code', 'is not', null)
    .groupBy('city_code')
    .orderBy('city_code')
    .$narrowType<{ city_code: string; city: string }>()
    .execute();
}

export async function setStorePlateFee(tx: Tx, storeId: string, fee: number): Promise<void> {
  await tx.updateTable('store').set({ plate_fee: fee }).where('id', '=', storeId).execute();
}

export async function upsertPlateFee(
  tx: Tx,
  row: { store_id: string; city_code: string; city: string; ice_fee: number; nev_fee: number; note: string; estimate: number; updated_at: string },
): Promise<void> {
  await tx
    .insertInto('plate_fee')
    .values(row)
    .onConflict((oc) => oc.columns(['store_id', 'city_code']).doUpdateSet({ ice_fee: row.ice_fee, nev_fee: row.nev_fee, estimate: row.estimate, updated_at: row.updated_at }))
    .execute();
}

export async function deletePlateFees(tx: Tx, storeId: string, cityCodes: string[]): Promise<void> {
  if (cityCodes.length === 0) return;
  await tx.deleteFrom('plate_fee').where('store_id', '=', storeId).where('city_code', 'in', cityCodes).execute();
}
