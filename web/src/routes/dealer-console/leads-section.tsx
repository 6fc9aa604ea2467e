import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { useRequest } from '../../api/use-request';
import {
  addLeadNote,
  fetchLead,
  fetchLeadQueue,
  LEAD_STATUSES,
  moveLead,
  type LeadDetail,
  type LeadStatus,
  type StaffLead,
} from '../../features/leads/leads.api';
import { useLocale, useT, type Translate } from '../../i18n/i18n-context';
import { FormAlert } from '../../ui/form';
import { ErrorState, LoadingState } from '../../ui/request-states';
import type { DealerPlace } from './dealer-place';
import { dateTimeFormat } from '../../i18n/intl-formats';

/**
 * The dealer's lead queue: newest first, filtered by status with every status's count, each
 * lead with what the buyer looked at, a tap-to-call number when the buyer shared one, how long
 * it has waited (or how soon it was first answered), the moves it may make, notes and history.
 */
export function LeadsSection({ place }: { place: DealerPlace }) {
  const t = useT();
  const { locale } = useLocale();
  const [status, setStatus] = useState<LeadStatus | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const queue = useRequest(
    (signal) => fetchLeadQueue(place, status ? { status } : {}, locale, signal),
    [place.store, place.dealer, status, locale, version],
  );
  // Further pages belong to the first page they continue: a new filter or a refresh drops them.
  const [further, setFurther] = useState<{ after: object; leads: StaffLead[]; cursor: string | null } | null>(null);
  const continued = further && further.after === queue.data ? further : null;
  const cursor = continued ? continued.cursor : (queue.data?.nextCursor ?? null);
  const [loadingMore, setLoadingMore] = useState(false);

  async function more() {
    const first = queue.data;
    if (!cursor || !first) return;
    setLoadingMore(true);
    try {
      const next = await fetchLeadQueue(place, { ...(status ? { status } : {}), cursor }, locale);
      setFurther({ after: first, leads: [...(continued?.leads ?? []), ...next.leads], cursor: next.nextCursor });
    } finally {
      setLoadingMore(false);
    }
  }

  const counts = queue.data?.counts;
  const total = counts ? LEAD_STATUSES.reduce((sum, s) => sum + counts[s], 0) : undefined;
  const leads = queue.data ? [...queue.data.leads, ...(continued?.leads ?? [])] : [];
  return (
    <section className="leads" aria-labelledby="leads-title">
      <h2 className="visually-hidden" id="leads-title">
        {t('leads.title')}
      </h2>
      <div className="leads__filters" role="group" aria-label={t('leads.filter')}>
        <button type="button" className="chip" aria-pressed={status === undefined} onClick={() => setStatus(undefined)}>
          {t('leads.all')}
          {total !== undefined && <span className="leads__count">{total}</span>}
        </button>
        {LEAD_STATUSES.map((s) => (
          <button key={s} type="button" className="chip" aria-pressed={status === s} onClick={() => setStatus(s)}>
            {t(`leads.status.${s}`)}
            {counts && <span className="leads__count">{counts[s]}</span>}
          </button>
        ))}
      </div>
      {queue.error && !queue.data ? (
        <ErrorState onRetry={queue.retry} />
      ) : !queue.data ? (
        <LoadingState>
          <div className="page-spinner" />
        </LoadingState>
      ) : leads.length === 0 ? (
        <p className="panel__empty">{t('leads.empty')}</p>
      ) : (
        <ul className="leads__list">
          {leads.map((lead) => (
            <li key={lead.id}>
              <LeadCard place={place} lead={lead} onChanged={() => setVersion((v) => v + 1)} />
            </li>
          ))}
        </ul>
      )}
      {cursor && queue.data && (
        <button type="button" className="button button--quiet button--block" onClick={more} disabled={loadingMore}>
          {t('leads.more')}
        </button>
      )}
    </section>
  );
}

