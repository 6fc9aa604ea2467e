import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useLocale, useT } from '../../i18n/i18n-context';
import { formatMoney } from '../../ui/price';
import type { Saver } from '../configurator/summary-step';
import { orderPaths, USUAL_DEPOSIT } from './orders.api';

/** The deposit shown before an order exists: the store's usual one, capped at 20% of the price as the server caps it. */
export function depositShown(price: number): number {
  return Math.min(USUAL_DEPOSIT, Math.floor((price * 20) / 100));
}

/**
 * The configurator summary's way to reserve: the configuration is saved first (checkout orders a
 * saved code), then the buyer goes to checkout with it, in one tap.
 */
export function ReserveFromSummary({ store, saver, price, currency }: { store: string; saver: Saver; price: number; currency: string }) {
  const t = useT();
  const { locale } = useLocale();
  const [, navigate] = useLocation();
  const [wanted, setWanted] = useState(false);
  const { state } = saver;

  useEffect(() => {
    if (!wanted) return;
    if (state.status === 'saved') navigate(orderPaths.checkoutForConfiguration(store, state.saved.code));
    else if (state.status === 'failed' || state.status === 'idle') setWanted(false);
  }, [wanted, state, store, navigate]);

  const reserve = () => {
    if (state.status === 'saved') {
      navigate(orderPaths.checkoutForConfiguration(store, state.saved.code));
      return;
    }
    setWanted(true);
    if (state.status !== 'saving') saver.save();
  };
  const busy = wanted && state.status === 'saving';
  return (
    <section className="card checkout-reserve" aria-labelledby="checkout-reserve">
      <h3 className="card__title" id="checkout-reserve">
        {t('orders.reserve.title')}
      </h3>
      <p className="checkout-reserve__note">{t('orders.reserve.note')}</p>
      <button type="button" className="button button--primary button--block" disabled={busy} onClick={reserve}>
        {busy ? t('orders.reserve.saving') : t('orders.reserve.action', { amount: formatMoney({ amount: depositShown(price), currency }, locale) })}
      </button>
    </section>
  );
}

/** A stock car's way to reserve it: checkout with its VIN, at the dealer that has it. */
export function ReserveUnitLink({ store, vin, dealer, model }: { store: string; vin: string; dealer: string; model: string }) {
  const t = useT();
  return (
    <Link href={orderPaths.checkoutForVin(store, vin, dealer, model)} className="button button--primary">
      {t('orders.reserve.unit')}
    </Link>
  );
}
