import { randomInt } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { CustomerOrderTable, DbOrTx, Tx } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import type { Money } from '../../shared/money.js';
import { orderErrors } from './orders.errors.js';
import { DEFAULT_DEPOSIT, DEFAULT_ORDER_POLICY, depositOutcome, type DepositOutcome, type OrderPolicy } from './orders.policy.js';
import * as repo from './orders.repo.js';
import { checkTransition, isLive, nextStatuses, type GuardFacts, type OrderActor, type OrderStatus } from './orders.states.js';

export type OrderRow = repo.OrderRow;
export type OrderPlan = 'cash' | 'loan' | 'lease';
export type OrderSource = 'configuration' | 'stock_unit' | 'campaign';

/** The priced order as placed, with names in every locale. Never changes. */
export interface OrderSnapshot {
  model: { slug: string; name: LocalizedText };
  trim: { code: string; name: LocalizedText };
  options: Array<{ code: string; name: LocalizedText; price: number }>;
  colour: { code: string; name: LocalizedText } | null;
  /** The configuration's on-the-road estimate when the order came from one. */
  onTheRoad: number | null;
  vehiclePrice: number;
  deposit: number;
  currency: string;
  dealer: { code: string; name: LocalizedText };
  plan: OrderPlan;
  refundRules: { windowDays: number; holdMinutes: number };
}

export async function getOrderPolicy(db: DbOrTx, storeId: string): Promise<OrderPolicy> {
  const row = await repo.findPolicyRow(db, storeId);
  if (!row) return DEFAULT_ORDER_POLICY;
  return {
    holdMinutes: row.hold_minutes,
    refundWindowDays: row.refund_window_days,
    buildWeeks: row.build_weeks,
    pickupMaxAttempts: row.pickup_max_attempts,
    inspectionItems: JSON.parse(row.inspection_items) as OrderPolicy['inspectionItems'],
  };
}

export async function getModelDeposit(db: DbOrTx, modelId: string): Promise<number> {
  const row = await repo.findModelDeposit(db, modelId);
  return row ? Number(row.amount) : DEFAULT_DEPOSIT;
}

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short reference a person can read out at the counter: R- and seven Crockford base-32 characters. */
export function newReference(): string {
  let out = 'R-';
  for (let i = 0; i < 7; i += 1) out += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return out;
}

export function newPickupCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export interface Who {
  actor: OrderActor;
  userId: string | null;
  role: string | null;
}

export const SYSTEM: Who = { actor: 'system', userId: null, role: null };

function factsOf(order: Pick<OrderRow, 'vin' | 'vehicle_price' | 'amount_captured' | 'amount_refunded' | 'amount_authorized' | 'inspection' | 'handover_at'>, inspectionCodes: string[]): GuardFacts {
  const ticked = new Set(JSON.parse(order.inspection) as string[]);
  return {
    vin: order.vin,
    balanceSettled: balanceDue(order) === 0,
    inspectionComplete: inspectionCodes.every((code) => ticked.has(code)),
    handoverAt: order.handover_at,
  };
}

/** What is still owed on the car: its price less money kept and finance approved. */
export function balanceDue(order: Pick<OrderRow, 'vehicle_price' | 'amount_captured' | 'amount_refunded' | 'amount_authorized'>): number {
  const covered = Number(order.amount_captured) - Number(order.amount_refunded) + Number(order.amount_authorized);
  return Math.max(0, Number(order.vehicle_price) - covered);
}

/**
 * Moves a locked order along one edge of the state table, writing its timeline row. The caller
 * has locked the order row (lockRows) in this transaction, so its status cannot change meanwhile.
 */
export async function transition(
  tx: Tx,
  clock: Clock,
  order: OrderRow,
  to: OrderStatus,
  who: Who,
  options: { changes?: Updateable<CustomerOrderTable>; detail?: Record<string, unknown>; inspectionCodes?: string[]; facts?: Partial<GuardFacts> } = {},
): Promise<OrderRow> {
  const from = order.status as OrderStatus;
  const facts = { ...factsOf(order, options.inspectionCodes ?? []), ...options.facts };
  const check = checkTransition(from, to, who.actor, facts);
  if (!check.ok) {
    if (check.reason === 'illegal') throw orderErrors.transitionNotAllowed(from, to);
    if (check.reason === 'actor') throw orderErrors.notYours(from, to);
    throw orderErrors.guardsFailed(to, check.failures);
  }
  const now = clock.now().toISOString();
  const changes = { ...options.changes, status: to, updated_at: now };
  if (!(await repo.updateOrderIf(tx, order.id, from, changes))) throw orderErrors.transitionNotAllowed(from, to);
  await recordEvent(tx, clock, order.id, { kind: 'status', from, to, who, detail: options.detail });
  return { ...order, ...(changes as Partial<OrderRow>), status: to };
}

