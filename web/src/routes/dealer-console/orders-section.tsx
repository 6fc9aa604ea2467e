import { useId, useState, type FormEvent } from 'react';
import { Link, useSearch } from 'wouter';
import { ApiError } from '../../api/client';
import {
  allocateOrder,
  BALANCE_METHODS,
  cancelDealerOrder,
  confirmOrder,
  dealerSteps,
  fetchDealerOrder,
  fetchDealerOrders,
  markReady,
  recordBalance,
  saveInspection,
  setAppointment,
  shanghaiDate,
  shanghaiInstant,
  shanghaiParts,
  vinShapeValid,
  type BalanceMethod,
  type StaffOrder,
} from '../../features/orders/order-console.api';
import { CancelOrderPanel, OrderDetailFrame, OrderFacts, OrderHistory, OrderQueue, orderProblemText, useShanghaiTime } from '../../features/orders/order-console.views';
import { useLocale, useT } from '../../i18n/i18n-context';
import { FormAlert, FormSuccess } from '../../ui/form';
import { formatMoney } from '../../ui/price';
import { dealerOrderPath, type DealerPlace } from './dealer-place';
import { HandoverScreen } from './handover-screen';

/**
 * The dealer's orders: the queue, one order with the steps it may take next, or the counter's
 * handover screen. Which one is in the address (?order=…&view=handover), so a colleague can
 * be sent straight to it.
 */
export function OrdersSection({ place }: { place: DealerPlace }) {
  const search = new URLSearchParams(useSearch());
  const id = search.get('order');
  if (id && search.get('view') === 'handover') return <HandoverScreen place={place} id={id} />;
  if (id) return <OrderDetail place={place} id={id} />;
  return <OrderQueueView place={place} />;
}

function OrderQueueView({ place }: { place: DealerPlace }) {
  const { locale } = useLocale();
  return (
    <OrderQueue
      load={(query, signal) => fetchDealerOrders(place, query, locale, signal)}
      deps={[place.store, place.dealer, locale]}
      hrefOf={(order) => dealerOrderPath(place, order.id)}
    />
  );
}

function OrderDetail({ place, id }: { place: DealerPlace; id: string }) {
  const { locale } = useLocale();
  const [version, setVersion] = useState(0);
  return (
    <OrderDetailFrame
      load={(signal) => fetchDealerOrder(place, id, locale, signal)}
      deps={[place.store, place.dealer, id, locale, version]}
      backHref={dealerOrderPath(place)}
    >
      {(order, setUpdated, back) => (
        <div className="oq-detail">
          {back}
          <OrderFacts order={order} />
          <OrderSteps place={place} order={order} onChanged={setUpdated} onStale={() => setVersion((v) => v + 1)} />
          <OrderHistory order={order} />
        </div>
      )}
    </OrderDetailFrame>
  );
}

interface StepProps {
  place: DealerPlace;
  order: StaffOrder;
  onChanged: (order: StaffOrder) => void;
  /** The order moved on elsewhere: load it again. */
  onStale: () => void;
}

