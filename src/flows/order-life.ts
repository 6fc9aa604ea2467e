import { timingSafeEqual } from 'node:crypto';
import type { Db, Tx } from '../db/database.js';
import { inWriteTransaction, lockRows } from '../db/tx.js';
import { recordOrderEvent } from '../modules/analytics/analytics.service.js';
import type { AdmissionGate } from '../modules/campaigns/campaigns.gate.js';
import { releaseHeldUnit, releaseSoldUnit } from '../modules/campaigns/campaigns.repo.js';
import { findUnit, holdUnitForOrder, moveOrderUnit } from '../modules/inventory/stock.repo.js';
import { isValidVin } from '../modules/inventory/vin.js';
import { orderErrors } from '../modules/orders/orders.errors.js';
import { shanghaiDay } from '../shared/calendar-days.js';
import { PICKUP_LOCK_MINUTES, TEMP_PLATE_MAX_DAYS } from '../modules/orders/orders.policy.js';
import * as orders from '../modules/orders/orders.repo.js';
import {
  balanceDue,
  cancellationOutcome,
  getOrderPolicy,
  recordEvent,
  transition,
  SYSTEM,
  type OrderRow,
  type OrderSnapshot,
  type Who,
} from '../modules/orders/orders.service.js';
import { recordLedgerEntry } from './money-ledger.js';
import { refundOrderMoney } from './settle-payment.js';
import { tellBuyer, tellDealer } from './order-messages.js';
import * as payments from '../modules/payments/payments.repo.js';
import type { Clock } from '../shared/clock.js';

/*
 * Everything that happens to an order after it is placed, apart from money arriving
 * (settle-payment.ts): expiry, the dealer's steps to handover, and cancellations. Each step
 * locks the order (and then its unit), checks, and writes, in one transaction.
 */

export interface OrderScope {
  storeId: string;
  /** Dealer staff act only on their dealer's orders; the brand on any of its store. */
  dealerId?: string | undefined;
}

async function lockOrder(tx: Tx, scope: OrderScope, id: string): Promise<OrderRow> {
  await lockRows(tx, [['customer_order', id]]);
  const order = scope.dealerId !== undefined ? await orders.findOrderOfDealer(tx, scope.dealerId, id) : await orders.findOrderOfStore(tx, scope.storeId, id);
  if (!order || order.store_id !== scope.storeId) throw orderErrors.notFound();
  if (order.vin) await lockRows(tx, [['vehicle_unit', order.vin]]);
  return order;
}

async function lockBuyerOrder(tx: Tx, buyerId: string, id: string): Promise<OrderRow> {
  await lockRows(tx, [['customer_order', id]]);
  const order = await orders.findOrderOfBuyer(tx, buyerId, id);
  if (!order) throw orderErrors.notFound();
  if (order.vin) await lockRows(tx, [['vehicle_unit', order.vin]]);
  return order;
}

// ---- Expiry. ----

/** Where a flash sale's admission gate is told of units back on sale, once they are committed. */
export interface CampaignGateDeps {
  gate?: AdmissionGate | undefined;
}

/** Gives the gate its tokens back, after the commit; the gate's resync heals a token lost here. */
async function reopenUnits(deps: CampaignGateDeps, campaignIds: string[]): Promise<void> {
  for (const id of campaignIds) await deps.gate?.giveBack(id).catch(() => undefined);
}

/**
 * Expires an unpaid order whose hold has run out and puts its unit back on sale. No-op otherwise.
 * A flash sale's unit released is named in `released`, for the caller to reopen after its commit.
 */
export async function expireOrderIn(tx: Tx, clock: Clock, id: string, released: string[] = []): Promise<boolean> {
  await lockRows(tx, [['customer_order', id]]);
  const order = await orders.findOrder(tx, id);
  if (!order || order.status !== 'pending_deposit') return false;
  const now = clock.now().toISOString();
  if (order.hold_expires_at === null || order.hold_expires_at > now) return false;
  await transition(tx, clock, order, 'expired', SYSTEM);
  if (order.vin) await moveOrderUnit(tx, order.vin, 'held', 'available', now);
  if (order.campaign_id && (await releaseHeldUnit(tx, order.campaign_id))) released.push(order.campaign_id);
  await payments.closePendingPayments(tx, order.id, 'deposit', now);
  return true;
}

