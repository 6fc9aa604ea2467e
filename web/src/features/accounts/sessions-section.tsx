import { useState } from 'react';
import { useRequest } from '../../api/use-request';
import { useLocale, useT, type Translate } from '../../i18n/i18n-context';
import { FormAlert, FormSuccess } from '../../ui/form';
import { ErrorState, LoadingState } from '../../ui/request-states';
import { fetchSessions, revokeSession, type SessionInfo } from './accounts.api';
import { formatDateTime } from './account-dates';
import { describeAuthError, type FormProblem } from './auth-errors';

/** "Chrome · Android" from a user agent: enough to recognise one's own phone, no more. */
export function describeDevice(userAgent: string, t: Translate): string {
  const browser = /MicroMessenger/i.test(userAgent)
    ? t('account.sessions.wechat')
    : /Edg(e|A|iOS)?\//.test(userAgent)
      ? 'Edge'
      : /Firefox\/|FxiOS\//.test(userAgent)
        ? 'Firefox'
        : /Chrome\/|CriOS\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : undefined;
  const system = /iPhone/.test(userAgent)
    ? 'iPhone'
    : /iPad/.test(userAgent)
      ? 'iPad'
      : /Android/.test(userAgent)
        ? 'Android'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /Macintosh|Mac OS X/.test(userAgent)
            ? 'macOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : undefined;
  const parts = [browser, system].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join(' · ') : t('account.sessions.unknownDevice');
}

/** Where the account is signed in; any session but this one can be ended from here. */
export function SessionsSection({ version }: { version: number }) {
  const t = useT();
  const sessions = useRequest((signal) => fetchSessions(signal), [version]);
  const [problem, setProblem] = useState<FormProblem>();
  const [signedOutOne, setSignedOutOne] = useState(false);
  const [busyId, setBusyId] = useState<string>();

  async function revoke(session: SessionInfo) {
    setProblem(undefined);
    setSignedOutOne(false);
    setBusyId(session.id);
    try {
      await revokeSession(session.id);
      setSignedOutOne(true);
      sessions.retry();
    } catch (error) {
      setProblem(describeAuthError(error));
    } finally {
      setBusyId(undefined);
    }
  }

  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 className="panel__title" id="sessions-title">
        {t('account.sessions.title')}
      </h2>
      <p className="panel__intro">{t('account.sessions.intro')}</p>
      {sessions.error && !sessions.data ? (
        <ErrorState onRetry={sessions.retry} />
      ) : !sessions.data ? (
        <LoadingState>
          <div className="skeleton-line" />
          <div className="skeleton-line skeleton-line--short" />
        </LoadingState>
      ) : (
        <ul className="item-list" aria-labelledby="sessions-title">
          {sessions.data.map((session) => (
            <SessionItem key={session.id} session={session} busy={busyId === session.id} onRevoke={() => revoke(session)} />
          ))}
        </ul>
      )}
      {problem && <FormAlert>{t(problem.key, problem.params)}</FormAlert>}
      {signedOutOne && <FormSuccess>{t('account.sessions.signedOut')}</FormSuccess>}
    </section>
  );
}

function SessionItem({ session, busy, onRevoke }: { session: SessionInfo; busy: boolean; onRevoke(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const device = describeDevice(session.userAgent, t);
  return (
    <li className="item" aria-current={session.current || undefined}>
      <span className="item__icon" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="22" height="22">
          <rect x="6.5" y="2.8" width="11" height="18.4" rx="2.6" fill="none" stroke="currentColor" strokeWidth="1.7" />
          <path d="M10.5 18h3" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
        </svg>
      </span>
      <div className="item__text">
        <p className="item__title">
          {device}
          {session.current && <span className="badge badge--current">{t('account.sessions.current')}</span>}
        </p>
        <p className="item__meta">
          {t('account.sessions.lastSeen', { time: formatDateTime(session.lastSeenAt, locale) })}
          {session.ip && <span className="item__ip"> · {session.ip}</span>}
        </p>
      </div>
      {!session.current && (
        <button
          type="button"
          className="button button--quiet button--small"
          aria-label={t('account.sessions.signOutLabel', { device })}
          disabled={busy}
          onClick={onRevoke}
        >
          {t('account.sessions.signOut')}
        </button>
      )}
    </li>
  );
}
