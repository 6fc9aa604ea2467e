import { useCallback, useEffect, useId, useState, type DependencyList, type FormEvent, type ReactNode } from 'react';
import { Link } from 'wouter';
import { ApiError, isNotFound } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { useLocale, useT, type Translate } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { FormAlert } from '../../ui/form';
import { formatMoney } from '../../ui/price';
import { ErrorState, LoadingState } from '../../ui/request-states';
import { DEALER_TIME_ZONE, ORDER_STATUSES, type ListQuery, type OrderStatus, type StaffOrder, type StaffOrderList } from './order-console.api';
import { dateTimeFormat } from '../../i18n/intl-formats';
import './orders-console.css';

/*
 * The pieces the dealer's and the brand's order pages share: the queue, the order's facts, its
 * history and money, the cancel step, and the words for every refusal the API may give.
 */

/** Formats an instant as a dealer reads it: on Shanghai time, whatever the device's zone. */
export function useShanghaiTime(): (instant: string, style?: 'short' | 'medium') => string {
  const { locale } = useLocale();
  return useCallback(
    (instant, style = 'medium') =>
      dateTimeFormat(locale, { dateStyle: style, timeStyle: 'short', timeZone: DEALER_TIME_ZONE }).format(new Date(instant)),
    [locale],
  );
}

export function useShanghaiDate(): (day: string) => string {
  const { locale } = useLocale();
  // A plain date is a calendar day: formatting its UTC midnight in UTC keeps the day whatever the zone.
  return useCallback((day) => dateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)), [locale]);
}

const GUARD_KEYS: Record<string, MessageKey> = {
  ORDER_INSPECTION_INCOMPLETE: 'orderConsole.error.inspectionIncomplete',
  ORDER_APPOINTMENT_REQUIRED: 'orderConsole.error.appointmentRequired',
  ORDER_BALANCE_DUE: 'orderConsole.error.balanceDue',
};

const DIFFERENCE_KEYS: Record<string, MessageKey> = {
  model: 'orderConsole.difference.model',
  trim: 'orderConsole.difference.trim',
  options: 'orderConsole.difference.options',
  colour: 'orderConsole.difference.colour',
  vin: 'orderConsole.difference.vin',
};

/**
 * What to tell the staff member about a refusal, in their language: each code the order steps
 * give has its words; an unknown one shows the problem's own detail.
 */