export async function expireOrder(deps: { db: Db; clock: Clock } & CampaignGateDeps, id: string): Promise<boolean> {
  let released: string[] = [];
  const expired = await inWriteTransaction(deps.db, (tx) => {
    released = [];
    return expireOrderIn(tx, deps.clock, id, released);
  });
  await reopenUnits(deps, released);
  return expired;
}

/**
 * Expires the order holding a VIN if its hold has run out, in a transaction of its own. Whoever
 * is about to take the unit calls this first: inside its own transaction the unit is locked
 * before the holder could be, against the lock order (order, then unit), and the holder's late
 * deposit, locking them the other way round, would deadlock with it.
 */
export async function expireLapsedHolder(deps: { db: Db; clock: Clock }, vin: string): Promise<void> {
  const holder = await orders.findLiveOrderOfVin(deps.db, vin);
  if (holder && holder.status === 'pending_deposit' && holder.hold_expires_at !== null && holder.hold_expires_at < deps.clock.now().toISOString()) {
    await expireOrder(deps, holder.id);
  }
}

/** Expires every overdue order in one bounded batch: the job's safety net, and the CLI's. */
export async function expireOverdueOrders(deps: { db: Db; clock: Clock } & CampaignGateDeps, limit = 100): Promise<number> {
  let expired = 0;
  for (const { id } of await orders.listExpiredPending(deps.db, deps.clock.now().toISOString(), limit)) {
    if (await expireOrder(deps, id)) expired += 1;
  }
  return expired;
}

// ---- Cancellation. ----

export async function cancelOrder(
  deps: { db: Db; clock: Clock } & CampaignGateDeps,
  who: Who & { actor: 'buyer' | 'dealer' | 'brand' },
  target: { buyerId: string } | OrderScope,
  id: string,
  reason: string | null,
  options: { rerun?: boolean } = {},
): Promise<void> {
  const { clock } = deps;
  let released: string[] = [];
  await inWriteTransaction(deps.db, async (tx) => {
    released = [];
    const order = 'buyerId' in target ? await lockBuyerOrder(tx, target.buyerId, id) : await lockOrder(tx, target, id);
    // The retry of a cancellation whose run went through but whose answer died with its process.
    if (options.rerun && order.cancelled_by === who.actor && (order.status === 'cancelled' || order.status === 'refunded')) return;
    const now = clock.now();
    const outcome = cancellationOutcome(order, who.actor, now);
    const cancelled = await transition(tx, clock, order, 'cancelled', who, {
      changes: { cancelled_by: who.actor, cancel_reason: reason, hold_expires_at: null },
      detail: { deposit: outcome, ...(reason ? { reason } : {}) },
    });
    if (order.vin) {
      // The car goes back on sale, whether it was only held or already marked sold.
      if (!(await moveOrderUnit(tx, order.vin, 'held', 'available', now.toISOString()))) {
        await moveOrderUnit(tx, order.vin, 'sold', 'available', now.toISOString());
      }
    }
    // A flash sale's unit goes back on sale too: held until the deposit, sold after it.
    if (order.campaign_id) {
      const back = order.status === 'pending_deposit' ? await releaseHeldUnit(tx, order.campaign_id) : await releaseSoldUnit(tx, order.campaign_id);
      if (back) released.push(order.campaign_id);
    }
    await payments.closePendingPayments(tx, order.id, 'deposit', now.toISOString());
    await payments.closePendingPayments(tx, order.id, 'balance', now.toISOString());
    await refundOrderMoney(tx, clock, cancelled, { keepDeposit: outcome === 'forfeit', reason: `cancelled_by_${who.actor}`, who });
    await tellDealer(tx, clock, cancelled, 'order.cancelled');
  });
  await reopenUnits(deps, released);
}

