import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError, isNotFound } from '../api/client';
import { useRequest } from '../api/use-request';
import { RequireAccount } from '../features/accounts/require-account';
import { ArrowIcon } from '../features/catalog/model-card';
import { useIntentKey } from '../features/orders/intent-key';
import { formatCountdown, formatOrderTime, type Payment } from '../features/orders/orders.api';
import { followPayment, PayFromPhone, type ScanStep } from '../features/orders/pay-from-phone';
import { useProviderPicker } from '../features/orders/payment-providers';
import { paymentIntent } from '../features/orders/payment-step';
import { QrImage } from '../features/orders/qr-image';
import {
  buyerVoucherError,
  fetchMyVoucher,
  fetchMyVouchers,
  groupCode,
  isRefundable,
  isVoucherId,
  refundVoucher,
  startVoucherPayment,
  VOUCHER_STATUS_LABEL,
  voucherPaths,
  type Voucher,
} from '../features/vouchers/vouchers.api';
import { useLocale, useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { StoreLayout } from '../ui/layout';
import { formatMoney } from '../ui/price';
import { ErrorState, NotFoundState, PageSpinner } from '../ui/request-states';
import { useDocumentTitle } from '../ui/use-document-title';
import '../features/orders/buyer-orders.css';

/** /account/vouchers: the buyer's dealer vouchers, newest first. */
export function MyVouchersPage() {
  return (
    <RequireAccount roles={['buyer']} pageName="vouchers.mine.title" frame={StoreLayout}>
      <MyVouchers />
    </RequireAccount>
  );
}

/** /account/vouchers/:id: one voucher: its code to show at the dealer, or the way to pay it. */
export function MyVoucherPage({ id }: { id: string }) {
  return (
    <RequireAccount roles={['buyer']} pageName="vouchers.mine.title" frame={StoreLayout}>
      <MyVoucher id={id} />
    </RequireAccount>
  );
}

function MyVouchers() {
  const t = useT();
  const { locale } = useLocale();
  useDocumentTitle(t('vouchers.mine.title'));
  const list = useRequest((signal) => fetchMyVouchers(locale, signal), [locale]);
  if (list.error) return <ErrorState onRetry={list.retry} />;
  if (!list.data) return <PageSpinner />;
  return (
    <div className="orders">
      <Link href="/account" className="back-link">
        <span className="back-link__icon" aria-hidden="true">
          <ArrowIcon />
        </span>
        {t('vouchers.mine.back')}
      </Link>
      <h1 className="orders__title">{t('vouchers.mine.title')}</h1>
      {list.data.length === 0 ? (
        <section className="panel">
          <p className="empty-note">{t('vouchers.mine.empty')}</p>
          <Link href="/" className="button button--primary">
            {t('vouchers.mine.browse')}
          </Link>
        </section>
      ) : (
        <ul className="orders__list">
          {list.data.map((voucher) => (
            <li key={voucher.id}>
              <Link href={voucherPaths.voucher(voucher.id)} className="order-row" data-testid="my-voucher" data-status={voucher.status}>
                <span className="order-row__head">
                  <span className="order-row__model">{voucher.offer.name}</span>
                  <span className="status-badge voucher-badge" data-status={voucher.status}>
                    {t(VOUCHER_STATUS_LABEL[voucher.status])}
                  </span>
                </span>
                <span className="order-row__meta">{t('vouchers.mine.expires', { time: formatOrderTime(voucher.expiresAt, locale) })}</span>
                <span className="order-row__amounts">{t('vouchers.mine.worth', { value: formatMoney(voucher.value, locale), price: formatMoney(voucher.price, locale) })}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function MyVoucher({ id }: { id: string }) {
  const t = useT();
  const { locale } = useLocale();
  const valid = isVoucherId(id);
  const shown = useRequest((signal) => (valid ? fetchMyVoucher(id, locale, signal) : Promise.reject(new ApiError(404, undefined))), [id, locale, valid]);
  const [latest, setLatest] = useState<Voucher | null>(null);
  useDocumentTitle(shown.data?.offer.name ?? t('vouchers.mine.title'));
  if (shown.error) {
    if (isNotFound(shown.error) || (shown.error as { status?: number }).status === 400) {
      return <NotFoundState title={t('vouchers.detail.notFound')} body={t('vouchers.detail.notFoundBody')} />;
    }
    return <ErrorState onRetry={shown.retry} />;
  }
  const voucher = latest?.id === id ? latest : shown.data;
  if (!voucher || voucher.id !== id) return <PageSpinner />;
  return (
    <VoucherView
      voucher={voucher}
      onChanged={setLatest}
      onStale={() => {
        setLatest(null);
        shown.retry();
      }}
    />
  );
}

function VoucherView({ voucher, onChanged, onStale }: { voucher: Voucher; onChanged(voucher: Voucher): void; onStale(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const [awaiting, setAwaiting] = useState<{ payment: Payment; step: ScanStep; hasChoice: boolean } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const at = (iso: string) => formatOrderTime(iso, locale);

  if (awaiting) {
    return (
      <PayFromPhone
        payment={awaiting.payment}
        step={awaiting.step}
        onPaid={() => {
          setAwaiting(null);
          onStale();
        }}
        onRetry={() => setAwaiting(null)}
        onChooseAnother={awaiting.hasChoice ? () => setAwaiting(null) : undefined}
      />
    );
  }

  const redeemed = voucher.redeemed;
  return (
    <div className="order voucher" data-testid="voucher" data-status={voucher.status}>
      <Link href={voucherPaths.mine()} className="back-link">
        <span className="back-link__icon" aria-hidden="true">
          <ArrowIcon />
        </span>
        {t('vouchers.detail.back')}
      </Link>
      <header className="order__header">
        <p className="order__reference">{t('vouchers.eyebrow')}</p>
        <h1 className="order__title">{voucher.offer.name}</h1>
        <p className="order__status">
          <span className="status-badge voucher-badge" data-status={voucher.status} data-testid="voucher-status">
            {t(VOUCHER_STATUS_LABEL[voucher.status])}
          </span>
        </p>
        <p className="order__explain">{t(`vouchers.explain.${voucher.status}` as MessageKey)}</p>
      </header>

      {voucher.status === 'pending_payment' && voucher.payBy && <PayNow voucher={voucher} onExpired={onStale} onAwaiting={setAwaiting} />}
      {voucher.code && voucher.status === 'active' && (
        <section className="order-pickup voucher-code" aria-labelledby="voucher-code-title">
          <h2 className="order-pickup__title" id="voucher-code-title">
            {t('vouchers.detail.code')}
          </h2>
          <p className="voucher-code__digits" data-testid="voucher-code">
            {groupCode(voucher.code)}
          </p>
          <QrImage className="order-pickup__qr" text={voucher.code} label={t('vouchers.detail.qr')} />
          <p className="fine-print">{t('vouchers.detail.codeHint')}</p>
        </section>
      )}

      <section className="panel" aria-labelledby="voucher-facts">
        <h2 className="panel__title" id="voucher-facts">
          {t('vouchers.detail.facts')}
        </h2>
        <dl className="facts order-facts">
          <Fact label={t('vouchers.value')} value={formatMoney(voucher.value, locale)} />
          <Fact label={t('vouchers.price')} value={formatMoney(voucher.price, locale)} />
          {voucher.code && voucher.status !== 'active' && <Fact label={t('vouchers.detail.code')} value={groupCode(voucher.code)} />}
          {voucher.paidAt && <Fact label={t('vouchers.detail.paidAt')} value={at(voucher.paidAt)} />}
          <Fact label={t('vouchers.detail.expiresAt')} value={at(voucher.expiresAt)} testId="voucher-expires" />
          {voucher.status === 'active' && voucher.refundableUntil && <Fact label={t('vouchers.detail.refundableUntil')} value={at(voucher.refundableUntil)} testId="voucher-refundable-until" />}
          {redeemed && <Fact label={t('vouchers.detail.redeemedAt')} value={at(redeemed.at)} testId="voucher-redeemed-at" />}
          {redeemed?.dealer && <Fact label={t('vouchers.detail.redeemedWhere')} value={redeemed.dealer.name} testId="voucher-redeemed-where" />}
          {redeemed && (
            <Fact
              label={t('vouchers.detail.redeemedFor')}
              value={redeemed.orderId ? t('vouchers.detail.againstOrder') : t('vouchers.detail.againstSale', { reference: redeemed.saleReference ?? '' })}
            />
          )}
          {voucher.amountRefunded.amount > 0 && <Fact label={t('vouchers.detail.refunded')} value={formatMoney(voucher.amountRefunded, locale)} />}
        </dl>
      </section>

      {isRefundable(voucher, now) && <RefundVoucher voucher={voucher} onRefunded={onChanged} onStale={() => setNow(Date.now())} />}
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

/** The time left to pay, and the way to pay: an unpaid voucher lapses at its pay-by time. */
function PayNow({
  voucher,
  onExpired,
  onAwaiting,
}: {
  voucher: Voucher;
  onExpired(): void;
  onAwaiting(awaiting: { payment: Payment; step: ScanStep; hasChoice: boolean }): void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const [, navigate] = useLocation();
  const paymentKey = useIntentKey();
  const { provider, choice, hasChoice } = useProviderPicker();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const left = Date.parse(voucher.payBy!) - now;
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  // The server lapses the voucher at its pay-by time: read it again then.
  useEffect(() => {
    if (left > 0) return;
    const timer = setTimeout(onExpired, 2000);
    return () => clearTimeout(timer);
  }, [left <= 0, onExpired]);

  async function pay() {
    if (!provider) return;
    setBusy(true);
    setFailure(null);
    try {
      const payment = await startVoucherPayment(voucher.id, paymentKey.keyFor(paymentIntent(voucher.id, 'voucher', provider)), provider);
      followPayment(payment, {
        navigate,
        onScan: (step) => onAwaiting({ payment, step, hasChoice }),
        onUnusable: () => setFailure('orders.error.provider'),
      });
    } catch (error) {
      setFailure(buyerVoucherError(error));
    }
    setBusy(false);
  }

  return (
    <section className="order-hold" aria-labelledby="voucher-pay">
      <p className="order-hold__label" id="voucher-pay">
        {t('vouchers.detail.payLeft')}
      </p>
      <p className="order-hold__countdown" role="timer" aria-live="off" data-testid="voucher-pay-left">
        {formatCountdown(left)}
      </p>
      {failure && (
        <p className="form-message form-message--error" role="alert">
          {t(failure)}
        </p>
      )}
      {choice}
      <button type="button" className="button button--primary button--block" data-testid="voucher-pay" disabled={busy || !provider || left <= 0} onClick={() => void pay()}>
        {busy ? t('orders.checkout.placing') : t('vouchers.detail.pay', { amount: formatMoney(voucher.price, locale) })}
      </button>
    </section>
  );
}

/** Giving an unused voucher back within the window: asked twice, since its code stops working. */
function RefundVoucher({ voucher, onRefunded, onStale }: { voucher: Voucher; onRefunded(voucher: Voucher): void; onStale(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const refundKey = useIntentKey();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const amount = formatMoney(voucher.amountPaid.amount > 0 ? voucher.amountPaid : voucher.price, locale);

  async function refund() {
    setBusy(true);
    setFailure(null);
    try {
      onRefunded(await refundVoucher(voucher.id, locale, refundKey.keyFor(voucher.id)));
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) refundKey.forget();
      setFailure(buyerVoucherError(error));
      if (error instanceof ApiError && error.code === 'VOUCHER_NOT_REFUNDABLE') onStale();
    } finally {
      setBusy(false);
    }
  }

  if (!confirming) {
    return (
      <button type="button" className="button button--quiet button--block order-cancel" data-testid="voucher-refund" onClick={() => setConfirming(true)}>
        {t('vouchers.refund.open')}
      </button>
    );
  }
  return (
    <section className="order-cancel-confirm" role="alertdialog" aria-labelledby="voucher-refund-title" aria-describedby="voucher-refund-body">
      <h2 className="order-cancel-confirm__title" id="voucher-refund-title">
        {t('vouchers.refund.title')}
      </h2>
      <p id="voucher-refund-body">{t('vouchers.refund.body', { amount })}</p>
      {failure && (
        <p className="form-message form-message--error" role="alert">
          {t(failure)}
        </p>
      )}
      <div className="order-cancel-confirm__actions">
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => setConfirming(false)}>
          {t('vouchers.refund.keep')}
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={() => void refund()}>
          {busy ? t('vouchers.refund.refunding') : t('vouchers.refund.confirm')}
        </button>
      </div>
    </section>
  );
}
