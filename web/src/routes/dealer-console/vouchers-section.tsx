import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { fetchDealerOrder, fetchDealerOrders, type StaffOrder } from '../../features/orders/order-console.api';
import { carLine } from '../../features/orders/order-console.views';
import { formatOrderTime } from '../../features/orders/orders.api';
import { useIntentKey } from '../../features/orders/intent-key';
import {
  counterError,
  fetchRedemptions,
  groupCode,
  lookUpVoucher,
  redeemVoucher,
  typedCode,
  VOUCHER_STATUS_LABEL,
  type RedeemBody,
  type StaffVoucher,
} from '../../features/vouchers/vouchers.api';
import { useLocale, useT } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { formatMoney } from '../../ui/price';
import { ErrorState, LoadingState } from '../../ui/request-states';
import type { DealerPlace } from './dealer-place';

/** A voucher pays only an order whose deposit is paid and whose balance is still due. */
const PAYABLE_STATUSES = ['deposit_paid', 'allocated'] as const;
/** Refusals about the order chosen show beside it; the rest under the code or the form. */
const ORDER_PROBLEMS = ['VOUCHER_NOT_THE_ORDERS_BUYER', 'VOUCHER_ORDER_NOT_PAYABLE', 'ORDER_NOT_FOUND'];
const CODE_PROBLEMS = ['VOUCHER_CODE_NOT_FOUND', 'VOUCHER_NOT_REDEEMABLE', 'VOUCHER_EXPIRED'];

type Problem = { at: 'code' | 'order' | 'sale' | 'form'; message: MessageKey };

