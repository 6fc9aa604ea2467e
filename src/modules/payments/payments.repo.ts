import type { DbOrTx, LedgerEntryTable, PaymentTable, RefundTable, Tx } from '../../db/database.js';

// SQL for payments, the money ledger and refunds, and only here.

export async function insertPayment(tx: Tx, row: PaymentTable): Promise<void> {
  await tx.insertInto('payment').values(row).execute();
}

export async function findPayment(db: DbOrTx, id: string) {
  return db.selectFrom('payment').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPaymentByRequest(db: DbOrTx, buyerId: string, key: string) {
  return db.selectFrom('payment').selectAll().where('buyer_id', '=', buyerId).where('idempotency_key', '=', key).executeTakeFirst();
}

export async function listPaymentsOfOrder(db: DbOrTx, orderId: string) {
  return db.selectFrom('payment').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
}

/** A payment's status changes only from the one it was read in; false when it had moved on. */
export async function updatePaymentIf(tx: Tx, id: string, status: string, changes: Partial<PaymentTable>): Promise<boolean> {
  const result = await tx.updateTable('payment').set(changes).where('id', '=', id).where('status', '=', status).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Pending payments of an order, to close when the order no longer wants them. */
export async function closePendingPayments(tx: Tx, orderId: string, purpose: string, now: string): Promise<void> {
  await tx
    .updateTable('payment')
    .set({ status: 'expired', updated_at: now })
    .where('order_id', '=', orderId)
    .where('purpose', '=', purpose)
    .where('status', '=', 'pending')
    .execute();
}

export async function listPaymentsOfVoucher(db: DbOrTx, voucherId: string) {
  return db.selectFrom('payment').selectAll().where('voucher_id', '=', voucherId).orderBy('created_at').orderBy('id').execute();
}

export async function closePendingPaymentsOfVoucher(tx: Tx, voucherId: string, now: string): Promise<void> {
  await tx.updateTable('payment').set({ status: 'expired', updated_at: now }).where('voucher_id', '=', voucherId).where('status', '=', 'pending').execute();
}

/**
 * Appends a fact to the ledger. False when the same fact (kind, source, reference) is already
 * there: a provider's callback told twice, a refund confirmed twice. The unique index decides.
 */
export async function insertLedgerEntry(tx: Tx, row: LedgerEntryTable): Promise<boolean> {
  const result = await tx
    .insertInto('ledger_entry')
    .values(row)
    .onConflict((oc) => oc.columns(['kind', 'source', 'reference']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findLedgerFact(db: DbOrTx, kind: string, source: string, reference: string) {
  return db.selectFrom('ledger_entry').selectAll().where('kind', '=', kind).where('source', '=', source).where('reference', '=', reference).executeTakeFirst();
}

export async function listLedgerOfOrder(db: DbOrTx, orderId: string) {
  return db.selectFrom('ledger_entry').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
}

/** What a payment has captured so far, net of its refunds (requested or done). */
export async function refundedOrPendingOfPayment(db: DbOrTx, paymentId: string): Promise<number> {
  const row = await db
    .selectFrom('refund')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'))
    .where('payment_id', '=', paymentId)
    .where('status', '!=', 'refused')
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function insertRefund(tx: Tx, row: RefundTable): Promise<void> {
  await tx.insertInto('refund').values(row).execute();
}

export async function findRefund(db: DbOrTx, id: string) {
  return db.selectFrom('refund').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRefundsOfOrder(db: DbOrTx, orderId: string) {
  return db.selectFrom('refund').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
}

export async function updateRefundIf(tx: Tx, id: string, status: string, changes: Partial<RefundTable>): Promise<boolean> {
  const result = await tx.updateTable('refund').set(changes).where('id', '=', id).where('status', '=', status).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Refunds still waiting for their order's other refunds: an order is `refunded` when none is left. */
export async function countPendingRefunds(db: DbOrTx, orderId: string): Promise<number> {
  const row = await db
    .selectFrom('refund')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('order_id', '=', orderId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listPaymentsOfOrders(db: DbOrTx, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db.selectFrom('payment').selectAll().where('order_id', 'in', orderIds).orderBy('created_at').orderBy('id').execute();
}

export async function listRefundsOfOrders(db: DbOrTx, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db.selectFrom('refund').selectAll().where('order_id', 'in', orderIds).orderBy('created_at').orderBy('id').execute();
}
