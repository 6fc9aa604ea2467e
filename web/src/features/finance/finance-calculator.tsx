import { useEffect, useId, useState } from 'react';
import { ApiError } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { useLocale, useT } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { formatMoney } from '../../ui/price';
import { fetchFinanceQuote, percentOf, termChoices, type FinancePlan, type FinanceQuote, type FinanceQuoteRequest } from './finance.api';
import { numberFormat } from '../../i18n/intl-formats';
import './finance-calculator.css';

export interface FinanceCalculatorProps {
  /** The store's slug. */
  store: string;
  /** The model's slug: the store's policy gives its minimum down payment (lower for an NEV). */
  model: string;
  /** The trim chosen; choosing another starts again from the minimum down payment. */
  trim?: string;
  /** The vehicle price in fen. */
  price: number;
  /** Whether the model is a new-energy vehicle: the minimum shown before the first quote arrives. */
  isNev: boolean;
  /** A plan already chosen elsewhere (checkout): the calculator then quotes it alone, without its own plan tabs. */
  plan?: FinancePlan | undefined;
}

/** A quote is asked for once the buyer has stopped sliding for this long. */
const QUOTE_DEBOUNCE_MS = 300;
/** The down payment moves by ¥1,000. */
const DOWN_STEP = 100_000;
const DEFAULT_LOAN_MONTHS = 36;
/** The demo policy's minimum down payments, shown only until the store's own quote arrives. */
const FALLBACK_MIN_DOWN_PERCENT = { nev: 15, conventional: 20 };

/** Refusals the calculator answers itself by moving the choice back within the bound the store names. */
const BOUND_CODES = new Set(['FINANCE_DOWN_PAYMENT_TOO_LOW', 'FINANCE_DOWN_PAYMENT_TOO_HIGH', 'FINANCE_MONTHS_OUT_OF_RANGE']);

const PLANS: Array<{ id: FinancePlan; label: MessageKey }> = [
  { id: 'loan', label: 'finance.plan.loan' },
  { id: 'lease', label: 'finance.plan.lease' },
];

/** The value once it has held still for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The adjustable finance quote: a loan or a lease-to-own, the down payment and the term the buyer
 * picks, and the monthly figure, totals and schedule the store's API works out for them.
 */
