import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'wouter';
import { isNotFound } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { DEALER_SERVICES, type DealerService } from '../../features/dealers/dealers.api';
import { DEFAULT_DAY, openingHoursOf, weekDraftOf, WeekEditor, type DayDraft, type WeekDraft } from '../../features/dealers/week-editor';
import {
  addStaff,
  createDealer,
  dealerAdminPaths,
  fetchDealer,
  fetchDealers,
  fetchStaff,
  fieldsOfProblem,
  setStaffStatus,
  updateDealer,
  type AdminDealer,
  type NewDealer,
  type NewStaffAnswer,
  type Staff,
  type Weekday,
  type WeeklyHours,
} from '../../features/dealers-admin/dealers-admin.api';
import { useLocale, useT } from '../../i18n/i18n-context';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/messages';
import { dealerConsolePath } from '../dealer-console/dealer-place';
import { ErrorState, PageSpinner } from '../../ui/request-states';

export function brandDealersPath(store: string): string {
  return dealerAdminPaths.list(store);
}

type StatusFilter = 'all' | 'active' | 'inactive';

/** /admin/{store}/dealers: the store's dealers with their status, a page at a time, and a new one. */
export function BrandDealers({ store }: { store: string }) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [after, setAfter] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<AdminDealer | null>(null);
  const page = useRequest(
    (signal) => fetchDealers(store, { status: status === 'all' ? undefined : status, after: after.at(-1) }, locale, signal),
    [store, status, after.at(-1), locale],
  );
  const [shown, setShown] = useState<{ key: string; dealers: AdminDealer[] }>({ key: '', dealers: [] });
  const key = `${store}|${status}|${locale}`;
  const earlier = shown.key === key ? shown.dealers : [];
  const dealers = [...earlier, ...(page.data?.dealers ?? []).filter((d) => !earlier.some((e) => e.code === d.code))];

  return (
    <section className="campaign-admin dealer-admin" aria-labelledby="dealer-admin-title">
      <div className="campaign-admin__head">
        <h2 id="dealer-admin-title">{t('dealersAdmin.title')}</h2>
        {!creating && (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t('dealersAdmin.new')}
          </button>
        )}
      </div>
      <p className="fine-print">{t('dealersAdmin.intro')}</p>
      {created && (
        <p className="form-message form-message--success" role="status">
          {t('dealersAdmin.created')}{' '}
          <Link href={dealerAdminPaths.dealer(store, created.code)}>{created.name}</Link>
        </p>
      )}
      {creating && (
        <DealerForm
          store={store}
          dealer={null}
          onSaved={(dealer) => {
            setCreating(false);
            setCreated(dealer);
            setShown({ key: '', dealers: [] });
            setAfter([]);
            page.retry();
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      <div className="campaign-admin__field dealer-admin__filter">
        <label htmlFor={`${id}-status`}>{t('dealersAdmin.filter')}</label>
        <select
          id={`${id}-status`}
          className="booking__select"
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as StatusFilter);
            setAfter([]);
            setShown({ key: '', dealers: [] });
          }}
        >
          <option value="all">{t('dealersAdmin.filter.all')}</option>
          <option value="active">{t('dealersAdmin.status.active')}</option>
          <option value="inactive">{t('dealersAdmin.status.inactive')}</option>
        </select>
      </div>
      {page.error ? (
        <ErrorState onRetry={page.retry} />
      ) : !page.data && dealers.length === 0 ? (
        <PageSpinner />
      ) : dealers.length === 0 ? (
        <p className="empty-note">{t('dealersAdmin.empty')}</p>
      ) : (
        <ul className="dealer-admin__list" data-testid="admin-dealers">
          {dealers.map((dealer) => (
            <li key={dealer.code} className="dealer-admin__item" data-testid="admin-dealer" data-dealer={dealer.code} data-status={dealer.status}>
              <div>
                <p className="dealer-admin__name">{dealer.name}</p>
                <p className="fine-print">
                  {dealer.code} · {dealer.city} · {dealer.phone}
                </p>
              </div>
              <span className="campaign-badge" data-state={dealer.status === 'active' ? 'live' : 'ended'}>
                {t(dealer.status === 'active' ? 'dealersAdmin.status.active' : 'dealersAdmin.status.inactive')}
              </span>
              <Link href={dealerAdminPaths.dealer(store, dealer.code)} className="button button--secondary button--small">
                {t('dealersAdmin.open')}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {page.data?.nextAfter && (
        <button
          type="button"
          className="button button--secondary"
          disabled={page.isLoading}
          onClick={() => {
            setShown({ key, dealers });
            setAfter((list) => [...list, page.data!.nextAfter!]);
          }}
        >
          {t('dealersAdmin.more')}
        </button>
      )}
    </section>
  );
}

/** /admin/{store}/dealers/{dealer}: one dealer's profile, services and hours, its status, and its staff accounts. */
export function BrandDealer({ store, dealer }: { store: string; dealer: string }) {
  const t = useT();
  const { locale } = useLocale();
  const loaded = useRequest((signal) => fetchDealer(store, dealer, locale, signal), [store, dealer, locale]);
  const [current, setCurrent] = useState<AdminDealer | null>(null);
  const shown = current?.code === dealer ? current : (loaded.data ?? null);
  return (
    <div className="campaign-admin dealer-admin">
      <Link href={brandDealersPath(store)} className="back-link">
        {t('dealersAdmin.back')}
      </Link>
      {isNotFound(loaded.error) ? (
        <p className="notice" role="alert">
          {t('dealersAdmin.notFound')}
        </p>
      ) : loaded.error ? (
        <ErrorState onRetry={loaded.retry} />
      ) : !shown ? (
        <PageSpinner />
      ) : (
        <>
          <h2 data-testid="admin-dealer-name">{shown.name}</h2>
          <StatusPanel store={store} dealer={shown} onChanged={setCurrent} />
          <DealerForm key={`${shown.code}`} store={store} dealer={shown} onSaved={setCurrent} />
          <StaffPanel store={store} dealer={shown.code} />
        </>
      )}
    </div>
  );
}

function StatusPanel({ store, dealer, onChanged }: { store: string; dealer: AdminDealer; onChanged(dealer: AdminDealer): void }) {
  const t = useT();
  const { locale } = useLocale();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: MessageKey } | null>(null);
  const active = dealer.status === 'active';
  async function toggle() {
    if (active && !window.confirm(t('dealersAdmin.switchOffConfirm', { name: dealer.name }))) return;
    setBusy(true);
    setMessage(null);
    try {
      const saved = await updateDealer(store, dealer.code, { status: active ? 'inactive' : 'active' }, locale);
      onChanged(saved);
      setMessage({ ok: true, text: saved.status === 'active' ? 'dealersAdmin.switchedOn' : 'dealersAdmin.switchedOff' });
    } catch (error) {
      setMessage({ ok: false, text: fieldsOfProblem(error).network ? 'dealersAdmin.error.network' : 'dealersAdmin.error.generic' });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="panel" aria-labelledby="dealer-status-title" data-testid="dealer-status" data-status={dealer.status}>
      <h3 id="dealer-status-title">{t('dealersAdmin.status.title')}</h3>
      <p>
        <span className="campaign-badge" data-state={active ? 'live' : 'ended'}>
          {t(active ? 'dealersAdmin.status.active' : 'dealersAdmin.status.inactive')}
        </span>{' '}
        <span className="fine-print">{t(active ? 'dealersAdmin.status.activeNote' : 'dealersAdmin.status.inactiveNote')}</span>
      </p>
      <button type="button" className="button button--secondary" disabled={busy} onClick={() => void toggle()}>
        {t(active ? 'dealersAdmin.switchOff' : 'dealersAdmin.switchOn')}
      </button>{' '}
      {/* The brand works a dealer's orders, stock and test drives in its console: the only way to one that is switched off. */}
      <Link href={dealerConsolePath({ store, dealer: dealer.code }, 'orders')} className="button button--quiet">
        {t('dealersAdmin.openConsole')}
      </Link>
      {message && (
        <p className={`form-message form-message--${message.ok ? 'success' : 'error'}`} role={message.ok ? 'status' : 'alert'}>
          {t(message.text)}
        </p>
      )}
    </section>
  );
}

// ---- The profile form, for a new dealer and for an existing one. ----

type Texts = Record<Locale, string>;
interface Draft {
  code: string;
  name: Texts;
  address: Texts;
  city: Texts;
  province: Texts;
  cityCode: string;
  lat: string;
  lng: string;
  phone: string;
  services: DealerService[];
  week: WeekDraft;
}
type Problems = Record<string, MessageKey>;

const blank = (): Texts => ({ 'zh-CN': '', fr: '', en: '' });
const LOCALIZED = ['name', 'address', 'city', 'province'] as const;

function draftOf(dealer: AdminDealer | null): Draft {
  const hours = dealer?.openingHours ?? null;
  // A new dealer starts open every day but Sunday.
  const week = weekDraftOf((day) => (hours ? hours[day] : day === 'sun' ? null : DEFAULT_DAY));
  return {
    code: dealer?.code ?? '',
    name: dealer ? { ...dealer.localized.name } : blank(),
    address: dealer?.localized.address ? { ...dealer.localized.address } : blank(),
    city: dealer ? { ...dealer.localized.city } : blank(),
    province: dealer ? { ...dealer.localized.province } : blank(),
    cityCode: dealer?.cityCode ?? '',
    lat: dealer ? String(dealer.location.lat) : '',
    lng: dealer ? String(dealer.location.lng) : '',
    phone: dealer?.phone ?? '',
    services: dealer ? DEALER_SERVICES.filter((s) => dealer.services.includes(s)) : ['sales', 'test_drive'],
    week,
  };
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const PHONE = /^[0-9+][0-9 -]{6,19}$/;

/** What the form can tell before asking the server; the server's refusals land on the same fields. */
function checkDraft(draft: Draft, isNew: boolean): { body: NewDealer } | { problems: Problems } {
  const problems: Problems = {};
  if (isNew && !SLUG.test(draft.code)) problems.code = draft.code ? 'dealersAdmin.error.code' : 'dealersAdmin.error.required';
  for (const field of ['name', 'city', 'province'] as const) {
    for (const language of LOCALES) if (!draft[field][language].trim()) problems[`${field}.${language}`] = 'dealersAdmin.error.required';
  }
  const someAddress = LOCALES.some((language) => draft.address[language].trim());
  if (someAddress) for (const language of LOCALES) if (!draft.address[language].trim()) problems[`address.${language}`] = 'dealersAdmin.error.required';
  if (!SLUG.test(draft.cityCode)) problems.cityCode = draft.cityCode ? 'dealersAdmin.error.code' : 'dealersAdmin.error.required';
  const lat = Number(draft.lat);
  const lng = Number(draft.lng);
  if (!draft.lat.trim() || !Number.isFinite(lat) || Math.abs(lat) > 90) problems['location.lat'] = 'dealersAdmin.error.lat';
  if (!draft.lng.trim() || !Number.isFinite(lng) || Math.abs(lng) > 180) problems['location.lng'] = 'dealersAdmin.error.lng';
  if (!PHONE.test(draft.phone.trim())) problems.phone = 'dealersAdmin.error.phone';
  if (draft.services.length === 0) problems.services = 'dealersAdmin.error.services';
  if (Object.keys(problems).length > 0) return { problems };
  const trimmed = (texts: Texts): Texts => ({ 'zh-CN': texts['zh-CN'].trim(), fr: texts.fr.trim(), en: texts.en.trim() });
  const openingHours: WeeklyHours = openingHoursOf(draft.week);
  return {
    body: {
      code: draft.code,
      name: trimmed(draft.name),
      address: someAddress ? trimmed(draft.address) : null,
      city: trimmed(draft.city),
      cityCode: draft.cityCode,
      province: trimmed(draft.province),
      location: { lat, lng },
      phone: draft.phone.trim(),
      services: draft.services,
      openingHours,
    },
  };
}

/** The server's refusal, on the fields it names. */
function serverProblems(error: unknown): Problems {
  const { fields, code, network } = fieldsOfProblem(error);
  if (network) return { form: 'dealersAdmin.error.network' };
  const problems: Problems = {};
  for (const field of fields) {
    if (field === 'form') problems.form = 'dealersAdmin.error.generic';
    else if (field === 'code') problems.code = code === 'DEALER_CODE_TAKEN' ? 'dealersAdmin.error.codeTaken' : 'dealersAdmin.error.code';
    else if (field.startsWith('hours.')) problems[field] = 'dealersAdmin.error.hours';
    else if (field === 'location.lat') problems[field] = 'dealersAdmin.error.lat';
    else if (field === 'location.lng') problems[field] = 'dealersAdmin.error.lng';
    else if (field === 'phone') problems.phone = 'dealersAdmin.error.phone';
    else if (field === 'services') problems.services = 'dealersAdmin.error.services';
    else problems[field] = 'dealersAdmin.error.invalid';
  }
  return problems;
}

function DealerForm({ store, dealer, onSaved, onCancel }: { store: string; dealer: AdminDealer | null; onSaved(dealer: AdminDealer): void; onCancel?: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const isNew = dealer === null;
  const [draft, setDraft] = useState(() => draftOf(dealer));
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved(false);
    setDraft((current) => ({ ...current, [key]: value }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkDraft(draft, isNew);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setBusy(true);
    setProblems({});
    try {
      const { code, ...changes } = checked.body;
      const answer = isNew ? await createDealer(store, checked.body, locale) : await updateDealer(store, code, changes as Parameters<typeof updateDealer>[2], locale);
      setSaved(!isNew);
      onSaved(answer);
    } catch (error) {
      setProblems(serverProblems(error));
    } finally {
      setBusy(false);
    }
  }

  const errorId = (field: string) => `${id}-${field.replace('.', '-')}-error`;
  const errorOf = (field: string): ReactNode =>
    problems[field] ? (
      <p className="form-message form-message--error" role="alert" id={errorId(field)} data-testid={`dealer-error-${field}`}>
        {t(problems[field])}
      </p>
    ) : null;
  const invalid = (field: string) => (problems[field] ? { 'aria-invalid': true, 'aria-describedby': errorId(field) } : {});

  const text = (field: (typeof LOCALIZED)[number], language: Locale, label: MessageKey) => (
    <div className="campaign-admin__field" key={`${field}-${language}`}>
      <label htmlFor={`${id}-${field}-${language}`}>{t(label, { language: LOCALE_NAMES[language] })}</label>
      <input
        id={`${id}-${field}-${language}`}
        className="booking__select"
        lang={language}
        maxLength={field === 'address' ? 200 : 120}
        value={draft[field][language]}
        onChange={(event) => set(field, { ...draft[field], [language]: event.target.value })}
        {...invalid(`${field}.${language}`)}
      />
      {errorOf(`${field}.${language}`)}
    </div>
  );
  const plain = (field: 'code' | 'cityCode' | 'lat' | 'lng' | 'phone', label: MessageKey, options: { hint?: MessageKey; problem?: string; inputMode?: 'decimal' | 'tel' } = {}) => (
    <div className="campaign-admin__field">
      <label htmlFor={`${id}-${field}`}>{t(label)}</label>
      <input
        id={`${id}-${field}`}
        className="booking__select"
        autoCapitalize="none"
        spellCheck={false}
        inputMode={options.inputMode}
        type={field === 'phone' ? 'tel' : 'text'}
        value={draft[field]}
        onChange={(event) => set(field, field === 'code' || field === 'cityCode' ? event.target.value.trim().toLowerCase() : event.target.value)}
        {...invalid(options.problem ?? field)}
      />
      {options.hint && <p className="fine-print">{t(options.hint)}</p>}
      {errorOf(options.problem ?? field)}
    </div>
  );
  const setDay = (day: Weekday, change: Partial<DayDraft>) => set('week', { ...draft.week, [day]: { ...draft.week[day], ...change } });

  return (
    <form className="campaign-admin__form dealer-admin__form" onSubmit={(event) => void submit(event)} noValidate data-testid="dealer-form">
      <h3>{t(isNew ? 'dealersAdmin.form.newTitle' : 'dealersAdmin.form.profileTitle')}</h3>
      {isNew && plain('code', 'dealersAdmin.form.code', { hint: 'dealersAdmin.form.codeHint' })}
      {LOCALES.map((language) => text('name', language, 'dealersAdmin.form.name'))}
      {LOCALES.map((language) => text('address', language, 'dealersAdmin.form.address'))}
      {LOCALES.map((language) => text('city', language, 'dealersAdmin.form.city'))}
      {plain('cityCode', 'dealersAdmin.form.cityCode', { hint: 'dealersAdmin.form.cityCodeHint' })}
      {LOCALES.map((language) => text('province', language, 'dealersAdmin.form.province'))}
      {plain('lat', 'dealersAdmin.form.lat', { problem: 'location.lat', inputMode: 'decimal' })}
      {plain('lng', 'dealersAdmin.form.lng', { problem: 'location.lng', inputMode: 'decimal' })}
      {plain('phone', 'dealersAdmin.form.phone', { inputMode: 'tel' })}
      <fieldset className="profile-services" aria-invalid={problems.services ? true : undefined}>
        <legend className="field__label">{t('dealersAdmin.form.services')}</legend>
        {DEALER_SERVICES.map((service) => (
          <label key={service} className="profile-check">
            <input
              type="checkbox"
              checked={draft.services.includes(service)}
              onChange={() =>
                set('services', draft.services.includes(service) ? draft.services.filter((s) => s !== service) : DEALER_SERVICES.filter((s) => s === service || draft.services.includes(s)))
              }
            />
            {t(`dealers.service.${service}`)}
          </label>
        ))}
        {errorOf('services')}
      </fieldset>
      <WeekEditor
        legend={t('dealersAdmin.form.hours')}
        week={draft.week}
        onDayChange={setDay}
        words={{ closed: t('dealersAdmin.form.closed'), open: t('dealersAdmin.form.open'), close: t('dealersAdmin.form.close') }}
        invalid={(day) => (problems[`hours.${day}`] ? { describedBy: errorId(`hours.${day}`) } : false)}
        errorOf={(day) => errorOf(`hours.${day}`)}
      />
      {errorOf('form')}
      {saved && (
        <p className="form-message form-message--success" role="status">
          {t('dealersAdmin.form.saved')}
        </p>
      )}
      <div className="campaign-admin__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t(isNew ? 'dealersAdmin.form.creating' : 'dealersAdmin.form.saving') : t(isNew ? 'dealersAdmin.form.create' : 'dealersAdmin.form.save')}
        </button>
        {onCancel && (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('dealersAdmin.form.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

// ---- Staff accounts ----

function StaffPanel({ store, dealer }: { store: string; dealer: string }) {
  const t = useT();
  const list = useRequest((signal) => fetchStaff(store, dealer, signal), [store, dealer]);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<NewStaffAnswer | null>(null);
  return (
    <section className="panel" aria-labelledby="dealer-staff-title">
      <div className="campaign-admin__head">
        <h3 id="dealer-staff-title">{t('dealersAdmin.staff.title')}</h3>
        {!adding && (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              setAdded(null);
              setAdding(true);
            }}
          >
            {t('dealersAdmin.staff.add')}
          </button>
        )}
      </div>
      {added && (
        <div className="form-message form-message--success" role="status" data-testid="staff-added">
          <p>{t('dealersAdmin.staff.added', { name: added.staff.displayName })}</p>
          <p>
            {t('dealersAdmin.staff.password')}: <code data-testid="staff-password">{added.initialPassword}</code>
          </p>
        </div>
      )}
      {adding && (
        <StaffForm
          store={store}
          dealer={dealer}
          onAdded={(answer) => {
            setAdding(false);
            setAdded(answer);
            list.retry();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {list.error ? (
        <ErrorState onRetry={list.retry} />
      ) : !list.data ? (
        <PageSpinner />
      ) : list.data.length === 0 ? (
        <p className="empty-note">{t('dealersAdmin.staff.empty')}</p>
      ) : (
        <ul className="dealer-admin__list" data-testid="dealer-staff">
          {list.data.map((member) => (
            <StaffRow key={member.id} store={store} dealer={dealer} member={member} onChanged={list.retry} />
          ))}
        </ul>
      )}
    </section>
  );
}

function StaffRow({ store, dealer, member, onChanged }: { store: string; dealer: string; member: Staff; onChanged(): void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const active = member.status === 'active';
  async function toggle() {
    if (active && !window.confirm(t('dealersAdmin.staff.disableConfirm', { name: member.displayName }))) return;
    setBusy(true);
    setFailed(false);
    try {
      await setStaffStatus(store, dealer, member.id, active ? 'disabled' : 'active');
      onChanged();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }
  return (
    <li className="dealer-admin__item" data-testid="staff-member" data-status={member.status}>
      <div>
        <p className="dealer-admin__name">{member.displayName}</p>
        <p className="fine-print">
          {member.email} · {member.phone}
        </p>
      </div>
      <span className="campaign-badge" data-state={active ? 'live' : 'ended'}>
        {t(active ? 'dealersAdmin.staff.status.active' : 'dealersAdmin.staff.status.disabled')}
      </span>
      <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void toggle()}>
        {t(active ? 'dealersAdmin.staff.disable' : 'dealersAdmin.staff.enable')}
      </button>
      {failed && (
        <p className="form-message form-message--error" role="alert">
          {t('dealersAdmin.error.generic')}
        </p>
      )}
    </li>
  );
}

function StaffForm({ store, dealer, onAdded, onCancel }: { store: string; dealer: string; onAdded(answer: NewStaffAnswer): void; onCancel(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [draft, setDraft] = useState({ email: '', phone: '', displayName: '', locale });
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local: Problems = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(draft.email.trim())) local.email = 'dealersAdmin.staff.error.email';
    if (!/^(\+?86)?1[3-9]\d{9}$/.test(draft.phone.replace(/[\s-]/g, ''))) local.phone = 'dealersAdmin.staff.error.phone';
    if (!draft.displayName.trim()) local.displayName = 'dealersAdmin.error.required';
    setProblems(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      onAdded(await addStaff(store, dealer, { ...draft, email: draft.email.trim(), displayName: draft.displayName.trim() }));
    } catch (error) {
      const { fields, code, network } = fieldsOfProblem(error);
      const server: Problems = {};
      for (const field of fields) {
        if (network || field === 'form') server.form = network ? 'dealersAdmin.error.network' : 'dealersAdmin.error.generic';
        else if (code === 'DEALER_STAFF_EXISTS') server[field] = 'dealersAdmin.staff.error.exists';
        else if (field === 'email') server.email = 'dealersAdmin.staff.error.email';
        else if (field === 'phone') server.phone = 'dealersAdmin.staff.error.phone';
        else server[field] = 'dealersAdmin.error.invalid';
      }
      setProblems(server);
    } finally {
      setBusy(false);
    }
  }

  const field = (name: 'email' | 'phone' | 'displayName', label: MessageKey, type: string, hint?: MessageKey) => (
    <div className="campaign-admin__field">
      <label htmlFor={`${id}-${name}`}>{t(label)}</label>
      <input
        id={`${id}-${name}`}
        className="booking__select"
        type={type}
        autoComplete="off"
        value={draft[name]}
        onChange={(event) => setDraft((d) => ({ ...d, [name]: event.target.value }))}
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={problems[name] ? `${id}-${name}-error` : undefined}
      />
      {hint && <p className="fine-print">{t(hint)}</p>}
      {problems[name] && (
        <p className="form-message form-message--error" role="alert" id={`${id}-${name}-error`} data-testid={`staff-error-${name}`}>
          {t(problems[name])}
        </p>
      )}
    </div>
  );

  return (
    <form className="campaign-admin__form" onSubmit={(event) => void submit(event)} noValidate data-testid="staff-form">
      <h4>{t('dealersAdmin.staff.addTitle')}</h4>
      {field('displayName', 'dealersAdmin.staff.name', 'text')}
      {field('email', 'dealersAdmin.staff.email', 'email')}
      {field('phone', 'dealersAdmin.staff.phone', 'tel', 'dealersAdmin.staff.phoneHint')}
      <div className="campaign-admin__field">
        <label htmlFor={`${id}-locale`}>{t('dealersAdmin.staff.locale')}</label>
        <select id={`${id}-locale`} className="booking__select" value={draft.locale} onChange={(event) => setDraft((d) => ({ ...d, locale: event.target.value as Locale }))}>
          {LOCALES.map((language) => (
            <option key={language} value={language}>
              {LOCALE_NAMES[language]}
            </option>
          ))}
        </select>
      </div>
      {problems.form && (
        <p className="form-message form-message--error" role="alert">
          {t(problems.form)}
        </p>
      )}
      <div className="campaign-admin__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('dealersAdmin.staff.adding') : t('dealersAdmin.staff.add')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('dealersAdmin.form.cancel')}
        </button>
      </div>
    </form>
  );
}
