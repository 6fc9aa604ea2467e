import type { Tx } from '../db/database.js';
import { lockRows } from '../db/tx.js';
import { enqueue } from '../modules/jobs/jobs.service.js';
import * as orders from '../modules/orders/orders.repo.js';
import { recordEvent, type OrderRow, type Who } from '../modules/orders/orders.service.js';
import * as payments from '../modules/payments/payments.repo.js';
import * as vouchers from '../modules/vouchers/vouchers.repo.js';
import type { VoucherRow } from '../modules/vouchers/vouchers.repo.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';

/*
 * The ledger: money facts appended, each once (the unique index on kind, source and reference
 * decides), with the running sums of their order or voucher kept in the same transaction.
 * A refund is recorded in the transaction that decides it, and made by the payment.refund job,
 * whose refund id the provider takes as its idempotency key.
 */

export const PAYMENT_REFUND = 'payment.refund';

/** Appends a money fact and adds it to the order's running sums; false when the fact was already there. */
export async function recordLedgerEntry(
  tx: Tx,
  clock: Clock,
  order: Pick<OrderRow, 'id' | 'currency'>,
  entry: { kind: 'authorized' | 'captured' | 'refunded'; source: string; reference: string; amount: number; paymentId: string | null },
): Promise<boolean> {
  const now = clock.now();
  const added = await payments.insertLedgerEntry(tx, {
    id: newId(now.getTime()),
    order_id: order.id,
    voucher_id: null,
    payment_id: entry.paymentId,
    kind: entry.kind,
    amount: entry.amount,
    currency: order.currency,
    source: entry.source,
    reference: entry.reference,
    created_at: now.toISOString(),
  });
  if (added) await orders.addToBalance(tx, order.id, entry.kind, entry.amount, now.toISOString());
  return added;
}

/** Appends a money fact about a voucher and adds it to the voucher's sums; false when it was already there. */
export async function recordVoucherLedgerEntry(
  tx: Tx,
  clock: Clock,
  voucher: Pick<VoucherRow, 'id' | 'currency'>,
  entry: { kind: 'captured' | 'refunded'; source: string; reference: string; amount: number; paymentId: string },
): Promise<boolean> {
  const now = clock.now();
  const added = await payments.insertLedgerEntry(tx, {
    id: newId(now.getTime()),
    order_id: null,
    voucher_id: voucher.id,
    payment_id: entry.paymentId,
    kind: entry.kind,
    amount: entry.amount,
    currency: voucher.currency,
    source: entry.source,
    reference: entry.reference,
    created_at: now.toISOString(),
  });
  if (added) await vouchers.addToVoucherBalance(tx, voucher.id, entry.kind, entry.amount, now.toISOString());
  return added;
}


/** What money is about: an order, or a voucher. */
export type MoneySubject = { kind: 'order'; order: OrderRow } | { kind: 'voucher'; voucher: VoucherRow };

/** Locks the order or the voucher a payment or refund is about (each row names exactly one). */
export async function lockSubject(tx: Tx, row: { order_id: string | null; voucher_id: string | null }): Promise<void> {
  if (row.order_id !== null) await lockRows(tx, [['customer_order', row.order_id]]);
  else await lockRows(tx, [['voucher', row.voucher_id!]]);
}

/** Asks for a refund of part of a captured payment: recorded now, made by the payment.refund job. */
export async function requestRefund(
  tx: Tx,
  clock: Clock,
  subject: MoneySubject,
  payment: { id: string; provider: string },
  amount: number,
  reason: string,
  who: Who,
): Promise<void> {
  const now = clock.now();
  const id = newId(now.getTime());
  const about = subject.kind === 'order' ? subject.order : subject.voucher;
  await payments.insertRefund(tx, {
    id,
    order_id: subject.kind === 'order' ? subject.order.id : null,
    voucher_id: subject.kind === 'voucher' ? subject.voucher.id : null,
    payment_id: payment.id,
    provider: payment.provider,
    amount,
    currency: about.currency,
    reason,
    status: 'pending',
    provider_refund_id: null,
    last_error: null,
    requested_by: who.userId,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  });
  if (subject.kind === 'order') {
    await recordEvent(tx, clock, subject.order.id, { kind: 'refund', who, detail: { refund: id, amount, reason, status: 'pending' } });
  }
  const dealerId = subject.kind === 'order' ? subject.order.dealer_id : null;
  await enqueue(tx, clock, { kind: PAYMENT_REFUND, payload: { refundId: id }, dedupeKey: `${PAYMENT_REFUND}:${id}`, storeId: about.store_id, dealerId });
}