export function orderProblemText(t: Translate, when: (instant: string) => string, error: unknown): string {
  if (!(error instanceof ApiError)) return t('orderConsole.error.generic');
  const extra = error.problem as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  switch (error.code) {
    case 'ORDER_TRANSITION_NOT_ALLOWED':
      return t('orderConsole.error.transition');
    case 'ORDER_TRANSITION_FORBIDDEN':
    case 'ACCESS_FORBIDDEN':
      return t('orderConsole.error.forbidden');
    case 'ORDER_NOT_FOUND':
      return t('orderConsole.error.notFound');
    case 'ORDER_VIN_MISMATCH': {
      const differences = Array.isArray(extra.differences) ? (extra.differences as unknown[]) : [];
      const named = differences.map((d) => (typeof d === 'string' && DIFFERENCE_KEYS[d] ? t(DIFFERENCE_KEYS[d]) : String(d)));
      return t('orderConsole.error.vinMismatch', { vin: text(extra.vin), differences: named.join(t('orderConsole.listSeparator')) });
    }
    case 'ORDER_VIN_INVALID':
      return t('orderConsole.error.vinInvalid');
    case 'ORDER_VIN_NOT_FOUND':
      return t('orderConsole.error.vinNotFound', { vin: text(extra.vin) });
    case 'ORDER_VIN_NOT_AVAILABLE':
      return t('orderConsole.error.vinNotAvailable', { vin: text(extra.vin) });
    case 'ORDER_VIN_AT_OTHER_DEALER':
      return t('orderConsole.error.vinAtOtherDealer', { vin: text(extra.vin) });
    case 'ORDER_VIN_REQUIRED':
      return t('orderConsole.error.vinRequired');
    case 'ORDER_APPOINTMENT_IN_PAST':
      return t('orderConsole.error.appointmentInPast');
    case 'ORDER_INSPECTION_INCOMPLETE':
    case 'ORDER_APPOINTMENT_REQUIRED':
    case 'ORDER_BALANCE_DUE': {
      const reasons = Array.isArray(extra.reasons) ? (extra.reasons as Array<{ code?: unknown; message?: unknown }>) : [{ code: error.code }];
      const named = reasons.map((reason) => {
        const key = typeof reason.code === 'string' ? GUARD_KEYS[reason.code] : undefined;
        return key ? t(key) : text(reason.message);
      });
      return `${t('orderConsole.error.notReady')} ${named.join(' ')}`;
    }
    case 'ORDER_INSPECTION_ITEM_UNKNOWN':
      return t('orderConsole.error.inspectionUnknown', { item: text(extra.item) });
    case 'ORDER_BALANCE_NOT_DUE':
      return t('orderConsole.error.balanceNotDue');
    case 'ORDER_PICKUP_CODE_WRONG':
      return t('orderConsole.error.pickupWrong', { count: typeof extra.attemptsLeft === 'number' ? extra.attemptsLeft : 0 });
    case 'ORDER_PICKUP_LOCKED':
      return typeof extra.lockedUntil === 'string' ? t('orderConsole.error.pickupLocked', { time: when(extra.lockedUntil) }) : t('orderConsole.handover.locked');
    case 'ORDER_TEMP_PLATE_TOO_LONG':
      return t('orderConsole.error.tempPlateTooLong', { days: typeof extra.maxDays === 'number' ? extra.maxDays : 30 });
    case 'REQUEST_VALIDATION_FAILED':
      return t('orderConsole.error.input');
    default:
      return error.problem.detail ?? t('orderConsole.error.generic');
  }
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const t = useT();
  return (
    <span className="badge oq-status" data-status={status}>
      {t(`orderConsole.status.${status}`)}
    </span>
  );
}

export function carLine(order: StaffOrder): string {
  return `${order.vehicle.model.name} · ${order.vehicle.trim.name}`;
}

interface OrderQueueProps {
  load: (query: ListQuery, signal?: AbortSignal) => Promise<StaffOrderList>;
  /** When the queue must load again: its place and language. */
  deps: DependencyList;
  hrefOf: (order: StaffOrder) => string;
  /** The brand sees every dealer's orders and which dealer each is at. */
  showDealer?: boolean;
}

