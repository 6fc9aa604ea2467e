import { useState } from 'react';
import { Link } from 'wouter';
import { api, dataOf } from '../api/client';
import { useRequest } from '../api/use-request';
import { RequireAccount } from '../features/accounts/require-account';
import { SlotPicker } from '../features/test-drives/slot-picker';
import { bookingError, fetchMyTestDrives, formatDay, STATUS_LABEL, type MyTestDrive } from '../features/test-drives/test-drives.api';
import { useLocale, useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';
import { ErrorState, LoadingState } from '../ui/request-states';
import { useDocumentTitle } from '../ui/use-document-title';
import '../features/test-drives/test-drives.css';

/** /account/test-drives: the buyer's bookings, upcoming first, each movable or cancellable until it begins. */
export function MyTestDrivesPage() {
  return (
    <RequireAccount pageName="testDrives.mine.title" frame={StoreLayout}>
      <MyTestDrives />
    </RequireAccount>
  );
}

function MyTestDrives() {
  const t = useT();
  const { locale } = useLocale();
  useDocumentTitle(t('testDrives.mine.title'));
  const list = useRequest((signal) => fetchMyTestDrives(locale, signal), [locale]);
  if (list.error) return <ErrorState onRetry={list.retry} />;
  if (!list.data) {
    return (
      <LoadingState>
        <div className="page-spinner" />
      </LoadingState>
    );
  }
  const drives = list.data.testDrives;
  // The API lists the latest slot first; upcoming ones read best soonest first.
  const upcoming = drives.filter((drive) => drive.upcoming).reverse();
  const past = drives.filter((drive) => !drive.upcoming);
  return (
    <div className="my-drives">
      <h1 className="booking__title">{t('testDrives.mine.title')}</h1>
      {drives.length === 0 && (
        <section className="panel">
          <p className="empty-note">{t('testDrives.mine.empty')}</p>
          <Link href="/" className="button button--primary">
            {t('testDrives.mine.bookOne')}
          </Link>
        </section>
      )}
      {upcoming.length > 0 && (
        <section aria-labelledby="upcoming-title" className="my-drives__group">
          <h2 className="section-title" id="upcoming-title">
            {t('testDrives.mine.upcoming')}
          </h2>
          {upcoming.map((drive) => (
            <DriveCard key={drive.id} drive={drive} onChanged={list.retry} />
          ))}
        </section>
      )}
      {past.length > 0 && (
        <section aria-labelledby="past-title" className="my-drives__group">
          <h2 className="section-title" id="past-title">
            {t('testDrives.mine.past')}
          </h2>
          {past.map((drive) => (
            <DriveCard key={drive.id} drive={drive} onChanged={list.retry} />
          ))}
        </section>
      )}
    </div>
  );
}

function DriveCard({ drive, onChanged }: { drive: MyTestDrive; onChanged(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const [mode, setMode] = useState<'idle' | 'moving' | 'cancelling'>('idle');
  const [day, setDay] = useState<string | null>(drive.date);
  const [start, setStart] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ReturnType<typeof bookingError> | null>(null);

  async function act(work: () => Promise<unknown>) {
    setBusy(true);
    setFailure(null);
    try {
      await work();
      setMode('idle');
      onChanged();
    } catch (error) {
      setFailure(bookingError(error));
    } finally {
      setBusy(false);
    }
  }
  const cancel = () =>
    act(() => dataOf(api.POST('/api/v1/me/test-drives/{id}/cancel', { params: { path: { id: drive.id }, query: { locale } }, body: {} })));
  const move = () =>
    act(() => dataOf(api.PATCH('/api/v1/me/test-drives/{id}', { params: { path: { id: drive.id }, query: { locale } }, body: { start: start! } })));

  return (
    <article className="drive-card" data-testid="my-test-drive" data-status={drive.status}>
      <div className="drive-card__head">
        <div>
          <h3 className="drive-card__model">{drive.model.name}</h3>
          <p className="drive-card__when">
            {formatDay(drive.date, locale)} · {drive.time}
          </p>
          <p className="drive-card__where">
            {drive.dealer.name} · {drive.dealer.city}
          </p>
        </div>
        <span className="status-badge" data-status={drive.status}>
          {t(STATUS_LABEL[drive.status])}
        </span>
      </div>
      {failure && (
        <p className="form-message form-message--error" role="alert">
          {t(failure.key, failure.max === undefined ? {} : { max: failure.max })}
        </p>
      )}
      {drive.upcoming && mode === 'idle' && (
        <div className="drive-card__actions">
          <button type="button" className="button button--secondary button--small" onClick={() => setMode('moving')}>
            {t('testDrives.mine.reschedule')}
          </button>
          <button type="button" className="button button--quiet button--small" onClick={() => setMode('cancelling')}>
            {t('testDrives.mine.cancel')}
          </button>
        </div>
      )}
      {mode === 'cancelling' && (
        <div className="drive-card__actions">
          <button type="button" className="button button--danger button--small" disabled={busy} onClick={() => void cancel()}>
            {t('testDrives.mine.cancelConfirm')}
          </button>
          <button type="button" className="button button--quiet button--small" onClick={() => setMode('idle')}>
            {t('testDrives.mine.keep')}
          </button>
        </div>
      )}
      {mode === 'moving' && (
        <div className="drive-card__move">
          <SlotPicker
            store={drive.store}
            dealer={drive.dealer.code}
            model={drive.model.slug}
            day={day}
            start={start}
            current={drive.start}
            onDay={(next) => {
              setDay(next);
              setStart(null);
            }}
            onStart={setStart}
          />
          <div className="drive-card__actions">
            <button type="button" className="button button--primary button--small" disabled={!start || busy} onClick={() => void move()}>
              {t('testDrives.mine.moveTo')}
            </button>
            <button type="button" className="button button--quiet button--small" onClick={() => setMode('idle')}>
              {t('testDrives.mine.close')}
            </button>
          </div>
        </div>
      )}
    </article>
  );
}