export async function recordEvent(
  tx: Tx,
  clock: Clock,
  orderId: string,
  event: { kind: string; from?: string | null; to?: string | null; who: Who; detail?: Record<string, unknown> | undefined },
): Promise<void> {
  const now = clock.now();
  await repo.insertEvent(tx, {
    id: newId(now.getTime()),
    order_id: orderId,
    kind: event.kind,
    from_status: event.from ?? null,
    to_status: event.to ?? null,
    actor_id: event.who.userId,
    actor_role: event.who.role ?? event.who.actor,
    detail: event.detail === undefined ? null : JSON.stringify(event.detail),
    created_at: now.toISOString(),
  });
}

/** What cancelling now would do to the deposit, as the buyer is shown before deciding. */
export function cancellationOutcome(order: OrderRow, by: 'buyer' | 'dealer' | 'brand', now: Date): DepositOutcome {
  return depositOutcome(
    {
      status: order.status,
      depositPaid: order.deposit_paid_at !== null,
      vinAllocated: order.allocated_at !== null,
      refundWindowEndsAt: order.refund_window_ends_at,
    },
    by,
    now,
  );
}

// ---- Views. ----

export interface OrderEventView {
  kind: string;
  from: string | null;
  to: string | null;
  at: string;
  by: string | null;
  detail: Record<string, unknown> | null;
}

export interface PaymentLine {
  id: string;
  purpose: string;
  provider: string;
  amount: Money;
  status: string;
  createdAt: string;
}

export interface RefundLine {
  id: string;
  amount: Money;
  status: string;
  reason: string;
  createdAt: string;
}

export interface OrderView {
  id: string;
  reference: string;
  store: string;
  status: OrderStatus;
  source: OrderSource;
  plan: OrderPlan;
  configurationCode: string | null;
  vin: string | null;
  vehicle: {
    model: { slug: string; name: string };
    trim: { code: string; name: string };
    colour: string | null;
    options: Array<{ code: string; name: string; price: Money }>;
  };
  dealer: { code: string; name: string; city: string; phone: string };
  price: { vehicle: Money; deposit: Money; onTheRoad: Money | null };
  balance: { captured: Money; refunded: Money; financed: Money; due: Money };
  refundRules: {
    windowDays: number;
    refundWindowEndsAt: string | null;
    /** What a buyer's cancellation would do now. */
    ifBuyerCancelsNow: DepositOutcome;
  };
  holdExpiresAt: string | null;
  estimatedDelivery: string | null;
  depositPaidAt: string | null;
  confirmedAt: string | null;
  allocatedAt: string | null;
  balanceMethod: string | null;
  inspection: Array<{ code: string; label: string; done: boolean }>;
  handoverAt: string | null;
  deliveredAt: string | null;
  tempPlate: { number: string; expiresOn: string } | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
  timeline: OrderEventView[];
  payments: PaymentLine[];
  refunds: RefundLine[];
}

export interface BuyerOrderView extends OrderView {
  /** Shown on the buyer's phone at handover; only while the order is live and its deposit paid. */
  pickupCode: string | null;
  canCancel: boolean;
  /** What the buyer can pay now, if anything. */
  payable: { purpose: 'deposit' | 'balance'; amount: Money } | null;
}

export interface StaffOrderView extends OrderView {
  buyer: { name: string; phone: string | null };
  next: OrderStatus[];
  pickupLocked: boolean;
}

export interface ViewExtras {
  events: Awaited<ReturnType<typeof repo.listEvents>>;
  payments: PaymentLine[];
  refunds: RefundLine[];
  policy: OrderPolicy;
  now: Date;
}

