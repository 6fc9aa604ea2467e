import { useId, useMemo, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError, isNotFound } from '../api/client';
import { useRequest } from '../api/use-request';
import { signInPath } from '../features/accounts/roles';
import { useSession } from '../features/accounts/session-context';
import { claimCampaign, claimRefusal, REFUSAL_MESSAGE, type CampaignEdition, type CampaignView, type ClaimBody, type ClaimRefusal } from '../features/campaigns/campaigns.api';
import { countdownParts, formatClock, formatShanghaiTime, msUntil, type CampaignState } from '../features/campaigns/server-clock';
import { useCampaign } from '../features/campaigns/use-campaign';
import { useBuyerCity } from '../features/dealers/buyer-city';
import { fetchDealers } from '../features/dealers/dealers.api';
import { useIntentKey } from '../features/orders/intent-key';
import { checkoutError, orderPaths, PLAN_LABEL, startPayment, type BuyerOrder, type OrderPlan, type Payment } from '../features/orders/orders.api';
import { followPayment, PayFromPhone, type ScanStep } from '../features/orders/pay-from-phone';
import { useProviderPicker, type ProviderPicker } from '../features/orders/payment-providers';
import { paymentIntent } from '../features/orders/payment-step';
import { useStore } from '../features/stores/store-context';
import { useLocale, useT, type Translate } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { StoreLayout } from '../ui/layout';
import { formatMoney } from '../ui/price';
import { ErrorState, LoadingState, NotFoundState } from '../ui/request-states';
import { useDocumentTitle } from '../ui/use-document-title';
import { byCityFirst } from './checkout-page';
import './campaign-page.css';

const PLANS: OrderPlan[] = ['cash', 'loan', 'lease'];

const STATE_LABEL: Record<CampaignState, MessageKey> = {
  upcoming: 'campaigns.state.upcoming',
  live: 'campaigns.state.live',
  sold_out: 'campaigns.state.sold_out',
  ended: 'campaigns.state.ended',
};

/** "2 days 03:04:05", or "03:04:05" within the day. */
function countdownText(ms: number, t: Translate): string {
  const parts = countdownParts(ms);
  const clock = formatClock(parts);
  return parts.days > 0 ? `${t('campaigns.days', { count: parts.days })} ${clock}` : clock;
}

