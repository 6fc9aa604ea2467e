import type { Db, Tx } from '../db/database.js';
import { inWriteTransaction, lockRows } from '../db/tx.js';
import { enqueue } from '../modules/jobs/jobs.service.js';
import { SYSTEM, type OrderRow, type Who } from '../modules/orders/orders.service.js';
import { paymentErrors } from '../modules/payments/payments.errors.js';
import * as payments from '../modules/payments/payments.repo.js';
import * as vouchers from '../modules/vouchers/vouchers.repo.js';
import type { VoucherRow } from '../modules/vouchers/vouchers.repo.js';
import { getVoucherPolicy, VOUCHER_EXPIRE } from '../modules/vouchers/vouchers.service.js';
import type { Clock } from '../shared/clock.js';
import { recordLedgerEntry, recordVoucherLedgerEntry, requestRefund } from './money-ledger.js';
import { tellVoucherBuyer } from './voucher-messages.js';

/*
 * A voucher's money: its price captured, refunded when the buyer asks in time or when it
 * expires unused (store policy), and its value lent to an order and given back to the voucher
 * when that order is called off.
 */

/** The ledger reference of a voucher's credit on an order: one credit per voucher and order. */
export function voucherCreditReference(voucherId: string, orderId: string): string {
  return `${voucherId}:${orderId}`;
}

/**
 * A voucher's price arrived. Paid while it waits (even a little after its pay-by time, as long
 * as it has not lapsed and given its unit back) it becomes active, with its code; paid for a
 * voucher that lapsed, or paid twice, the money goes back.
 */
export async function captureVoucherPayment(
  deps: { db: Db; clock: Clock },
  payment: { id: string; provider: string },
  voucherId: string,
  verified: { transactionId: string; amount: number },
): Promise<void> {
  const { db, clock } = deps;
  await inWriteTransaction(db, async (tx) => {
    await lockRows(tx, [['voucher', voucherId]]);
    const current = (await payments.findPayment(tx, payment.id))!;
    if (current.status === 'succeeded' && current.transaction_id !== verified.transactionId) throw paymentErrors.alreadyCaptured();
    const voucher = (await vouchers.findVoucher(tx, voucherId))!;
    const captured = await recordVoucherLedgerEntry(tx, clock, voucher, {
      kind: 'captured',
      source: payment.provider,
      reference: verified.transactionId,
      amount: verified.amount,
      paymentId: payment.id,
    });
    if (!captured) return; // This transaction was already told.
    const now = clock.now();
    await tx.updateTable('payment').set({ status: 'succeeded', transaction_id: verified.transactionId, updated_at: now.toISOString() }).where('id', '=', payment.id).execute();
    if (voucher.status !== 'pending_payment') {
      await requestRefund(tx, clock, { kind: 'voucher', voucher }, payment, verified.amount, 'not_needed', SYSTEM);
      return;
    }
    const policy = await getVoucherPolicy(tx, voucher.store_id);
    const windowEnds = new Date(Math.min(now.getTime() + policy.refundDays * 86_400_000, Date.parse(voucher.expires_at))).toISOString();
    await vouchers.updateVoucherIf(tx, voucher.id, 'pending_payment', { status: 'active', paid_at: now.toISOString(), refund_ends_at: windowEnds, updated_at: now.toISOString() });
    await payments.closePendingPaymentsOfVoucher(tx, voucher.id, now.toISOString());
    await enqueue(tx, clock, { kind: VOUCHER_EXPIRE, payload: { voucherId }, runAt: new Date(voucher.expires_at), dedupeKey: `${VOUCHER_EXPIRE}:${voucherId}`, storeId: voucher.store_id });
    await tellVoucherBuyer(tx, clock, voucher.id, 'voucher.active', { dedupe: `voucher.active:${voucher.id}` });
  });
}

/** Refunds what the buyer paid for a voucher, net of what was already given back. */
export async function refundVoucherMoney(tx: Tx, clock: Clock, voucher: VoucherRow, reason: string, who: Who): Promise<void> {
  for (const payment of await payments.listPaymentsOfVoucher(tx, voucher.id)) {
    if (payment.status !== 'succeeded') continue;
    const net = Number(payment.amount) - (await payments.refundedOrPendingOfPayment(tx, payment.id));
    if (net > 0) await requestRefund(tx, clock, { kind: 'voucher', voucher }, payment, net, reason, who);
  }
}

/**
 * Ends an unused voucher whose validity is over (the voucher is locked by the caller). The
 * store's policy says whether its price goes back or it simply lapses.
 */
export async function expireActiveVoucher(tx: Tx, clock: Clock, voucher: VoucherRow): Promise<boolean> {
  const now = clock.now().toISOString();
  if (voucher.status !== 'active' || voucher.expires_at > now) return false;
  if (!(await vouchers.updateVoucherIf(tx, voucher.id, 'active', { status: 'expired', updated_at: now }))) return false;
  const policy = await getVoucherPolicy(tx, voucher.store_id);
  if (policy.refundOnExpiry) await refundVoucherMoney(tx, clock, voucher, 'expired_unused', SYSTEM);
  return true;
}

/**
 * An order called off gives back the vouchers that paid part of it: each is usable again (or,
 * if its validity ended meanwhile, expires as the store's policy says), and the order's ledger
 * shows the credit returned.
 */
export async function releaseVouchersOfOrder(tx: Tx, clock: Clock, order: Pick<OrderRow, 'id' | 'currency'>): Promise<number> {
  let returned = 0;
  for (const redeemed of await vouchers.listVouchersOfOrder(tx, order.id)) {
    await lockRows(tx, [['voucher', redeemed.id]]);
    const voucher = (await vouchers.findVoucher(tx, redeemed.id))!;
    if (voucher.status !== 'redeemed' || voucher.order_id !== order.id) continue;
    const now = clock.now().toISOString();
    await vouchers.updateVoucherIf(tx, voucher.id, 'redeemed', {
      status: 'active',
      redeemed_at: null,
      redeemed_by: null,
      dealer_id: null,
      order_id: null,
      sale_reference: null,
      updated_at: now,
    });
    const reference = voucherCreditReference(voucher.id, order.id);
    const credit = await payments.findLedgerFact(tx, 'captured', 'voucher', reference);
    if (credit) {
      await recordLedgerEntry(tx, clock, order, { kind: 'refunded', source: 'voucher', reference, amount: Number(credit.amount), paymentId: null });
      returned += Number(credit.amount);
    }
    await expireActiveVoucher(tx, clock, { ...voucher, status: 'active' });
  }
  return returned;
}