/** Runs one step: its refusal stays beside its control, and a stale order is reloaded. */
function useStep({ onChanged, onStale }: Pick<StepProps, 'onChanged' | 'onStale'>) {
  const t = useT();
  const when = useShanghaiTime();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  async function run(work: () => Promise<StaffOrder>): Promise<boolean> {
    setBusy(true);
    setProblem(undefined);
    try {
      onChanged(await work());
      return true;
    } catch (error) {
      setProblem(orderProblemText(t, when, error));
      if (error instanceof ApiError && error.code === 'ORDER_TRANSITION_NOT_ALLOWED') onStale();
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, problem, setProblem, run };
}

function OrderSteps(props: StepProps) {
  const t = useT();
  const { locale } = useLocale();
  const { place, order } = props;
  const steps = dealerSteps(order);
  const any = Object.values(steps).some(Boolean) || (order.status === 'allocated' && order.balanceMethod === 'online');
  return (
    <section className="oq-steps" aria-labelledby="oq-steps-title">
      <h2 className="oq-steps__title" id="oq-steps-title">
        {t('orderConsole.nextSteps')}
      </h2>
      {!any && <p className="panel__empty">{t('orderConsole.nothingToDo')}</p>}
      {steps.handover && (
        <Link href={dealerOrderPath(place, order.id, 'handover')} className="button button--primary button--block oq-handover-link">
          {t('orderConsole.handover.open')}
        </Link>
      )}
      {steps.confirm && <ConfirmStep {...props} />}
      {steps.allocate && <AllocateStep key={order.status} {...props} />}
      {steps.balance && <BalanceStep {...props} />}
      {steps.inspection && <InspectionStep {...props} />}
      {steps.appointment && <AppointmentStep {...props} />}
      {steps.ready && <ReadyStep key={order.updatedAt} {...props} />}
      {steps.cancel && (
        <CancelOrderPanel
          order={order}
          startLabel="orderConsole.cancel.start"
          cancel={(reason) => cancelDealerOrder(place, order.id, reason, locale)}
          onCancelled={props.onChanged}
        />
      )}
    </section>
  );
}

function ConfirmStep(props: StepProps) {
  const t = useT();
  const { locale: lang } = useLocale();
  const { busy, problem, run } = useStep(props);
  return (
    <section className="panel oq-step" aria-labelledby="oq-confirm-title">
      <h3 className="oq-step__title" id="oq-confirm-title">
        {t('orderConsole.confirm.title')}
      </h3>
      <p className="oq-step__body">{t('orderConsole.confirm.body')}</p>
      <button type="button" className="button button--secondary" disabled={busy} onClick={() => void run(() => confirmOrder(props.place, props.order.id, lang))}>
        {t('orderConsole.confirm.button')}
      </button>
      {problem && <FormAlert>{problem}</FormAlert>}
    </section>
  );
}

/** A built-to-order car needs a matching VIN typed in; a stock order only confirms its own. */
function AllocateStep(props: StepProps) {
  const t = useT();
  const { locale: lang } = useLocale();
  const { order } = props;
  const { busy, problem, setProblem, run } = useStep(props);
  const [vin, setVin] = useState('');
  const vinId = useId();
  const errorId = useId();
  const fromStock = order.source === 'stock_unit';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (fromStock) {
      void run(() => allocateOrder(props.place, order.id, undefined, lang));
      return;
    }
    const candidate = vin.trim().toUpperCase();
    if (!vinShapeValid(candidate)) {
      setProblem(t('orderConsole.allocate.vinShape'));
      return;
    }
    void run(() => allocateOrder(props.place, order.id, candidate, lang));
  }

  return (
    <section className="panel oq-step" aria-labelledby="oq-allocate-title">
      <h3 className="oq-step__title" id="oq-allocate-title">
        {t('orderConsole.allocate.title')}
      </h3>
      <form className="form" onSubmit={submit} noValidate>
        {fromStock ? (
          <p className="oq-step__body">{t('orderConsole.allocate.stockBody', { vin: order.vin ?? '' })}</p>
        ) : (
          <div className="field">
            <label className="field__label" htmlFor={vinId}>
              {t('orderConsole.allocate.vin')}
            </label>
            <div className="field__box" data-invalid={problem ? true : undefined}>
              <input
                id={vinId}
                className="field__input oq-vin"
                value={vin}
                maxLength={17}
                autoCapitalize="characters"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? errorId : undefined}
                onChange={(e) => setVin(e.target.value.toUpperCase())}
              />
            </div>
            <p className="field__hint">{t('orderConsole.allocate.vinHint')}</p>
          </div>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t(fromStock ? 'orderConsole.allocate.stockButton' : 'orderConsole.allocate.button')}
        </button>
        {problem && <FormAlert id={errorId}>{problem}</FormAlert>}
      </form>
    </section>
  );
}