function LeadCard({ place, lead: listed, onChanged }: { place: DealerPlace; lead: StaffLead; onChanged: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const [detail, setDetail] = useState<LeadDetail | null>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const lead: StaffLead = detail ?? listed;
  const titleId = useId();

  async function move(status: LeadStatus) {
    setBusy(true);
    setFailed(false);
    try {
      setDetail(await moveLead(place, lead.id, status, locale));
      onChanged();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 409) throw error;
      setFailed(true);
      setDetail(await fetchLead(place, lead.id, locale));
    } finally {
      setBusy(false);
    }
  }

  async function toggle() {
    if (!open && !detail) setDetail(await fetchLead(place, lead.id, locale));
    setOpen((shown) => !shown);
  }

  const vehicle = lead.vehicle;
  const carLine = [vehicle.model?.name, vehicle.trim?.name].filter(Boolean).join(' · ');
  const options = vehicle.options.map((o) => o.name).join('、');
  return (
    <article className="lead-card" aria-labelledby={titleId} data-status={lead.status}>
      <header className="lead-card__header">
        <h3 className="lead-card__buyer" id={titleId}>
          {lead.buyer.name}
        </h3>
        <span className={`badge lead-card__status lead-card__status--${lead.status}`}>{t(`leads.status.${lead.status}`)}</span>
      </header>
      <p className="lead-card__source">{t(`leads.source.${lead.source}`)}</p>
      {carLine && <p className="lead-card__car">{carLine}</p>}
      {options && <p className="lead-card__options">{options}</p>}
      {(vehicle.configurationCode || vehicle.vin) && (
        <p className="lead-card__ids">
          {vehicle.configurationCode && <span>{t('leads.configuration', { code: vehicle.configurationCode })}</span>}
          {vehicle.vin && <span>{t('leads.vin', { vin: vehicle.vin })}</span>}
        </p>
      )}
      {lead.message && <blockquote className="lead-card__message">{lead.message}</blockquote>}
      <p className="lead-card__time">{timing(t, locale, lead)}</p>
      {lead.buyer.phone ? (
        <a className="button button--primary button--block lead-card__call" href={`tel:${lead.buyer.phone}`}>
          {t('leads.call', { phone: displayPhone(lead.buyer.phone) })}
        </a>
      ) : (
        <p className="field__hint">{t('leads.phoneNotShared')}</p>
      )}
      {lead.next.length > 0 && (
        <div className="lead-card__moves" role="group" aria-label={t('leads.moveTo')}>
          <span className="lead-card__moves-label">{t('leads.moveTo')}</span>
          {lead.next.map((status) => (
            <button key={status} type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void move(status)}>
              {t(`leads.status.${status}`)}
            </button>
          ))}
        </div>
      )}
      {failed && <FormAlert>{t('leads.moveFailed')}</FormAlert>}
      <button type="button" className="button button--quiet button--small" aria-expanded={open} onClick={() => void toggle()}>
        {t(open ? 'leads.hideDetail' : 'leads.showDetail')}
      </button>
      {open && detail && <LeadHistory place={place} detail={detail} onNoted={setDetail} />}
    </article>
  );
}

function LeadHistory({ place, detail, onNoted }: { place: DealerPlace; detail: LeadDetail; onNoted: (detail: LeadDetail) => void }) {
  const t = useT();
  const { locale } = useLocale();
  const noteId = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const when = dateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Shanghai' });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!note.trim()) return;
    setBusy(true);
    try {
      onNoted(await addLeadNote(place, detail.id, note.trim(), locale));
      setNote('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="lead-history">
      <h4 className="lead-history__title">{t('leads.history')}</h4>
      <ol className="lead-history__list">
        {detail.history.map((event) => {
          const actor = event.actor.name ?? t('leads.someone');
          const text =
            event.kind === 'note'
              ? t('leads.event.note', { actor, note: event.note ?? '' })
              : event.kind === 'status' && event.status
                ? t('leads.event.status', { actor, status: t(`leads.status.${event.status}`) })
                : t('leads.event.opened', { actor });
          return (
            <li key={event.id} className="lead-history__event">
              <time dateTime={event.at}>{when.format(new Date(event.at))}</time> {text}
            </li>
          );
        })}
      </ol>
      <form className="form lead-history__form" onSubmit={submit} noValidate>
        <label className="field__label" htmlFor={noteId}>
          {t('leads.note')}
        </label>
        <div className="field__box">
          <textarea id={noteId} className="field__input" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        <button type="submit" className="button button--secondary button--small" disabled={busy || !note.trim()}>
          {t('leads.addNote')}
        </button>
      </form>
    </div>
  );
}

function duration(t: Translate, minutes: number): string {
  if (minutes < 60) return t('leads.minutes', { count: Math.max(0, minutes) });
  if (minutes < 24 * 60) return t('leads.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  return t('leads.days', { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60) });
}

/** A new lead shows how long it has waited; an answered one how soon it was first answered. */
function timing(t: Translate, locale: string, lead: StaffLead): string {
  if (lead.minutesToFirstContact !== null) return t('leads.firstContact', { duration: duration(t, lead.minutesToFirstContact) });
  if (lead.status === 'new') return t('leads.waiting', { duration: duration(t, Math.floor((Date.now() - Date.parse(lead.createdAt)) / 60_000)) });
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(lead.createdAt));
}

/** +8613800138000 → +86 138 0013 8000, as a mainland mobile is read aloud; anything else as it is. */
function displayPhone(phone: string): string {
  const mobile = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(phone);
  return mobile ? `+86 ${mobile[1]} ${mobile[2]} ${mobile[3]}` : phone;
}
