import type { Money } from '../features/catalog/catalog.api';
import { useLocale } from '../i18n/i18n-context';
import type { Locale } from '../i18n/locales';
import { numberFormat } from '../i18n/intl-formats';

/** "¥179,800": whole amounts without decimals, others to the currency's minor unit. */
export function formatMoney(money: Money, locale: Locale): string {
  const options = { style: 'currency', currency: money.currency, currencyDisplay: 'narrowSymbol' } as const;
  // Minor units per major unit come from the currency itself (2 for CNY), not from a guess.
  const minorDigits = numberFormat(locale, options).resolvedOptions().maximumFractionDigits ?? 2;
  const perMajorUnit = 10 ** minorDigits;
  const digits = money.amount % perMajorUnit === 0 ? 0 : minorDigits;
  return numberFormat(locale, { ...options, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    money.amount / perMajorUnit,
  );
}

export function Price({ money, className }: { money: Money; className?: string }) {
  const { locale } = useLocale();
  return <span className={className}>{formatMoney(money, locale)}</span>;
}

/** "+¥90,000" or "−¥5,000": how much a change adds to or takes off the price. */
export function formatMoneyDelta(money: Money, locale: Locale): string {
  const sign = money.amount > 0 ? '+' : money.amount < 0 ? '−' : '';
  return `${sign}${formatMoney({ ...money, amount: Math.abs(money.amount) }, locale)}`;
}

/** "¥15万", "¥150K", "150 k ¥": a round budget as people say it, for filter chips. */
export function formatCompactMoney(money: Money, locale: Locale): string {
  const options = { style: 'currency', currency: money.currency, currencyDisplay: 'narrowSymbol' } as const;
  const minorDigits = numberFormat(locale, options).resolvedOptions().maximumFractionDigits ?? 2;
  // Both bounds given: engines differ on the minimum a lone maximum implies (Node says "¥15.0万"),
  // and a page rendered on the server must read the same as in the browser.
  return numberFormat(locale, { ...options, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(
    money.amount / 10 ** minorDigits,
  );
}