function baseView(order: OrderRow, locale: Locale, extras: ViewExtras): OrderView {
  const snapshot = JSON.parse(order.snapshot) as OrderSnapshot;
  const money = (amount: number): Money => ({ amount: Number(amount), currency: order.currency });
  const ticked = new Set(JSON.parse(order.inspection) as string[]);
  return {
    id: order.id,
    reference: order.reference,
    store: order.store_slug,
    status: order.status as OrderStatus,
    source: order.source as OrderSource,
    plan: order.plan as OrderPlan,
    configurationCode: order.configuration_code,
    vin: order.vin,
    vehicle: {
      model: { slug: snapshot.model.slug, name: localize(snapshot.model.name, locale) },
      trim: { code: snapshot.trim.code, name: localize(snapshot.trim.name, locale) },
      colour: snapshot.colour ? localize(snapshot.colour.name, locale) : null,
      options: snapshot.options.map((o) => ({ code: o.code, name: localize(o.name, locale), price: money(o.price) })),
    },
    dealer: {
      code: order.dealer_code,
      name: localize(JSON.parse(order.dealer_name) as LocalizedText, locale),
      city: localize(JSON.parse(order.dealer_city) as LocalizedText, locale),
      phone: order.dealer_phone,
    },
    price: {
      vehicle: money(order.vehicle_price),
      deposit: money(order.deposit_amount),
      onTheRoad: snapshot.onTheRoad === null ? null : money(snapshot.onTheRoad),
    },
    balance: {
      captured: money(order.amount_captured),
      refunded: money(order.amount_refunded),
      financed: money(order.amount_authorized),
      due: money(isLive(order.status as OrderStatus) ? balanceDue(order) : 0),
    },
    refundRules: {
      windowDays: snapshot.refundRules.windowDays,
      refundWindowEndsAt: order.refund_window_ends_at,
      ifBuyerCancelsNow: cancellationOutcome(order, 'buyer', extras.now),
    },
    holdExpiresAt: order.status === 'pending_deposit' ? order.hold_expires_at : null,
    estimatedDelivery: order.estimated_delivery,
    depositPaidAt: order.deposit_paid_at,
    confirmedAt: order.confirmed_at,
    allocatedAt: order.allocated_at,
    balanceMethod: order.balance_method,
    inspection: extras.policy.inspectionItems.map((item) => ({ code: item.code, label: localize(item.label, locale), done: ticked.has(item.code) })),
    handoverAt: order.handover_at,
    deliveredAt: order.delivered_at,
    tempPlate: order.temp_plate && order.temp_plate_expires_on ? { number: order.temp_plate, expiresOn: order.temp_plate_expires_on } : null,
    cancelledBy: order.cancelled_by,
    cancelReason: order.cancel_reason,
    createdAt: order.created_at,
    updatedAt: order.updated_at,
    timeline: extras.events.map((e) => ({
      kind: e.kind,
      from: e.from_status,
      to: e.to_status,
      at: e.created_at,
      by: e.actor_role,
      detail: e.detail === null ? null : (JSON.parse(e.detail) as Record<string, unknown>),
    })),
    payments: extras.payments,
    refunds: extras.refunds,
  };
}

const PICKUP_VISIBLE: readonly string[] = ['deposit_paid', 'allocated', 'paid', 'ready_for_handover'];

export function buyerOrderView(order: OrderRow, locale: Locale, extras: ViewExtras): BuyerOrderView {
  const view = baseView(order, locale, extras);
  const status = order.status as OrderStatus;
  const due = balanceDue(order);
  return {
    ...view,
    pickupCode: PICKUP_VISIBLE.includes(status) ? order.pickup_code : null,
    canCancel: nextStatuses(status, 'buyer').includes('cancelled'),
    payable:
      status === 'pending_deposit'
        ? { purpose: 'deposit', amount: view.price.deposit }
        : status === 'allocated' && due > 0 && order.balance_method !== 'financed'
          ? { purpose: 'balance', amount: { amount: due, currency: order.currency } }
          : null,
  };
}

export function staffOrderView(order: OrderRow, actor: 'dealer' | 'brand', locale: Locale, extras: ViewExtras): StaffOrderView {
  return {
    ...baseView(order, locale, extras),
    buyer: { name: order.buyer_name, phone: order.buyer_phone },
    next: nextStatuses(order.status as OrderStatus, actor),
    pickupLocked: order.pickup_locked_until !== null && order.pickup_locked_until > extras.now.toISOString(),
  };
}

export function parseCursor(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/.exec(cursor);
  if (!match) throw orderErrors.invalidCursor();
  return { createdAt: match[1]!, id: match[2]! };
}

export function cursorOf(row: { created_at: string; id: string }): string {
  return `${row.created_at}_${row.id}`;
}

export interface OwnedVehicle {
  vin: string;
  orderId: string;
  store: string;
  model: { slug: string; name: string };
  trim: { code: string; name: string };
  colour: string | null;
  dealer: OrderView['dealer'];
  deliveredAt: string;
  tempPlate: { number: string; expiresOn: string } | null;
}

/** The cars a buyer has taken delivery of, newest first: their delivered orders, as cars. */
export async function listOwnedVehicles(db: DbOrTx, buyerId: string, locale: Locale): Promise<OwnedVehicle[]> {
  const rows = await repo.listOrders(db, { buyerId, status: 'delivered', limit: 50 });
  return rows.map((order) => {
    const snapshot = JSON.parse(order.snapshot) as OrderSnapshot;
    return {
      vin: order.vin ?? '',
      orderId: order.id,
      store: order.store_slug,
      model: { slug: snapshot.model.slug, name: localize(snapshot.model.name, locale) },
      trim: { code: snapshot.trim.code, name: localize(snapshot.trim.name, locale) },
      colour: snapshot.colour ? localize(snapshot.colour.name, locale) : null,
      dealer: {
        code: order.dealer_code,
        name: localize(JSON.parse(order.dealer_name) as LocalizedText, locale),
        city: localize(JSON.parse(order.dealer_city) as LocalizedText, locale),
        phone: order.dealer_phone,
      },
      deliveredAt: order.delivered_at ?? order.updated_at,
      tempPlate: order.temp_plate && order.temp_plate_expires_on ? { number: order.temp_plate, expiresOn: order.temp_plate_expires_on } : null,
    };
  });
}
