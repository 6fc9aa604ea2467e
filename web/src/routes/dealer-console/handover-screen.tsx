import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'wouter';
import { ApiError, isNotFound } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { fetchDealerOrder, handOver, shanghaiDate, TEMP_PLATE_MAX_DAYS, type StaffOrder } from '../../features/orders/order-console.api';
import { carLine, orderProblemText, useShanghaiDate, useShanghaiTime } from '../../features/orders/order-console.views';
import { useLocale, useT } from '../../i18n/i18n-context';
import { FormAlert } from '../../ui/form';
import { ErrorState, LoadingState } from '../../ui/request-states';
import { dealerOrderPath, type DealerPlace } from './dealer-place';

const PLATE_NUMBER = /^[\p{L}\p{N}·. -]{2,16}$/u;
/** Refusals about the code itself, shown under the code; the plate's under the plate. */
const CODE_PROBLEMS = ['ORDER_PICKUP_CODE_WRONG', 'ORDER_PICKUP_LOCKED'];
const PLATE_PROBLEMS = ['ORDER_TEMP_PLATE_TOO_LONG'];

type Problem = { at: 'code' | 'plate' | 'form'; text: string };

/**
 * The counter's screen: the buyer reads out (or shows) their 6-digit pickup code, the staff
 * member types it on a tablet or phone, optionally records a temporary plate, and the car is
 * handed over. Large type and a numeric keypad, since it is used standing up.
 */
