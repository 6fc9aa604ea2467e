/*
 * An order's life as one table. Each edge names who may take it; guards give the reasons an
 * allowed edge is refused right now. Anything not in the table is an illegal transition (409).
 *
 *   pending_deposit → deposit_paid → allocated → paid → ready_for_handover → delivered
 *   side exits: expired (deposit never paid), cancelled, refunded (a cancelled order's money returned)
 */

export const ORDER_STATUSES = [
  'pending_deposit',
  'deposit_paid',
  'allocated',
  'paid',
  'ready_for_handover',
  'delivered',
  'expired',
  'cancelled',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Who moves an order: the buyer, the pickup dealer's staff, the brand, or the system (payments, expiry). */
export type OrderActor = 'buyer' | 'dealer' | 'brand' | 'system';

const staff: OrderActor[] = ['dealer', 'brand'];
const anyone: OrderActor[] = ['buyer', 'dealer', 'brand'];

export const TRANSITIONS: Record<OrderStatus, Partial<Record<OrderStatus, readonly OrderActor[]>>> = {
  pending_deposit: { deposit_paid: ['system'], expired: ['system'], cancelled: anyone },
  deposit_paid: { allocated: staff, cancelled: anyone },
  allocated: { paid: [...staff, 'system'], cancelled: anyone },
  // Once the balance is settled only the dealer or the brand may call the sale off (and refund it all).
  paid: { ready_for_handover: staff, cancelled: staff },
  ready_for_handover: { delivered: ['dealer'], cancelled: staff },
  delivered: {},
  expired: {},
  cancelled: { refunded: ['system'] },
  refunded: {},
};

/** The states an order is alive in: it holds a unit or a claim on the dealer's work. */
export const LIVE_STATUSES: readonly OrderStatus[] = ['pending_deposit', 'deposit_paid', 'allocated', 'paid', 'ready_for_handover'];

export function isLive(status: OrderStatus): boolean {
  return LIVE_STATUSES.includes(status);
}

/** What the order must have before it may enter a state, beyond the edge existing. */
export interface GuardFacts {
  vin: string | null;
  balanceSettled: boolean;
  inspectionComplete: boolean;
  handoverAt: string | null;
}

export type GuardFailure = 'ORDER_VIN_REQUIRED' | 'ORDER_BALANCE_DUE' | 'ORDER_INSPECTION_INCOMPLETE' | 'ORDER_APPOINTMENT_REQUIRED';

const GUARDS: Partial<Record<OrderStatus, (facts: GuardFacts) => GuardFailure[]>> = {
  allocated: (f) => (f.vin ? [] : ['ORDER_VIN_REQUIRED']),
  paid: (f) => (f.balanceSettled ? [] : ['ORDER_BALANCE_DUE']),
  ready_for_handover: (f) => [
    ...(f.inspectionComplete ? [] : (['ORDER_INSPECTION_INCOMPLETE'] as const)),
    ...(f.handoverAt ? [] : (['ORDER_APPOINTMENT_REQUIRED'] as const)),
  ],
};

export type TransitionCheck =
  | { ok: true }
  | { ok: false; reason: 'illegal' }
  | { ok: false; reason: 'actor' }
  | { ok: false; reason: 'guard'; failures: GuardFailure[] };

export function checkTransition(from: OrderStatus, to: OrderStatus, actor: OrderActor, facts: GuardFacts): TransitionCheck {
  const actors = TRANSITIONS[from][to];
  if (!actors) return { ok: false, reason: 'illegal' };
  if (!actors.includes(actor)) return { ok: false, reason: 'actor' };
  const failures = GUARDS[to]?.(facts) ?? [];
  return failures.length > 0 ? { ok: false, reason: 'guard', failures } : { ok: true };
}

/** The states an actor may move an order to from where it is, for the consoles' buttons. */
export function nextStatuses(from: OrderStatus, actor: OrderActor): OrderStatus[] {
  return (Object.entries(TRANSITIONS[from]) as Array<[OrderStatus, readonly OrderActor[]]>)
    .filter(([, actors]) => actors.includes(actor))
    .map(([to]) => to);
}
