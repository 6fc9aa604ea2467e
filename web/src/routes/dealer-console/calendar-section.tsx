import { useState } from 'react';
import { api, dataOf } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { addDays, formatDay, shanghaiToday, STATUS_LABEL, type DealerTestDrive } from '../../features/test-drives/test-drives.api';
import { useLocale, useT } from '../../i18n/i18n-context';
import { ErrorState, LoadingState } from '../../ui/request-states';
import type { DealerPlace } from './dealer-place';
import '../../features/test-drives/test-drives.css';

type View = 'day' | 'week';

/** The dealer's test drives for a day or a week (Shanghai dates), with the staff's actions on each. */
export function CalendarSection({ place }: { place: DealerPlace }) {
  const t = useT();
  const { locale } = useLocale();
  const [view, setView] = useState<View>('day');
  const [from, setFrom] = useState(shanghaiToday);
  const span = view === 'day' ? 1 : 7;
  const to = addDays(from, span - 1);
  const list = useRequest(
    (signal) =>
      dataOf(
        api.GET('/api/v1/dealer/stores/{store}/dealers/{dealer}/test-drives', {
          params: { path: place, query: { from, to, locale } },
          signal,
        }),
      ),
    [place.store, place.dealer, from, to, locale],
  );
  const days = Array.from({ length: span }, (_, i) => addDays(from, i));
  const drives = list.data?.testDrives ?? [];

  return (
    <section className="calendar" aria-labelledby="calendar-title">
      <h2 className="visually-hidden" id="calendar-title">
        {t('dealerConsole.section.calendar')}
      </h2>
      <div className="tabs" role="tablist">
        {(['day', 'week'] as const).map((name) => (
          <button key={name} type="button" role="tab" className="tabs__tab" aria-selected={view === name} onClick={() => setView(name)}>
            {t(name === 'day' ? 'testDrives.calendar.day' : 'testDrives.calendar.week')}
          </button>
        ))}
      </div>
      <div className="calendar__nav">
        <button type="button" className="button button--quiet button--small" aria-label={t('testDrives.calendar.previous')} onClick={() => setFrom(addDays(from, -span))}>
          ‹
        </button>
        <p className="calendar__range" aria-live="polite">
          {view === 'day' ? formatDay(from, locale, { weekday: 'long', day: 'numeric', month: 'long' }) : `${formatDay(from, locale)} – ${formatDay(to, locale)}`}
        </p>
        <button type="button" className="button button--quiet button--small" aria-label={t('testDrives.calendar.next')} onClick={() => setFrom(addDays(from, span))}>
          ›
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => setFrom(shanghaiToday())}>
          {t('testDrives.calendar.today')}
        </button>
      </div>
      {list.error ? (
        <ErrorState onRetry={list.retry} />
      ) : !list.data ? (
        <LoadingState>
          <div className="page-spinner" />
        </LoadingState>
      ) : drives.length === 0 ? (
        <p className="empty-note">{t('testDrives.calendar.empty')}</p>
      ) : (
        days.map((day) => {
          const ofDay = drives.filter((drive) => drive.date === day);
          if (ofDay.length === 0 && view === 'week') return null;
          return (
            <div key={day} className="calendar__day">
              <h3 className="calendar__day-title">
                {formatDay(day, locale)} <span className="calendar__count">{t('testDrives.calendar.count', { count: ofDay.length })}</span>
              </h3>
              {ofDay.map((drive) => (
                <BookingCard key={drive.id} place={place} drive={drive} onChanged={list.retry} />
              ))}
            </div>
          );
        })
      )}
    </section>
  );
}

function BookingCard({ place, drive, onChanged }: { place: DealerPlace; drive: DealerTestDrive; onChanged(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [note, setNote] = useState('');
  const path = { ...place, id: drive.id };
  const base = '/api/v1/dealer/stores/{store}/dealers/{dealer}/test-drives/{id}' as const;

  async function act(work: () => Promise<unknown>) {
    setBusy(true);
    setFailed(false);
    try {
      await work();
      onChanged();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }
  const move = (action: 'confirm' | 'no-show' | 'complete') =>
    act(() => dataOf(api.POST(`${base}/${action}`, { params: { path, query: { locale } }, body: {} })));
  const addNote = () =>
    act(async () => {
      await dataOf(api.POST(`${base}/notes`, { params: { path, query: { locale } }, body: { note: note.trim() } }));
      setNote('');
    });

  return (
    <article className="drive-card" data-testid="dealer-test-drive" data-status={drive.status}>
      <div className="drive-card__head">
        <div>
          <p className="drive-card__when">{drive.time}</p>
          <h4 className="drive-card__model">{drive.model.name}</h4>
          <p className="drive-card__where">
            {drive.buyer.name} · {drive.buyer.phone ? <a href={`tel:${drive.buyer.phone}`}>{drive.buyer.phone}</a> : t('testDrives.calendar.noPhone')}
          </p>
        </div>
        <span className="status-badge" data-status={drive.status}>
          {t(STATUS_LABEL[drive.status])}
        </span>
      </div>
      {drive.notes && (
        <p className="drive-card__note">
          <strong>{t('testDrives.calendar.buyerNotes')}:</strong> {drive.notes}
        </p>
      )}
      {drive.dealerNotes.map((entry) => (
        <p key={entry.at + entry.text} className="drive-card__note">
          {entry.author ? <strong>{entry.author}: </strong> : null}
          {entry.text}
        </p>
      ))}
      {failed && (
        <p className="form-message form-message--error" role="alert">
          {t('testDrives.error.generic')}
        </p>
      )}
      <div className="drive-card__actions">
        {drive.status === 'booked' && (
          <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => void move('confirm')}>
            {t('testDrives.calendar.confirm')}
          </button>
        )}
        {drive.status === 'confirmed' && (
          <>
            <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => void move('complete')}>
              {t('testDrives.calendar.complete')}
            </button>
            <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void move('no-show')}>
              {t('testDrives.calendar.noShow')}
            </button>
          </>
        )}
      </div>
      <form
        className="drive-card__note-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (note.trim()) void addNote();
        }}
      >
        <input
          className="drive-card__note-input"
          aria-label={t('testDrives.calendar.note')}
          placeholder={t('testDrives.calendar.notePlaceholder')}
          maxLength={1000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        <button type="submit" className="button button--secondary button--small" disabled={busy || !note.trim()}>
          {t('testDrives.calendar.save')}
        </button>
      </form>
    </article>
  );
}
