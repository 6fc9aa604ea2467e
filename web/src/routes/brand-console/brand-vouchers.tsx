import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { formatShanghaiTime, instantToShanghaiInput, shanghaiInputToInstant, yuanToFen } from '../../features/campaigns/server-clock';
import {
  createOffer,
  endOffer,
  fetchAdminOffers,
  fetchPolicy,
  fetchReport,
  reportRange,
  OFFER_STATE_LABEL,
  offerProblems,
  savePolicy,
  VOUCHER_STATUS_LABEL,
  voucherPaths,
  type AdminOffer,
  type NewOffer,
  type OfferField,
  type VoucherStatus,
} from '../../features/vouchers/vouchers.api';
import { useLocale, useT } from '../../i18n/i18n-context';
import { LOCALES, type Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/messages';
import { formatMoney } from '../../ui/price';
import { ErrorState, PageSpinner } from '../../ui/request-states';

export function brandVouchersPath(store: string): string {
  return voucherPaths.admin(store);
}

/** How each language is named in the form, in that language. */
const LANGUAGE_NAME: Record<Locale, string> = { 'zh-CN': '中文', fr: 'Français', en: 'English' };
const STATUSES: readonly VoucherStatus[] = ['pending_payment', 'active', 'redeemed', 'expired', 'refunded', 'lapsed'];
const DAY_MS = 86_400_000;

/** /admin/{store}/vouchers: the store's dealer vouchers: what sold and was refunded, a new one, the refund rule, and redemptions by dealer. */
export function BrandVouchers({ store }: { store: string }) {
  const t = useT();
  const { locale } = useLocale();
  const list = useRequest((signal) => fetchAdminOffers(store, locale, signal), [store, locale]);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<MessageKey | null>(null);

  return (
    <div className="campaign-admin voucher-admin">
      <section className="campaign-admin" aria-labelledby="voucher-admin-title">
        <div className="campaign-admin__head">
          <h2 id="voucher-admin-title">{t('vouchers.admin.title')}</h2>
          {!creating && (
            <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
              {t('vouchers.admin.new')}
            </button>
          )}
        </div>
        <p className="fine-print">{t('vouchers.admin.intro')}</p>
        {notice && (
          <p className="form-message form-message--success" role="status">
            {t(notice)}
          </p>
        )}
        {creating && (
          <OfferForm
            store={store}
            onCreated={() => {
              setCreating(false);
              setNotice('vouchers.admin.created');
              list.retry();
            }}
            onCancel={() => setCreating(false)}
          />
        )}
        {list.error ? (
          <ErrorState onRetry={list.retry} />
        ) : !list.data ? (
          <PageSpinner />
        ) : list.data.length === 0 ? (
          <p className="empty-note">{t('vouchers.admin.empty')}</p>
        ) : (
          <OffersTable
            store={store}
            offers={list.data}
            onEnded={() => {
              setNotice('vouchers.admin.endedNow');
              list.retry();
            }}
          />
        )}
      </section>
      <PolicyForm store={store} />
      <Report store={store} offers={list.data ?? []} />
    </div>
  );
}

function OffersTable({ store, offers, onEnded }: { store: string; offers: AdminOffer[]; onEnded(): void }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <div className="voucher-table__scroll">
      <table className="voucher-table" data-testid="voucher-offers">
        <thead>
          <tr>
            <th scope="col">{t('vouchers.admin.col.offer')}</th>
            <th scope="col">{t('vouchers.admin.col.state')}</th>
            <th scope="col">{t('vouchers.admin.col.counts')}</th>
            <th scope="col">{t('vouchers.admin.col.revenue')}</th>
            <th scope="col">{t('vouchers.admin.col.refunded')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('vouchers.admin.open')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {offers.map((offer) => (
            <tr key={offer.slug} data-testid="voucher-offer-row" data-offer={offer.slug} data-state={offer.state}>
              <th scope="row">
                <span className="voucher-table__name">{offer.name}</span>
                <span className="fine-print">
                  {formatMoney(offer.price, locale)} → {formatMoney(offer.value, locale)} · {formatShanghaiTime(offer.saleStartsAt, locale)} – {formatShanghaiTime(offer.saleEndsAt, locale)}
                </span>
              </th>
              <td>
                <span className="campaign-badge" data-state={offer.state === 'on_sale' ? 'live' : offer.state}>
                  {t(OFFER_STATE_LABEL[offer.state])}
                </span>
              </td>
              <td>
                <ul className="voucher-table__counts">
                  {STATUSES.filter((status) => offer.counts[status] > 0).map((status) => (
                    <li key={status} data-status={status}>
                      {t(VOUCHER_STATUS_LABEL[status])} {offer.counts[status]}
                    </li>
                  ))}
                  {offer.remaining !== null && (
                    <li>
                      {t('vouchers.remaining')} {offer.remaining}
                    </li>
                  )}
                </ul>
              </td>
              <td className="voucher-table__number">{formatMoney(offer.revenue, locale)}</td>
              <td className="voucher-table__number">{formatMoney(offer.refunded, locale)}</td>
              <td>
                <OfferActions store={store} offer={offer} onEnded={onEnded} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OfferActions({ store, offer, onEnded }: { store: string; offer: AdminOffer; onEnded(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  async function end() {
    if (!window.confirm(t('vouchers.admin.endConfirm', { name: offer.name }))) return;
    setBusy(true);
    setFailure(null);
    try {
      await endOffer(store, offer.slug, locale);
      onEnded();
    } catch (error) {
      setFailure(error instanceof ApiError ? 'vouchers.admin.error.generic' : 'vouchers.admin.error.network');
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="campaign-admin__actions">
      <Link href={voucherPaths.offer(store, offer.slug)} className="button button--secondary button--small">
        {t('vouchers.admin.open')}
      </Link>
      {(offer.state === 'on_sale' || offer.state === 'upcoming' || offer.state === 'sold_out') && (
        <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void end()}>
          {busy ? t('vouchers.admin.ending') : t('vouchers.admin.end')}
        </button>
      )}
      {failure && (
        <p className="form-message form-message--error" role="alert">
          {t(failure)}
        </p>
      )}
    </div>
  );
}

/** The form's text as typed: amounts in yuan, times as Shanghai datetime-local values. */
interface Draft {
  slug: string;
  name: Record<Locale, string>;
  terms: Record<Locale, string>;
  price: string;
  value: string;
  unitsTotal: string;
  perBuyerLimit: string;
  payMinutes: string;
  saleStartsAt: string;
  saleEndsAt: string;
  validUntil: string;
}

type Problems = Partial<Record<OfferField, MessageKey>>;

const blankText = (): Record<Locale, string> => ({ 'zh-CN': '', fr: '', en: '' });
const wholeNumber = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : null);

/** The body the API takes, or the fields to correct first. */
function checkDraft(draft: Draft): { body: NewOffer } | { problems: Problems } {
  const problems: Problems = {};
  if (!/^[a-z0-9][a-z0-9-]*$/.test(draft.slug)) problems.slug = draft.slug ? 'vouchers.admin.error.slug' : 'vouchers.admin.error.required';
  if (Object.values(draft.name).some((text) => !text.trim())) problems.name = 'vouchers.admin.error.required';
  if (Object.values(draft.terms).some((text) => !text.trim())) problems.terms = 'vouchers.admin.error.required';
  const price = yuanToFen(draft.price);
  const value = yuanToFen(draft.value);
  if (price === null) problems.price = 'vouchers.admin.error.amount';
  if (value === null) problems.value = 'vouchers.admin.error.amount';
  const unitsTotal = draft.unitsTotal.trim() ? wholeNumber(draft.unitsTotal) : null;
  if (draft.unitsTotal.trim() && unitsTotal === null) problems.unitsTotal = 'vouchers.admin.error.wholeNumber';
  const perBuyerLimit = wholeNumber(draft.perBuyerLimit);
  if (perBuyerLimit === null) problems.perBuyerLimit = 'vouchers.admin.error.wholeNumber';
  const payMinutes = wholeNumber(draft.payMinutes);
  if (payMinutes === null) problems.payMinutes = 'vouchers.admin.error.wholeNumber';
  const saleStartsAt = shanghaiInputToInstant(draft.saleStartsAt);
  const saleEndsAt = shanghaiInputToInstant(draft.saleEndsAt);
  const validUntil = shanghaiInputToInstant(draft.validUntil);
  if (!saleStartsAt) problems.saleStartsAt = 'vouchers.admin.error.time';
  if (!saleEndsAt) problems.saleEndsAt = 'vouchers.admin.error.time';
  if (!validUntil) problems.validUntil = 'vouchers.admin.error.time';
  if (Object.keys(problems).length > 0 || price === null || value === null || perBuyerLimit === null || payMinutes === null || !saleStartsAt || !saleEndsAt || !validUntil) {
    return { problems };
  }
  const trimmed = (text: Record<Locale, string>) => ({ 'zh-CN': text['zh-CN'].trim(), fr: text.fr.trim(), en: text.en.trim() });
  return {
    body: {
      slug: draft.slug,
      name: trimmed(draft.name),
      terms: trimmed(draft.terms),
      price,
      value,
      unitsTotal,
      perBuyerLimit,
      payMinutes,
      saleStartsAt,
      saleEndsAt,
      validUntil,
    },
  };
}

function OfferForm({ store, onCreated, onCancel }: { store: string; onCreated(): void; onCancel(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [draft, setDraft] = useState<Draft>({
    slug: '',
    name: blankText(),
    terms: blankText(),
    price: '',
    value: '',
    unitsTotal: '',
    perBuyerLimit: '1',
    payMinutes: '30',
    saleStartsAt: '',
    saleEndsAt: '',
    validUntil: '',
  });
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkDraft(draft);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setBusy(true);
    setProblems({});
    try {
      await createOffer(store, checked.body, locale);
      onCreated();
    } catch (error) {
      setProblems(offerProblems(error));
      setBusy(false);
    }
  }

  const errorOf = (field: OfferField): ReactNode =>
    problems[field] ? (
      <p className="form-message form-message--error" role="alert" id={`${id}-${field}-error`} data-testid={`offer-error-${field}`}>
        {t(problems[field])}
      </p>
    ) : null;
  const invalid = (field: OfferField) => (problems[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {});

  const input = (field: 'slug' | 'price' | 'value' | 'unitsTotal' | 'perBuyerLimit' | 'payMinutes', label: MessageKey, hint?: MessageKey) => (
    <div className="campaign-admin__field">
      <label htmlFor={`${id}-${field}`}>{t(label)}</label>
      <input
        id={`${id}-${field}`}
        className="booking__select"
        inputMode={field === 'slug' ? undefined : field === 'price' || field === 'value' ? 'decimal' : 'numeric'}
        autoCapitalize="none"
        spellCheck={false}
        value={draft[field]}
        onChange={(event) => set(field, field === 'slug' ? event.target.value.trim().toLowerCase() : event.target.value)}
        {...invalid(field)}
      />
      {hint && <p className="fine-print">{t(hint)}</p>}
      {errorOf(field)}
    </div>
  );
  const time = (field: 'saleStartsAt' | 'saleEndsAt' | 'validUntil', label: MessageKey) => (
    <div className="campaign-admin__field">
      <label htmlFor={`${id}-${field}`}>{t(label)}</label>
      <input id={`${id}-${field}`} className="booking__select" type="datetime-local" value={draft[field]} onChange={(event) => set(field, event.target.value)} {...invalid(field)} />
      {errorOf(field)}
    </div>
  );

  return (
    <form className="campaign-admin__form voucher-admin__form" onSubmit={(event) => void submit(event)} noValidate data-testid="voucher-offer-form">
      <h3>{t('vouchers.admin.form.newTitle')}</h3>
      {input('slug', 'vouchers.admin.form.slug', 'vouchers.admin.form.slugHint')}
      {LOCALES.map((language) => (
        <div className="campaign-admin__field" key={`name-${language}`}>
          <label htmlFor={`${id}-name-${language}`}>{t('vouchers.admin.form.name', { language: LANGUAGE_NAME[language] })}</label>
          <input
            id={`${id}-name-${language}`}
            className="booking__select"
            lang={language}
            maxLength={120}
            value={draft.name[language]}
            onChange={(event) => set('name', { ...draft.name, [language]: event.target.value })}
            {...(problems.name && !draft.name[language].trim() ? invalid('name') : {})}
          />
        </div>
      ))}
      {errorOf('name')}
      {LOCALES.map((language) => (
        <div className="campaign-admin__field" key={`terms-${language}`}>
          <label htmlFor={`${id}-terms-${language}`}>{t('vouchers.admin.form.terms', { language: LANGUAGE_NAME[language] })}</label>
          <textarea
            id={`${id}-terms-${language}`}
            className="booking__textarea"
            lang={language}
            rows={3}
            maxLength={2000}
            value={draft.terms[language]}
            onChange={(event) => set('terms', { ...draft.terms, [language]: event.target.value })}
            {...(problems.terms && !draft.terms[language].trim() ? invalid('terms') : {})}
          />
        </div>
      ))}
      {errorOf('terms')}
      {input('price', 'vouchers.admin.form.price')}
      {input('value', 'vouchers.admin.form.value')}
      {input('unitsTotal', 'vouchers.admin.form.units', 'vouchers.admin.form.unitsHint')}
      {input('perBuyerLimit', 'vouchers.admin.form.perBuyer')}
      {input('payMinutes', 'vouchers.admin.form.payMinutes')}
      {time('saleStartsAt', 'vouchers.admin.form.saleStartsAt')}
      {time('saleEndsAt', 'vouchers.admin.form.saleEndsAt')}
      {time('validUntil', 'vouchers.admin.form.validUntil')}
      {errorOf('form')}
      <div className="campaign-admin__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('vouchers.admin.form.creating') : t('vouchers.admin.form.create')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('vouchers.admin.form.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The store's refund rule: days to ask for a refund after paying, and what an unused voucher's expiry does. */
function PolicyForm({ store }: { store: string }) {
  const t = useT();
  const id = useId();
  const policy = useRequest((signal) => fetchPolicy(store, signal), [store]);
  const [days, setDays] = useState<string | null>(null);
  const [onExpiry, setOnExpiry] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: MessageKey } | null>(null);

  if (policy.error) return <ErrorState onRetry={policy.retry} />;
  if (!policy.data) return <PageSpinner />;
  const shownDays = days ?? String(policy.data.refundDays);
  const shownOnExpiry = onExpiry ?? policy.data.refundOnExpiry;

  async function save(event: FormEvent) {
    event.preventDefault();
    const refundDays = wholeNumber(shownDays);
    if (refundDays === null || refundDays > 365) {
      setMessage({ kind: 'error', text: 'vouchers.admin.policy.invalid' });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await savePolicy(store, { refundDays, refundOnExpiry: shownOnExpiry });
      setMessage({ kind: 'ok', text: 'vouchers.admin.policy.saved' });
      policy.retry();
      setDays(null);
      setOnExpiry(null);
    } catch (error) {
      setMessage({
        kind: 'error',
        text: error instanceof ApiError ? (error.code === 'REQUEST_VALIDATION_FAILED' ? 'vouchers.admin.policy.invalid' : 'vouchers.admin.error.generic') : 'vouchers.admin.error.network',
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel voucher-admin__policy" onSubmit={(event) => void save(event)} noValidate aria-labelledby={`${id}-title`} data-testid="voucher-policy">
      <h2 className="panel__title" id={`${id}-title`}>
        {t('vouchers.admin.policy.title')}
      </h2>
      <p className="panel__intro">{t('vouchers.admin.policy.intro')}</p>
      <div className="campaign-admin__field">
        <label htmlFor={`${id}-days`}>{t('vouchers.admin.policy.refundDays')}</label>
        <input
          id={`${id}-days`}
          className="booking__select"
          inputMode="numeric"
          value={shownDays}
          aria-invalid={message?.kind === 'error' || undefined}
          onChange={(event) => setDays(event.target.value)}
        />
      </div>
      <label className="voucher-admin__check">
        <input type="checkbox" checked={shownOnExpiry} onChange={(event) => setOnExpiry(event.target.checked)} />
        {t('vouchers.admin.policy.refundOnExpiry')}
      </label>
      {message && (
        <p className={`form-message ${message.kind === 'ok' ? 'form-message--success' : 'form-message--error'}`} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {t(message.text)}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? t('vouchers.admin.policy.saving') : t('vouchers.admin.policy.save')}
      </button>
    </form>
  );
}

/** "2026-03-02": today's date in Shanghai, `days` from now. */
function shanghaiDay(days: number): string {
  return instantToShanghaiInput(new Date(Date.now() + days * DAY_MS).toISOString()).slice(0, 10);
}

/** What dealers redeemed over a range of Shanghai days, per dealer with the totals. */
function Report({ store, offers }: { store: string; offers: AdminOffer[] }) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [from, setFrom] = useState(() => shanghaiDay(-30));
  const [to, setTo] = useState(() => shanghaiDay(0));
  const [offer, setOffer] = useState('');
  const [asked, setAsked] = useState<{ from: string; to: string; offer: string } | null>(() => {
    const range = reportRange(shanghaiDay(-30), shanghaiDay(0));
    return range ? { ...range, offer: '' } : null;
  });
  const [invalid, setInvalid] = useState(false);
  const report = useRequest(
    (signal) => (asked ? fetchReport(store, asked, locale, signal) : Promise.resolve(undefined)),
    [store, locale, asked?.from, asked?.to, asked?.offer],
  );

  function show(event: FormEvent) {
    event.preventDefault();
    const range = reportRange(from, to);
    setInvalid(!range);
    if (range) setAsked({ ...range, offer });
  }

  const rangeRefused = invalid || (report.error instanceof ApiError && report.error.code === 'VOUCHER_REPORT_RANGE_INVALID');
  const data = report.data;
  return (
    <section className="panel voucher-admin__report" aria-labelledby={`${id}-title`}>
      <h2 className="panel__title" id={`${id}-title`}>
        {t('vouchers.admin.report.title')}
      </h2>
      <form className="voucher-admin__report-form" onSubmit={show} noValidate>
        <div className="campaign-admin__field">
          <label htmlFor={`${id}-from`}>
            {t('vouchers.admin.report.from')} {t('vouchers.shanghaiTime')}
          </label>
          <input id={`${id}-from`} className="booking__select" type="date" value={from} aria-invalid={rangeRefused || undefined} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div className="campaign-admin__field">
          <label htmlFor={`${id}-to`}>{t('vouchers.admin.report.to')}</label>
          <input id={`${id}-to`} className="booking__select" type="date" value={to} aria-invalid={rangeRefused || undefined} onChange={(event) => setTo(event.target.value)} />
        </div>
        <div className="campaign-admin__field">
          <label htmlFor={`${id}-offer`}>{t('vouchers.admin.report.offer')}</label>
          <select id={`${id}-offer`} className="booking__select" value={offer} onChange={(event) => setOffer(event.target.value)}>
            <option value="">{t('vouchers.admin.report.allOffers')}</option>
            {offers.map((candidate) => (
              <option key={candidate.slug} value={candidate.slug}>
                {candidate.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary" data-testid="voucher-report-show">
          {t('vouchers.admin.report.show')}
        </button>
      </form>
      {rangeRefused ? (
        <p className="form-message form-message--error" role="alert">
          {t('vouchers.admin.report.invalid')}
        </p>
      ) : report.error ? (
        <ErrorState onRetry={report.retry} />
      ) : !data ? (
        <PageSpinner />
      ) : data.dealers.length === 0 ? (
        <p className="empty-note">{t('vouchers.admin.report.empty')}</p>
      ) : (
        <div className="voucher-table__scroll">
          <table className="voucher-table" data-testid="voucher-report">
            <thead>
              <tr>
                <th scope="col">{t('vouchers.admin.report.dealer')}</th>
                <th scope="col">{t('vouchers.admin.report.city')}</th>
                <th scope="col">{t('vouchers.admin.report.redeemed')}</th>
                <th scope="col">{t('vouchers.admin.report.value')}</th>
                <th scope="col">{t('vouchers.admin.report.againstOrders')}</th>
              </tr>
            </thead>
            <tbody>
              {data.dealers.map((row) => (
                <tr key={row.dealer.code} data-testid="voucher-report-row" data-dealer={row.dealer.code}>
                  <th scope="row">{row.dealer.name}</th>
                  <td>{row.dealer.city}</td>
                  <td className="voucher-table__number">{row.redeemed}</td>
                  <td className="voucher-table__number">{formatMoney(row.value, locale)}</td>
                  <td className="voucher-table__number">{row.againstOrders}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="voucher-report-total">
                <th scope="row" colSpan={2}>
                  {t('vouchers.admin.report.total')}
                </th>
                <td className="voucher-table__number">{data.totals.redeemed}</td>
                <td className="voucher-table__number">{formatMoney(data.totals.value, locale)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
