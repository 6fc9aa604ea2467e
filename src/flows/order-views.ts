import type { Db, DbOrTx } from '../db/database.js';
import { orderErrors } from '../modules/orders/orders.errors.js';
import * as orders from '../modules/orders/orders.repo.js';
import {
  buyerOrderView,
  cursorOf,
  getOrderPolicy,
  parseCursor,
  staffOrderView,
  type BuyerOrderView,
  type OrderRow,
  type StaffOrderView,
  type ViewExtras,
} from '../modules/orders/orders.service.js';
import * as payments from '../modules/payments/payments.repo.js';
import type { Clock } from '../shared/clock.js';
import type { Locale } from '../shared/locale.js';
import type { OrderScope } from './order-life.js';

/*
 * Orders as their readers see them: with timeline, payments and refunds, which live in two
 * modules. A page of orders costs four queries whatever its length.
 */

async function extrasFor(db: DbOrTx, rows: OrderRow[], now: Date): Promise<(order: OrderRow) => ViewExtras> {
  const ids = rows.map((r) => r.id);
  const [events, paid, refunds] = await Promise.all([
    orders.listEventsOfOrders(db, ids),
    payments.listPaymentsOfOrders(db, ids),
    payments.listRefundsOfOrders(db, ids),
  ]);
  const policies = new Map<string, Awaited<ReturnType<typeof getOrderPolicy>>>();
  for (const storeId of new Set(rows.map((r) => r.store_id))) policies.set(storeId, await getOrderPolicy(db, storeId));
  return (order) => ({
    events: events.filter((e) => e.order_id === order.id),
    payments: paid
      .filter((p) => p.order_id === order.id)
      .map((p) => ({
        id: p.id,
        purpose: p.purpose,
        provider: p.provider,
        amount: { amount: Number(p.amount), currency: p.currency },
        status: p.status,
        createdAt: p.created_at,
      })),
    refunds: refunds
      .filter((r) => r.order_id === order.id)
      .map((r) => ({ id: r.id, amount: { amount: Number(r.amount), currency: r.currency }, status: r.status, reason: r.reason, createdAt: r.created_at })),
    policy: policies.get(order.store_id)!,
    now,
  });
}

export async function getBuyerOrder(deps: { db: Db; clock: Clock }, buyerId: string, id: string, locale: Locale): Promise<BuyerOrderView> {
  const order = await orders.findOrderOfBuyer(deps.db, buyerId, id);
  if (!order) throw orderErrors.notFound();
  return buyerOrderView(order, locale, (await extrasFor(deps.db, [order], deps.clock.now()))(order));
}

export async function listBuyerOrders(
  deps: { db: Db; clock: Clock },
  buyerId: string,
  query: { cursor?: string | undefined; limit: number; status?: string | undefined },
  locale: Locale,
): Promise<{ orders: BuyerOrderView[]; nextCursor: string | null }> {
  const rows = await orders.listOrders(deps.db, { buyerId, status: query.status, before: parseCursor(query.cursor), limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const extras = await extrasFor(deps.db, page, deps.clock.now());
  return {
    orders: page.map((row) => buyerOrderView(row, locale, extras(row))),
    nextCursor: rows.length > query.limit ? cursorOf(page[page.length - 1]!) : null,
  };
}

export async function getStaffOrder(deps: { db: Db; clock: Clock }, scope: OrderScope, actor: 'dealer' | 'brand', id: string, locale: Locale): Promise<StaffOrderView> {
  const order = scope.dealerId !== undefined ? await orders.findOrderOfDealer(deps.db, scope.dealerId, id) : await orders.findOrderOfStore(deps.db, scope.storeId, id);
  if (!order || order.store_id !== scope.storeId) throw orderErrors.notFound();
  return staffOrderView(order, actor, locale, (await extrasFor(deps.db, [order], deps.clock.now()))(order));
}

export async function listStaffOrders(
  deps: { db: Db; clock: Clock },
  scope: OrderScope,
  actor: 'dealer' | 'brand',
  query: { cursor?: string | undefined; limit: number; status?: string | undefined; dealer?: string | undefined },
  locale: Locale,
): Promise<{ orders: StaffOrderView[]; counts: Record<string, number>; nextCursor: string | null }> {
  const rows = await orders.listOrders(deps.db, {
    storeId: scope.storeId,
    dealerId: scope.dealerId,
    status: query.status,
    before: parseCursor(query.cursor),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const extras = await extrasFor(deps.db, page, deps.clock.now());
  const counts: Record<string, number> = {};
  for (const row of await orders.countOrdersByStatus(deps.db, scope)) counts[row.status] = Number(row.count);
  return {
    orders: page.map((row) => staffOrderView(row, actor, locale, extras(row))),
    counts,
    nextCursor: rows.length > query.limit ? cursorOf(page[page.length - 1]!) : null,
  };
}
