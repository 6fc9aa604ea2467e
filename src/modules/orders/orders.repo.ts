import { sql } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { CustomerOrderTable, DbOrTx, OrderEventTable, Tx } from '../../db/database.js';

// SQL for orders and their timelines, and only here.

export type OrderRow = Awaited<ReturnType<typeof findOrder>> & {};

function orderColumns(db: DbOrTx) {
  return db
    .selectFrom('customer_order as o')
    .innerJoin('store as s', 's.id', 'o.store_id')
    .innerJoin('dealer as d', 'd.id', 'o.dealer_id')
    .innerJoin('user_account as b', 'b.id', 'o.buyer_id')
    .selectAll('o')
    .select([
      's.slug as store_slug',
      'd.code as dealer_code',
      'd.name as dealer_name',
      'd.city as dealer_city',
      'd.phone as dealer_phone',
      'b.display_name as buyer_name',
      'b.locale as buyer_locale',
    ]);
}

export async function findOrder(db: DbOrTx, id: string) {
  return orderColumns(db).where('o.id', '=', id).executeTakeFirst();
}

export async function findOrderOfBuyer(db: DbOrTx, buyerId: string, id: string) {
  return orderColumns(db).where('o.id', '=', id).where('o.buyer_id', '=', buyerId).executeTakeFirst();
}

export async function findOrderOfDealer(db: DbOrTx, dealerId: string, id: string) {
  return orderColumns(db).where('o.id', '=', id).where('o.dealer_id', '=', dealerId).executeTakeFirst();
}

export async function findOrderOfStore(db: DbOrTx, storeId: string, id: string) {
  return orderColumns(db).where('o.id', '=', id).where('o.store_id', '=', storeId).executeTakeFirst();
}