export function FinanceCalculator({ store, model, trim, price, isNev, plan: fixedPlan }: FinanceCalculatorProps) {
  const t = useT();
  const { locale } = useLocale();
  const titleId = useId();
  const downId = useId();
  const monthsId = useId();
  const [chosenPlan, setPlan] = useState<FinancePlan>(fixedPlan ?? 'loan');
  const plan = fixedPlan ?? chosenPlan;
  /** Null: the store's minimum, whatever the price becomes. */
  const [down, setDown] = useState<number | null>(null);
  const [months, setMonths] = useState(DEFAULT_LOAN_MONTHS);

  useEffect(() => setDown(null), [model, trim, fixedPlan]);

  const request: FinanceQuoteRequest = {
    plan,
    model,
    price,
    ...(down === null ? {} : { downPayment: down }),
    ...(plan === 'loan' ? { months } : {}),
  };
  const settled = useSettled(JSON.stringify(request), QUOTE_DEBOUNCE_MS);
  const quote = useRequest((signal) => fetchFinanceQuote(store, JSON.parse(settled) as FinanceQuoteRequest, signal), [store, settled]);

  // A new price can move the bounds under the buyer's choice: take the bound the store names.
  useEffect(() => {
    const error = quote.error;
    if (!(error instanceof ApiError)) return;
    const problem = error.problem as { maxDownPayment?: number; min?: number; max?: number };
    if (error.code === 'FINANCE_DOWN_PAYMENT_TOO_LOW') setDown(null);
    else if (error.code === 'FINANCE_DOWN_PAYMENT_TOO_HIGH' && problem.maxDownPayment !== undefined) setDown(problem.maxDownPayment);
    else if (error.code === 'FINANCE_MONTHS_OUT_OF_RANGE' && problem.min !== undefined && problem.max !== undefined) {
      setMonths((chosen) => Math.min(Math.max(chosen, problem.min!), problem.max!));
    }
  }, [quote.error]);

  // A quote for the other plan is not shown; one for a price just changed is, until the new one comes.
  const shown = quote.data?.plan === plan ? quote.data : undefined;
  const currency = quote.data?.currency ?? 'CNY';
  const money = (amount: number) => formatMoney({ amount, currency }, locale);
  const fallbackMin = Math.ceil((price * (isNev ? FALLBACK_MIN_DOWN_PERCENT.nev : FALLBACK_MIN_DOWN_PERCENT.conventional)) / 100);
  const minDown = shown?.minDownPayment ?? fallbackMin;
  const maxDown = shown?.maxDownPayment ?? price - 1;
  const downShown = down ?? minDown;
  const chooseDown = (amount: number) => {
    const bounded = Math.min(Math.max(amount, minDown), maxDown);
    setDown(bounded === minDown ? null : bounded);
  };
  const busy = quote.isLoading || settled !== JSON.stringify(request);
  const failed = quote.error !== undefined && !(quote.error instanceof ApiError && BOUND_CODES.has(quote.error.code ?? ''));

  return (
    <section className="card finance" aria-labelledby={titleId} aria-busy={busy}>
      <h3 className="card__title" id={titleId}>
        {t('finance.title')}
      </h3>

      {fixedPlan === undefined && (
        <div className="tabs finance-plans" role="group" aria-label={t('finance.plans')}>
          {PLANS.map(({ id, label }) => (
            <button
              key={id}
              type="button"
              className="tabs__tab"
              aria-pressed={plan === id}
              onClick={() => {
                if (id === plan) return;
                setPlan(id);
                setDown(null);
              }}
            >
              {t(label)}
            </button>
          ))}
        </div>
      )}

      <p className="finance-monthly" aria-live="polite" aria-atomic="true">
        <span className="finance-monthly__label">{t(plan === 'loan' ? 'finance.monthly' : 'finance.monthlyRent')}</span>
        <span className="finance-monthly__amount" data-testid="finance-monthly">
          {shown ? money(shown.monthlyPayment) : '—'}
        </span>
        <span className="finance-monthly__times">{t('finance.times', { months: shown?.months ?? (plan === 'loan' ? months : 12) })}</span>
      </p>

      <div className="finance-field">
        <div className="finance-field__head">
          <label htmlFor={downId} className="finance-field__label">
            {t('finance.downPayment')}
          </label>
          <span className="finance-field__value">
            {money(downShown)}
            <span className="finance-field__hint"> · {t('finance.downShare', { percent: percentOf(Math.round((downShown * 10_000) / price), locale) })}</span>
          </span>
        </div>
        <div className="finance-stepper">
          <button
            type="button"
            className="finance-stepper__button"
            aria-label={t('finance.downLess', { amount: money(DOWN_STEP) })}
            disabled={downShown <= minDown}
            onClick={() => chooseDown(downShown - DOWN_STEP)}
          >
            −
          </button>
          <input
            id={downId}
            className="finance-stepper__range"
            type="range"
            min={minDown}
            max={Math.max(minDown, maxDown)}
            step={DOWN_STEP}
            value={downShown}
            aria-valuetext={money(downShown)}
            onChange={(event) => chooseDown(Number(event.currentTarget.value))}
          />
          <button
            type="button"
            className="finance-stepper__button"
            aria-label={t('finance.downMore', { amount: money(DOWN_STEP) })}
            disabled={downShown >= maxDown}
            onClick={() => chooseDown(downShown + DOWN_STEP)}
          >
            +
          </button>
        </div>
        <p className="fine-print finance-field__note">
          {t('finance.downMinimum', {
            amount: money(minDown),
            percent: percentOf(
              shown ? (plan === 'loan' ? shown.policy.minDownBasisPoints : shown.policy.leaseDownBasisPoints) : Math.round((minDown * 10_000) / price),
              locale,
            ),
          })}
        </p>
      </div>

      {plan === 'loan' && (
        <div className="finance-field">
          <span className="finance-field__label" id={monthsId}>
            {t('finance.months')}
          </span>
          <div className="finance-terms" role="group" aria-labelledby={monthsId}>
            {termChoices(shown?.policy.loanMonths ?? quote.data?.policy.loanMonths ?? { min: 12, max: 60 }).map((choice) => (
              <button key={choice} type="button" className="finance-terms__choice" aria-pressed={months === choice} onClick={() => setMonths(choice)}>
                {t('finance.monthsChoice', { months: choice })}
              </button>
            ))}
          </div>
        </div>
      )}

      {failed && <p className="fine-print finance-error">{t('finance.error')}</p>}
      {shown ? <QuoteFigures quote={shown} money={money} /> : !failed && <p className="fine-print">{t('finance.loading')}</p>}
      <p className="fine-print">{t('finance.note')}</p>
    </section>
  );
}

