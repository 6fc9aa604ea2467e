import type { Tx } from '../db/database.js';
import { notify, type TemplateName } from '../modules/jobs/notifications.js';
import * as vouchers from '../modules/vouchers/vouchers.repo.js';
import type { Clock } from '../shared/clock.js';
import { isLocale, localize, type LocalizedText } from '../shared/locale.js';
import { formatMoney } from './order-messages.js';

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function formatDay(iso: string, locale: string): string {
  let format = dayFormats.get(locale);
  if (!format) dayFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'short', day: 'numeric' })));
  return format.format(new Date(iso));
}

/** Tells a voucher's buyer about it, in their language; the code only once it is theirs to show. */
export async function tellVoucherBuyer(tx: Tx, clock: Clock, voucherId: string, template: TemplateName, extra: { amount?: number; dedupe?: string } = {}): Promise<void> {
  const voucher = await vouchers.findVoucherForMessage(tx, voucherId);
  const locale = isLocale(voucher.buyer_locale) ? voucher.buyer_locale : 'zh-CN';
  const params: Record<string, string> = {
    offer: localize(JSON.parse(voucher.offer_name) as LocalizedText, locale),
    value: formatMoney(Number(voucher.value), voucher.currency, locale),
    amount: formatMoney(extra.amount ?? Number(voucher.price), voucher.currency, locale),
    expires: formatDay(voucher.expires_at, locale),
    code: voucher.status === 'active' ? voucher.code.replace(/(\d{4})(?=\d)/g, '$1 ') : '',
    dealer: voucher.dealer_name ? localize(JSON.parse(voucher.dealer_name) as LocalizedText, locale) : '',
  };
  await notify(tx, clock, { userId: voucher.buyer_id, template, params }, { storeId: voucher.store_id, ...(extra.dedupe ? { dedupeKey: extra.dedupe } : {}) });
}
