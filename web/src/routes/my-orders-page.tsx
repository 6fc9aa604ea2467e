import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { isNotFound } from '../api/client';
import { useRequest } from '../api/use-request';
import { RequireAccount } from '../features/accounts/require-account';
import { ArrowIcon } from '../features/catalog/model-card';
import { useIntentKey } from '../features/orders/intent-key';
import {
  cancelOrder,
  checkoutError,
  fetchMyOrder,
  fetchMyOrders,
  formatCountdown,
  formatOrderTime,
  orderPaths,
  PLAN_LABEL,
  startPayment,
  STATUS_LABEL,
  type BuyerOrder,
  type Payment,
  type TimelineEvent,
} from '../features/orders/orders.api';
import { followPayment, PayFromPhone, type ScanStep } from '../features/orders/pay-from-phone';
import { useProviderPicker } from '../features/orders/payment-providers';
import { paymentIntent } from '../features/orders/payment-step';
import { QrImage } from '../features/orders/qr-image';
import { useLocale, useT } from '../i18n/i18n-context';
import type { Locale } from '../i18n/locales';
import type { MessageKey } from '../i18n/messages';
import { StoreLayout } from '../ui/layout';
import { formatMoney } from '../ui/price';
import { ErrorState, NotFoundState, PageSpinner } from '../ui/request-states';
import { useDocumentTitle } from '../ui/use-document-title';
import '../features/orders/buyer-orders.css';

/** /account/orders: the buyer's orders, newest first. */
export function MyOrdersPage() {
  return (
    <RequireAccount roles={['buyer']} pageName="orders.mine.title" frame={StoreLayout}>
      <MyOrders />
    </RequireAccount>
  );
}

/** /account/orders/:id: one order, from the deposit to the handover. */
export function MyOrderPage({ id }: { id: string }) {
  return (
    <RequireAccount roles={['buyer']} pageName="orders.mine.title" frame={StoreLayout}>
      <MyOrder id={id} />
    </RequireAccount>
  );
}