/** /:store/campaigns/:slug: a flash sale, its countdown on the server's clock, the live count and the claim. */
export function CampaignPage({ slug }: { slug: string }) {
  const t = useT();
  const { locale } = useLocale();
  const { slug: store } = useStore();
  const feed = useCampaign(store, slug, locale);
  const { campaign, state, now } = feed;
  // The buyer's pick among the editions, made before the countdown ends; the first until then.
  const [editionCode, setEditionCode] = useState<string | null>(null);
  useDocumentTitle(campaign?.name ?? t('campaigns.eyebrow'));

  if (!campaign || !state) {
    return (
      <StoreLayout>
        {isNotFound(feed.error) ? (
          <NotFoundState title={t('campaigns.notFoundTitle')} body={t('campaigns.notFoundBody')} />
        ) : feed.error !== undefined ? (
          <ErrorState onRetry={feed.retry} />
        ) : (
          <LoadingState>
            <div className="page-spinner" />
          </LoadingState>
        )}
      </StoreLayout>
    );
  }

  const money = (amount: number) => formatMoney({ amount, currency: campaign.price.currency }, locale);
  const saving = campaign.listPrice.amount - campaign.price.amount;
  const chosen = campaign.editions.find((e) => e.code === editionCode) ?? campaign.editions[0] ?? { ...campaign.edition, code: '', name: '' };
  // The paint is both the colour and one of the options: named once.
  const edition = [...new Set([chosen.colour, ...chosen.options.map((o) => o.name)])].filter((part): part is string => Boolean(part));

  return (
    <StoreLayout>
      <article className="campaign" data-testid="campaign" data-state={state}>
        <header className="campaign-hero">
          <p className="campaign-hero__eyebrow">
            <span>{t('campaigns.eyebrow')}</span>
            <span className="campaign-badge" data-state={state} data-testid="campaign-state">
              {t(STATE_LABEL[state])}
            </span>
          </p>
          <h1 className="campaign-hero__title">{campaign.name}</h1>
          <p className="campaign-hero__edition">
            {chosen.model.name} · {chosen.trim.name}
          </p>
          <div className="campaign-price">
            <p className="campaign-price__now">
              <span className="campaign-price__label">{t('campaigns.price')}</span>
              <strong data-testid="campaign-price">{formatMoney(campaign.price, locale)}</strong>
            </p>
            {saving > 0 && (
              <p className="campaign-price__list">
                <span>{t('campaigns.listPrice')}</span> <s>{formatMoney(campaign.listPrice, locale)}</s>
                <span className="campaign-price__saving">{t('campaigns.saving', { amount: money(saving) })}</span>
              </p>
            )}
          </div>
        </header>

        <Countdown campaign={campaign} state={state} now={now} />

        {campaign.editions.length > 1 && <EditionPicker campaign={campaign} chosen={chosen.code} closed={state === 'sold_out' || state === 'ended'} onChoose={setEditionCode} />}

        <dl className="campaign-facts">
          <Fact label={t('campaigns.deposit')} value={formatMoney(campaign.deposit, locale)} />
          <Fact label={t('campaigns.units')} value={t('campaigns.unitsValue', { count: campaign.unitsTotal })} />
          <Fact label={t('campaigns.perBuyer')} value={t('campaigns.perBuyerValue', { count: campaign.perBuyerLimit })} />
          <Fact label={t('campaigns.payTime')} value={t('campaigns.payTimeValue', { minutes: campaign.payMinutes })} />
          <Fact label={`${t('campaigns.startsAt')} ${t('campaigns.shanghaiTime')}`} value={formatShanghaiTime(campaign.startsAt, locale)} />
          <Fact label={`${t('campaigns.endsAt')} ${t('campaigns.shanghaiTime')}`} value={formatShanghaiTime(campaign.endedAt ?? campaign.endsAt, locale)} />
        </dl>

        <ClaimPanel store={store} campaign={campaign} edition={chosen.code} state={state} now={now} onClaimed={feed.refresh} />

        <section className="campaign-story" aria-labelledby="campaign-story">
          <h2 className="campaign-story__title" id="campaign-story">
            {t('campaigns.story')}
          </h2>
          {campaign.story
            .split(/\n{2,}/)
            .filter((paragraph) => paragraph.trim())
            .map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          {edition.length > 0 && (
            <>
              <h3 className="campaign-story__subtitle">{t('campaigns.edition')}</h3>
              <ul className="campaign-story__edition">
                {edition.map((part) => (
                  <li key={part}>{part}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      </article>
    </StoreLayout>
  );
}

/** The editions, one tap each: they share the units and the price, so the pick is only which car. */
function EditionPicker({ campaign, chosen, closed, onChoose }: { campaign: CampaignView; chosen: string; closed: boolean; onChoose(code: string): void }) {
  const t = useT();
  const titleId = useId();
  return (
    <section className="campaign-editions" aria-labelledby={titleId}>
      <h2 className="campaign-claim__title" id={titleId}>
        {t('campaigns.editions.title')}
      </h2>
      <div className="chip-wrap" role="group" aria-labelledby={titleId} data-testid="campaign-editions">
        {campaign.editions.map((edition: CampaignEdition) => (
          <button
            key={edition.code}
            type="button"
            className="chip"
            aria-pressed={edition.code === chosen}
            disabled={closed}
            data-edition={edition.code}
            onClick={() => onChoose(edition.code)}
          >
            {edition.name}
          </button>
        ))}
      </div>
      <p className="fine-print">{t('campaigns.editions.hint', { count: campaign.unitsTotal })}</p>
    </section>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="campaign-facts__row">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** The time to the start (or to the end while on sale), and the live remaining count. */
function Countdown({ campaign, state, now }: { campaign: CampaignView; state: CampaignState; now: number }) {
  const t = useT();
  const remaining = state === 'sold_out' ? 0 : campaign.remaining;
  const percent = campaign.unitsTotal > 0 ? Math.round((remaining / campaign.unitsTotal) * 100) : 0;
  return (
    <section className="campaign-clock" data-state={state}>
      {state === 'upcoming' || state === 'live' ? (
        <div className="campaign-clock__timer">
          <p className="campaign-clock__label">{t(state === 'upcoming' ? 'campaigns.countdownToStart' : 'campaigns.countdownToEnd')}</p>
          {/* Read out once, not every second. */}
          <p className="campaign-clock__value" role="timer" aria-live="off" data-testid="campaign-countdown">
            {countdownText(msUntil(state === 'upcoming' ? campaign.startsAt : campaign.endsAt, now), t)}
          </p>
        </div>
      ) : (
        <p className="campaign-clock__over">{state === 'sold_out' ? t('campaigns.soldOutNote', { total: campaign.unitsTotal }) : t('campaigns.endedNote')}</p>
      )}
      <div className="campaign-stock">
        <p className="campaign-stock__label">
          <span>{t('campaigns.remaining')}</span>
          <strong data-testid="campaign-remaining">{t('campaigns.remainingValue', { remaining, total: campaign.unitsTotal })}</strong>
        </p>
        <div className="campaign-stock__bar" aria-hidden="true">
          <span style={{ width: `${percent}%` }} />
        </div>
      </div>
    </section>
  );
}

type Outcome = { kind: 'won'; order: BuyerOrder } | { kind: 'refused'; refusal: ClaimRefusal; until: number | null };

/** Who may claim, the choices made before the start, the button, and what came of the tap. */
function ClaimPanel({
  store,
  campaign,
  edition,
  state,
  now,
  onClaimed,
}: {
  store: string;
  campaign: CampaignView;
  /** The code of the edition picked. */
  edition: string;
  state: CampaignState;
  now: number;
  onClaimed(): void;
}) {
  const t = useT();
  const { session } = useSession();
  const [location] = useLocation();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const picker = useProviderPicker();

  if (outcome?.kind === 'won') return <Winner campaign={campaign} order={outcome.order} now={now} picker={picker} />;

  const closed = state === 'sold_out' || state === 'ended';
  if (session.status === 'signedOut') {
    if (closed) return null;
    return (
      <section className="campaign-claim">
        <Link href={signInPath(location)} className="button button--primary button--block campaign-claim__button">
          {t('campaigns.signInToClaim')}
        </Link>
        <p className="fine-print">{t('campaigns.signInHint')}</p>
      </section>
    );
  }
  if (session.status !== 'signedIn') {
    return (
      <section className="campaign-claim">
        <button type="button" className="button button--primary button--block campaign-claim__button" disabled>
          {t('campaigns.claim')}
        </button>
      </section>
    );
  }
  if (session.account.role !== 'buyer') {
    return (
      <section className="campaign-claim">
        <p className="form-message form-message--error">{t('campaigns.result.buyersOnly')}</p>
      </section>
    );
  }
  const settle = (next: Outcome) => {
    setOutcome(next);
    // The count, the state and the clock, as they are after this claim.
    onClaimed();
  };
  return <ClaimForm store={store} campaign={campaign} edition={edition} state={state} now={now} picker={picker} outcome={outcome} onOutcome={settle} />;
}

function ClaimForm({
  store,
  campaign,
  edition,
  state,
  now,
  picker,
  outcome,
  onOutcome,
}: {
  store: string;
  campaign: CampaignView;
  edition: string;
  state: CampaignState;
  now: number;
  picker: ProviderPicker;
  outcome: Outcome | null;
  onOutcome(outcome: Outcome): void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const dealerId = useId();
  const planId = useId();
  const [buyerCity] = useBuyerCity();
  const dealers = useRequest((signal) => fetchDealers(store, { service: 'sales', limit: 100 }, locale, signal), [store, locale]);
  const sortedDealers = useMemo(() => byCityFirst(dealers.data ?? [], buyerCity), [dealers.data, buyerCity]);
  const [chosenDealer, setDealer] = useState<string | null>(null);
  const dealer = chosenDealer ?? sortedDealers[0]?.code ?? null;
  const [plan, setPlan] = useState<OrderPlan>('cash');
  const [busy, setBusy] = useState(false);
  const claimKey = useIntentKey(`vitrine.campaign.claim.${store}.${campaign.slug}`);

  const waitUntil = outcome?.kind === 'refused' ? outcome.until : null;
  const waiting = waitUntil !== null && now < waitUntil;
  // The claim's answer is fresher than the last count: a sale it says is over is over on this page too.
  const refused = outcome?.kind === 'refused' ? outcome.refusal.kind : null;
  const shown: CampaignState = refused === 'soldOut' ? 'sold_out' : refused === 'ended' ? 'ended' : state;
  const closed = shown === 'sold_out' || shown === 'ended';

  async function claim() {
    if (!dealer) return;
    setBusy(true);
    // A sale of one edition is claimed as before, without naming it.
    const body: ClaimBody = campaign.editions.length > 1 ? { dealer, plan, edition } : { dealer, plan };
    try {
      // The same choices tapped again (after a lost answer) are the same claim: the server answers it once.
      const order = await claimCampaign(store, campaign.slug, body, locale, claimKey.keyFor(JSON.stringify(body)));
      onOutcome({ kind: 'won', order });
    } catch (error) {
      const refusal = claimRefusal(error);
      // A refusal ends that intent; a lost answer or a server failure may hide a held unit, so its retry keeps the key.
      if (error instanceof ApiError && error.status < 500) claimKey.forget();
      onOutcome({ kind: 'refused', refusal, until: refusal.kind === 'tooManyTries' ? now + refusal.seconds * 1000 : null });
    } finally {
      setBusy(false);
    }
  }

  let label: string;
  if (busy) label = t('campaigns.claiming');
  else if (state === 'upcoming') label = t('campaigns.claimWaiting', { time: countdownText(msUntil(campaign.startsAt, now), t) });
  else if (closed) label = t(STATE_LABEL[shown]);
  else label = t('campaigns.claim');

  return (
    <section className="campaign-claim" aria-labelledby="campaign-claim">
      {!closed && (
        <>
          <h2 className="campaign-claim__title" id="campaign-claim">
            {t('campaigns.form.title')}
          </h2>
          <label className="campaign-claim__label" htmlFor={dealerId}>
            {t('campaigns.form.dealer')}
          </label>
          {dealers.error ? (
            <ErrorState onRetry={dealers.retry} />
          ) : (
            <select id={dealerId} className="booking__select" value={dealer ?? ''} onChange={(event) => setDealer(event.target.value)}>
              {sortedDealers.map((candidate) => (
                <option key={candidate.code} value={candidate.code}>
                  {candidate.city.name} · {candidate.name}
                </option>
              ))}
            </select>
          )}
          <p className="campaign-claim__label" id={planId}>
            {t('campaigns.form.plan')}
          </p>
          <div className="chip-wrap" role="group" aria-labelledby={planId}>
            {PLANS.map((candidate) => (
              <button key={candidate} type="button" className="chip" aria-pressed={plan === candidate} onClick={() => setPlan(candidate)}>
                {t(PLAN_LABEL[candidate])}
              </button>
            ))}
          </div>
          {picker.choice}
        </>
      )}
      {/* "Wait N s" goes once the wait is over. */}
      {outcome?.kind === 'refused' && (outcome.refusal.kind !== 'tooManyTries' || waiting) && (
        <Refusal refusal={outcome.refusal} campaign={campaign} secondsLeft={waiting ? Math.ceil((waitUntil! - now) / 1000) : 0} />
      )}
      <button
        type="button"
        className="button button--primary button--block campaign-claim__button"
        data-testid="campaign-claim"
        disabled={shown !== 'live' || busy || waiting || !dealer || !picker.provider}
        onClick={() => void claim()}
      >
        {label}
      </button>
    </section>
  );
}

function Refusal({ refusal, campaign, secondsLeft }: { refusal: ClaimRefusal; campaign: CampaignView; secondsLeft: number }) {
  const t = useT();
  const text =
    refusal.kind === 'tooManyTries'
      ? t('campaigns.result.tooManyTries', { count: secondsLeft })
      : t(REFUSAL_MESSAGE[refusal.kind], { count: campaign.perBuyerLimit });
  return (
    <div className="campaign-result campaign-result--lost" role="alert" data-testid="campaign-result" data-result={refusal.kind}>
      <p>{text}</p>
      {refusal.kind === 'limit' && <Link href={orderPaths.mine()}>{t('campaigns.myOrders')}</Link>}
    </div>
  );
}

/** The winner's unit is held until the deposit is paid: the time left, and the way to pay it. */
function Winner({ campaign, order, now, picker }: { campaign: CampaignView; order: BuyerOrder; now: number; picker: ProviderPicker }) {
  const t = useT();
  const { locale } = useLocale();
  const [, navigate] = useLocation();
  const paymentKey = useIntentKey();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const [awaiting, setAwaiting] = useState<{ payment: Payment; step: ScanStep } | null>(null);
  const deposit = formatMoney(order.price.deposit, locale);
  const { provider } = picker;

  async function pay() {
    if (!provider) return;
    setBusy(true);
    setFailure(null);
    try {
      const payment = await startPayment(order.id, paymentKey.keyFor(paymentIntent(order.id, 'deposit', provider)), provider);
      followPayment(payment, {
        navigate,
        onScan: (step) => setAwaiting({ payment, step }),
        onUnusable: () => setFailure('orders.error.provider'),
      });
      // Not left busy: a page restored by the back button must be usable, and a tap meanwhile is the same intent.
      setBusy(false);
    } catch (error) {
      setFailure(checkoutError(error));
      setBusy(false);
    }
  }

  if (awaiting) {
    return (
      <PayFromPhone
        payment={awaiting.payment}
        step={awaiting.step}
        onPaid={() => navigate(orderPaths.order(order.id))}
        onRetry={() => {
          paymentKey.forget();
          setAwaiting(null);
        }}
        onChooseAnother={picker.hasChoice ? () => setAwaiting(null) : undefined}
      />
    );
  }

  return (
    <section className="campaign-result campaign-result--won" data-testid="campaign-result" data-result="won" aria-labelledby="campaign-won">
      <h2 className="campaign-result__title" id="campaign-won" role="status">
        {t('campaigns.result.wonTitle')}
      </h2>
      <p>{t('campaigns.result.wonBody', { minutes: campaign.payMinutes, amount: deposit })}</p>
      {order.holdExpiresAt && (
        <p className="campaign-result__hold">
          <span>{t('campaigns.result.holdLeft')}</span>
          <strong role="timer" aria-live="off">
            {formatClock(countdownParts(msUntil(order.holdExpiresAt, now)))}
          </strong>
        </p>
      )}
      {picker.choice}
      {failure && (
        <p className="form-message form-message--error" role="alert">
          {t(failure)}
        </p>
      )}
      <button type="button" className="button button--primary button--block" disabled={busy || !provider} onClick={() => void pay()}>
        {busy ? t('orders.checkout.placing') : t('campaigns.result.pay', { amount: deposit })}
      </button>
      <Link href={orderPaths.order(order.id)} className="campaign-result__link">
        {t('campaigns.result.seeOrder')}
      </Link>
    </section>
  );
}