/** Orders newest first, one tab per status with its count, and more on demand (the cursor). */
export function OrderQueue({ load, deps, hrefOf, showDealer = false }: OrderQueueProps) {
  const t = useT();
  const when = useShanghaiTime();
  const [status, setStatus] = useState<OrderStatus | undefined>(undefined);
  const first = useRequest((signal) => load({ status }, signal), [...deps, status]);
  // Further pages belong to the first page they continue: a new tab or language drops them.
  const [further, setFurther] = useState<{ after: StaffOrderList; orders: StaffOrder[]; cursor: string | null } | null>(null);
  const continued = further && further.after === first.data ? further : null;
  const cursor = continued ? continued.cursor : (first.data?.nextCursor ?? null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreFailed, setMoreFailed] = useState(false);

  async function more() {
    const page = first.data;
    if (!cursor || !page) return;
    setLoadingMore(true);
    setMoreFailed(false);
    try {
      const next = await load({ status, cursor });
      setFurther({ after: page, orders: [...(continued?.orders ?? []), ...next.orders], cursor: next.nextCursor });
    } catch {
      setMoreFailed(true);
    } finally {
      setLoadingMore(false);
    }
  }

  const counts = first.data?.counts;
  const total = counts ? ORDER_STATUSES.reduce((sum, s) => sum + (counts[s] ?? 0), 0) : undefined;
  const orders = first.data ? [...first.data.orders, ...(continued?.orders ?? [])] : [];
  return (
    <section className="oq" aria-labelledby="oq-title">
      <h2 className="visually-hidden" id="oq-title">
        {t('orderConsole.title')}
      </h2>
      <div className="oq__tabs" role="group" aria-label={t('orderConsole.filter')}>
        <button type="button" className="chip" aria-pressed={status === undefined} onClick={() => setStatus(undefined)}>
          {t('orderConsole.all')}
          {total !== undefined && <span className="oq__count">{total}</span>}
        </button>
        {ORDER_STATUSES.map((s) => (
          <button key={s} type="button" className="chip" aria-pressed={status === s} onClick={() => setStatus(s)}>
            {t(`orderConsole.status.${s}`)}
            {counts && <span className="oq__count">{counts[s] ?? 0}</span>}
          </button>
        ))}
      </div>
      {first.error && !first.data ? (
        <ErrorState onRetry={first.retry} />
      ) : !first.data ? (
        <LoadingState>
          <div className="page-spinner" />
        </LoadingState>
      ) : orders.length === 0 ? (
        <p className="panel__empty">{t('orderConsole.empty')}</p>
      ) : (
        <ul className="oq__list">
          {orders.map((order) => (
            <li key={order.id}>
              <Link href={hrefOf(order)} className="oq-row" aria-label={t('orderConsole.open', { reference: order.reference })}>
                <span className="oq-row__top">
                  <span className="oq-row__reference">{order.reference}</span>
                  <OrderStatusBadge status={order.status} />
                </span>
                <span className="oq-row__car">{carLine(order)}</span>
                <span className="oq-row__meta">
                  <span>{order.buyer.name}</span>
                  {showDealer && <span className="brand-orders__dealer">{t('orderConsole.brand.dealerColumn', { name: order.dealer.name, city: order.dealer.city })}</span>}
                  <time dateTime={order.createdAt}>{t('orderConsole.created', { time: when(order.createdAt, 'short') })}</time>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {moreFailed && <FormAlert>{t('orderConsole.moreFailed')}</FormAlert>}
      {cursor && first.data && (
        <button type="button" className="button button--quiet button--block" onClick={() => void more()} disabled={loadingMore}>
          {t('orderConsole.more')}
        </button>
      )}
    </section>
  );
}

/** Who bought what, where, for how much, and what the money stands at. */
export function OrderFacts({ order, showDealer = false }: { order: StaffOrder; showDealer?: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const when = useShanghaiTime();
  const day = useShanghaiDate();
  const money = (key: 'vehicle' | 'deposit') => formatMoney(order.price[key], locale);
  return (
    <section className="panel oq-facts" aria-labelledby="oq-facts-title">
      <header className="oq-facts__header">
        <h2 className="panel__title" id="oq-facts-title">
          {t('orderConsole.reference', { reference: order.reference })}
        </h2>
        <OrderStatusBadge status={order.status} />
      </header>
      <p className="oq-facts__car">{carLine(order)}</p>
      <dl className="oq-facts__list">
        <div>
          <dt>{t('orderConsole.buyer')}</dt>
          <dd>
            {order.buyer.name}
            {order.buyer.phone ? (
              <>
                {' · '}
                <a href={`tel:${order.buyer.phone}`}>{t('orderConsole.call', { phone: order.buyer.phone })}</a>
              </>
            ) : (
              <span className="oq-facts__muted"> · {t('orderConsole.noPhone')}</span>
            )}
          </dd>
        </div>
        {showDealer && (
          <div>
            <dt>{t('orderConsole.dealer')}</dt>
            <dd>{t('orderConsole.brand.dealerColumn', { name: order.dealer.name, city: order.dealer.city })}</dd>
          </div>
        )}
        <div>
          <dt>{t('orderConsole.vehicle')}</dt>
          <dd>
            {t(`orderConsole.source.${order.source}`)} · {t(`orderConsole.plan.${order.plan}`)}
          </dd>
        </div>
        <div>
          <dt>{t('orderConsole.vin')}</dt>
          <dd>{order.vin ? <code className="item__code">{order.vin}</code> : t('orderConsole.noVin')}</dd>
        </div>
        {order.vehicle.colour && (
          <div>
            <dt>{t('orderConsole.colour')}</dt>
            <dd>{order.vehicle.colour}</dd>
          </div>
        )}
        {order.vehicle.options.length > 0 && (
          <div>
            <dt>{t('orderConsole.options')}</dt>
            <dd>{order.vehicle.options.map((o) => o.name).join(t('orderConsole.listSeparator'))}</dd>
          </div>
        )}
        {order.configurationCode && (
          <div>
            <dt>{t('orderConsole.configuration')}</dt>
            <dd>
              <code className="item__code">{order.configurationCode}</code>
            </dd>
          </div>
        )}
        <div>
          <dt>{t('orderConsole.placedAt')}</dt>
          <dd>{when(order.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('orderConsole.handoverAt')}</dt>
          <dd>{order.handoverAt ? when(order.handoverAt) : t('orderConsole.notSet')}</dd>
        </div>
      </dl>
      <dl className="oq-facts__money">
        <div>
          <dt>{t('orderConsole.price.vehicle')}</dt>
          <dd>{money('vehicle')}</dd>
        </div>
        <div>
          <dt>{t('orderConsole.price.deposit')}</dt>
          <dd>{money('deposit')}</dd>
        </div>
        <div>
          <dt>{t('orderConsole.price.captured')}</dt>
          <dd>{formatMoney(order.balance.captured, locale)}</dd>
        </div>
        {order.balance.financed.amount > 0 && (
          <div>
            <dt>{t('orderConsole.price.financed')}</dt>
            <dd>{formatMoney(order.balance.financed, locale)}</dd>
          </div>
        )}
        {order.balance.refunded.amount > 0 && (
          <div>
            <dt>{t('orderConsole.price.refunded')}</dt>
            <dd>{formatMoney(order.balance.refunded, locale)}</dd>
          </div>
        )}
        <div>
          <dt>{t('orderConsole.price.due')}</dt>
          <dd>{formatMoney(order.balance.due, locale)}</dd>
        </div>
      </dl>
      <ul className="oq-facts__notes">
        {order.confirmedAt && <li>{t('orderConsole.confirmedAt', { time: when(order.confirmedAt) })}</li>}
        {order.deliveredAt && <li>{t('orderConsole.deliveredAt', { time: when(order.deliveredAt) })}</li>}
        {order.tempPlate && <li>{t('orderConsole.tempPlate', { number: order.tempPlate.number, date: day(order.tempPlate.expiresOn) })}</li>}
        {order.cancelledBy && isCanceller(order.cancelledBy) && <li>{t(`orderConsole.cancelledBy.${order.cancelledBy}`)}</li>}
        {order.cancelReason && <li>{t('orderConsole.cancelReason', { reason: order.cancelReason })}</li>}
        {['deposit_paid', 'allocated'].includes(order.status) && <li>{t(`orderConsole.refund.${order.refundRules.ifBuyerCancelsNow}`)}</li>}
        {order.refundRules.refundWindowEndsAt && ['deposit_paid', 'allocated'].includes(order.status) && (
          <li>{t('orderConsole.refund.windowEnds', { time: when(order.refundRules.refundWindowEndsAt) })}</li>
        )}
      </ul>
    </section>
  );
}

function isCanceller(value: string): value is 'buyer' | 'dealer' | 'brand' {
  return value === 'buyer' || value === 'dealer' || value === 'brand';
}

const EVENT_KEYS: Record<string, MessageKey> = {
  confirmed: 'orderConsole.event.confirmed',
  captured: 'orderConsole.event.captured',
  authorized: 'orderConsole.event.authorized',
  refunded: 'orderConsole.event.refunded',
  pickup_refused: 'orderConsole.event.pickup_refused',
};

const PAYMENT_STATUS_KEYS: Record<string, MessageKey> = {
  pending: 'orderConsole.paymentStatus.pending',
  paid: 'orderConsole.paymentStatus.paid',
  succeeded: 'orderConsole.paymentStatus.succeeded',
  failed: 'orderConsole.paymentStatus.failed',
  expired: 'orderConsole.paymentStatus.expired',
  refused: 'orderConsole.paymentStatus.refused',
};

const ACTOR_KEYS: Record<string, MessageKey> = {
  buyer: 'orderConsole.actor.buyer',
  dealer_staff: 'orderConsole.actor.dealer_staff',
  brand_admin: 'orderConsole.actor.brand_admin',
  platform_admin: 'orderConsole.actor.platform_admin',
  system: 'orderConsole.actor.system',
};

const BALANCE_KEYS: Record<string, MessageKey> = {
  dealer: 'orderConsole.balance.dealer',
  financed: 'orderConsole.balance.financed',
  online: 'orderConsole.balance.online',
};

function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

/** The order's timeline, payments and refunds, oldest first as they happened. */
export function OrderHistory({ order }: { order: StaffOrder }) {
  const t = useT();
  const { locale } = useLocale();
  const when = useShanghaiTime();
  const actorName = (role: string) => {
    const key = ACTOR_KEYS[role];
    return key ? t(key) : role;
  };
  const paymentStatus = (status: string) => {
    const key = PAYMENT_STATUS_KEYS[status];
    return key ? t(key) : status;
  };

  function describe(event: StaffOrder['timeline'][number]): string {
    const detail = (event.detail ?? {}) as Record<string, unknown>;
    switch (event.kind) {
      case 'status':
        return isOrderStatus(event.to) ? t('orderConsole.event.status', { status: t(`orderConsole.status.${event.to}`) }) : event.kind;
      case 'inspection':
        return t('orderConsole.event.inspection', { count: Array.isArray(detail.done) ? detail.done.length : 0 });
      case 'appointment':
        return typeof detail.at === 'string' ? t('orderConsole.event.appointment', { time: when(detail.at) }) : event.kind;
      case 'balance': {
        const method = typeof detail.method === 'string' ? BALANCE_KEYS[detail.method] : undefined;
        return t('orderConsole.event.balance', { method: method ? t(method) : '' });
      }
      case 'payment':
        return t('orderConsole.event.payment', { status: paymentStatus(typeof detail.status === 'string' ? detail.status : '') });
      case 'refund':
        return t('orderConsole.event.refund', { status: paymentStatus(typeof detail.status === 'string' ? detail.status : '') });
      default: {
        const key = EVENT_KEYS[event.kind];
        return key ? t(key) : event.kind;
      }
    }
  }

  return (
    <>
      <section className="panel oq-history" aria-labelledby="oq-timeline-title">
        <h2 className="panel__title" id="oq-timeline-title">
          {t('orderConsole.timeline')}
        </h2>
        <ol className="oq-history__list">
          {order.timeline.map((event, index) => (
            <li key={`${event.at}-${index}`} className="oq-history__event">
              <time dateTime={event.at}>{when(event.at, 'short')}</time>
              <span>
                {describe(event)}
                {event.by ? t('orderConsole.by', { actor: actorName(event.by) }) : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <section className="panel oq-history" aria-labelledby="oq-payments-title">
        <h2 className="panel__title" id="oq-payments-title">
          {t('orderConsole.payments')}
        </h2>
        {order.payments.length === 0 ? (
          <p className="panel__empty">{t('orderConsole.noPayments')}</p>
        ) : (
          <ul className="oq-history__list" data-testid="order-payments">
            {order.payments.map((payment) => (
              <li key={payment.id} className="oq-history__event">
                <time dateTime={payment.createdAt}>{when(payment.createdAt, 'short')}</time>
                <span>
                  {payment.purpose === 'deposit' || payment.purpose === 'balance' ? t(`orderConsole.purpose.${payment.purpose}`) : payment.purpose} ·{' '}
                  {formatMoney(payment.amount, locale)} · {payment.provider} · {paymentStatus(payment.status)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel oq-history" aria-labelledby="oq-refunds-title">
        <h2 className="panel__title" id="oq-refunds-title">
          {t('orderConsole.refunds')}
        </h2>
        {order.refunds.length === 0 ? (
          <p className="panel__empty">{t('orderConsole.noRefunds')}</p>
        ) : (
          <ul className="oq-history__list" data-testid="order-refunds">
            {order.refunds.map((refund) => (
              <li key={refund.id} className="oq-history__event">
                <time dateTime={refund.createdAt}>{when(refund.createdAt, 'short')}</time>
                <span>
                  {formatMoney(refund.amount, locale)} · {paymentStatus(refund.status)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/**
 * Calling an order off: a reason, then a second, explicit confirmation, because everything
 * the buyer paid goes back and the car goes back on sale.
 */
export function CancelOrderPanel({
  order,
  startLabel,
  cancel,
  onCancelled,
}: {
  order: StaffOrder;
  startLabel: MessageKey;
  cancel: (reason: string) => Promise<StaffOrder>;
  onCancelled: (order: StaffOrder) => void;
}) {
  const t = useT();
  const when = useShanghaiTime();
  const reasonId = useId();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      onCancelled(await cancel(reason.trim()));
      setAsking(false);
    } catch (error) {
      setProblem(orderProblemText(t, when, error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel oq-step oq-step--danger" aria-labelledby="oq-cancel-title">
      <h3 className="oq-step__title" id="oq-cancel-title">
        {t('orderConsole.cancel.title')}
      </h3>
      <p className="oq-step__body">{t('orderConsole.cancel.body')}</p>
      {!asking ? (
        <button type="button" className="button button--secondary" onClick={() => setAsking(true)}>
          {t(startLabel)}
        </button>
      ) : (
        <form className="form oq-cancel" onSubmit={submit} noValidate>
          <label className="field__label" htmlFor={reasonId}>
            {t('orderConsole.cancel.reason')}
          </label>
          <div className="field__box">
            <textarea id={reasonId} className="field__input" rows={2} maxLength={300} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <p className="oq-cancel__question">{t('orderConsole.cancel.question', { reference: order.reference })}</p>
          <div className="oq-step__actions">
            <button type="submit" className="button button--danger" disabled={busy}>
              {t('orderConsole.cancel.confirm')}
            </button>
            <button type="button" className="button button--quiet" disabled={busy} onClick={() => setAsking(false)}>
              {t('orderConsole.cancel.keep')}
            </button>
          </div>
          {problem && <FormAlert>{problem}</FormAlert>}
        </form>
      )}
    </section>
  );
}

/**
 * One order, loaded, with what both consoles show while it loads, when it is not there, and
 * after a step answered it anew (`setUpdated`: the step's answer is the order as it now stands).
 */
export function OrderDetailFrame({
  load,
  deps,
  backHref,
  children,
}: {
  load: (signal: AbortSignal) => Promise<StaffOrder>;
  deps: DependencyList;
  backHref: string;
  children: (order: StaffOrder, setUpdated: (order: StaffOrder) => void, back: ReactNode) => ReactNode;
}) {
  const t = useT();
  const loaded = useRequest(load, deps);
  const [updated, setUpdated] = useState<StaffOrder | null>(null);
  useEffect(() => setUpdated(null), [loaded.data]);
  const order = updated ?? loaded.data;
  const back = (
    <Link href={backHref} className="oq-back">
      ← {t('orderConsole.back')}
    </Link>
  );
  if (isNotFound(loaded.error) || (loaded.error instanceof ApiError && loaded.error.status === 400)) {
    return (
      <>
        {back}
        <section className="notice" role="alert">
          <h2 className="notice__title">{t('orderConsole.notFoundTitle')}</h2>
          <p className="notice__body">{t('orderConsole.notFoundBody')}</p>
        </section>
      </>
    );
  }
  if (loaded.error && !order) return <ErrorState onRetry={loaded.retry} />;
  if (!order) {
    return (
      <LoadingState>
        <div className="page-spinner" />
      </LoadingState>
    );
  }
  return <>{children(order, setUpdated, back)}</>;
}
