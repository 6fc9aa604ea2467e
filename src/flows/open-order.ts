import type { Tx } from '../db/database.js';
import { enqueue } from '../modules/jobs/jobs.service.js';
import * as orders from '../modules/orders/orders.repo.js';
import { newPickupCode, newReference, recordEvent, type OrderPlan, type OrderSnapshot } from '../modules/orders/orders.service.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { tellDealer } from './order-messages.js';

export const ORDER_EXPIRE = 'order.expire';

export interface NewOrder {
  storeId: string;
  currency: string;
  buyerId: string;
  dealerId: string;
  modelId: string;
  trimId: string;
  source: 'configuration' | 'stock_unit' | 'campaign';
  campaignId: string | null;
  configurationCode: string | null;
  vin: string | null;
  plan: OrderPlan;
  snapshot: OrderSnapshot;
  phone: string | null;
  holdUntil: string;
  estimatedDelivery: string | null;
  idempotencyKey: string | undefined;
}

/**
 * Writes a new order pending its deposit, whatever it came from (a configuration, a VIN, a flash
 * sale): its first timeline row, the job that expires it when its hold ends, and the dealer's
 * message, all in the caller's transaction. The caller has checked and taken what it sells.
 */
export async function openPendingOrder(tx: Tx, clock: Clock, order: NewOrder): Promise<string> {
  const now = clock.now();
  const at = now.toISOString();
  const id = newId(now.getTime());
  await orders.insertOrder(tx, {
    id,
    reference: newReference(),
    store_id: order.storeId,
    buyer_id: order.buyerId,
    dealer_id: order.dealerId,
    model_id: order.modelId,
    trim_id: order.trimId,
    source: order.source,
    campaign_id: order.campaignId,
    configuration_code: order.configurationCode,
    vin: order.vin,
    plan: order.plan,
    status: 'pending_deposit',
    currency: order.currency,
    vehicle_price: order.snapshot.vehiclePrice,
    deposit_amount: order.snapshot.deposit,
    snapshot: JSON.stringify(order.snapshot),
    buyer_phone: order.phone,
    hold_expires_at: order.holdUntil,
    estimated_delivery: order.estimatedDelivery,
    deposit_paid_at: null,
    refund_window_ends_at: null,
    confirmed_at: null,
    allocated_at: null,
    balance_method: null,
    handover_at: null,
    delivered_at: null,
    temp_plate: null,
    temp_plate_expires_on: null,
    pickup_code: newPickupCode(),
    pickup_locked_until: null,
    cancelled_by: null,
    cancel_reason: null,
    idempotency_key: order.idempotencyKey ?? null,
    created_at: at,
    updated_at: at,
  });
  await recordEvent(tx, clock, id, { kind: 'status', from: null, to: 'pending_deposit', who: { actor: 'buyer', userId: order.buyerId, role: 'buyer' } });
  await enqueue(tx, clock, {
    kind: ORDER_EXPIRE,
    payload: { orderId: id },
    runAt: new Date(order.holdUntil),
    dedupeKey: `${ORDER_EXPIRE}:${id}`,
    storeId: order.storeId,
    dealerId: order.dealerId,
  });
  await tellDealer(tx, clock, (await orders.findOrder(tx, id))!, 'order.placed');
  return id;
}
