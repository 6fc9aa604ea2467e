import type { Db, Tx } from '../db/database.js';
import { inWriteTransaction, lockRows } from '../db/tx.js';
import { recordOrderEvent } from '../modules/analytics/analytics.service.js';
import { sellHeldUnit } from '../modules/campaigns/campaigns.repo.js';
import { moveOrderUnit } from '../modules/inventory/stock.repo.js';
import { orderErrors } from '../modules/orders/orders.errors.js';
import * as orders from '../modules/orders/orders.repo.js';
import { balanceDue, getOrderPolicy, recordEvent, transition, SYSTEM, type OrderRow, type OrderSnapshot, type Who } from '../modules/orders/orders.service.js';
import { paymentErrors } from '../modules/payments/payments.errors.js';
import * as payments from '../modules/payments/payments.repo.js';
import type { Acknowledgement, PaymentProvider, ProviderName, RawNotification } from '../modules/payments/providers/provider.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { DEFAULT_LOCALE, localize, type Locale, type LocalizedText } from '../shared/locale.js';
import * as vouchers from '../modules/vouchers/vouchers.repo.js';
import { tellBuyer } from './order-messages.js';
import { lockSubject, recordLedgerEntry, recordVoucherLedgerEntry, requestRefund } from './money-ledger.js';
import { captureVoucherPayment, releaseVouchersOfOrder } from './voucher-money.js';
import { tellVoucherBuyer } from './voucher-messages.js';

/*
 * Money arriving and leaving. A provider's callback is verified, then in one transaction: the
 * order is locked, the capture is appended to the ledger (the unique index on the provider's
 * transaction id makes a repeated callback a no-op), and the order moves on. Money that arrives
 * for an order that no longer wants it (expired, cancelled, paid twice) is refunded, never kept.
 */

/** How long a balance payment page stays open. */
const BALANCE_PAYMENT_MINUTES = 120;

export interface PaymentDeps {
  db: Db;
  clock: Clock;
  providers: ReadonlyMap<ProviderName, PaymentProvider>;
  publicBaseUrl: string;
}

export interface PaymentView {
  id: string;
  orderId: string | null;
  voucherId: string | null;
  purpose: 'deposit' | 'balance' | 'voucher';
  provider: ProviderName;
  amount: { amount: number; currency: string };
  status: string;
  checkout: { url: string | null; qrContent: string | null };
  expiresAt: string;
  createdAt: string;
}

type PaymentRow = NonNullable<Awaited<ReturnType<typeof payments.findPayment>>>;

