import { describe, expect, it } from 'vitest';
import { checkTransition, nextStatuses, ORDER_STATUSES, type GuardFacts, type OrderActor, type OrderStatus } from './orders.states.js';

// The legal edges and who may take them, written out by hand from DESIGN.md's order life.
const LEGAL: Array<[OrderStatus, OrderStatus, OrderActor[]]> = [
  ['pending_deposit', 'deposit_paid', ['system']],
  ['pending_deposit', 'expired', ['system']],
  ['pending_deposit', 'cancelled', ['buyer', 'dealer', 'brand']],
  ['deposit_paid', 'allocated', ['dealer', 'brand']],
  ['deposit_paid', 'cancelled', ['buyer', 'dealer', 'brand']],
  ['allocated', 'paid', ['dealer', 'brand', 'system']],
  ['allocated', 'cancelled', ['buyer', 'dealer', 'brand']],
  ['paid', 'ready_for_handover', ['dealer', 'brand']],
  ['paid', 'cancelled', ['dealer', 'brand']],
  ['ready_for_handover', 'delivered', ['dealer']],
  ['ready_for_handover', 'cancelled', ['dealer', 'brand']],
  ['cancelled', 'refunded', ['system']],
];
const ACTORS: OrderActor[] = ['buyer', 'dealer', 'brand', 'system'];
const ALL_MET: GuardFacts = { vin: 'LVSHTEST0JD000001', balanceSettled: true, inspectionComplete: true, handoverAt: '2026-03-02T08:00:00.000Z' };

describe('the order state table', () => {
  it('allows exactly the legal edges, each to exactly its actors', () => {
    let checked = 0;
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const edge = LEGAL.find(([f, t]) => f === from && t === to);
        for (const actor of ACTORS) {
          const result = checkTransition(from, to, actor, ALL_MET);
          const expected = !edge ? { ok: false, reason: 'illegal' } : edge[2].includes(actor) ? { ok: true } : { ok: false, reason: 'actor' };
          expect(result, `${from} → ${to} by ${actor}`).toEqual(expected);
          checked += 1;
        }
      }
    }
    expect(checked).toBe(9 * 9 * 4);
  });

  it('refuses with every reason a guard finds', () => {
    const none: GuardFacts = { vin: null, balanceSettled: false, inspectionComplete: false, handoverAt: null };
    expect(checkTransition('deposit_paid', 'allocated', 'dealer', none)).toEqual({ ok: false, reason: 'guard', failures: ['ORDER_VIN_REQUIRED'] });
    expect(checkTransition('allocated', 'paid', 'system', none)).toEqual({ ok: false, reason: 'guard', failures: ['ORDER_BALANCE_DUE'] });
    expect(checkTransition('paid', 'ready_for_handover', 'dealer', none)).toEqual({
      ok: false,
      reason: 'guard',
      failures: ['ORDER_INSPECTION_INCOMPLETE', 'ORDER_APPOINTMENT_REQUIRED'],
    });
  });

  it('names the next states an actor may choose', () => {
    expect(nextStatuses('deposit_paid', 'dealer')).toEqual(['allocated', 'cancelled']);
    expect(nextStatuses('paid', 'buyer')).toEqual([]);
    expect(nextStatuses('ready_for_handover', 'brand')).toEqual(['cancelled']);
    expect(nextStatuses('delivered', 'dealer')).toEqual([]);
  });
});
