import { useId, useState, type FormEvent } from 'react';
import { useRequest } from '../../api/use-request';
import { actionLabel, detailsLine, fetchAuditPage, roleLabel, type AuditEvent } from '../../features/audit/audit.api';
import { formatShanghaiTime, shanghaiInputToInstant } from '../../features/campaigns/server-clock';
import { useLocale, useT } from '../../i18n/i18n-context';
import { ErrorState, PageSpinner } from '../../ui/request-states';

export function brandAuditPath(store: string): string {
  return `/admin/${store}/audit`;
}

/** /admin/{store}/audit: the store's audit log, newest first, filtered to before a moment, a page at a time. */
export function BrandAudit({ store }: { store: string }) {
  const t = useT();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [before, setBefore] = useState<string | undefined>(undefined);
  const [beforeInvalid, setBeforeInvalid] = useState(false);
  const first = useRequest((signal) => fetchAuditPage(store, { before }, signal), [store, before]);
  const [older, setOlder] = useState<{ key: string; events: AuditEvent[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreFailed, setMoreFailed] = useState(false);
  const key = `${store}|${before ?? ''}`;
  const extra = older?.key === key ? older : null;
  const events = [...(first.data?.events ?? []), ...(extra?.events ?? [])];
  const cursor = extra ? extra.cursor : (first.data?.nextCursor ?? null);

  function filter(event: FormEvent) {
    event.preventDefault();
    if (!typed) {
      setBeforeInvalid(false);
      setBefore(undefined);
      return;
    }
    const instant = shanghaiInputToInstant(typed);
    setBeforeInvalid(!instant);
    if (instant) setBefore(instant);
  }

  async function more() {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreFailed(false);
    try {
      const page = await fetchAuditPage(store, { before, cursor });
      setOlder({ key, events: [...(extra?.events ?? []), ...page.events], cursor: page.nextCursor });
    } catch {
      setMoreFailed(true);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <section className="campaign-admin audit-log" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <p className="fine-print">{t('audit.intro')}</p>
      <form className="audit-log__filters" onSubmit={filter} noValidate>
        <div className="campaign-admin__field">
          <label htmlFor={`${id}-before`}>{t('audit.before')}</label>
          <input
            id={`${id}-before`}
            className="booking__select"
            type="datetime-local"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            aria-invalid={beforeInvalid || undefined}
            aria-describedby={beforeInvalid ? `${id}-before-error` : undefined}
          />
          {beforeInvalid && (
            <p className="form-message form-message--error" role="alert" id={`${id}-before-error`}>
              {t('audit.error.before')}
            </p>
          )}
        </div>
        <div className="campaign-admin__actions">
          <button type="submit" className="button button--secondary button--small">
            {t('audit.apply')}
          </button>
          {before && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => {
                setTyped('');
                setBefore(undefined);
              }}
            >
              {t('audit.clear')}
            </button>
          )}
        </div>
      </form>
      {first.error ? (
        <ErrorState onRetry={first.retry} />
      ) : !first.data ? (
        <PageSpinner />
      ) : events.length === 0 ? (
        <p className="empty-note">{t('audit.empty')}</p>
      ) : (
        <>
          <ol className="audit-log__list" data-testid="audit-events">
            {events.map((event) => (
              <AuditRow key={event.id} event={event} />
            ))}
          </ol>
          {moreFailed && (
            <p className="form-message form-message--error" role="alert">
              {t('audit.error.generic')}
            </p>
          )}
          {cursor && (
            <button type="button" className="button button--secondary" disabled={loadingMore} onClick={() => void more()}>
              {t('audit.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function AuditRow({ event }: { event: AuditEvent }) {
  const t = useT();
  const { locale } = useLocale();
  const label = actionLabel(event.action);
  const role = roleLabel(event.actor.role);
  const details = detailsLine(event.details);
  return (
    <li className="audit-log__event" data-testid="audit-event" data-action={event.action}>
      <p className="audit-log__what">
        <strong>{label ? t(label) : event.action}</strong>
        <span className="fine-print"> · {event.target.type}{event.target.id ? ` ${event.target.id.slice(0, 8)}` : ''}</span>
      </p>
      <p className="audit-log__who">
        {event.actor.name ?? t('audit.nobody')}
        {role && <span className="fine-print"> · {t(role)}</span>}
        <span className="fine-print"> · {event.ip}</span>
      </p>
      <p className="fine-print">
        <time dateTime={event.at}>{formatShanghaiTime(event.at, locale)}</time>
      </p>
      {details && <p className="fine-print audit-log__details">{details}</p>}
    </li>
  );
}