export function paymentView(row: PaymentRow): PaymentView {
  return {
    id: row.id,
    orderId: row.order_id,
    voucherId: row.voucher_id,
    purpose: row.purpose as PaymentView['purpose'],
    provider: row.provider as ProviderName,
    amount: { amount: Number(row.amount), currency: row.currency },
    status: row.status,
    checkout: JSON.parse(row.checkout) as PaymentView['checkout'],
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}

export function providerOf(deps: PaymentDeps, name: string): PaymentProvider {
  const provider = deps.providers.get(name as ProviderName);
  if (!provider) throw paymentErrors.providerDisabled(name);
  return provider;
}

/** What a buyer is about to pay, as an order or a voucher describes it before the provider is asked. */
export interface Payable {
  /** The row locked while the payment is written: the order's or the voucher's. */
  root: ['customer_order' | 'voucher', string];
  orderId: string | null;
  voucherId: string | null;
  storeId: string;
  purpose: PaymentView['purpose'];
  amount: number;
  currency: string;
  /** What the buyer's payment app shows. */
  subject: string;
  expiresAt: Date;
  /**
   * Under the lock: throws when it may no longer be paid as described, else gives the payments
   * already opened for it, of which a pending one of the same provider and kind is answered again.
   */
  recheck(tx: Tx, now: string): Promise<PaymentRow[]>;
  /** Written with the payment, in its transaction. */
  record?(tx: Tx, paymentId: string, provider: ProviderName): Promise<void>;
}

/**
 * Opens a payment with a provider, once per intent: the same Idempotency-Key answers the payment it
 * opened, and asking again while a payment of the same kind is open answers that one, so nothing
 * piles up however often the buyer taps "pay". The provider is asked before the transaction (it
 * may be a network call); the payable is checked again under its lock before the row is written.
 */
export async function openPayment(
  deps: PaymentDeps,
  buyerId: string,
  providerName: string,
  idempotencyKey: string | undefined,
  describe: () => Promise<Payable>,
): Promise<{ payment: PaymentView; created: boolean }> {
  const { db, clock } = deps;
  const provider = providerOf(deps, providerName);
  if (idempotencyKey !== undefined) {
    const earlier = await payments.findPaymentByRequest(db, buyerId, idempotencyKey);
    if (earlier) return { payment: paymentView(earlier), created: false };
  }
  const payable = await describe();
  const id = newId(clock.now().getTime());
  const checkout = await provider.checkout({
    paymentId: id,
    amount: payable.amount,
    currency: payable.currency,
    subject: payable.subject,
    publicBaseUrl: deps.publicBaseUrl,
    expiresAt: payable.expiresAt,
  });
  const paymentId = await inWriteTransaction(db, async (tx) => {
    await lockRows(tx, [payable.root]);
    const now = clock.now().toISOString();
    const opened = await payable.recheck(tx, now);
    const open = opened.find(
      (p) => p.status === 'pending' && p.provider === provider.name && p.purpose === payable.purpose && Number(p.amount) === payable.amount && p.expires_at > now,
    );
    if (open) return open.id;
    await payments.insertPayment(tx, {
      id,
      order_id: payable.orderId,
      voucher_id: payable.voucherId,
      store_id: payable.storeId,
      buyer_id: buyerId,
      purpose: payable.purpose,
      provider: provider.name,
      amount: payable.amount,
      currency: payable.currency,
      status: 'pending',
      transaction_id: null,
      checkout: JSON.stringify(checkout),
      expires_at: payable.expiresAt.toISOString(),
      idempotency_key: idempotencyKey ?? null,
      created_at: now,
      updated_at: now,
    });
    await payable.record?.(tx, id, provider.name);
    return id;
  });
  return { payment: paymentView((await payments.findPayment(db, paymentId))!), created: paymentId === id };
}

/** Starts paying what the order asks now: its deposit, or its balance once allocated and to be paid online. */
export function startPayment(
  deps: PaymentDeps,
  buyerId: string,
  orderId: string,
  providerName: string,
  idempotencyKey: string | undefined,
): Promise<{ payment: PaymentView; created: boolean }> {
  const { db, clock } = deps;
  return openPayment(deps, buyerId, providerName, idempotencyKey, async () => {
    const order = await orders.findOrderOfBuyer(db, buyerId, orderId);
    if (!order) throw orderErrors.notFound();
    const due = amountDue(order, clock.now());
    const snapshot = JSON.parse(order.snapshot) as OrderSnapshot;
    return {
      root: ['customer_order', order.id],
      orderId: order.id,
      voucherId: null,
      storeId: order.store_id,
      purpose: due.purpose,
      amount: due.amount,
      currency: order.currency,
      subject: `${localize(snapshot.model.name, 'zh-CN')} ${due.purpose === 'deposit' ? '定金' : '尾款'} ${order.reference}`,
      expiresAt: due.expiresAt,
      async recheck(tx) {
        const still = amountDue((await orders.findOrder(tx, order.id))!, clock.now());
        if (still.purpose !== due.purpose || still.amount !== due.amount) throw orderErrors.balanceNotDue();
        return payments.listPaymentsOfOrder(tx, order.id);
      },
      async record(tx, paymentId, provider) {
        const detail = { payment: paymentId, purpose: due.purpose, provider, amount: due.amount, status: 'pending' };
        await recordEvent(tx, clock, order.id, { kind: 'payment', who: { actor: 'buyer', userId: buyerId, role: 'buyer' }, detail });
      },
    };
  });
}

function amountDue(order: OrderRow, now: Date): { purpose: 'deposit' | 'balance'; amount: number; expiresAt: Date } {
  if (order.status === 'pending_deposit' && order.hold_expires_at !== null && order.hold_expires_at > now.toISOString()) {
    return { purpose: 'deposit', amount: Number(order.deposit_amount), expiresAt: new Date(order.hold_expires_at) };
  }
  if (order.status === 'allocated' && order.balance_method !== 'financed' && order.balance_method !== 'dealer') {
    const due = balanceDue(order);
    if (due > 0) return { purpose: 'balance', amount: due, expiresAt: new Date(now.getTime() + BALANCE_PAYMENT_MINUTES * 60_000) };
  }
  throw orderErrors.balanceNotDue();
}

/**
 * A payment as its hosted page shows it: what it is for, in the page's language (a provider's
 * own page speaks zh-CN, the default).
 */
export async function getPayment(db: Db, id: string, locale: Locale = DEFAULT_LOCALE): Promise<PaymentView & { reference: string; subject: string }> {
  const row = await payments.findPayment(db, id);
  if (!row) throw paymentErrors.notFound();
  if (row.voucher_id !== null) {
    const voucher = (await vouchers.findVoucherDetail(db, row.voucher_id))!;
    const name = localize(JSON.parse(voucher.offer_name) as LocalizedText, locale);
    return { ...paymentView(row), reference: name, subject: name };
  }
  const order = (await orders.findOrder(db, row.order_id!))!;
  const snapshot = JSON.parse(order.snapshot) as OrderSnapshot;
  return { ...paymentView(row), reference: order.reference, subject: localize(snapshot.model.name, locale) };
}

export async function getBuyerPayment(db: Db, buyerId: string, id: string): Promise<PaymentView> {
  const row = await payments.findPayment(db, id);
  if (!row || row.buyer_id !== buyerId) throw paymentErrors.notFound();
  return paymentView(row);
}

/**
 * A provider's callback. Throws a 4xx DomainError when it does not verify or does not match
 * what we asked (amount, currency), changing nothing; otherwise answers the provider's
 * acknowledgement once the outcome is committed.
 */
export async function handleNotification(deps: PaymentDeps, providerName: string, raw: RawNotification): Promise<Acknowledgement> {
  const { db, clock } = deps;
  const provider = providerOf(deps, providerName);
  const verified = provider.verifyNotification(raw, clock.now());
  if (verified.kind === 'ignored') return provider.acknowledge();
  const payment = await payments.findPayment(db, verified.paymentId);
  if (!payment || payment.provider !== provider.name) throw paymentErrors.notFound();

  if (verified.kind === 'failed') {
    await inWriteTransaction(db, async (tx) => {
      await lockSubject(tx, payment);
      if (await payments.updatePaymentIf(tx, payment.id, 'pending', { status: 'failed', updated_at: clock.now().toISOString() })) {
        if (payment.order_id !== null) await recordEvent(tx, clock, payment.order_id, { kind: 'payment', who: SYSTEM, detail: { payment: payment.id, status: 'failed' } });
      }
    });
    return provider.acknowledge();
  }

  if (verified.amount !== Number(payment.amount) || verified.currency !== payment.currency) {
    throw paymentErrors.amountMismatch({ expected: Number(payment.amount), got: verified.amount, currency: verified.currency });
  }

  if (payment.voucher_id !== null) {
    await captureVoucherPayment(deps, payment, payment.voucher_id, verified);
    return provider.acknowledge();
  }
  const orderId = payment.order_id!;
  await inWriteTransaction(db, async (tx) => {
    await lockRows(tx, [['customer_order', orderId]]);
    let order = (await orders.findOrder(tx, orderId))!;
    if (order.vin) await lockRows(tx, [['vehicle_unit', order.vin]]);
    // One payment is one provider transaction (Alipay and WeChat Pay refuse a second trade on an
    // out_trade_no): another transaction for a captured payment is not ours to believe.
    const current = (await payments.findPayment(tx, payment.id))!;
    if (current.status === 'succeeded' && current.transaction_id !== verified.transactionId) throw paymentErrors.alreadyCaptured();
    const captured = await recordLedgerEntry(tx, clock, order, {
      kind: 'captured',
      source: provider.name,
      reference: verified.transactionId,
      amount: verified.amount,
      paymentId: payment.id,
    });
    if (!captured) return; // This transaction was already told.
    const now = clock.now().toISOString();
    await tx
      .updateTable('payment')
      .set({ status: 'succeeded', transaction_id: verified.transactionId, updated_at: now })
      .where('id', '=', payment.id)
      .execute();
    order = (await orders.findOrder(tx, order.id))!;
    await recordEvent(tx, clock, order.id, {
      kind: 'payment',
      who: SYSTEM,
      detail: { payment: payment.id, purpose: payment.purpose, amount: verified.amount, status: 'succeeded', transaction: verified.transactionId },
    });

    // The order's sums now include this capture: a balance that takes them past the price is too much.
    const overpaid = Number(order.amount_captured) - Number(order.amount_refunded) + Number(order.amount_authorized) > Number(order.vehicle_price);
    const wanted =
      (payment.purpose === 'deposit' && order.status === 'pending_deposit') || (payment.purpose === 'balance' && order.status === 'allocated' && !overpaid);
    if (!wanted) {
      // Paid too late, twice, or for an order called off: the money goes back.
      await requestRefund(tx, clock, { kind: 'order', order }, payment, verified.amount, 'not_needed', SYSTEM);
      return;
    }
    if (payment.purpose === 'deposit') {
      const policy = await getOrderPolicy(tx, order.store_id);
      const windowEnds = new Date(clock.now().getTime() + policy.refundWindowDays * 86_400_000).toISOString();
      order = await transition(tx, clock, order, 'deposit_paid', SYSTEM, {
        changes: { deposit_paid_at: now, refund_window_ends_at: windowEnds, hold_expires_at: null },
      });
      // The unit now waits for its buyer: no longer a hold that runs out.
      if (order.vin) await tx.updateTable('vehicle_unit').set({ hold_expires_at: null, updated_at: now }).where('vin', '=', order.vin).where('status', '=', 'held').execute();
      // A flash sale's unit is no longer held but sold: it no longer goes back when a hold runs out.
      if (order.campaign_id) await sellHeldUnit(tx, order.campaign_id);
      await payments.closePendingPayments(tx, order.id, 'deposit', now);
      await tellBuyer(tx, clock, order, 'order.depositReceived', { amount: verified.amount });
      await recordOrderEvent(tx, clock, 'deposit_paid', order, Number(order.deposit_amount));
    } else if (balanceDue(order) === 0) {
      order = await transition(tx, clock, order, 'paid', SYSTEM, { changes: { balance_method: 'online' } });
      if (order.vin) await moveOrderUnit(tx, order.vin, 'held', 'sold', now);
      await payments.closePendingPayments(tx, order.id, 'balance', now);
    }
  });
  return provider.acknowledge();
}

/**
 * Returns what an order holds of the buyer's money when it is called off: every online
 * payment's net amount through its provider, money paid at the dealer at once (the dealer
 * gives it back at the counter), and vouchers to the buyer's account. A forfeited deposit is kept.
 */
export async function refundOrderMoney(tx: Tx, clock: Clock, order: OrderRow, options: { keepDeposit: boolean; reason: string; who: Who }): Promise<void> {
  let requested = 0;
  for (const payment of await payments.listPaymentsOfOrder(tx, order.id)) {
    if (payment.status !== 'succeeded') continue;
    if (options.keepDeposit && payment.purpose === 'deposit') continue;
    const net = Number(payment.amount) - (await payments.refundedOrPendingOfPayment(tx, payment.id));
    if (net <= 0) continue;
    await requestRefund(tx, clock, { kind: 'order', order }, payment, net, options.reason, options.who);
    requested += 1;
  }
  const ledger = await payments.listLedgerOfOrder(tx, order.id);
  const atDealer = ledger.filter((e) => e.source === 'dealer').reduce((sum, e) => sum + (e.kind === 'captured' ? Number(e.amount) : e.kind === 'refunded' ? -Number(e.amount) : 0), 0);
  if (atDealer > 0) {
    await recordLedgerEntry(tx, clock, order, { kind: 'refunded', source: 'dealer', reference: `${order.id}:balance`, amount: atDealer, paymentId: null });
    await recordEvent(tx, clock, order.id, { kind: 'refund', who: options.who, detail: { amount: atDealer, source: 'dealer', status: 'succeeded' } });
  }
  const voucherCredit = await releaseVouchersOfOrder(tx, clock, order);
  if (requested === 0 && atDealer + voucherCredit > 0 && order.status === 'cancelled') {
    await transition(tx, clock, (await orders.findOrder(tx, order.id))!, 'refunded', SYSTEM);
  }
}

/** The refund job: asks the provider (the refund id makes a retry refund once), then records the outcome. */
export async function runRefund(deps: PaymentDeps, refundId: string): Promise<void> {
  const { db, clock } = deps;
  const refund = await payments.findRefund(db, refundId);
  if (!refund || refund.status !== 'pending') return;
  const payment = (await payments.findPayment(db, refund.payment_id))!;
  const provider = providerOf(deps, refund.provider);
  const outcome = await provider.refund({
    paymentId: payment.id,
    transactionId: payment.transaction_id ?? '',
    refundId: refund.id,
    amount: Number(refund.amount),
    paymentAmount: Number(payment.amount),
    currency: refund.currency,
    reason: refund.reason,
  });
  if (outcome.kind === 'retry') throw new Error(`Refund ${refund.id} not made yet: ${outcome.reason}`);
  await inWriteTransaction(db, async (tx) => {
    await lockSubject(tx, refund);
    const now = clock.now().toISOString();
    if (outcome.kind === 'refused') {
      if (await payments.updateRefundIf(tx, refund.id, 'pending', { status: 'refused', last_error: outcome.reason, updated_at: now })) {
        if (refund.order_id !== null) {
          await recordEvent(tx, clock, refund.order_id, { kind: 'refund', who: SYSTEM, detail: { refund: refund.id, status: 'refused', reason: outcome.reason } });
        }
      }
      return;
    }
    if (!(await payments.updateRefundIf(tx, refund.id, 'pending', { status: 'succeeded', provider_refund_id: outcome.providerRefundId, updated_at: now }))) return;
    if (refund.voucher_id !== null) {
      const voucher = (await vouchers.findVoucher(tx, refund.voucher_id))!;
      await recordVoucherLedgerEntry(tx, clock, voucher, { kind: 'refunded', source: refund.provider, reference: refund.id, amount: Number(refund.amount), paymentId: payment.id });
      await tellVoucherBuyer(tx, clock, voucher.id, 'voucher.refunded', { amount: Number(refund.amount), dedupe: `voucher.refunded:${refund.id}` });
      return;
    }
    let order = (await orders.findOrder(tx, refund.order_id!))!;
    await recordLedgerEntry(tx, clock, order, { kind: 'refunded', source: refund.provider, reference: refund.id, amount: Number(refund.amount), paymentId: payment.id });
    await recordEvent(tx, clock, order.id, { kind: 'refund', who: SYSTEM, detail: { refund: refund.id, amount: Number(refund.amount), status: 'succeeded' } });
    order = (await orders.findOrder(tx, order.id))!;
    if (order.status === 'cancelled' && (await payments.countPendingRefunds(tx, order.id)) === 0) {
      order = await transition(tx, clock, order, 'refunded', SYSTEM);
    }
    await tellBuyer(tx, clock, order, 'order.refunded', { amount: Number(refund.amount), dedupe: `order.refunded:${refund.id}` });
  });
}
