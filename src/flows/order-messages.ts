import type { Tx } from '../db/database.js';
import { listDealerStaffToTell } from '../modules/accounts/accounts.repo.js';
import { STAFF_LIST_LIMIT } from '../modules/accounts/accounts.staff.js';
import { isDealerSwitchedOn } from '../modules/dealers/dealers.service.js';
import { notify } from '../modules/jobs/notifications.js';
import type { TemplateName } from '../modules/jobs/notifications.js';
import type { OrderRow, OrderSnapshot } from '../modules/orders/orders.service.js';
import type { Clock } from '../shared/clock.js';
import { isLocale, localize, type Locale, type LocalizedText } from '../shared/locale.js';

/*
 * What an order's notifications say, in the recipient's language: the buyer's account locale,
 * and each staff member's own for the dealer's messages.
 */

// Building an Intl formatter costs far more than using one: one per locale and currency, kept.
const moneyFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<Locale, Intl.DateTimeFormat>();

export function formatMoney(amount: number, currency: string, locale: Locale): string {
  const key = `${locale}:${currency}`;
  let format = moneyFormats.get(key);
  if (!format) moneyFormats.set(key, (format = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 })));
  return format.format(amount / 100);
}

function formatTime(iso: string, locale: Locale): string {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Shanghai',
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    timeFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}

export function orderParams(order: OrderRow, locale: Locale, extra: { amount?: number } = {}): Record<string, string> {
  const snapshot = JSON.parse(order.snapshot) as OrderSnapshot;
  return {
    reference: order.reference,
    model: localize(snapshot.model.name, locale),
    dealer: localize(JSON.parse(order.dealer_name) as LocalizedText, locale),
    vin: order.vin ?? '',
    time: order.handover_at ? formatTime(order.handover_at, locale) : '',
    amount: formatMoney(extra.amount ?? Number(order.deposit_amount), order.currency, locale),
  };
}

export async function tellBuyer(tx: Tx, clock: Clock, order: OrderRow, template: TemplateName, extra: { amount?: number; dedupe?: string } = {}): Promise<void> {
  const locale = isLocale(order.buyer_locale) ? order.buyer_locale : 'zh-CN';
  await notify(
    tx,
    clock,
    { userId: order.buyer_id, template, params: orderParams(order, locale, extra) },
    { storeId: order.store_id, dealerId: order.dealer_id, ...(extra.dedupe ? { dedupeKey: extra.dedupe } : {}) },
  );
}

/**
 * Tells the dealer's active staff, unless the brand has switched the dealer off: its staff can no longer
 * sign in to act on the order, and the brand, which takes over its orders, reads them in its console.
 */
export async function tellDealer(tx: Tx, clock: Clock, order: OrderRow, template: TemplateName): Promise<void> {
  if (!(await isDealerSwitchedOn(tx, order.store_id, order.dealer_id))) return;
  for (const staff of await listDealerStaffToTell(tx, order.store_id, order.dealer_id, STAFF_LIST_LIMIT)) {
    const locale = isLocale(staff.locale) ? staff.locale : 'zh-CN';
    await notify(tx, clock, { userId: staff.id, template, params: orderParams(order, locale) }, { storeId: order.store_id, dealerId: order.dealer_id });
  }
}
