import { useId, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useRequest } from '../../api/use-request';
import { fetchRange } from '../../features/catalog/catalog.api';
import {
  adminCampaignError,
  campaignPaths,
  createCampaign,
  endCampaign,
  fetchAdminCampaigns,
  updateCampaign,
  type AdminCampaign,
  type CampaignFields,
  type EditionFields,
  type LocalizedText,
} from '../../features/campaigns/campaigns.api';
import { formatShanghaiTime, instantToShanghaiInput, shanghaiInputToInstant, yuanToFen } from '../../features/campaigns/server-clock';
import { useLocale, useT } from '../../i18n/i18n-context';
import { LOCALES, type Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/messages';
import { formatMoney } from '../../ui/price';
import { ErrorState, LoadingState } from '../../ui/request-states';

export function brandCampaignsPath(store: string): string {
  return `/admin/${store}/campaigns`;
}

/** How each language is named in the form, in that language. */
const LANGUAGE_NAME: Record<Locale, string> = { 'zh-CN': '中文', fr: 'Français', en: 'English' };

const STATE_LABEL: Record<AdminCampaign['state'], MessageKey> = {
  upcoming: 'campaigns.state.upcoming',
  live: 'campaigns.state.live',
  sold_out: 'campaigns.state.sold_out',
  ended: 'campaigns.state.ended',
};

/** The brand's flash sales with their counters: create one, change it before it starts, end it early. */
export function BrandCampaigns({ store }: { store: string }) {
  const t = useT();
  const { locale } = useLocale();
  const list = useRequest((signal) => fetchAdminCampaigns(store, locale, signal), [store, locale]);
  /** null: the list; 'new': the form for a new one; a campaign: its form. */
  const [editing, setEditing] = useState<AdminCampaign | 'new' | null>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);

  if (editing) {
    return (
      <CampaignForm
        store={store}
        campaign={editing === 'new' ? null : editing}
        onDone={(saved) => {
          setEditing(null);
          setNotice(saved);
          list.retry();
        }}
        onCancel={() => setEditing(null)}
      />
    );
  }
  return (
    <section className="campaign-admin" aria-labelledby="campaign-admin-title">
      <div className="campaign-admin__head">
        <h2 id="campaign-admin-title">{t('campaigns.admin.title')}</h2>
        <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
          {t('campaigns.admin.new')}
        </button>
      </div>
      <p className="fine-print">{t('campaigns.admin.intro')}</p>
      {notice && (
        <p className="form-message form-message--success" role="status">
          {t(notice)}
        </p>
      )}
      {list.error ? (
        <ErrorState onRetry={list.retry} />
      ) : !list.data ? (
        <LoadingState>
          <div className="page-spinner" />
        </LoadingState>
      ) : list.data.length === 0 ? (
        <p className="empty-note">{t('campaigns.admin.empty')}</p>
      ) : (
        <ul className="campaign-admin__list">
          {list.data.map((campaign) => (
            <li key={campaign.slug}>
              <CampaignRow
                store={store}
                campaign={campaign}
                onEdit={() => setEditing(campaign)}
                onEnded={() => {
                  setNotice('campaigns.admin.endedNow');
                  list.retry();
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CampaignRow({ store, campaign, onEdit, onEnded }: { store: string; campaign: AdminCampaign; onEdit(): void; onEnded(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const open = campaign.state === 'upcoming' || campaign.state === 'live';

  async function end() {
    if (!window.confirm(t('campaigns.admin.endConfirm', { name: campaign.name }))) return;
    setBusy(true);
    setFailure(null);
    try {
      await endCampaign(store, campaign.slug, locale);
      onEnded();
    } catch (error) {
      setFailure(adminCampaignError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="campaign-admin__item" data-testid="admin-campaign" data-state={campaign.state}>
      <header className="campaign-admin__item-head">
        <h3>{campaign.name}</h3>
        <span className="campaign-badge" data-state={campaign.state}>
          {t(STATE_LABEL[campaign.state])}
        </span>
      </header>
      <p className="campaign-admin__edition">
        {campaign.edition.model.name} · {campaign.edition.trim.name} · {formatMoney(campaign.price, locale)}
      </p>
      {campaign.editions.length > 1 && <p className="fine-print">{campaign.editions.map((edition) => edition.name).join(' · ')}</p>}
      <p className="campaign-admin__counts">
        {t('campaigns.admin.counts', { sold: campaign.unitsSold, held: campaign.unitsHeld, remaining: campaign.remaining, total: campaign.unitsTotal })}
      </p>
      <p className="fine-print">
        {t('campaigns.admin.schedule', { start: formatShanghaiTime(campaign.startsAt, locale), end: formatShanghaiTime(campaign.endedAt ?? campaign.endsAt, locale) })}
      </p>
      {failure && (
        <p className="form-message form-message--error" role="alert">
          {t(failure)}
        </p>
      )}
      <div className="campaign-admin__actions">
        <Link href={campaignPaths.landing(store, campaign.slug)} className="button button--secondary">
          {t('campaigns.admin.open')}
        </Link>
        {campaign.state === 'upcoming' && (
          <button type="button" className="button button--secondary" onClick={onEdit}>
            {t('campaigns.admin.edit')}
          </button>
        )}
        {open && (
          <button type="button" className="button button--secondary campaign-admin__end" disabled={busy} onClick={() => void end()}>
            {busy ? t('campaigns.admin.ending') : t('campaigns.admin.end')}
          </button>
        )}
      </div>
    </article>
  );
}

/** One edition as typed: its options comma-separated, its code blank for the paint's. */
interface EditionDraft {
  code: string;
  trim: string;
  options: string;
}

/** A sale offers at most this many editions (the API's limit). */
const MAX_EDITIONS = 6;

/** The form's text as typed: amounts in yuan, times as Shanghai datetime-local values. */
interface Draft {
  slug: string;
  name: LocalizedText;
  story: LocalizedText;
  model: string;
  editions: EditionDraft[];
  price: string;
  listPrice: string;
  deposit: string;
  unitsTotal: string;
  perBuyerLimit: string;
  payMinutes: string;
  startsAt: string;
  endsAt: string;
}

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));
const blankText = (): LocalizedText => ({ 'zh-CN': '', fr: '', en: '' });

function draftOf(campaign: AdminCampaign | null): Draft {
  if (!campaign) {
    return {
      slug: '',
      name: blankText(),
      story: blankText(),
      model: '',
      editions: [{ code: '', trim: '', options: '' }],
      price: '',
      listPrice: '',
      deposit: '5000',
      unitsTotal: '',
      perBuyerLimit: '1',
      payMinutes: '30',
      startsAt: '',
      endsAt: '',
    };
  }
  return {
    slug: campaign.slug,
    name: { ...blankText(), ...campaign.localized.name },
    story: { ...blankText(), ...campaign.localized.story },
    model: campaign.edition.model.slug,
    editions: campaign.editions.map((edition) => ({ code: edition.code, trim: edition.trim.code, options: edition.options.map((o) => o.code).join(', ') })),
    price: yuan(campaign.price.amount),
    listPrice: yuan(campaign.listPrice.amount),
    deposit: yuan(campaign.deposit.amount),
    unitsTotal: String(campaign.unitsTotal),
    perBuyerLimit: String(campaign.perBuyerLimit),
    payMinutes: String(campaign.payMinutes),
    startsAt: instantToShanghaiInput(campaign.startsAt),
    endsAt: instantToShanghaiInput(campaign.endsAt),
  };
}

const wholeNumber = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : null);

/** The fields the API takes, or null while one is missing or not a number or a time. */
function fieldsOf(draft: Draft): CampaignFields | null {
  const price = yuanToFen(draft.price);
  const listPrice = yuanToFen(draft.listPrice);
  const deposit = yuanToFen(draft.deposit);
  const unitsTotal = wholeNumber(draft.unitsTotal);
  const perBuyerLimit = wholeNumber(draft.perBuyerLimit);
  const payMinutes = wholeNumber(draft.payMinutes);
  const startsAt = shanghaiInputToInstant(draft.startsAt);
  const endsAt = shanghaiInputToInstant(draft.endsAt);
  const texts = [...Object.values(draft.name), ...Object.values(draft.story)];
  if (price === null || listPrice === null || deposit === null || unitsTotal === null || perBuyerLimit === null || payMinutes === null) return null;
  if (!startsAt || !endsAt || !draft.model || draft.editions.some((e) => !e.trim.trim()) || texts.some((text) => !text.trim())) return null;
  return {
    name: draft.name,
    story: draft.story,
    model: draft.model,
    editions: draft.editions.map((edition): EditionFields => {
      const options = edition.options
        .split(/[,，\s]+/)
        .map((code) => code.trim())
        .filter(Boolean);
      const code = edition.code.trim();
      return code ? { code, trim: edition.trim.trim(), options } : { trim: edition.trim.trim(), options };
    }),
    price,
    listPrice,
    deposit,
    unitsTotal,
    perBuyerLimit,
    payMinutes,
    startsAt,
    endsAt,
  };
}

function CampaignForm({ store, campaign, onDone, onCancel }: { store: string; campaign: AdminCampaign | null; onDone(notice: MessageKey): void; onCancel(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const range = useRequest((signal) => fetchRange(store, locale, signal), [store, locale]);
  const [draft, setDraft] = useState<Draft>(() => draftOf(campaign));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const setEdition = (index: number, changes: Partial<EditionDraft>) =>
    setDraft((current) => ({ ...current, editions: current.editions.map((edition, i) => (i === index ? { ...edition, ...changes } : edition)) }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields = fieldsOf(draft);
    if (!fields || (!campaign && !/^[a-z0-9][a-z0-9-]*$/.test(draft.slug))) {
      setFailure('campaigns.admin.form.invalid');
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      if (campaign) await updateCampaign(store, campaign.slug, fields, locale);
      else await createCampaign(store, { slug: draft.slug, ...fields }, locale);
      onDone(campaign ? 'campaigns.admin.saved' : 'campaigns.admin.created');
    } catch (error) {
      setFailure(adminCampaignError(error));
      setBusy(false);
    }
  }

  const field = (key: 'price' | 'listPrice' | 'deposit' | 'unitsTotal' | 'perBuyerLimit' | 'payMinutes', label: MessageKey, hint?: MessageKey) => (
    <div className="campaign-admin__field">
      <label htmlFor={`${id}-${key}`}>{t(label)}</label>
      <input id={`${id}-${key}`} className="booking__select" inputMode={key === 'price' || key === 'listPrice' || key === 'deposit' ? 'decimal' : 'numeric'} value={draft[key]} onChange={(event) => set(key, event.target.value)} />
      {hint && <p className="fine-print">{t(hint)}</p>}
    </div>
  );

  return (
    <form className="campaign-admin campaign-admin__form" onSubmit={(event) => void submit(event)} noValidate>
      <h2>{campaign ? t('campaigns.admin.form.editTitle', { name: campaign.name }) : t('campaigns.admin.form.newTitle')}</h2>
      {!campaign && (
        <div className="campaign-admin__field">
          <label htmlFor={`${id}-slug`}>{t('campaigns.admin.form.slug')}</label>
          <input id={`${id}-slug`} className="booking__select" autoCapitalize="none" spellCheck={false} value={draft.slug} onChange={(event) => set('slug', event.target.value.trim().toLowerCase())} />
          <p className="fine-print">{t('campaigns.admin.form.slugHint')}</p>
        </div>
      )}
      {LOCALES.map((language) => (
        <div className="campaign-admin__field" key={`name-${language}`}>
          <label htmlFor={`${id}-name-${language}`}>{t('campaigns.admin.form.name', { language: LANGUAGE_NAME[language] })}</label>
          <input id={`${id}-name-${language}`} className="booking__select" lang={language} maxLength={200} value={draft.name[language]} onChange={(event) => set('name', { ...draft.name, [language]: event.target.value })} />
        </div>
      ))}
      {LOCALES.map((language) => (
        <div className="campaign-admin__field" key={`story-${language}`}>
          <label htmlFor={`${id}-story-${language}`}>{t('campaigns.admin.form.story', { language: LANGUAGE_NAME[language] })}</label>
          <textarea id={`${id}-story-${language}`} className="booking__textarea" lang={language} rows={4} maxLength={4000} value={draft.story[language]} onChange={(event) => set('story', { ...draft.story, [language]: event.target.value })} />
        </div>
      ))}
      <div className="campaign-admin__field">
        <label htmlFor={`${id}-model`}>{t('campaigns.admin.form.model')}</label>
        {range.error ? (
          <ErrorState onRetry={range.retry} />
        ) : (
          <select id={`${id}-model`} className="booking__select" value={draft.model} onChange={(event) => set('model', event.target.value)}>
            <option value="">—</option>
            {(range.data?.models ?? []).map((model) => (
              <option key={model.slug} value={model.slug}>
                {model.name}
              </option>
            ))}
          </select>
        )}
      </div>
      <fieldset className="campaign-admin__editions" data-testid="admin-editions">
        <legend>{t('campaigns.admin.form.editions')}</legend>
        <p className="fine-print">{t('campaigns.admin.form.editionsHint')}</p>
        {draft.editions.map((edition, index) => (
          <div className="campaign-admin__edition-item" key={index} data-testid="admin-edition">
            <p className="campaign-admin__edition-title">{t('campaigns.admin.form.editionNumber', { number: index + 1 })}</p>
            <div className="campaign-admin__field">
              <label htmlFor={`${id}-edition-${index}-code`}>{t('campaigns.admin.form.editionCode')}</label>
              <input
                id={`${id}-edition-${index}-code`}
                className="booking__select"
                autoCapitalize="none"
                spellCheck={false}
                value={edition.code}
                onChange={(event) => setEdition(index, { code: event.target.value.trim().toLowerCase() })}
              />
            </div>
            <div className="campaign-admin__field">
              <label htmlFor={`${id}-edition-${index}-trim`}>{t('campaigns.admin.form.trim')}</label>
              <input
                id={`${id}-edition-${index}-trim`}
                className="booking__select"
                autoCapitalize="none"
                spellCheck={false}
                value={edition.trim}
                onChange={(event) => setEdition(index, { trim: event.target.value })}
              />
            </div>
            <div className="campaign-admin__field">
              <label htmlFor={`${id}-edition-${index}-options`}>{t('campaigns.admin.form.options')}</label>
              <input
                id={`${id}-edition-${index}-options`}
                className="booking__select"
                autoCapitalize="none"
                spellCheck={false}
                value={edition.options}
                onChange={(event) => setEdition(index, { options: event.target.value })}
              />
              <p className="fine-print">{t('campaigns.admin.form.optionsHint')}</p>
            </div>
            {draft.editions.length > 1 && (
              <button type="button" className="button button--secondary" onClick={() => set('editions', draft.editions.filter((_, i) => i !== index))}>
                {t('campaigns.admin.form.removeEdition')}
              </button>
            )}
          </div>
        ))}
        {draft.editions.length < MAX_EDITIONS && (
          <button
            type="button"
            className="button button--secondary"
            data-testid="admin-add-edition"
            // A new edition starts as a copy of the last: the usual change is one paint.
            onClick={() => set('editions', [...draft.editions, { ...draft.editions[draft.editions.length - 1]!, code: '' }])}
          >
            {t('campaigns.admin.form.addEdition')}
          </button>
        )}
      </fieldset>
      {field('price', 'campaigns.admin.form.price')}
      {field('listPrice', 'campaigns.admin.form.listPrice')}
      {field('deposit', 'campaigns.admin.form.deposit', 'campaigns.admin.form.depositHint')}
      {field('unitsTotal', 'campaigns.admin.form.units')}
      {field('perBuyerLimit', 'campaigns.admin.form.perBuyer')}
      {field('payMinutes', 'campaigns.admin.form.payMinutes')}
      <div className="campaign-admin__field">
        <label htmlFor={`${id}-starts`}>{t('campaigns.admin.form.startsAt')}</label>
        <input id={`${id}-starts`} className="booking__select" type="datetime-local" value={draft.startsAt} onChange={(event) => set('startsAt', event.target.value)} />
      </div>
      <div className="campaign-admin__field">
        <label htmlFor={`${id}-ends`}>{t('campaigns.admin.form.endsAt')}</label>
        <input id={`${id}-ends`} className="booking__select" type="datetime-local" value={draft.endsAt} onChange={(event) => set('endsAt', event.target.value)} />
      </div>
      {failure && (
        <p className="form-message form-message--error" role="alert">
          {t(failure)}
        </p>
      )}
      <div className="campaign-admin__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('campaigns.admin.form.saving') : t(campaign ? 'campaigns.admin.form.save' : 'campaigns.admin.form.create')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('campaigns.admin.form.cancel')}
        </button>
      </div>
    </form>
  );
}
