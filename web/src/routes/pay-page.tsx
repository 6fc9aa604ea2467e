import { useState } from 'react';
import { Link } from 'wouter';
import { ApiError, isNotFound } from '../api/client';
import { useRequest } from '../api/use-request';
import { completeHostedPayment, fetchHostedPayment, formatOrderTime, isPaymentId, orderPaths, type HostedPayment } from '../features/orders/orders.api';
import { voucherPaths } from '../features/vouchers/vouchers.api';
import { useLocale, useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { LanguageSwitch } from '../ui/language-switch';
import { formatMoney } from '../ui/price';
import { LoadingState } from '../ui/request-states';
import { useDocumentTitle } from '../ui/use-document-title';
import './pay-page.css';

/**
 * /pay/:payment — the sandbox provider's hosted page, standing where Alipay's or WeChat Pay's
 * would: its own look, outside the store, reached from the checkout (phone) or its QR code
 * (desktop). Pay and Fail send the signed callback a real provider would.
 */
export function PayPage({ payment }: { payment: string }) {
  const t = useT();
  useDocumentTitle(t('orders.pay.title'));
  return (
    <div className="pay-page">
      <header className="pay-header">
        <span className="pay-header__brand">{t('orders.pay.brand')}</span>
        <span className="pay-header__badge">{t('orders.pay.sandbox')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="pay-main">
        {isPaymentId(payment) ? <HostedPage id={payment} /> : <PayNotice kind="unknown" />}
      </main>
      <p className="pay-footer">{t('orders.pay.sandboxNote')}</p>
    </div>
  );
}

/** Where the buyer follows what they paid for: the order, or the voucher with its code. */
function paidForPath(payment: HostedPayment): string {
  return payment.orderId !== null ? orderPaths.order(payment.orderId) : voucherPaths.voucher(payment.voucherId ?? '');
}

/** The way back's labels: to the order, or to the voucher. */
function paidForLabels(payment: HostedPayment): { see: MessageKey; back: MessageKey } {
  return payment.orderId !== null ? { see: 'orders.pay.seeOrder', back: 'orders.pay.backToOrder' } : { see: 'vouchers.pay.see', back: 'vouchers.pay.back' };
}

function HostedPage({ id }: { id: string }) {
  const t = useT();
  const { locale } = useLocale();
  const shown = useRequest((signal) => fetchHostedPayment(id, locale, signal), [id, locale]);
  const [answered, setAnswered] = useState<HostedPayment | null>(null);
  const [busy, setBusy] = useState<'paid' | 'failed' | null>(null);
  const [failure, setFailure] = useState<MessageKey | null>(null);

  if (shown.error) return isNotFound(shown.error) ? <PayNotice kind="unknown" /> : <PayNotice kind="error" onRetry={shown.retry} />;
  const payment = answered ?? shown.data;
  if (!payment) {
    return (
      <LoadingState>
        <div className="page-spinner" />
      </LoadingState>
    );
  }

  async function complete(outcome: 'paid' | 'failed') {
    setBusy(outcome);
    setFailure(null);
    try {
      setAnswered(await completeHostedPayment(id, outcome, locale));
    } catch (error) {
      // Settled meanwhile (paid in another tab, expired): show it as it now is.
      if (error instanceof ApiError && error.code === 'PAYMENT_NOT_PENDING') {
        setAnswered(null);
        shown.retry();
      } else {
        setFailure('orders.pay.error');
      }
    } finally {
      setBusy(null);
    }
  }

  const labels = paidForLabels(payment);
  const expired = payment.status === 'expired' || (payment.status === 'pending' && Date.parse(payment.expiresAt) <= Date.now());
  return (
    <section className="pay-card" aria-labelledby="pay-amount" data-testid="pay-card" data-status={expired ? 'expired' : payment.status}>
      <p className="pay-card__label">{t('orders.pay.amount')}</p>
      <p className="pay-card__amount" id="pay-amount">
        {formatMoney(payment.amount, locale)}
      </p>
      <dl className="pay-facts">
        <div className="pay-facts__row">
          <dt>{t('orders.pay.subject')}</dt>
          <dd>{payment.subject}</dd>
        </div>
        {/* A voucher has no order: its offer is what it is for. */}
        {payment.orderId !== null && (
          <div className="pay-facts__row">
            <dt>{t('orders.pay.reference')}</dt>
            <dd>{payment.reference}</dd>
          </div>
        )}
        <div className="pay-facts__row">
          <dt>{t('orders.pay.expires')}</dt>
          <dd>{formatOrderTime(payment.expiresAt, locale)}</dd>
        </div>
      </dl>

      {payment.status === 'succeeded' && (
        <div className="pay-result pay-result--ok" role="status">
          <p className="pay-result__title">{t(answered ? 'orders.pay.done' : 'orders.pay.alreadyPaid')}</p>
          <Link href={paidForPath(payment)} className="button button--primary button--block">
            {t(labels.see)}
          </Link>
        </div>
      )}
      {payment.status === 'failed' && (
        <div className="pay-result pay-result--bad" role="alert">
          <p className="pay-result__title">{t('orders.pay.failed')}</p>
          <Link href={paidForPath(payment)} className="button button--secondary button--block">
            {t(labels.back)}
          </Link>
        </div>
      )}
      {expired && (
        <div className="pay-result pay-result--bad" role="alert">
          <p className="pay-result__title">{t('orders.pay.expired')}</p>
          <Link href={paidForPath(payment)} className="button button--secondary button--block">
            {t(labels.back)}
          </Link>
        </div>
      )}
      {payment.status === 'pending' && !expired && (
        <div className="pay-actions">
          {failure && (
            <p className="form-message form-message--error" role="alert">
              {t(failure)}
            </p>
          )}
          <button type="button" className="button button--primary button--block pay-actions__pay" disabled={busy !== null} onClick={() => void complete('paid')}>
            {busy === 'paid' ? t('orders.pay.paying') : t('orders.pay.pay', { amount: formatMoney(payment.amount, locale) })}
          </button>
          <button type="button" className="button button--quiet button--block" disabled={busy !== null} onClick={() => void complete('failed')}>
            {t('orders.pay.fail')}
          </button>
        </div>
      )}
    </section>
  );
}

function PayNotice({ kind, onRetry }: { kind: 'unknown' | 'error'; onRetry?: () => void }) {
  const t = useT();
  return (
    <section className="pay-card" role="alert" data-testid="pay-card" data-status={kind}>
      <p className="pay-result__title">{t(kind === 'unknown' ? 'orders.pay.unknown' : 'state.errorTitle')}</p>
      <p className="pay-card__note">{t(kind === 'unknown' ? 'orders.pay.unknownBody' : 'state.errorBody')}</p>
      {onRetry && (
        <button type="button" className="button button--primary" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </section>
  );
}
