import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { fetchDeadJobs, formatShanghaiTime, retryDeadJob, type DeadJob } from '../../features/notifications/notifications.api';
import { useLocale, useT, type Translate } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { FormAlert, FormSuccess } from '../../ui/form';
import { ErrorState, LoadingState } from '../../ui/request-states';
import type { DealerPlace } from './dealer-place';

const KNOWN_TEMPLATES = new Set([
  'account.welcome',
  'testDrive.booked',
  'testDrive.confirmed',
  'testDrive.rescheduled',
  'testDrive.cancelled',
  'testDrive.reminder',
  'lead.received',
]);

function describeJob(job: DeadJob, t: Translate): string {
  const template = job.notification?.template;
  if (template && KNOWN_TEMPLATES.has(template)) return t(`notifications.template.${template}` as MessageKey);
  return t('notifications.template.other', { name: template ?? job.kind });
}

/** The dealer's dead letters: notifications that failed every try, each with a button to send it again. */
export function NotificationsSection({ place }: { place: DealerPlace }) {
  const t = useT();
  const jobs = useRequest((signal) => fetchDeadJobs(place, signal), [place.store, place.dealer]);
  const [busyId, setBusyId] = useState<string>();
  const [outcome, setOutcome] = useState<{ ok: boolean; key: MessageKey }>();

  async function retry(job: DeadJob) {
    setOutcome(undefined);
    setBusyId(job.id);
    try {
      await retryDeadJob(place, job.id);
      setOutcome({ ok: true, key: 'notifications.retried' });
    } catch (error) {
      const notDead = error instanceof ApiError && error.code === 'JOB_NOT_DEAD';
      setOutcome({ ok: false, key: notDead ? 'notifications.notDead' : 'notifications.failed' });
    } finally {
      setBusyId(undefined);
      jobs.retry();
    }
  }

  return (
    <section className="panel" aria-labelledby="dead-notifications-title">
      <h2 className="panel__title" id="dead-notifications-title">
        {t('notifications.title')}
      </h2>
      <p className="panel__intro">{t('notifications.intro')}</p>
      {outcome && (outcome.ok ? <FormSuccess>{t(outcome.key)}</FormSuccess> : <FormAlert>{t(outcome.key)}</FormAlert>)}
      {jobs.error && !jobs.data ? (
        <ErrorState onRetry={jobs.retry} />
      ) : !jobs.data ? (
        <LoadingState>
          <div className="skeleton-line" />
          <div className="skeleton-line skeleton-line--short" />
        </LoadingState>
      ) : jobs.data.length === 0 ? (
        <p className="panel__empty">{t('notifications.empty')}</p>
      ) : (
        <ul className="item-list" aria-labelledby="dead-notifications-title">
          {jobs.data.map((job) => (
            <DeadJobItem key={job.id} job={job} busy={busyId === job.id} onRetry={() => retry(job)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DeadJobItem({ job, busy, onRetry }: { job: DeadJob; busy: boolean; onRetry(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const what = describeJob(job, t);
  return (
    <li className="item dead-job">
      <div className="item__text">
        <p className="item__title">{what}</p>
        {job.notification?.recipient && <p className="item__meta">{t('notifications.recipient', { recipient: job.notification.recipient })}</p>}
        <p className="item__meta">
          {t('notifications.attempts', { count: job.attempts })} · {t('notifications.failedAt', { time: formatShanghaiTime(job.updatedAt, locale) })}
        </p>
        {job.lastError && <p className="item__meta dead-job__error">{t('notifications.lastError', { error: job.lastError })}</p>}
      </div>
      <button type="button" className="button button--quiet dead-job__retry" aria-label={t('notifications.retryLabel', { what })} disabled={busy} onClick={onRetry}>
        {t('notifications.retry')}
      </button>
    </li>
  );
}
