import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useLocale, useT } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { formatMoney } from '../../ui/price';
import { DESKTOP_MIN_WIDTH, fetchMyPayment, orderPaths, type Payment } from './orders.api';
import { paymentStep, type PaymentStep } from './payment-step';
import { QrImage } from './qr-image';
import './buyer-orders.css';

const POLL_MS = 2_000;

export type ScanStep = Extract<PaymentStep, { kind: 'scan' }>;

/** What this screen does with a payment just started (see paymentStep). */
export function stepOnThisScreen(payment: Payment): PaymentStep {
  return paymentStep(payment, {
    desktop: window.matchMedia(`(min-width: ${DESKTOP_MIN_WIDTH}px)`).matches,
    payPageUrl: new URL(orderPaths.pay(payment.id), window.location.origin).href,
  });
}

/**
 * Takes the buyer where a payment just started is paid on this screen: our sandbox page, the
 * provider's page, or a code to scan (`onScan`); a step this screen cannot use is `onUnusable`.
 */
export function followPayment(
  payment: Payment,
  actions: { navigate: (path: string) => void; onScan: (step: ScanStep) => void; onUnusable: () => void },
): void {
  const step = stepOnThisScreen(payment);
  switch (step.kind) {
    case 'pay-page':
      actions.navigate(orderPaths.pay(payment.id));
      return;
    case 'provider-page':
      window.location.assign(step.url);
      return;
    case 'scan':
      actions.onScan(step);
      return;
    case 'unusable':
      actions.onUnusable();
      return;
  }
}

const QR_LABEL: Record<Payment['provider'], MessageKey> = {
  sandbox: 'orders.checkout.scanLabel',
  alipay: 'orders.scan.alipayLabel',
  wechatpay: 'orders.scan.wechatLabel',
};

/**
 * A payment's QR code, to scan with a phone (a desktop paying through the sandbox or Alipay) or
 * with WeChat (WeChat Pay, on any screen), or a link to pay on this screen when there is one;
 * the payment is asked about every two seconds until it is settled.
 */
export function PayFromPhone({
  payment,
  step,
  onPaid,
  onRetry,
  onChooseAnother,
}: {
  payment: Payment;
  step: ScanStep;
  onPaid(): void;
  onRetry(): void;
  /** Back to the choice of a way to pay, when there is one; the payment stays open meanwhile. */
  onChooseAnother?: (() => void) | undefined;
}) {
  const t = useT();
  const { locale } = useLocale();
  const [status, setStatus] = useState(payment.status);
  const amount = formatMoney(payment.amount, locale);

  useEffect(() => {
    if (status !== 'pending') return;
    let stopped = false;
    const timer = setInterval(() => {
      fetchMyPayment(payment.id).then(
        (latest) => {
          if (!stopped) setStatus(latest.status);
        },
        // A failed poll is tried again at the next tick.
        () => {},
      );
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [payment.id, status]);

  // Once: a new onPaid on every render must not navigate again.
  const left = useRef(false);
  useEffect(() => {
    if (status !== 'succeeded' || left.current) return;
    left.current = true;
    onPaid();
  }, [status, onPaid]);

  const wechat = step.scanner === 'wechat';
  return (
    <div className="checkout checkout-qr" data-testid="checkout-qr" data-provider={payment.provider}>
      <h1 className="checkout__title">{t(wechat ? 'orders.scan.wechatTitle' : 'orders.checkout.scanTitle')}</h1>
      <p className="checkout__intro">{t(wechat ? 'orders.scan.wechatIntro' : 'orders.checkout.scanIntro', { amount })}</p>
      {status === 'pending' || status === 'succeeded' ? (
        <>
          <QrImage className="checkout-qr__code" text={step.text} label={t(QR_LABEL[payment.provider])} />
          <p className="checkout-qr__waiting" role="status">
            {t(status === 'succeeded' ? 'orders.checkout.paid' : 'orders.checkout.waiting')}
          </p>
          {step.payHere?.pay === 'pay-page' && (
            <Link href={orderPaths.pay(payment.id)} className="button button--secondary">
              {t('orders.checkout.payHere')}
            </Link>
          )}
          {step.payHere?.pay === 'provider-page' && (
            <a href={step.payHere.url} className="button button--secondary" rel="noreferrer">
              {t('orders.checkout.payHere')}
            </a>
          )}
          {onChooseAnother && status === 'pending' && (
            <button type="button" className="button button--quiet" onClick={onChooseAnother}>
              {t('orders.provider.another')}
            </button>
          )}
        </>
      ) : (
        <>
          <p className="form-message form-message--error" role="alert">
            {t(status === 'expired' ? 'orders.pay.expired' : 'orders.pay.failed')}
          </p>
          <button type="button" className="button button--primary" onClick={onRetry}>
            {t('orders.checkout.tryAgain')}
          </button>
        </>
      )}
    </div>
  );
}
