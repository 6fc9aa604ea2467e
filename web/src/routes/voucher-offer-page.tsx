import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError, isNotFound } from '../api/client';
import { useRequest } from '../api/use-request';
import { signInPath } from '../features/accounts/roles';
import { useSession } from '../features/accounts/session-context';
import { formatShanghaiTime } from '../features/campaigns/server-clock';
import { useIntentKey } from '../features/orders/intent-key';
import type { Payment } from '../features/orders/orders.api';
import { followPayment, PayFromPhone, type ScanStep } from '../features/orders/pay-from-phone';
import { useProviderPicker } from '../features/orders/payment-providers';
import { paymentIntent } from '../features/orders/payment-step';
import { useStore } from '../features/stores/store-context';
import { buyerVoucherError, buyVoucher, fetchOffer, OFFER_STATE_LABEL, startVoucherPayment, voucherPaths, type Voucher, type VoucherOffer } from '../features/vouchers/vouchers.api';
import { useLocale, useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { StoreLayout } from '../ui/layout';
import { formatMoney } from '../ui/price';
import { ErrorState, LoadingState, NotFoundState } from '../ui/request-states';
import { useDocumentTitle } from '../ui/use-document-title';
import './campaign-page.css';

/** /:store/vouchers/:offer: a dealer voucher on sale, its terms and refund rules, and the way to buy and pay it. */
export function VoucherOfferPage({ slug }: { slug: string }) {
  const t = useT();
  const { locale } = useLocale();
  const { slug: store } = useStore();
  const shown = useRequest((signal) => fetchOffer(store, slug, locale, signal), [store, slug, locale]);
  const offer = shown.data;
  useDocumentTitle(offer?.name ?? t('vouchers.eyebrow'));

  if (!offer || offer.slug !== slug) {
    return (
      <StoreLayout>
        {isNotFound(shown.error) || (shown.error instanceof ApiError && shown.error.status === 400) ? (
          <NotFoundState title={t('vouchers.notFoundTitle')} body={t('vouchers.notFoundBody')} />
        ) : shown.error !== undefined ? (
          <ErrorState onRetry={shown.retry} />
        ) : (
          <LoadingState>
            <div className="page-spinner" />
          </LoadingState>
        )}
      </StoreLayout>
    );
  }

  const shanghai = (iso: string) => formatShanghaiTime(iso, locale);
  const policy = offer.refundPolicy;
  return (
    <StoreLayout>
      <article className="campaign voucher-offer" data-testid="voucher-offer" data-state={offer.state}>
        <header className="campaign-hero">
          <p className="campaign-hero__eyebrow">
            <span>{t('vouchers.eyebrow')}</span>
            <span className="campaign-badge" data-state={offer.state === 'on_sale' ? 'live' : offer.state} data-testid="voucher-state">
              {t(OFFER_STATE_LABEL[offer.state])}
            </span>
          </p>
          <h1 className="campaign-hero__title">{offer.name}</h1>
          <div className="campaign-price">
            <p className="campaign-price__now">
              <span className="campaign-price__label">{t('vouchers.price')}</span>
              <strong data-testid="voucher-price">{formatMoney(offer.price, locale)}</strong>
            </p>
            <p className="campaign-price__list">
              <span>{t('vouchers.value')}</span> <strong data-testid="voucher-value">{formatMoney(offer.value, locale)}</strong>
            </p>
            <p className="voucher-offer__worth">{t('vouchers.worthAtDealer', { amount: formatMoney(offer.value, locale) })}</p>
          </div>
        </header>

        <dl className="campaign-facts">
          <Fact
            label={t('vouchers.remaining')}
            value={offer.remaining === null || offer.unitsTotal === null ? t('vouchers.unlimited') : t('vouchers.remainingValue', { remaining: offer.remaining, total: offer.unitsTotal })}
            testId="voucher-remaining"
          />
          <Fact label={t('vouchers.perBuyer')} value={t('vouchers.perBuyerValue', { count: offer.perBuyerLimit })} />
          <Fact label={t('vouchers.payTime')} value={t('vouchers.payTimeValue', { minutes: offer.payMinutes })} />
          <Fact label={`${t('vouchers.saleStartsAt')} ${t('vouchers.shanghaiTime')}`} value={shanghai(offer.saleStartsAt)} />
          <Fact label={`${t('vouchers.saleEndsAt')} ${t('vouchers.shanghaiTime')}`} value={shanghai(offer.saleEndsAt)} />
          <Fact label={`${t('vouchers.validUntil')} ${t('vouchers.shanghaiTime')}`} value={shanghai(offer.validUntil)} />
        </dl>

        <BuyPanel store={store} offer={offer} />

        <section className="campaign-story" aria-labelledby="voucher-terms">
          <h2 className="campaign-story__title" id="voucher-terms">
            {t('vouchers.terms')}
          </h2>
          {offer.terms
            .split(/\n{2,}/)
            .filter((paragraph) => paragraph.trim())
            .map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          <h3 className="campaign-story__subtitle">{t('vouchers.refundPolicy')}</h3>
          <ul className="campaign-story__edition" data-testid="voucher-refund-policy">
            <li>{policy.refundDays > 0 ? t('vouchers.refundDays', { count: policy.refundDays }) : t('vouchers.noRefundDays')}</li>
            <li>{t(policy.refundOnExpiry ? 'vouchers.refundOnExpiry' : 'vouchers.lapseOnExpiry')}</li>
          </ul>
        </section>
      </article>
    </StoreLayout>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="campaign-facts__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

/** Who may buy, and the button: signed-out visitors sign in first and come back here. */
function BuyPanel({ store, offer }: { store: string; offer: VoucherOffer }) {
  const t = useT();
  const { locale } = useLocale();
  const { session } = useSession();
  const [location] = useLocation();
  const onSale = offer.state === 'on_sale';

  if (!onSale) {
    return (
      <section className="campaign-claim">
        <button type="button" className="button button--primary button--block campaign-claim__button" disabled>
          {t(offer.state === 'upcoming' ? OFFER_STATE_LABEL.upcoming : 'vouchers.closed')}
        </button>
      </section>
    );
  }
  if (session.status === 'signedOut') {
    return (
      <section className="campaign-claim">
        <Link href={signInPath(location)} className="button button--primary button--block campaign-claim__button">
          {t('vouchers.signInToBuy')}
        </Link>
      </section>
    );
  }
  if (session.status !== 'signedIn') {
    return (
      <section className="campaign-claim">
        <button type="button" className="button button--primary button--block campaign-claim__button" disabled>
          {t('vouchers.buy', { amount: formatMoney(offer.price, locale) })}
        </button>
      </section>
    );
  }
  if (session.account.role !== 'buyer') {
    return (
      <section className="campaign-claim">
        <p className="form-message form-message--error">{t('vouchers.error.buyersOnly')}</p>
      </section>
    );
  }
  return <BuyForm store={store} offer={offer} />;
}

function BuyForm({ store, offer }: { store: string; offer: VoucherOffer }) {
  const t = useT();
  const { locale } = useLocale();
  const [, navigate] = useLocation();
  const picker = useProviderPicker();
  // Kept for the tab's session: back from the pay page, a tap is the same purchase, not a second voucher.
  const buyKey = useIntentKey(`vitrine.voucher.buy.${store}.${offer.slug}`);
  const paymentKey = useIntentKey();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const [bought, setBought] = useState<Voucher | null>(null);
  const [awaiting, setAwaiting] = useState<{ payment: Payment; step: ScanStep } | null>(null);
  const { provider } = picker;

  async function buy() {
    if (!provider) return;
    setBusy(true);
    setFailure(null);
    let voucher: Voucher;
    try {
      voucher = await buyVoucher(store, offer.slug, locale, buyKey.keyFor(offer.slug));
    } catch (error) {
      // A refusal ends that intent; a lost answer may hide a voucher bought, so its retry keeps the key.
      if (error instanceof ApiError && error.status < 500) buyKey.forget();
      setFailure(buyerVoucherError(error));
      setBusy(false);
      return;
    }
    setBought(voucher);
    // The same purchase answered again after it was paid (or lapsed): the voucher says what became of it.
    if (voucher.status !== 'pending_payment') {
      buyKey.forget();
      navigate(voucherPaths.voucher(voucher.id));
      return;
    }
    try {
      const payment = await startVoucherPayment(voucher.id, paymentKey.keyFor(paymentIntent(voucher.id, 'voucher', provider)), provider);
      followPayment(payment, {
        navigate,
        onScan: (step) => setAwaiting({ payment, step }),
        onUnusable: () => setFailure('orders.error.provider'),
      });
    } catch (error) {
      setFailure(buyerVoucherError(error));
    }
    // Not left busy: a page restored by the back button must be usable, and a tap meanwhile is the same intent.
    setBusy(false);
  }

  if (awaiting && bought) {
    return (
      <PayFromPhone
        payment={awaiting.payment}
        step={awaiting.step}
        onPaid={() => {
          buyKey.forget();
          navigate(voucherPaths.voucher(bought.id));
        }}
        onRetry={() => {
          paymentKey.forget();
          setAwaiting(null);
        }}
        onChooseAnother={picker.hasChoice ? () => setAwaiting(null) : undefined}
      />
    );
  }

  return (
    <section className="campaign-claim" aria-label={t('vouchers.buy', { amount: formatMoney(offer.price, locale) })}>
      {picker.choice}
      {failure && (
        <div className="campaign-result campaign-result--lost" role="alert" data-testid="voucher-buy-error">
          <p>{t(failure)}</p>
          {bought && <Link href={voucherPaths.voucher(bought.id)}>{t('vouchers.seeVoucher')}</Link>}
        </div>
      )}
      <button
        type="button"
        className="button button--primary button--block campaign-claim__button"
        data-testid="voucher-buy"
        disabled={busy || !provider}
        onClick={() => void buy()}
      >
        {busy ? t('vouchers.buying') : t('vouchers.buy', { amount: formatMoney(offer.price, locale) })}
      </button>
    </section>
  );
}