/** /dealer/{store}/{dealer}/vouchers: the counter: look a code up, redeem it once, and the latest redemptions. */
export function VouchersSection({ place }: { place: DealerPlace }) {
  const t = useT();
  const { locale } = useLocale();
  const recent = useRequest((signal) => fetchRedemptions(place, locale, signal), [place.store, place.dealer, locale]);
  return (
    <div className="voucher-counter">
      <Counter place={place} onRedeemed={recent.retry} />
      <section className="panel" aria-labelledby="voucher-recent">
        <h2 className="panel__title" id="voucher-recent">
          {t('vouchers.counter.recent')}
        </h2>
        {recent.error ? (
          <ErrorState onRetry={recent.retry} />
        ) : !recent.data ? (
          <LoadingState>
            <div className="page-spinner" />
          </LoadingState>
        ) : recent.data.length === 0 ? (
          <p className="empty-note">{t('vouchers.counter.recentEmpty')}</p>
        ) : (
          <div className="voucher-table__scroll">
            <table className="voucher-table" data-testid="voucher-redemptions">
              <thead>
                <tr>
                  <th scope="col">{t('vouchers.counter.col.time')}</th>
                  <th scope="col">{t('vouchers.counter.col.code')}</th>
                  <th scope="col">{t('vouchers.counter.col.value')}</th>
                  <th scope="col">{t('vouchers.counter.col.for')}</th>
                </tr>
              </thead>
              <tbody>
                {recent.data.map((voucher) => (
                  <tr key={voucher.id} data-testid="voucher-redemption">
                    <td>{voucher.redeemed ? formatOrderTime(voucher.redeemed.at, locale) : ''}</td>
                    <td className="voucher-table__code">{groupCode(voucher.code)}</td>
                    <td className="voucher-table__number">{formatMoney(voucher.value, locale)}</td>
                    <td>{voucher.redeemed?.orderId ? t('vouchers.detail.againstOrder') : (voucher.redeemed?.saleReference ?? '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function Counter({ place, onRedeemed }: { place: DealerPlace; onRedeemed(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [found, setFound] = useState<StaffVoucher | null>(null);
  const [redeemed, setRedeemed] = useState<{ voucher: StaffVoucher; order: StaffOrder | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function lookUp(event: FormEvent) {
    event.preventDefault();
    const code = typedCode(typed);
    setFound(null);
    setRedeemed(null);
    if (!code) {
      setProblem({ at: 'code', message: 'vouchers.counter.error.codeFormat' });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      setFound(await lookUpVoucher(place, code, locale));
    } catch (error) {
      setProblem({ at: 'code', message: counterError(error) });
    } finally {
      setBusy(false);
    }
  }

  const codeProblem = problem?.at === 'code' ? problem.message : null;
  return (
    <section className="panel voucher-counter__panel" aria-labelledby="voucher-counter-title">
      <h2 className="panel__title" id="voucher-counter-title">
        {t('vouchers.counter.title')}
      </h2>
      <p className="panel__intro">{t('vouchers.counter.intro')}</p>
      <form className="voucher-counter__lookup" onSubmit={(event) => void lookUp(event)} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-code`}>
            {t('vouchers.counter.code')}
          </label>
          <div className="field__box" data-invalid={codeProblem ? true : undefined}>
            <input
              id={`${id}-code`}
              className="field__input voucher-counter__code"
              inputMode="numeric"
              autoComplete="off"
              maxLength={20}
              placeholder="0000 0000 0000"
              value={typed}
              aria-invalid={codeProblem ? true : undefined}
              aria-describedby={codeProblem ? `${id}-code-error` : `${id}-code-hint`}
              onChange={(event) => {
                // Digits, and the spaces or dashes a code is read out with.
                setTyped(event.target.value.replace(/[^\d -]/g, ''));
                setFound(null);
              }}
            />
          </div>
          <p className="field__hint" id={`${id}-code-hint`}>
            {t('vouchers.counter.codeHint')}
          </p>
          {codeProblem && (
            <p className="form-message form-message--error" role="alert" id={`${id}-code-error`} data-testid="voucher-code-error">
              {t(codeProblem)}
            </p>
          )}
        </div>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {busy && !found ? t('vouchers.counter.lookingUp') : t('vouchers.counter.lookUp')}
        </button>
      </form>

      {redeemed ? (
        <div className="form-message form-message--success voucher-counter__done" role="status" data-testid="voucher-redeemed">
          <p>{t('vouchers.counter.done', { amount: formatMoney(redeemed.voucher.value, locale) })}</p>
          {redeemed.order && (
            <p data-testid="voucher-order-due">{t('vouchers.counter.orderDue', { reference: redeemed.order.reference, amount: formatMoney(redeemed.order.balance.due, locale) })}</p>
          )}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              setRedeemed(null);
              setTyped('');
            }}
          >
            {t('vouchers.counter.another')}
          </button>
        </div>
      ) : (
        found && (
          <FoundVoucher
            place={place}
            voucher={found}
            problem={problem}
            onProblem={setProblem}
            onRedeemed={(voucher, order) => {
              setFound(null);
              setRedeemed({ voucher, order });
              onRedeemed();
            }}
          />
        )
      )}
    </section>
  );
}

function FoundVoucher({
  place,
  voucher,
  problem,
  onProblem,
  onRedeemed,
}: {
  place: DealerPlace;
  voucher: StaffVoucher;
  problem: Problem | null;
  onProblem(problem: Problem | null): void;
  onRedeemed(voucher: StaffVoucher, order: StaffOrder | null): void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [against, setAgainst] = useState<'sale' | 'order'>('sale');
  const [order, setOrder] = useState('');
  const [saleReference, setSaleReference] = useState('');
  const [busy, setBusy] = useState(false);
  // A retry of the same redemption (same code, same order or sale) is the same intent: after a lost
  // answer, the server tells this counter its redemption went through.
  const redemptionKey = useIntentKey();

  async function redeem(event: FormEvent) {
    event.preventDefault();
    const reference = saleReference.trim();
    if (against === 'order' && !order) return onProblem({ at: 'order', message: 'vouchers.counter.error.orderRequired' });
    if (against === 'sale' && !reference) return onProblem({ at: 'sale', message: 'vouchers.counter.error.saleRequired' });
    const body: RedeemBody = against === 'order' ? { code: voucher.code, order } : { code: voucher.code, saleReference: reference };
    setBusy(true);
    onProblem(null);
    let done: StaffVoucher;
    try {
      done = await redeemVoucher(place, body, locale, redemptionKey.keyFor(JSON.stringify(body)));
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) redemptionKey.forget();
      const code = error instanceof ApiError ? error.code : undefined;
      const at = code && ORDER_PROBLEMS.includes(code) ? 'order' : code && CODE_PROBLEMS.includes(code) ? 'code' : against === 'sale' && code === 'REQUEST_VALIDATION_FAILED' ? 'sale' : 'form';
      onProblem({ at, message: counterError(error) });
      setBusy(false);
      return;
    }
    // The order as the voucher left it: what its buyer still owes. Redeemed either way if it cannot be read.
    const paidOrder = 'order' in body ? await fetchDealerOrder(place, body.order, locale).catch(() => null) : null;
    setBusy(false);
    onRedeemed(done, paidOrder);
  }

  const message = (at: Problem['at']) =>
    problem?.at === at ? (
      <p className="form-message form-message--error" role="alert" data-testid="voucher-redeem-error">
        {t(problem.message)}
      </p>
    ) : null;

  return (
    <div className="voucher-counter__found" data-testid="voucher-found" data-redeemable={voucher.redeemable}>
      <p className="voucher-counter__name">
        <strong>{voucher.offer.name}</strong>{' '}
        <span className="status-badge voucher-badge" data-status={voucher.status}>
          {t(VOUCHER_STATUS_LABEL[voucher.status])}
        </span>
      </p>
      <dl className="facts">
        <div className="facts__row">
          <dt>{t('vouchers.counter.value')}</dt>
          <dd data-testid="voucher-found-value">{formatMoney(voucher.value, locale)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('vouchers.counter.expires')}</dt>
          <dd>{formatOrderTime(voucher.expiresAt, locale)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('vouchers.counter.status')}</dt>
          <dd data-testid="voucher-found-redeemable">{t(voucher.redeemable ? 'vouchers.counter.redeemable' : 'vouchers.counter.notRedeemable')}</dd>
        </div>
      </dl>
      {voucher.redeemable && (
        <form className="voucher-counter__redeem" onSubmit={(event) => void redeem(event)} noValidate>
          <p className="field__label" id={`${id}-against`}>
            {t('vouchers.counter.against')}
          </p>
          <div className="chip-wrap" role="group" aria-labelledby={`${id}-against`}>
            <button type="button" className="chip" aria-pressed={against === 'sale'} onClick={() => setAgainst('sale')}>
              {t('vouchers.counter.againstSale')}
            </button>
            <button type="button" className="chip" aria-pressed={against === 'order'} onClick={() => setAgainst('order')}>
              {t('vouchers.counter.againstOrder')}
            </button>
          </div>
          {against === 'sale' ? (
            <div className="field">
              <label className="field__label" htmlFor={`${id}-sale`}>
                {t('vouchers.counter.saleReference')}
              </label>
              <div className="field__box" data-invalid={problem?.at === 'sale' ? true : undefined}>
                <input id={`${id}-sale`} className="field__input" maxLength={64} autoComplete="off" value={saleReference} onChange={(event) => setSaleReference(event.target.value)} />
              </div>
              <p className="field__hint">{t('vouchers.counter.saleHint')}</p>
              {message('sale')}
            </div>
          ) : (
            <OrderChoice place={place} id={`${id}-order`} value={order} onChange={setOrder} problem={message('order')} />
          )}
          {message('form')}
          <button type="submit" className="button button--primary button--block" data-testid="voucher-redeem" disabled={busy}>
            {busy ? t('vouchers.counter.redeeming') : t('vouchers.counter.redeem')}
          </button>
        </form>
      )}
    </div>
  );
}

/**
 * This dealer's orders a voucher can pay, by reference. The counter's view of a voucher does
 * not name its buyer, so staff pick the buyer's order and the server refuses anyone else's.
 */
function OrderChoice({ place, id, value, onChange, problem }: { place: DealerPlace; id: string; value: string; onChange(order: string): void; problem: ReactNode }) {
  const t = useT();
  const { locale } = useLocale();
  const orders = useRequest(
    (signal) =>
      Promise.all(PAYABLE_STATUSES.map((status) => fetchDealerOrders(place, { status }, locale, signal))).then((lists) =>
        lists.flatMap((list) => list.orders).sort((a, b) => a.reference.localeCompare(b.reference)),
      ),
    [place.store, place.dealer, locale],
  );
  if (orders.error) return <ErrorState onRetry={orders.retry} />;
  const list: StaffOrder[] = orders.data ?? [];
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {t('vouchers.counter.order')}
      </label>
      {orders.data && list.length === 0 ? (
        <p className="empty-note">{t('vouchers.counter.noOrders')}</p>
      ) : (
        <select id={id} className="booking__select" value={value} onChange={(event) => onChange(event.target.value)} data-testid="voucher-order">
          <option value="">{t('vouchers.counter.pickOrder')}</option>
          {list.map((order) => (
            <option key={order.id} value={order.id}>
              {order.reference} · {order.buyer.name} · {carLine(order)}
            </option>
          ))}
        </select>
      )}
      <p className="field__hint">{t('vouchers.counter.orderHint')}</p>
      {problem}
    </div>
  );
}
