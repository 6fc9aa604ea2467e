import { dateTimeFormat } from '../../i18n/intl-formats.js';
import type { Locale } from '../../i18n/locales.js';

/*
 * An account's dates (joined, last seen, a token's life) in Shanghai time, as every other time the
 * app shows: the same instant reads as the same day on the account page and on an order.
 */
const SHANGHAI = 'Asia/Shanghai';

export function formatDate(iso: string, locale: Locale): string {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: SHANGHAI }).format(new Date(iso));
}

export function formatDateTime(iso: string, locale: Locale): string {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: SHANGHAI }).format(new Date(iso));
}