function BalanceStep(props: StepProps) {
  const t = useT();
  const { locale: lang } = useLocale();
  const { order } = props;
  const { busy, problem, run } = useStep(props);
  const [method, setMethod] = useState<BalanceMethod | null>(null);
  const name = useId();

  return (
    <section className="panel oq-step" aria-labelledby="oq-balance-title">
      <h3 className="oq-step__title" id="oq-balance-title">
        {t('orderConsole.balance.title')}
      </h3>
      <p className="oq-step__body">{t('orderConsole.balance.due', { amount: formatMoney(order.balance.due, lang) })}</p>
      {order.balanceMethod === 'online' && <p className="oq-step__body">{t('orderConsole.balance.waitingOnline')}</p>}
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (method) void run(() => recordBalance(props.place, order.id, method, lang));
        }}
      >
        <fieldset className="oq-choices">
          <legend className="field__label">{t('orderConsole.balance.method')}</legend>
          {BALANCE_METHODS.map((choice) => (
            <label key={choice} className="oq-choice">
              <input type="radio" name={name} value={choice} checked={method === choice} onChange={() => setMethod(choice)} />
              {t(`orderConsole.balance.${choice}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button--primary" disabled={busy || !method}>
          {t('orderConsole.balance.record')}
        </button>
        {problem && <FormAlert>{problem}</FormAlert>}
      </form>
    </section>
  );
}

/** Each tick saves the whole list at once: the server keeps exactly what is ticked. */
function InspectionStep(props: StepProps) {
  const t = useT();
  const { locale: lang } = useLocale();
  const { order } = props;
  const { busy, problem, run } = useStep(props);
  // The list being saved shows at once; the server's answer (or a refusal) replaces it.
  const [saving, setSaving] = useState<string[] | null>(null);
  const ticked = saving ?? order.inspection.filter((item) => item.done).map((item) => item.code);

  async function toggle(code: string, on: boolean) {
    const list = order.inspection.map((item) => item.code).filter((c) => (c === code ? on : ticked.includes(c)));
    setSaving(list);
    await run(() => saveInspection(props.place, order.id, list, lang));
    setSaving(null);
  }

  return (
    <section className="panel oq-step" aria-labelledby="oq-inspection-title">
      <h3 className="oq-step__title" id="oq-inspection-title">
        {t('orderConsole.inspection.title')}
      </h3>
      <p className="oq-step__body">
        {t('orderConsole.inspection.progress', { done: ticked.length, total: order.inspection.length })} · {t('orderConsole.inspection.hint')}
      </p>
      <ul className="oq-checklist" aria-busy={busy || undefined}>
        {order.inspection.map((item) => (
          <li key={item.code}>
            <label className="oq-check">
              <input type="checkbox" checked={ticked.includes(item.code)} disabled={busy} onChange={(e) => void toggle(item.code, e.target.checked)} />
              {item.label}
            </label>
          </li>
        ))}
      </ul>
      {problem && <FormAlert>{problem}</FormAlert>}
    </section>
  );
}

/** Date and time as read on the dealer's wall clock (Shanghai), sent as an instant. */
function AppointmentStep(props: StepProps) {
  const t = useT();
  const { locale: lang } = useLocale();
  const when = useShanghaiTime();
  const { order } = props;
  const { busy, problem, setProblem, run } = useStep(props);
  const current = order.handoverAt ? shanghaiParts(new Date(order.handoverAt)) : null;
  const [date, setDate] = useState(current?.date ?? shanghaiDate(1));
  const [time, setTime] = useState(current?.time ?? '10:00');
  const [saved, setSaved] = useState(false);
  const dateId = useId();
  const timeId = useId();
  const errorId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const at = shanghaiInstant(date, time);
    if (!at) return setProblem(t('orderConsole.appointment.incomplete'));
    if (Date.parse(at) <= Date.now()) return setProblem(t('orderConsole.appointment.past'));
    setSaved(await run(() => setAppointment(props.place, order.id, at, lang)));
  }

  return (
    <section className="panel oq-step" aria-labelledby="oq-appointment-title">
      <h3 className="oq-step__title" id="oq-appointment-title">
        {t('orderConsole.appointment.title')}
      </h3>
      {order.handoverAt && <p className="oq-step__body">{t('orderConsole.appointment.current', { time: when(order.handoverAt) })}</p>}
      <form className="form" onSubmit={submit} noValidate>
        <div className="oq-when">
          <div className="field">
            <label className="field__label" htmlFor={dateId}>
              {t('orderConsole.appointment.date')}
            </label>
            <div className="field__box">
              <input
                id={dateId}
                type="date"
                className="field__input"
                min={shanghaiDate(0)}
                value={date}
                aria-describedby={problem ? errorId : undefined}
                onChange={(e) => setDate(e.target.value)}
              />
            </div>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={timeId}>
              {t('orderConsole.appointment.time')}
            </label>
            <div className="field__box">
              <input id={timeId} type="time" className="field__input" step={900} value={time} onChange={(e) => setTime(e.target.value)} />
            </div>
          </div>
        </div>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t('orderConsole.appointment.save')}
        </button>
        {problem && <FormAlert id={errorId}>{problem}</FormAlert>}
        {saved && !problem && <FormSuccess>{t('orderConsole.appointment.saved')}</FormSuccess>}
      </form>
    </section>
  );
}

function ReadyStep(props: StepProps) {
  const t = useT();
  const { locale: lang } = useLocale();
  const { busy, problem, run } = useStep(props);
  return (
    <section className="panel oq-step" aria-labelledby="oq-ready-title">
      <h3 className="oq-step__title" id="oq-ready-title">
        {t('orderConsole.ready.title')}
      </h3>
      <p className="oq-step__body">{t('orderConsole.ready.body')}</p>
      <button type="button" className="button button--primary" disabled={busy} onClick={() => void run(() => markReady(props.place, props.order.id, lang))}>
        {t('orderConsole.ready.button')}
      </button>
      {problem && <FormAlert>{problem}</FormAlert>}
    </section>
  );
}
