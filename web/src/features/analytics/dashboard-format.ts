import type { Translate } from '../../i18n/i18n-context';
import type { Locale } from '../../i18n/locales';
import { formatMoney } from '../../ui/price';
import { numberFormat } from '../../i18n/intl-formats';

/* How the dashboards write their figures: in the reader's language, exact, and "—" where a rate has no base. */

export function formatCount(value: number, locale: Locale, maximumFractionDigits = 0): string {
  return numberFormat(locale, { maximumFractionDigits }).format(value);
}

/** A percent the API rounded to 2 places (12.5 → "12.5%"); null: nothing to divide by. */
export function formatPercent(percent: number | null, locale: Locale, t: Translate): string {
  if (percent === null) return t('dashboard.none');
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(percent / 100);
}

export function formatFen(amount: number, locale: Locale): string {
  return formatMoney({ amount, currency: 'CNY' }, locale);
}

/** "3 分 20 秒", "2 h 5 min": the largest two units of a duration. */
export function formatDuration(seconds: number, t: Translate): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('dashboard.duration.seconds', { s });
  if (s < 3600) return t('dashboard.duration.minutes', { m: Math.floor(s / 60), s: s % 60 });
  if (s < 86_400) return t('dashboard.duration.hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  return t('dashboard.duration.days', { d: Math.floor(s / 86_400), h: Math.floor((s % 86_400) / 3600) });
}