// ---- The dealer's steps. ----

export async function confirmOrder(deps: { db: Db; clock: Clock }, scope: OrderScope, who: Who, id: string): Promise<void> {
  await inWriteTransaction(deps.db, async (tx) => {
    const order = await lockOrder(tx, scope, id);
    if (order.confirmed_at !== null) return;
    if (!['deposit_paid', 'allocated', 'paid', 'ready_for_handover'].includes(order.status)) throw orderErrors.transitionNotAllowed(order.status, 'confirmed');
    const now = deps.clock.now().toISOString();
    await orders.updateOrder(tx, order.id, { confirmed_at: now, updated_at: now });
    await recordEvent(tx, deps.clock, order.id, { kind: 'confirmed', who });
  });
}

/**
 * Gives the order its car. A built-to-order car must match the order exactly (model, trim,
 * every option and the colour) and be this dealer's and free; a stock order keeps its VIN.
 */
export async function allocateVin(deps: { db: Db; clock: Clock }, scope: OrderScope, who: Who, id: string, requestedVin: string | undefined): Promise<void> {
  const { db, clock } = deps;
  if (requestedVin !== undefined && isValidVin(requestedVin.toUpperCase())) await expireLapsedHolder(deps, requestedVin.toUpperCase());
  await inWriteTransaction(db, async (tx) => {
    let order = await lockOrder(tx, scope, id);
    const now = clock.now().toISOString();
    let vin = order.vin;
    // A flash sale's edition is built to order like a saved configuration, and matched the same way.
    if (order.source === 'configuration' || order.source === 'campaign') {
      if (requestedVin === undefined) throw orderErrors.vinRequired();
      const candidate = requestedVin.toUpperCase();
      if (!isValidVin(candidate)) throw orderErrors.vinInvalid(requestedVin);
      if (order.status !== 'deposit_paid') throw orderErrors.transitionNotAllowed(order.status, 'allocated');
      // Another order still naming the car is locked before the unit, as the lock order has it.
      const naming = await orders.findLiveOrderOfVin(tx, candidate);
      await lockRows(tx, [
        ['customer_order', naming?.id],
        ['vehicle_unit', candidate],
      ]);
      const unit = await findUnit(tx, order.store_id, candidate);
      if (!unit || unit.purpose !== 'sale') throw orderErrors.vinNotFound(candidate);
      if (unit.dealer_id !== order.dealer_id) throw orderErrors.vinAtOtherDealer(candidate, order.dealer_code);
      const differences = mismatches(JSON.parse(order.snapshot) as OrderSnapshot, unit);
      if (differences.length > 0) throw orderErrors.vinMismatch(candidate, differences);
      // A hold that ran out since expireLapsedHolder looked.
      const holder = await orders.findLiveOrderOfVin(tx, candidate);
      if (holder && holder.status === 'pending_deposit' && holder.hold_expires_at !== null && holder.hold_expires_at < now) await expireOrderIn(tx, clock, holder.id);
      if (!(await holdUnitForOrder(tx, order.store_id, candidate, null, now))) throw orderErrors.vinNotAvailable(candidate);
      vin = candidate;
    } else if (requestedVin !== undefined && requestedVin.toUpperCase() !== order.vin) {
      throw orderErrors.vinMismatch(requestedVin.toUpperCase(), ['vin']);
    }
    order = await transition(tx, clock, order, 'allocated', who, { changes: { vin, allocated_at: now }, facts: { vin }, detail: { vin } });
    await tellBuyer(tx, clock, order, 'order.vinAllocated');
  });
}