function MyOrders() {
  const t = useT();
  const { locale } = useLocale();
  useDocumentTitle(t('orders.mine.title'));
  const list = useRequest((signal) => fetchMyOrders(locale, signal), [locale]);
  if (list.error) return <ErrorState onRetry={list.retry} />;
  if (!list.data) return <PageSpinner />;
  const { orders } = list.data;
  return (
    <div className="orders">
      <Link href="/account" className="back-link">
        <span className="back-link__icon" aria-hidden="true">
          <ArrowIcon />
        </span>
        {t('orders.mine.backToAccount')}
      </Link>
      <h1 className="orders__title">{t('orders.mine.title')}</h1>
      {orders.length === 0 ? (
        <section className="panel">
          <p className="empty-note">{t('orders.mine.empty')}</p>
          <Link href="/" className="button button--primary">
            {t('orders.mine.browse')}
          </Link>
        </section>
      ) : (
        <ul className="orders__list">
          {orders.map((order) => (
            <li key={order.id}>
              <Link href={orderPaths.order(order.id)} className="order-row" data-testid="my-order" data-status={order.status}>
                <span className="order-row__head">
                  <span className="order-row__model">
                    {order.vehicle.model.name} · {order.vehicle.trim.name}
                  </span>
                  <span className="status-badge order-badge" data-status={order.status}>
                    {t(STATUS_LABEL[order.status])}
                  </span>
                </span>
                <span className="order-row__meta">
                  {order.reference} · {formatOrderTime(order.createdAt, locale)}
                </span>
                <span className="order-row__amounts">
                  {t('orders.mine.amounts', {
                    price: formatMoney(order.price.vehicle, locale),
                    deposit: formatMoney(order.price.deposit, locale),
                  })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function MyOrder({ id }: { id: string }) {
  const t = useT();
  const { locale } = useLocale();
  const shown = useRequest((signal) => fetchMyOrder(id, locale, signal), [id, locale]);
  const [latest, setLatest] = useState<BuyerOrder | null>(null);
  useDocumentTitle(t('orders.detail.title'));
  if (shown.error) {
    if (isNotFound(shown.error) || (shown.error as { status?: number }).status === 400) {
      return <NotFoundState title={t('orders.detail.notFound')} body={t('orders.detail.notFoundBody')} />;
    }
    return <ErrorState onRetry={shown.retry} />;
  }
  const order = latest && latest.id === shown.data?.id && latest.updatedAt >= shown.data.updatedAt ? latest : shown.data;
  if (!order || order.id !== id) return <PageSpinner />;
  return <OrderView order={order} onChanged={setLatest} onStale={shown.retry} />;
}

/** A payment started from this page whose QR code is shown, with whether there was a choice of a way to pay. */
interface AwaitedPayment {
  payment: Payment;
  step: ScanStep;
  hasChoice: boolean;
}

function OrderView({ order, onChanged, onStale }: { order: BuyerOrder; onChanged(order: BuyerOrder): void; onStale(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const [awaiting, setAwaiting] = useState<AwaitedPayment | null>(null);
  const money = (amount: number) => formatMoney({ amount, currency: order.price.deposit.currency }, locale);
  if (awaiting) {
    return (
      <PayFromPhone
        payment={awaiting.payment}
        step={awaiting.step}
        onPaid={() => {
          setAwaiting(null);
          onStale();
        }}
        // That payment is over (or left open for another way): the pay button starts a new intent.
        onRetry={() => setAwaiting(null)}
        onChooseAnother={awaiting.hasChoice ? () => setAwaiting(null) : undefined}
      />
    );
  }
  return (
    <div className="order" data-testid="order" data-status={order.status}>
      <Link href={orderPaths.mine()} className="back-link">
        <span className="back-link__icon" aria-hidden="true">
          <ArrowIcon />
        </span>
        {t('orders.detail.back')}
      </Link>
      <header className="order__header">
        <p className="order__reference">{t('orders.detail.reference', { reference: order.reference })}</p>
        <h1 className="order__title">
          {order.vehicle.model.name} · {order.vehicle.trim.name}
        </h1>
        <p className="order__status">
          <span className="status-badge order-badge" data-status={order.status} data-testid="order-status">
            {t(STATUS_LABEL[order.status])}
          </span>
        </p>
        <p className="order__explain">{t(`orders.explain.${order.status}` as MessageKey)}</p>
      </header>

      {order.status === 'pending_deposit' && order.holdExpiresAt && <PayDeposit order={order} onExpired={onStale} onAwaiting={setAwaiting} />}
      {order.payable?.purpose === 'balance' && <PayBalance order={order} onAwaiting={setAwaiting} />}
      {order.pickupCode && <PickupCode code={order.pickupCode} />}
      {order.status === 'delivered' && (
        <section className="order-delivered" role="status">
          <p className="order-delivered__title">{t('orders.detail.deliveredTitle')}</p>
          {order.deliveredAt && <p>{t('orders.detail.deliveredAt', { time: formatOrderTime(order.deliveredAt, locale) })}</p>}
          {order.tempPlate && <p>{t('orders.detail.tempPlate', { number: order.tempPlate.number, date: order.tempPlate.expiresOn })}</p>}
        </section>
      )}

      <section className="panel" aria-labelledby="order-facts">
        <h2 className="panel__title" id="order-facts">
          {t('orders.detail.facts')}
        </h2>
        <dl className="facts order-facts">
          <Fact label={t('orders.detail.dealer')} value={`${order.dealer.name} · ${order.dealer.city}`} />
          <Fact label={t('orders.detail.dealerPhone')} value={<a href={`tel:${order.dealer.phone}`}>{order.dealer.phone}</a>} />
          <Fact label={t('orders.detail.plan')} value={t(PLAN_LABEL[order.plan])} />
          <Fact label={t('orders.detail.vin')} value={order.vin ?? t('orders.detail.vinPending')} testId="order-vin" />
          {order.vehicle.colour && <Fact label={t('orders.detail.colour')} value={order.vehicle.colour} />}
          {order.vehicle.options.length > 0 && <Fact label={t('orders.detail.options')} value={order.vehicle.options.map((o) => o.name).join(' · ')} />}
          {order.estimatedDelivery && order.status !== 'delivered' && (
            <Fact
              label={t('orders.detail.estimatedDelivery')}
              value={new Date(order.estimatedDelivery).toLocaleDateString(locale, { dateStyle: 'medium', timeZone: 'Asia/Shanghai' })}
              testId="order-estimated-delivery"
            />
          )}
          <Fact
            label={t('orders.detail.appointment')}
            value={order.handoverAt ? formatOrderTime(order.handoverAt, locale) : t('orders.detail.appointmentPending')}
            testId="order-appointment"
          />
        </dl>
      </section>

      <section className="panel" aria-labelledby="order-money">
        <h2 className="panel__title" id="order-money">
          {t('orders.detail.money')}
        </h2>
        <dl className="facts order-facts">
          <Fact label={t('orders.detail.vehiclePrice')} value={formatMoney(order.price.vehicle, locale)} />
          <Fact label={t('orders.detail.deposit')} value={formatMoney(order.price.deposit, locale)} />
          <Fact label={t('orders.detail.captured')} value={formatMoney(order.balance.captured, locale)} />
          {order.balance.refunded.amount > 0 && <Fact label={t('orders.detail.refunded')} value={formatMoney(order.balance.refunded, locale)} />}
          {order.balance.financed.amount > 0 && <Fact label={t('orders.detail.financed')} value={formatMoney(order.balance.financed, locale)} />}
          <Fact label={t('orders.detail.due')} value={formatMoney(order.balance.due, locale)} />
        </dl>
      </section>

      <RefundSection order={order} money={money} />
      {order.canCancel && <CancelOrder order={order} money={money} onCancelled={onChanged} />}
      <Timeline order={order} money={money} />
    </div>
  );
}

function Fact({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

/** The hold's countdown and the way to pay: the car is the buyer's only once the deposit is paid. */
function PayDeposit({ order, onExpired, onAwaiting }: { order: BuyerOrder; onExpired(): void; onAwaiting(awaiting: AwaitedPayment): void }) {
  const t = useT();
  const { locale } = useLocale();
  const [now, setNow] = useState(() => Date.now());
  const left = Date.parse(order.holdExpiresAt!) - now;
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  // The server expires the order at the hold's end: read it again then.
  useEffect(() => {
    if (left > 0) return;
    const timer = setTimeout(onExpired, 2000);
    return () => clearTimeout(timer);
  }, [left <= 0, onExpired]);
  return (
    <section className="order-hold" aria-labelledby="order-hold">
      <p className="order-hold__label" id="order-hold">
        {t('orders.detail.holdLeft')}
      </p>
      <p className="order-hold__countdown" role="timer" aria-live="off">
        {formatCountdown(left)}
      </p>
      <PayButton order={order} label={t('orders.detail.payDeposit', { amount: formatMoney(order.price.deposit, locale) })} onAwaiting={onAwaiting} />
    </section>
  );
}

function PayBalance({ order, onAwaiting }: { order: BuyerOrder; onAwaiting(awaiting: AwaitedPayment): void }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <section className="order-hold">
      <p className="order-hold__label">{t('orders.detail.balanceDue')}</p>
      <PayButton order={order} label={t('orders.detail.payBalance', { amount: formatMoney(order.payable!.amount, locale) })} onAwaiting={onAwaiting} />
    </section>
  );
}

function PayButton({ order, label, onAwaiting }: { order: BuyerOrder; label: string; onAwaiting(awaiting: AwaitedPayment): void }) {
  const t = useT();
  const [, navigate] = useLocation();
  const paymentKey = useIntentKey();
  const { provider, choice, hasChoice } = useProviderPicker();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  async function pay() {
    if (!provider) return;
    setBusy(true);
    setFailure(null);
    try {
      const payment = await startPayment(order.id, paymentKey.keyFor(paymentIntent(order.id, order.payable?.purpose ?? '', provider)), provider);
      followPayment(payment, {
        navigate,
        onScan: (step) => onAwaiting({ payment, step, hasChoice }),
        onUnusable: () => setFailure('orders.error.provider'),
      });
      // Not left busy: a page restored by the back button must be usable, and a tap meanwhile is the same intent.
      setBusy(false);
    } catch (error) {
      setFailure(checkoutError(error));
      setBusy(false);
    }
  }
  return (
    <>
      {failure && (
        <p className="form-message form-message--error" role="alert">
          {t(failure)}
        </p>
      )}
      {choice}
      <button type="button" className="button button--primary button--block" disabled={busy || !provider} onClick={() => void pay()}>
        {busy ? t('orders.checkout.placing') : label}
      </button>
    </>
  );
}

function PickupCode({ code }: { code: string }) {
  const t = useT();
  return (
    <section className="order-pickup" aria-labelledby="order-pickup">
      <h2 className="order-pickup__title" id="order-pickup">
        {t('orders.detail.pickupCode')}
      </h2>
      <p className="order-pickup__code" data-testid="pickup-code">
        {code}
      </p>
      <QrImage className="order-pickup__qr" text={code} label={t('orders.detail.pickupQr')} />
      <p className="fine-print">{t('orders.detail.pickupHint')}</p>
    </section>
  );
}

function RefundSection({ order, money }: { order: BuyerOrder; money(amount: number): string }) {
  const t = useT();
  const { locale } = useLocale();
  const rules = order.refundRules;
  const open = !['delivered', 'expired', 'cancelled', 'refunded'].includes(order.status);
  const now: MessageKey =
    rules.ifBuyerCancelsNow === 'nothing_paid' ? 'orders.cancelNow.nothing_paid' : rules.ifBuyerCancelsNow === 'refund' ? 'orders.cancelNow.refund' : 'orders.cancelNow.forfeit';
  return (
    <section className="panel" aria-labelledby="order-rules">
      <h2 className="panel__title" id="order-rules">
        {t('orders.detail.rules')}
      </h2>
      <ul className="checkout-rules">
        <li>{t('orders.rules.refundable', { days: rules.windowDays })}</li>
        <li>{t('orders.rules.forfeit', { days: rules.windowDays })}</li>
        <li>{t('orders.rules.sellerCancels')}</li>
      </ul>
      {rules.refundWindowEndsAt && <p className="fine-print">{t('orders.detail.windowEnds', { time: formatOrderTime(rules.refundWindowEndsAt, locale) })}</p>}
      {open && (
        <p className="order-cancel-now" data-outcome={rules.ifBuyerCancelsNow} data-testid="cancel-now">
          {t(now, { amount: money(order.price.deposit.amount) })}
        </p>
      )}
      {order.refunds.length > 0 && (
        <ul className="order-refunds">
          {order.refunds.map((refund) => (
            <li key={refund.id}>
              {t('orders.detail.refundLine', {
                amount: formatMoney(refund.amount, locale),
                status: refund.status in REFUND_STATUS ? t(REFUND_STATUS[refund.status as keyof typeof REFUND_STATUS]) : refund.status,
                time: formatOrderTime(refund.createdAt, locale),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const REFUND_STATUS = {
  pending: 'orders.refund.pending',
  succeeded: 'orders.refund.succeeded',
  refused: 'orders.refund.refused',
  failed: 'orders.refund.failed',
} as const satisfies Record<string, MessageKey>;

function CancelOrder({ order, money, onCancelled }: { order: BuyerOrder; money(amount: number): string; onCancelled(order: BuyerOrder): void }) {
  const t = useT();
  const { locale } = useLocale();
  const cancelKey = useIntentKey();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState(false);
  const outcome = order.refundRules.ifBuyerCancelsNow;
  async function cancel() {
    setBusy(true);
    setFailure(false);
    try {
      onCancelled(await cancelOrder(order.id, locale, cancelKey.keyFor(order.id)));
    } catch {
      setFailure(true);
    } finally {
      setBusy(false);
    }
  }
  if (!confirming) {
    return (
      <button type="button" className="button button--quiet button--block order-cancel" onClick={() => setConfirming(true)}>
        {t('orders.cancel.open')}
      </button>
    );
  }
  return (
    <section className="order-cancel-confirm" role="alertdialog" aria-labelledby="order-cancel-title" aria-describedby="order-cancel-body">
      <h2 className="order-cancel-confirm__title" id="order-cancel-title">
        {t('orders.cancel.title')}
      </h2>
      <p id="order-cancel-body" data-outcome={outcome}>
        {t(`orders.cancelNow.${outcome}` as MessageKey, { amount: money(order.price.deposit.amount) })}
      </p>
      {failure && (
        <p className="form-message form-message--error" role="alert">
          {t('orders.error.generic')}
        </p>
      )}
      <div className="order-cancel-confirm__actions">
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => setConfirming(false)}>
          {t('orders.cancel.keep')}
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={() => void cancel()}>
          {t('orders.cancel.confirm')}
        </button>
      </div>
    </section>
  );
}

function Timeline({ order, money }: { order: BuyerOrder; money(amount: number): string }) {
  const t = useT();
  const { locale } = useLocale();
  // The API gives the timeline oldest first, in the order things happened; the latest reads best on top.
  const events = [...order.timeline].reverse();
  return (
    <section className="panel" aria-labelledby="order-timeline">
      <h2 className="panel__title" id="order-timeline">
        {t('orders.detail.timeline')}
      </h2>
      <ol className="order-timeline" data-testid="order-timeline">
        {events.map((event, index) => (
          <li key={`${event.at}-${index}`} className="order-timeline__item" data-kind={event.kind}>
            <time className="order-timeline__time" dateTime={event.at}>
              {formatOrderTime(event.at, locale)}
            </time>
            <span className="order-timeline__what">{describeEvent(event, t, locale, money)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

type Translate = ReturnType<typeof useT>;

function describeEvent(event: TimelineEvent, t: Translate, locale: Locale, money: (amount: number) => string): string {
  const detail = (event.detail ?? {}) as { status?: string; amount?: number; method?: string; at?: string; purpose?: string };
  const amount = typeof detail.amount === 'number' ? money(detail.amount) : '';
  switch (event.kind) {
    case 'status':
      return event.to && event.to in STATUS_LABEL ? t('orders.event.status', { status: t(STATUS_LABEL[event.to as keyof typeof STATUS_LABEL]) }) : event.kind;
    case 'payment':
      if (detail.status === 'succeeded') return t('orders.event.paymentSucceeded', { amount });
      if (detail.status === 'failed') return t('orders.event.paymentFailed');
      return t('orders.event.paymentStarted', { amount });
    case 'refund':
      if (detail.status === 'succeeded') return t('orders.event.refundSucceeded', { amount });
      if (detail.status === 'refused') return t('orders.event.refundRefused');
      return t('orders.event.refundStarted', { amount });
    case 'confirmed':
      return t('orders.event.confirmed');
    case 'balance':
      return t('orders.event.balance');
    case 'inspection':
      return t('orders.event.inspection');
    case 'appointment':
      return detail.at ? t('orders.event.appointment', { time: formatOrderTime(detail.at, locale) }) : t('orders.event.inspection');
    case 'pickup_refused':
      return t('orders.event.pickupRefused');
    default:
      return event.kind;
  }
}
