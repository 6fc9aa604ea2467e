import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { useLocale, useT } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { Field, FormAlert, FormSuccess } from '../../ui/form';
import { useSession } from '../accounts/session-context';
import { useStore } from '../stores/store-context';
import type { ContactMeProps } from './contact-me';
import { fetchOneDealer, fetchSellingDealers, requestContact, type LeadSubject } from './leads.api';

type Outcome = { created: boolean; dealer: string };

/**
 * The "contact me" sheet's form: the dealer to ask (nearest first when the browser gives a
 * location), whether to share the phone, and a message. Loaded when the buyer reaches for the
 * button (contact-me.tsx), so the model page's first load does not carry it.
 */
export function ContactForm({ onDone, dealer: fixedDealer, ...subjectProps }: ContactMeProps & { onDone: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const store = useStore();
  const { session } = useSession();
  const account = session.status === 'signedIn' ? session.account : null;
  const errorId = useId();
  const messageId = useId();
  const dealerId = useId();
  // A page that names the dealer (a car in stock) needs no location.
  const near = useNearby(fixedDealer === undefined);
  const dealers = useRequest(
    (signal) =>
      fixedDealer !== undefined
        ? fetchOneDealer(store.slug, fixedDealer, locale, signal)
        : near === 'pending'
          ? Promise.resolve(undefined)
          : fetchSellingDealers(store.slug, near, locale, signal),
    [store.slug, fixedDealer, near, locale],
  );
  const choices = dealers.data?.dealers ?? [];
  const [dealer, setDealer] = useState<string | undefined>(fixedDealer);
  const chosen = dealer ?? choices[0]?.code;
  const [sharePhone, setSharePhone] = useState(true);
  const [phone, setPhone] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ key: MessageKey; params?: Record<string, string | number> } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) {
      setProblem({ key: 'contactMe.error.dealer' });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const subject: LeadSubject =
        'vin' in subjectProps ? { vin: subjectProps.vin } : 'configuration' in subjectProps ? { configuration: subjectProps.configuration } : { model: subjectProps.model };
      const { lead, created } = await requestContact(
        store.slug,
        subject,
        {
          dealer: chosen,
          sharePhone,
          ...(sharePhone && !account?.phone && phone.trim() ? { phone: phone.trim() } : {}),
          ...(message.trim() ? { message: message.trim() } : {}),
        },
        locale,
      );
      setOutcome({ created, dealer: lead.dealer.name });
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  }

  if (outcome) {
    return (
      <div className="sheet__body contact-me__done">
        <FormSuccess>{t(outcome.created ? 'contactMe.sent' : 'contactMe.already', { dealer: outcome.dealer })}</FormSuccess>
        <button type="button" className="button button--primary button--block" onClick={onDone}>
          {t('contactMe.done')}
        </button>
      </div>
    );
  }

  const loading = (fixedDealer === undefined && near === 'pending') || (dealers.isLoading && !dealers.data);
  return (
    <form className="form sheet__body" onSubmit={submit} noValidate>
      <p className="sheet__intro">{t('contactMe.intro')}</p>
      <div className="field">
        <label className="field__label" htmlFor={dealerId}>
          {t('contactMe.dealer')}
        </label>
        {loading ? (
          <p className="field__hint" role="status">
            {t('contactMe.dealersLoading')}
          </p>
        ) : choices.length === 0 ? (
          <p className="field__hint">{t('contactMe.noDealers')}</p>
        ) : (
          <div className="field__box">
            <select id={dealerId} className="field__input contact-me__select" value={chosen} onChange={(e) => setDealer(e.target.value)} disabled={fixedDealer !== undefined}>
              {choices.map((d) => (
                <option key={d.code} value={d.code}>
                  {[d.name, d.city.name, d.distanceKm !== undefined ? t('contactMe.distance', { km: d.distanceKm }) : null].filter(Boolean).join(' · ')}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <label className="consent">
        <input type="checkbox" className="consent__box" checked={sharePhone} onChange={(e) => setSharePhone(e.target.checked)} />
        <span>{account?.phone ? t('contactMe.sharePhone', { phone: maskPhone(account.phone) }) : t('contactMe.sharePhoneNoNumber')}</span>
      </label>
      {sharePhone && !account?.phone && (
        <Field
          label={t('contactMe.phone')}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={20}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          hint={t('contactMe.phoneHint')}
          invalid={problem?.key === 'contactMe.error.phone'}
          errorId={errorId}
        />
      )}
      {!sharePhone && <p className="field__hint">{t('contactMe.noPhoneNote')}</p>}
      <div className="field">
        <label className="field__label" htmlFor={messageId}>
          {t('contactMe.message')}
          <span className="field__optional">{t('contactMe.optional')}</span>
        </label>
        <div className="field__box">
          <textarea
            id={messageId}
            className="field__input contact-me__message"
            rows={3}
            maxLength={500}
            placeholder={t('contactMe.messagePlaceholder')}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
        </div>
      </div>
      {problem && <FormAlert id={errorId}>{t(problem.key, problem.params)}</FormAlert>}
      <button type="submit" className="button button--primary button--block" disabled={busy || loading || choices.length === 0}>
        {t(busy ? 'contactMe.sending' : 'contactMe.submit')}
      </button>
    </form>
  );
}

function problemOf(error: unknown): { key: MessageKey; params?: Record<string, string | number> } {
  if (!(error instanceof ApiError)) return { key: 'contactMe.error.generic' };
  if (error.code === 'LEAD_TOO_MANY_OPEN') return { key: 'contactMe.error.tooManyOpen', params: { limit: Number(error.problem['limit' as keyof typeof error.problem] ?? 5) } };
  if (error.code === 'LEAD_TOO_MANY_TODAY') return { key: 'contactMe.error.tooManyToday' };
  if (error.code === 'LEAD_PHONE_INVALID' || error.code === 'LEAD_PHONE_REQUIRED') return { key: 'contactMe.error.phone' };
  if (error.status === 403) return { key: 'contactMe.error.notBuyer' };
  return { key: 'contactMe.error.generic' };
}

/** +8613800138000 → 138****8000: enough to recognise one's own number. */
function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+86/, '');
  return digits.length === 11 ? `${digits.slice(0, 3)}****${digits.slice(7)}` : phone;
}

/** "lat,lng" once the browser gives a position; undefined when it will not (dealers are then listed by city). */
function useNearby(wanted: boolean): string | undefined | 'pending' {
  const [near, setNear] = useState<string | undefined | 'pending'>(() => (wanted && typeof navigator !== 'undefined' && navigator.geolocation ? 'pending' : undefined));
  useEffect(() => {
    if (near !== 'pending') return;
    let settled = false;
    const give = (value: string | undefined) => {
      if (settled) return;
      settled = true;
      setNear(value);
    };
    // A buyer who ignores the browser's question still gets the list, by city.
    const fallback = setTimeout(() => give(undefined), 6000);
    navigator.geolocation.getCurrentPosition(
      (position) => give(`${position.coords.latitude.toFixed(4)},${position.coords.longitude.toFixed(4)}`),
      () => give(undefined),
      { timeout: 5000, maximumAge: 600_000 },
    );
    return () => clearTimeout(fallback);
  }, [near]);
  return near;
}