/** The order a request with this Idempotency-Key already placed, if it ran to the end once. */
export async function findOrderByRequest(db: DbOrTx, buyerId: string, key: string) {
  return db.selectFrom('customer_order').select(['id']).where('buyer_id', '=', buyerId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** The live order holding a VIN, if any: at most one, by a partial unique index. */
export async function findLiveOrderOfVin(db: DbOrTx, vin: string) {
  return db
    .selectFrom('customer_order')
    .select(['id', 'status', 'hold_expires_at'])
    .where('vin', '=', vin)
    .where('status', 'not in', ['expired', 'cancelled', 'refunded'])
    .executeTakeFirst();
}

export interface OrderListFilter {
  buyerId?: string | undefined;
  dealerId?: string | undefined;
  storeId?: string | undefined;
  status?: string | undefined;
  /** The (created_at, id) of the previous page's last order. */
  before?: { createdAt: string; id: string } | undefined;
  limit: number;
}

/** Newest first, by the (buyer|dealer|store, created_at) indexes. */
export async function listOrders(db: DbOrTx, filter: OrderListFilter) {
  let query = orderColumns(db);
  if (filter.buyerId !== undefined) query = query.where('o.buyer_id', '=', filter.buyerId);
  if (filter.dealerId !== undefined) query = query.where('o.dealer_id', '=', filter.dealerId);
  if (filter.storeId !== undefined) query = query.where('o.store_id', '=', filter.storeId);
  if (filter.status !== undefined) query = query.where('o.status', '=', filter.status);
  if (filter.before !== undefined) {
    const { createdAt, id } = filter.before;
    query = query.where((eb) => eb.or([eb('o.created_at', '<', createdAt), eb.and([eb('o.created_at', '=', createdAt), eb('o.id', '<', id)])]));
  }
  return query.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(filter.limit).execute();
}

/** Orders by status, of a dealer or of a whole store: the consoles' tabs, counted on an index. */
export async function countOrdersByStatus(db: DbOrTx, scope: { storeId: string; dealerId?: string | undefined }) {
  let query = db.selectFrom('customer_order').select(['status', sql<number>`count(*)`.as('count')]);
  query = scope.dealerId !== undefined ? query.where('dealer_id', '=', scope.dealerId) : query.where('store_id', '=', scope.storeId);
  return query.groupBy('status').execute();
}

export async function insertOrder(tx: Tx, row: Insertable<CustomerOrderTable>): Promise<void> {
  await tx.insertInto('customer_order').values(row).execute();
}

/** Changes an order only from the status it was read in; false when it had moved on. */
export async function updateOrderIf(tx: Tx, id: string, status: string, changes: Updateable<CustomerOrderTable>): Promise<boolean> {
  const result = await tx.updateTable('customer_order').set(changes).where('id', '=', id).where('status', '=', status).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateOrder(tx: Tx, id: string, changes: Updateable<CustomerOrderTable>): Promise<void> {
  await tx.updateTable('customer_order').set(changes).where('id', '=', id).execute();
}

/** Adds a ledger entry's amount to the order's running sum of its kind, in the entry's transaction. */
export async function addToBalance(tx: Tx, id: string, kind: 'authorized' | 'captured' | 'refunded', amount: number, now: string): Promise<void> {
  const column = `amount_${kind}` as const;
  await tx
    .updateTable('customer_order')
    .set((eb) => ({ [column]: eb(eb.ref(column), '+', amount), updated_at: now }))
    .where('id', '=', id)
    .execute();
}

/** Counts a wrong pickup code; locks handover once `maxAttempts` are spent. Never a read-modify-write. */
export async function recordPickupFailure(tx: Tx, id: string, maxAttempts: number, lockUntil: string, now: string) {
  await tx
    .updateTable('customer_order')
    .set((eb) => ({
      pickup_failures: eb(eb.ref('pickup_failures'), '+', 1),
      pickup_locked_until: eb.case().when('pickup_failures', '>=', maxAttempts - 1).then(lockUntil).else(eb.ref('pickup_locked_until')).end(),
      updated_at: now,
    }))
    .where('id', '=', id)
    .execute();
  return tx.selectFrom('customer_order').select(['pickup_failures', 'pickup_locked_until']).where('id', '=', id).executeTakeFirstOrThrow();
}

export async function insertEvent(tx: Tx, row: OrderEventTable): Promise<void> {
  await tx.insertInto('order_event').values(row).execute();
}

export async function listEvents(db: DbOrTx, orderId: string) {
  return db.selectFrom('order_event').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
}

/** Unpaid orders whose hold has run out, oldest first, a bounded batch. */
export async function listExpiredPending(db: DbOrTx, now: string, limit: number) {
  return db
    .selectFrom('customer_order')
    .select(['id'])
    .where('status', '=', 'pending_deposit')
    .where('hold_expires_at', '<', now)
    .orderBy('hold_expires_at')
    .limit(limit)
    .execute();
}

export async function findPolicyRow(db: DbOrTx, storeId: string) {
  return db.selectFrom('order_policy').selectAll().where('store_id', '=', storeId).executeTakeFirst();
}

export async function findModelDeposit(db: DbOrTx, modelId: string) {
  return db.selectFrom('model_deposit').select(['amount']).where('model_id', '=', modelId).executeTakeFirst();
}

export async function listEventsOfOrders(db: DbOrTx, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db.selectFrom('order_event').selectAll().where('order_id', 'in', orderIds).orderBy('created_at').orderBy('id').execute();
}

/** A buyer's unpaid orders whose hold still runs: the limit of what one account may hold. */
export async function countUnpaidOrders(tx: Tx, buyerId: string, now: string): Promise<number> {
  const row = await tx
    .selectFrom('customer_order')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('buyer_id', '=', buyerId)
    .where('status', '=', 'pending_deposit')
    .where('hold_expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A buyer's orders of a flash sale that still hold or own a unit (a hold that ran out does not). */
/** Every buyer who has claimed a unit of the campaign, whatever became of the order. */
export async function listCampaignBuyers(db: DbOrTx, campaignId: string): Promise<string[]> {
  const rows = await db.selectFrom('customer_order').select('buyer_id').distinct().where('campaign_id', '=', campaignId).execute();
  return rows.map((row) => row.buyer_id);
}

export async function countLiveCampaignOrders(tx: Tx, campaignId: string, buyerId: string, now: string): Promise<number> {
  const row = await tx
    .selectFrom('customer_order')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('buyer_id', '=', buyerId)
    .where('status', 'not in', ['expired', 'cancelled', 'refunded'])
    .where((eb) => eb.or([eb('status', '!=', 'pending_deposit'), eb('hold_expires_at', '>', now)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
