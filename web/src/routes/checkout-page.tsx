import { useId, useMemo, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { useRequest } from '../api/use-request';
import { RequireAccount } from '../features/accounts/require-account';
import { fetchConfiguration, normalizeCode } from '../features/configurator/configurations.api';
import { useBuyerCity } from '../features/dealers/buyer-city';
import { fetchDealers, type DealerCard } from '../features/dealers/dealers.api';
import { FinanceCalculator } from '../features/finance/finance-calculator';
import { useIntentKey } from '../features/orders/intent-key';
import {
  checkoutError,
  fetchMyPayment,
  fetchOrderTerms,
  orderPaths,
  placeOrder,
  PLAN_LABEL,
  startPayment,
  type OrderPlan,
  type Payment,
  type PlaceOrderBody,
} from '../features/orders/orders.api';
import { followPayment, PayFromPhone, type ScanStep } from '../features/orders/pay-from-phone';
import { useProviderPicker } from '../features/orders/payment-providers';
import { paymentIntent } from '../features/orders/payment-step';
import { searchStock } from '../features/stock/stock.api';
import { useStore } from '../features/stores/store-context';
import { useLocale, useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { StoreLayout } from '../ui/layout';
import { formatMoney } from '../ui/price';
import { ErrorState, LoadingState, NotFoundState } from '../ui/request-states';
import { useDocumentTitle } from '../ui/use-document-title';
import '../features/orders/buyer-orders.css';

const PLANS: OrderPlan[] = ['cash', 'loan', 'lease'];

/** /:store/checkout?configuration=CODE or ?vin=VIN&dealer=CODE: reserve the car, see the rules, pay the deposit. */
export function CheckoutPage() {
  return (
    <RequireAccount roles={['buyer']} pageName="orders.checkout.title" frame={StoreLayout}>
      <Checkout />
    </RequireAccount>
  );
}

/** What is being bought, however it was named: a saved configuration or one car in stock. */
interface Car {
  model: { slug: string; name: string };
  trim: { code: string; name: string };
  details: string[];
  price: number;
  currency: string;
  nev: boolean;
}

function Checkout() {
  const t = useT();
  const { locale } = useLocale();
  const { slug: store } = useStore();
  const params = new URLSearchParams(useSearch());
  const configuration = params.get('configuration') ? normalizeCode(params.get('configuration')!) : null;
  const vin = params.get('vin')?.trim().toUpperCase() || null;
  const vinDealer = params.get('dealer');
  const vinModel = params.get('model');
  useDocumentTitle(t('orders.checkout.title'));

  const car = useRequest<Car | null>(
    async (signal) => {
      if (configuration) {
        const saved = await fetchConfiguration(store, configuration, locale, signal);
        return {
          model: saved.model,
          trim: saved.trim,
          details: saved.options.filter((o) => !o.standard).map((o) => o.name),
          price: saved.price.vehicle.amount,
          currency: saved.price.vehicle.currency,
          nev: saved.price.purchaseTax.amount === 0,
        };
      }
      if (vin && vinModel) {
        const found = await searchStock(store, { model: vinModel, limit: 50 }, locale, signal);
        const unit = found.units.find((candidate) => candidate.vin === vin);
        if (!unit) return null;
        return {
          model: { slug: unit.model.code, name: unit.model.name },
          trim: { code: unit.trim.code, name: unit.trim.name },
          details: [...(unit.colour ? [unit.colour.name] : []), ...unit.options.map((o) => o.name)],
          price: unit.price.amount,
          currency: unit.price.currency,
          nev: false,
        };
      }
      return null;
    },
    [store, configuration, vin, vinModel, locale],
  );

  if (!configuration && !(vin && vinDealer)) {
    return <NotFoundState title={t('orders.checkout.nothingTitle')} body={t('orders.checkout.nothingBody')} />;
  }
  if (car.error) return <ErrorState onRetry={car.retry} />;
  if (car.isLoading && car.data === undefined) {
    return (
      <LoadingState>
        <div className="page-spinner" />
      </LoadingState>
    );
  }
  // A VIN no longer listed may still be the buyer's to order: the server decides, and says why not.
  const source = configuration ? { configuration } : { vin: vin!, dealer: vinDealer! };
  return <CheckoutForm store={store} car={car.data ?? null} source={source} />;
}

function CheckoutForm({ store, car, source }: { store: string; car: Car | null; source: { configuration: string } | { vin: string; dealer: string } }) {
  const t = useT();
  const { locale } = useLocale();
  const [, navigate] = useLocation();
  const [buyerCity] = useBuyerCity();
  const dealerId = useId();
  const phoneId = useId();
  const fixedDealer = 'vin' in source ? source.dealer : null;
  const dealers = useRequest((signal) => fetchDealers(store, { service: 'sales', limit: 100 }, locale, signal), [store, locale]);
  const sortedDealers = useMemo(() => byCityFirst(dealers.data ?? [], buyerCity), [dealers.data, buyerCity]);
  const [chosenDealer, setDealer] = useState<string | null>(null);
  // A dealer of the buyer's own city is a fair first guess; without a city, the buyer picks: the
  // first of the list would be a dealer in some other city, easily reserved at unnoticed.
  const nearby = buyerCity ? sortedDealers.find((candidate) => candidate.city.code === buyerCity)?.code : undefined;
  const dealer = fixedDealer ?? chosenDealer ?? nearby ?? null;
  const [plan, setPlan] = useState<OrderPlan>('cash');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  /** The order placed by this intent, kept so a retry pays it rather than placing another. */
  const [placed, setPlaced] = useState<{ intent: string; orderId: string } | null>(null);
  const [awaiting, setAwaiting] = useState<{ payment: Payment; step: ScanStep } | null>(null);
  const { provider, choice, hasChoice } = useProviderPicker();
  /** An order this intent placed earlier that can no longer be paid, to look at. */
  const [closedOrder, setClosedOrder] = useState<string | null>(null);
  const orderKey = useIntentKey('vitrine.checkout.order');
  const paymentKey = useIntentKey('vitrine.checkout.payment');

  const sourceKey = 'configuration' in source ? source.configuration : `${source.vin}@${source.dealer}`;
  const terms = useRequest((signal) => fetchOrderTerms(store, source, signal), [store, sourceKey]);
  const currency = terms.data?.deposit.currency ?? car?.currency ?? 'CNY';
  const money = (amount: number) => formatMoney({ amount, currency }, locale);
  const deposit = terms.data?.deposit.amount;
  const price = terms.data?.vehiclePrice.amount ?? car?.price;
  const body: PlaceOrderBody | null = dealer
    ? { ...('configuration' in source ? { configuration: source.configuration } : { vin: source.vin }), dealer, plan, ...(phone.trim() ? { phone: phone.trim() } : {}) }
    : null;

  async function reserve() {
    if (!body || !provider) return;
    setBusy(true);
    setFailure(null);
    // The same choices tapped again are the same intent (a retry); changed choices are a new one.
    const intent = JSON.stringify(body);
    let orderId: string | null = null;
    try {
      orderId = placed?.intent === intent ? placed.orderId : null;
      if (!orderId) {
        const order = await placeOrder(store, body, locale, orderKey.keyFor(intent));
        orderId = order.id;
        setPlaced({ intent, orderId });
      }
      const paying = paymentIntent(orderId, 'deposit', provider);
      let payment = await startPayment(orderId, paymentKey.keyFor(paying), provider);
      // A replayed answer is the payment as it first was: one since settled is asked about anew.
      const latest = await fetchMyPayment(payment.id);
      if (latest.status === 'succeeded') {
        navigate(orderPaths.order(orderId));
        return;
      }
      if (latest.status !== 'pending') {
        paymentKey.forget();
        payment = await startPayment(orderId, paymentKey.keyFor(paying), provider);
      }
      followPayment(payment, {
        navigate,
        onScan: (step) => setAwaiting({ payment, step }),
        onUnusable: () => setFailure('orders.error.provider'),
      });
      // Not left busy: a page restored by the back button must be usable, and a tap meanwhile is the same intent.
      setBusy(false);
    } catch (error) {
      const failed = checkoutError(error);
      // The order this intent placed is no longer payable (paid, expired, cancelled): tapping again is a new order.
      if (failed === 'orders.error.nothingDue') {
        orderKey.forget();
        paymentKey.forget();
        setPlaced(null);
        setClosedOrder(orderId);
        setFailure('orders.error.reserveAgain');
      } else {
        setFailure(failed);
      }
      setBusy(false);
    }
  }

  if (awaiting) {
    return (
      <PayFromPhone
        payment={awaiting.payment}
        step={awaiting.step}
        // An order's payment always names its order.
        onPaid={() => navigate(orderPaths.order(awaiting.payment.orderId!))}
        onRetry={() => {
          // That payment is over: paying again is a new intent.
          paymentKey.forget();
          setAwaiting(null);
        }}
        // The same way picked again answers the same open payment (same intent, same key).
        onChooseAnother={hasChoice ? () => setAwaiting(null) : undefined}
      />
    );
  }

  return (
    <div className="checkout">
      <header className="checkout__header">
        <h1 className="checkout__title">{t('orders.checkout.title')}</h1>
        <p className="checkout__intro">{t('orders.checkout.intro')}</p>
      </header>

      <section className="panel checkout-car" aria-labelledby="checkout-car">
        <h2 className="panel__title" id="checkout-car">
          {car ? `${car.model.name} · ${car.trim.name}` : t('orders.checkout.stockCar')}
        </h2>
        {car && car.details.length > 0 && <p className="checkout-car__details">{car.details.join(' · ')}</p>}
        {'vin' in source && <p className="checkout-car__vin">VIN {source.vin}</p>}
        {price !== undefined && (
          <p className="checkout-car__price">
            <span>{t('orders.checkout.vehiclePrice')}</span>
            <strong>{money(price)}</strong>
          </p>
        )}
      </section>

      <section className="panel">
        <label className="panel__title" htmlFor={dealerId}>
          {t('orders.checkout.dealer')}
        </label>
        {dealers.error ? (
          <ErrorState onRetry={dealers.retry} />
        ) : (
          <select id={dealerId} className="booking__select" value={dealer ?? ''} disabled={fixedDealer !== null} onChange={(event) => setDealer(event.target.value)}>
            {!dealer && (
              <option value="" disabled>
                {t('orders.checkout.pickDealer')}
              </option>
            )}
            {fixedDealer && !sortedDealers.some((d) => d.code === fixedDealer) && <option value={fixedDealer}>{fixedDealer}</option>}
            {sortedDealers.map((candidate) => (
              <option key={candidate.code} value={candidate.code}>
                {candidate.city.name} · {candidate.name}
              </option>
            ))}
          </select>
        )}
        <p className="fine-print">{t(fixedDealer ? 'orders.checkout.dealerFixed' : nearby ? 'orders.checkout.dealerHint' : 'orders.checkout.pickDealerHint')}</p>
      </section>

      <section className="panel" aria-labelledby="checkout-plan">
        <h2 className="panel__title" id="checkout-plan">
          {t('orders.checkout.plan')}
        </h2>
        <div className="chip-wrap checkout-plans" role="group" aria-labelledby="checkout-plan">
          {PLANS.map((candidate) => (
            <button key={candidate} type="button" className="chip" aria-pressed={plan === candidate} onClick={() => setPlan(candidate)}>
              {t(PLAN_LABEL[candidate])}
            </button>
          ))}
        </div>
        {plan === 'cash' && <p className="fine-print">{t('orders.checkout.cashNote')}</p>}
      </section>
      {plan !== 'cash' && car && <FinanceCalculator store={store} model={car.model.slug} trim={car.trim.code} price={car.price} isNev={car.nev} plan={plan} />}

      <section className="panel">
        <label className="panel__title" htmlFor={phoneId}>
          {t('orders.checkout.phone')} <span className="field__optional">{t('orders.checkout.optional')}</span>
        </label>
        <input
          id={phoneId}
          className="booking__select checkout-phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={20}
          value={phone}
          onChange={(event) => setPhone(event.target.value)}
        />
        <p className="fine-print">{t('orders.checkout.phoneHint')}</p>
      </section>

      <section className="checkout-deposit" aria-labelledby="checkout-deposit" aria-busy={!terms.data} data-testid="checkout-deposit">
        <h2 className="checkout-deposit__title" id="checkout-deposit">
          <span>{t('orders.checkout.depositToday')}</span>
          <strong>{deposit === undefined ? '—' : money(deposit)}</strong>
        </h2>
        {terms.data && (
          <>
            <RefundRules days={terms.data.refundWindowDays} />
            <p className="fine-print">{t('orders.checkout.hold', { minutes: terms.data.holdMinutes })}</p>
          </>
        )}
      </section>
      {choice && <section className="panel">{choice}</section>}
      {terms.error !== undefined && (
        <p className="form-message form-message--error" role="alert">
          {t(checkoutError(terms.error))}
        </p>
      )}

      {failure && (
        <p className="form-message form-message--error" role="alert">
          {t(failure)}
        </p>
      )}
      <button type="button" className="button button--primary button--block checkout-pay" disabled={!body || !provider || busy || deposit === undefined} onClick={() => void reserve()}>
        {busy ? t('orders.checkout.placing') : t('orders.checkout.pay', { amount: deposit === undefined ? '—' : money(deposit) })}
      </button>
      {(placed ?? closedOrder) && (
        <p className="fine-print">
          <Link href={orderPaths.order(placed?.orderId ?? closedOrder!)}>{t('orders.checkout.seeOrder')}</Link>
        </p>
      )}
    </div>
  );
}

/** The deposit's rules, in the order they apply. */
export function RefundRules({ days }: { days: number }) {
  const t = useT();
  return (
    <ul className="checkout-rules">
      <li>{t('orders.rules.refundable', { days })}</li>
      <li>{t('orders.rules.forfeit', { days })}</li>
      <li>{t('orders.rules.sellerCancels')}</li>
    </ul>
  );
}

/** The buyer's city's dealers first, then the rest, each group as the API ranked it. */
export function byCityFirst(dealers: DealerCard[], city: string | null): DealerCard[] {
  if (!city) return dealers;
  return [...dealers.filter((d) => d.city.code === city), ...dealers.filter((d) => d.city.code !== city)];
}