export function HandoverScreen({ place, id }: { place: DealerPlace; id: string }) {
  const t = useT();
  const { locale } = useLocale();
  const loaded = useRequest((signal) => fetchDealerOrder(place, id, locale, signal), [place.store, place.dealer, id, locale]);
  const [delivered, setDelivered] = useState<StaffOrder | null>(null);
  const order = delivered ?? loaded.data;
  const back = (
    <Link href={dealerOrderPath(place, id)} className="oq-back">
      ← {t('orderConsole.handover.backToOrder')}
    </Link>
  );
  if (isNotFound(loaded.error) || (loaded.error instanceof ApiError && loaded.error.status === 400)) {
    return (
      <section className="notice" role="alert">
        <h2 className="notice__title">{t('orderConsole.notFoundTitle')}</h2>
        <p className="notice__body">{t('orderConsole.notFoundBody')}</p>
        <Link href={dealerOrderPath(place)} className="button button--primary">
          {t('orderConsole.back')}
        </Link>
      </section>
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
  if (order.status === 'delivered') return <Delivered order={order} back={back} />;
  if (order.status !== 'ready_for_handover') {
    return (
      <div className="handover">
        {back}
        <section className="notice" role="alert">
          <h2 className="notice__title">{t('orderConsole.handover.notReadyTitle')}</h2>
          <p className="notice__body">{t('orderConsole.handover.notReadyBody', { status: t(`orderConsole.status.${order.status}`) })}</p>
        </section>
      </div>
    );
  }
  return (
    <div className="handover">
      {back}
      <HandoverForm place={place} order={order} onDelivered={setDelivered} />
    </div>
  );
}

function HandoverForm({ place, order, onDelivered }: { place: DealerPlace; order: StaffOrder; onDelivered: (order: StaffOrder) => void }) {
  const t = useT();
  const { locale } = useLocale();
  const when = useShanghaiTime();
  const day = useShanghaiDate();
  const today = shanghaiDate(0);
  const latest = shanghaiDate(TEMP_PLATE_MAX_DAYS);
  const [code, setCode] = useState('');
  const [withPlate, setWithPlate] = useState(false);
  const [plate, setPlate] = useState('');
  const [expiresOn, setExpiresOn] = useState(latest);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const codeId = useId();
  const codeErrorId = useId();
  const plateId = useId();
  const expiresId = useId();
  const plateErrorId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) return setProblem({ at: 'code', text: t('orderConsole.handover.codeShape') });
    const number = plate.trim();
    if (withPlate && !PLATE_NUMBER.test(number)) return setProblem({ at: 'plate', text: t('orderConsole.handover.plateNumberShape') });
    if (withPlate && !(expiresOn >= today && expiresOn <= latest)) {
      return setProblem({ at: 'plate', text: t('orderConsole.handover.plateDateRange', { date: day(latest) }) });
    }
    setBusy(true);
    setProblem(undefined);
    try {
      onDelivered(await handOver(place, order.id, code, withPlate ? { number, expiresOn } : undefined, locale));
    } catch (error) {
      const refusal = error instanceof ApiError ? error.code : undefined;
      const at = refusal && CODE_PROBLEMS.includes(refusal) ? 'code' : refusal && PLATE_PROBLEMS.includes(refusal) ? 'plate' : 'form';
      setProblem({ at, text: orderProblemText(t, when, error) });
      if (at === 'code') setCode('');
    } finally {
      setBusy(false);
    }
  }

  const codeProblem = problem?.at === 'code' ? problem.text : undefined;
  const plateProblem = problem?.at === 'plate' ? problem.text : undefined;
  return (
    <form className="handover__form panel" onSubmit={submit} noValidate aria-labelledby="handover-title">
      <header className="handover__header">
        <h2 className="handover__title" id="handover-title">
          {t('orderConsole.handover.title')}
        </h2>
        <p className="handover__car">
          {order.reference} · {carLine(order)}
        </p>
        <p className="handover__buyer">
          {order.buyer.name}
          {order.vin && (
            <>
              {' · '}
              <code className="item__code">{order.vin}</code>
            </>
          )}
        </p>
      </header>
      <p className="handover__intro">{t('orderConsole.handover.intro')}</p>
      {order.pickupLocked && !problem && <FormAlert>{t('orderConsole.handover.locked')}</FormAlert>}
      <div className="field handover__code-field">
        <label className="field__label" htmlFor={codeId}>
          {t('orderConsole.handover.code')}
        </label>
        <input
          id={codeId}
          className="handover__code"
          inputMode="numeric"
          pattern="[0-9]*"
          autoComplete="off"
          maxLength={6}
          placeholder="••••••"
          value={code}
          aria-invalid={codeProblem ? true : undefined}
          aria-describedby={codeProblem ? codeErrorId : `${codeId}-hint`}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
        />
        <p className="field__hint" id={`${codeId}-hint`}>
          {t('orderConsole.handover.codeHint')}
        </p>
        {codeProblem && <FormAlert id={codeErrorId}>{codeProblem}</FormAlert>}
      </div>
      <label className="handover__plate-toggle">
        <input type="checkbox" checked={withPlate} onChange={(e) => setWithPlate(e.target.checked)} />
        {t('orderConsole.handover.plate')}
      </label>
      {withPlate && (
        <div className="handover__plate">
          <div className="field">
            <label className="field__label" htmlFor={plateId}>
              {t('orderConsole.handover.plateNumber')}
            </label>
            <div className="field__box" data-invalid={plateProblem ? true : undefined}>
              <input
                id={plateId}
                className="field__input"
                maxLength={16}
                autoComplete="off"
                value={plate}
                aria-describedby={plateProblem ? plateErrorId : undefined}
                onChange={(e) => setPlate(e.target.value)}
              />
            </div>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={expiresId}>
              {t('orderConsole.handover.plateExpires')}
            </label>
            <div className="field__box">
              <input id={expiresId} type="date" className="field__input" min={today} max={latest} value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} />
            </div>
            <p className="field__hint">{t('orderConsole.handover.plateExpiresHint', { days: TEMP_PLATE_MAX_DAYS, date: day(latest) })}</p>
          </div>
          {plateProblem && <FormAlert id={plateErrorId}>{plateProblem}</FormAlert>}
        </div>
      )}
      <button type="submit" className="button button--primary button--block handover__submit" disabled={busy}>
        {t('orderConsole.handover.submit')}
      </button>
      {problem?.at === 'form' && <FormAlert>{problem.text}</FormAlert>}
    </form>
  );
}

function Delivered({ order, back }: { order: StaffOrder; back: ReactNode }) {
  const t = useT();
  const when = useShanghaiTime();
  const day = useShanghaiDate();
  return (
    <div className="handover">
      {back}
      <section className="handover__done panel" role="status" aria-labelledby="handover-done-title">
        <svg className="handover__done-icon" viewBox="0 0 48 48" aria-hidden="true">
          <circle cx="24" cy="24" r="21" fill="none" stroke="currentColor" strokeWidth="3" />
          <path d="m14 24.5 7 7 13-14" fill="none" stroke="currentColor" strokeWidth="3.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <h2 className="handover__done-title" id="handover-done-title">
          {t('orderConsole.handover.delivered')}
        </h2>
        <p className="handover__done-body">
          {t('orderConsole.handover.deliveredBody', { car: carLine(order), buyer: order.buyer.name, time: when(order.deliveredAt ?? order.updatedAt) })}
        </p>
        {order.tempPlate && (
          <p className="handover__done-body">{t('orderConsole.tempPlate', { number: order.tempPlate.number, date: day(order.tempPlate.expiresOn) })}</p>
        )}
        <p className="handover__done-ref">{order.reference}</p>
      </section>
    </div>
  );
}