function QuoteFigures({ quote, money }: { quote: FinanceQuote; money(amount: number): string }) {
  const t = useT();
  const { locale } = useLocale();
  const lease = quote.plan === 'lease';
  const number = numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const amount = (fen: number) => number.format(fen / 100);
  return (
    <>
      <dl className="estimate finance-totals">
        <div className="estimate__row">
          <dt>{t('finance.financed')}</dt>
          <dd>{money(quote.financed)}</dd>
        </div>
        <div className="estimate__row">
          <dt>{t('finance.apr')}</dt>
          <dd>{t('finance.aprValue', { percent: percentOf(quote.aprBasisPoints, locale) })}</dd>
        </div>
        <div className="estimate__row">
          <dt>
            {t(lease ? 'finance.rents' : 'finance.payments')}
            <span className="estimate__note">
              {t('finance.interest')} {money(quote.totals.interest)}
            </span>
          </dt>
          <dd>{money(quote.totals.payments)}</dd>
        </div>
        {lease && quote.balloon !== null && (
          <div className="estimate__row">
            <dt>{t('finance.balloon')}</dt>
            <dd>{money(quote.balloon)}</dd>
          </div>
        )}
        <div className="estimate__row estimate__row--total">
          <dt>{t(lease ? 'finance.totalCostBuy' : 'finance.totalCost')}</dt>
          <dd>{money(quote.downPayment + quote.totals.payments + (quote.balloon ?? 0))}</dd>
        </div>
      </dl>

      {quote.afterLease && (
        <div className="finance-after">
          <p className="finance-after__title">{t('finance.after.title', { months: quote.months })}</p>
          <ul className="finance-after__choices">
            {quote.afterLease.map((choice) => (
              <li key={choice.choice} className="finance-after__choice">
                {choice.choice === 'buy'
                  ? t('finance.after.buy', { amount: money(choice.amount) })
                  : choice.choice === 'keep_renting'
                    ? t('finance.after.keep_renting', { amount: money(choice.monthlyPayment ?? 0), months: choice.months ?? 0 })
                    : t('finance.after.swap')}
              </li>
            ))}
          </ul>
        </div>
      )}

      <details className="finance-schedule">
        <summary className="finance-schedule__toggle">{t('finance.schedule.show', { count: quote.schedule.length })}</summary>
        <div className="finance-schedule__scroll">
          <table className="finance-schedule__table">
            <caption className="visually-hidden">{t('finance.schedule.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('finance.schedule.month')}</th>
                <th scope="col">{t('finance.schedule.payment')}</th>
                <th scope="col">{t('finance.schedule.interest')}</th>
                <th scope="col">{t('finance.schedule.principal')}</th>
                <th scope="col">{t('finance.schedule.balance')}</th>
              </tr>
            </thead>
            <tbody>
              {quote.schedule.map((line) => (
                <tr key={line.month}>
                  <th scope="row">{line.month}</th>
                  <td>{amount(line.payment)}</td>
                  <td>{amount(line.interest)}</td>
                  <td>{amount(line.principal)}</td>
                  <td>{amount(line.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
