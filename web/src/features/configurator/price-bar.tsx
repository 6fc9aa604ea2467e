import type { ReactNode } from 'react';
import { useLocale, useT } from '../../i18n/i18n-context';
import { formatMoney } from '../../ui/price';
import type { PriceBreakdown } from './engine';
import { estimateLoan } from './finance';
import { numberFormat } from '../../i18n/intl-formats';

/**
 * The live price, always in view at the bottom of the phone: the list price from the engine and
 * the monthly payment it comes to, with the step's next action beside it.
 */
export function PriceBar({ breakdown, nev, action }: { breakdown: PriceBreakdown | null; nev: boolean; action: ReactNode }) {
  const t = useT();
  const { locale } = useLocale();
  const money = (amount: number) => formatMoney({ amount, currency: breakdown?.currency ?? 'CNY' }, locale);
  const loan = breakdown ? estimateLoan(breakdown.vehiclePrice, nev) : null;
  return (
    <section className="price-bar" aria-label={t('configurator.priceBar')}>
      <div className="price-bar__inner">
        <div className="price-bar__figures" aria-live="polite" aria-atomic="true">
          <span className="price-bar__label">{t('configurator.listPrice')}</span>
          <span className="price-bar__amount">{breakdown ? money(breakdown.listPrice) : '—'}</span>
          {loan && <span className="price-bar__monthly">{t('configurator.monthly', { amount: money(loan.monthly) })}</span>}
        </div>
        <div className="price-bar__action">{action}</div>
      </div>
    </section>
  );
}

/** The assumption behind the monthly figure, in small print wherever that figure shows. */
export function FinanceNote({ nev }: { nev: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const loan = estimateLoan(0, nev);
  return (
    <p className="fine-print">
      {t('configurator.financeNote', {
        months: loan.months,
        down: loan.downPaymentPercent,
        apr: numberFormat(locale, { maximumFractionDigits: 2 }).format(loan.aprPercent),
      })}
    </p>
  );
}