function mismatches(snapshot: OrderSnapshot, unit: NonNullable<Awaited<ReturnType<typeof findUnit>>>): string[] {
  const differences: string[] = [];
  if (unit.model_slug !== snapshot.model.slug) differences.push('model');
  if (unit.trim_code !== snapshot.trim.code) differences.push('trim');
  const wanted = new Set(snapshot.options.map((o) => o.code));
  const has = new Set(JSON.parse(unit.option_codes) as string[]);
  if (wanted.size !== has.size || [...wanted].some((code) => !has.has(code))) differences.push('options');
  if ((snapshot.colour?.code ?? null) !== unit.colour) differences.push('colour');
  return differences;
}

export type BalanceMethod = 'online' | 'dealer' | 'financed';

/**
 * How the rest of the price is settled. Online: the buyer pays it through a provider, and the
 * capture moves the order on. At the dealer: recorded as captured by the dealer. Financed: the
 * lender's approval is recorded as authorized. Either of the last two settles the order now.
 */
export async function recordBalance(deps: { db: Db; clock: Clock }, scope: OrderScope, who: Who, id: string, method: BalanceMethod): Promise<void> {
  const { db, clock } = deps;
  await inWriteTransaction(db, async (tx) => {
    let order = await lockOrder(tx, scope, id);
    if (order.status !== 'allocated') throw orderErrors.transitionNotAllowed(order.status, 'paid');
    const now = clock.now().toISOString();
    await orders.updateOrder(tx, order.id, { balance_method: method, updated_at: now });
    order = { ...order, balance_method: method };
    if (method === 'online') {
      await recordEvent(tx, clock, order.id, { kind: 'balance', who, detail: { method } });
      return;
    }
    const due = balanceDue(order);
    if (due > 0) {
      const kind = method === 'dealer' ? 'captured' : 'authorized';
      const source = method === 'dealer' ? 'dealer' : 'lender';
      await recordLedgerEntry(tx, clock, order, { kind, source, reference: `${order.id}:balance`, amount: due, paymentId: null });
      order = (await orders.findOrder(tx, order.id))!;
    }
    order = await transition(tx, clock, order, 'paid', who, { detail: { method, amount: due } });
    if (order.vin) await moveOrderUnit(tx, order.vin, 'held', 'sold', now);
  });
}

export async function setInspection(deps: { db: Db; clock: Clock }, scope: OrderScope, who: Who, id: string, done: string[]): Promise<void> {
  await inWriteTransaction(deps.db, async (tx) => {
    const order = await lockOrder(tx, scope, id);
    if (!['allocated', 'paid'].includes(order.status)) throw orderErrors.transitionNotAllowed(order.status, 'inspection');
    const policy = await getOrderPolicy(tx, order.store_id);
    const known = new Set(policy.inspectionItems.map((item) => item.code));
    for (const code of done) if (!known.has(code)) throw orderErrors.unknownInspectionItem(code);
    const ticked = [...new Set(done)].sort();
    const now = deps.clock.now().toISOString();
    await orders.updateOrder(tx, order.id, { inspection: JSON.stringify(ticked), updated_at: now });
    await recordEvent(tx, deps.clock, order.id, { kind: 'inspection', who, detail: { done: ticked } });
  });
}

export async function setAppointment(deps: { db: Db; clock: Clock }, scope: OrderScope, who: Who, id: string, at: Date): Promise<void> {
  await inWriteTransaction(deps.db, async (tx) => {
    const order = await lockOrder(tx, scope, id);
    if (!['allocated', 'paid', 'ready_for_handover'].includes(order.status)) throw orderErrors.transitionNotAllowed(order.status, 'appointment');
    const now = deps.clock.now();
    if (at.getTime() <= now.getTime()) throw orderErrors.appointmentInPast();
    const updated = { ...order, handover_at: at.toISOString() };
    await orders.updateOrder(tx, order.id, { handover_at: at.toISOString(), updated_at: now.toISOString() });
    await recordEvent(tx, deps.clock, order.id, { kind: 'appointment', who, detail: { at: at.toISOString() } });
    // A car already waiting gets its buyer told of the new time.
    if (order.status === 'ready_for_handover') await tellBuyer(tx, deps.clock, updated, 'order.ready');
  });
}

export async function markReady(deps: { db: Db; clock: Clock }, scope: OrderScope, who: Who, id: string): Promise<void> {
  await inWriteTransaction(deps.db, async (tx) => {
    const order = await lockOrder(tx, scope, id);
    const policy = await getOrderPolicy(tx, order.store_id);
    const ready = await transition(tx, deps.clock, order, 'ready_for_handover', who, { inspectionCodes: policy.inspectionItems.map((i) => i.code) });
    await tellBuyer(tx, deps.clock, ready, 'order.ready');
  });
}

export interface Handover {
  pickupCode: string;
  tempPlate?: { number: string; expiresOn: string } | undefined;
}

/**
 * Hands the car over against the buyer's pickup code. A wrong code is counted in its own
 * committed transaction, so the count survives the refusal; enough of them lock handover.
 */
export async function handOver(deps: { db: Db; clock: Clock }, scope: OrderScope, who: Who, id: string, handover: Handover): Promise<void> {
  const { db, clock } = deps;
  const refusal = await inWriteTransaction(db, async (tx) => {
    const order = await lockOrder(tx, scope, id);
    if (order.status !== 'ready_for_handover') throw orderErrors.transitionNotAllowed(order.status, 'delivered');
    const now = clock.now();
    if (order.pickup_locked_until !== null && order.pickup_locked_until > now.toISOString()) {
      return orderErrors.pickupLocked(order.pickup_locked_until, Math.ceil((Date.parse(order.pickup_locked_until) - now.getTime()) / 1000));
    }
    if (!sameCode(handover.pickupCode, order.pickup_code)) {
      const policy = await getOrderPolicy(tx, order.store_id);
      const lockUntil = new Date(now.getTime() + PICKUP_LOCK_MINUTES * 60_000).toISOString();
      const counted = await orders.recordPickupFailure(tx, order.id, policy.pickupMaxAttempts, lockUntil, now.toISOString());
      await recordEvent(tx, clock, order.id, { kind: 'pickup_refused', who, detail: { failures: counted.pickup_failures } });
      if (counted.pickup_locked_until !== null && counted.pickup_locked_until > now.toISOString()) {
        return orderErrors.pickupLocked(counted.pickup_locked_until, PICKUP_LOCK_MINUTES * 60);
      }
      return orderErrors.pickupCodeWrong(Math.max(0, policy.pickupMaxAttempts - counted.pickup_failures));
    }
    if (handover.tempPlate) {
      // Counted from the dealer's day, Shanghai's: from UTC's, the plate form's own default was refused every night after 16:00 UTC.
      const days = (Date.parse(`${handover.tempPlate.expiresOn}T00:00:00Z`) - Date.parse(`${shanghaiDay(now)}T00:00:00Z`)) / 86_400_000;
      if (!(days >= 0 && days <= TEMP_PLATE_MAX_DAYS)) throw orderErrors.tempPlateTooLong(TEMP_PLATE_MAX_DAYS);
    }
    const delivered = await transition(tx, clock, order, 'delivered', who, {
      changes: {
        delivered_at: now.toISOString(),
        temp_plate: handover.tempPlate?.number ?? null,
        temp_plate_expires_on: handover.tempPlate?.expiresOn ?? null,
        pickup_failures: 0,
        pickup_locked_until: null,
      },
      detail: handover.tempPlate ? { tempPlate: handover.tempPlate.number } : undefined,
    });
    if (order.vin) await moveOrderUnit(tx, order.vin, 'sold', 'delivered', now.toISOString());
    await tellBuyer(tx, clock, delivered, 'order.delivered');
    await recordOrderEvent(tx, clock, 'delivered', delivered, Number(delivered.vehicle_price));
    return null;
  });
  if (refusal) throw refusal;
}

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given.padEnd(16).slice(0, 16));
  const b = Buffer.from(expected.padEnd(16).slice(0, 16));
  return timingSafeEqual(a, b) && given.length === expected.length;
}
