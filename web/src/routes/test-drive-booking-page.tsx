import { useId, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { api, dataOf, isNotFound } from '../api/client';
import { useRequest } from '../api/use-request';
import { signInPath } from '../features/accounts/roles';
import { useSession } from '../features/accounts/session-context';
import { fetchRange } from '../features/catalog/catalog.api';
import { useStore } from '../features/stores/store-context';
import { SlotPicker } from '../features/test-drives/slot-picker';
import { bookingError, fetchTestDriveDealers, formatDay, isDate, STATUS_LABEL, type MyTestDrive } from '../features/test-drives/test-drives.api';
import { useLocale, useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';
import { ErrorState, LoadingState } from '../ui/request-states';
import { useDocumentTitle } from '../ui/use-document-title';
import { StoreNotFound } from './not-found';
import '../features/test-drives/test-drives.css';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * /{store}/test-drive?model=&dealer=&day=&start=: every choice lives in the address, so signing
 * in on the way (the `next` of the sign-in page) brings the buyer back to the same choices.
 */
export function TestDriveBookingPage() {
  const t = useT();
  const store = useStore();
  useDocumentTitle(t('testDrives.book.title'));
  if (isNotFound(store.summary.error)) return <StoreNotFound />;
  return (
    <StoreLayout>
      <BookingForm />
    </StoreLayout>
  );
}

function useChoices() {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const slug = (name: string) => {
    const value = params.get(name);
    return value && SLUG.test(value) ? value : null;
  };
  const choices = {
    model: slug('model'),
    dealer: slug('dealer'),
    day: isDate(params.get('day')) ? params.get('day') : null,
    start: params.get('start'),
  };
  const change = (next: Partial<typeof choices>) => {
    const merged = { ...choices, ...next };
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(merged)) if (value) query.set(key, value);
    navigate(`${location}?${query.toString()}`, { replace: true });
  };
  return { choices, change, here: `${location}?${search}` };
}

/*
 * The choices travel in the address; what the buyer ticked and typed waits in this tab while
 * they sign in, and is back when they return (once: a later visit starts blank).
 */
interface Draft {
  sharePhone: boolean;
  notes: string;
}

const DRAFT_KEY = 'vitrine.test-drive-draft';

function keepDraft(draft: Draft): void {
  try {
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    // Storage refused (private mode, full): the buyer ticks and types again.
  }
}

function takeDraft(): Draft {
  try {
    const kept = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null') as Partial<Draft> | null;
    sessionStorage.removeItem(DRAFT_KEY);
    return { sharePhone: kept?.sharePhone === true, notes: typeof kept?.notes === 'string' ? kept.notes : '' };
  } catch {
    return { sharePhone: false, notes: '' };
  }
}

function BookingForm() {
  const t = useT();
  const { locale } = useLocale();
  const store = useStore();
  const { session } = useSession();
  const [, navigate] = useLocation();
  const { choices, change, here } = useChoices();
  const dealerSelect = useId();
  const [draft] = useState(takeDraft);
  const [sharePhone, setSharePhone] = useState(draft.sharePhone);
  const [notes, setNotes] = useState(draft.notes);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ReturnType<typeof bookingError> | null>(null);
  const [booked, setBooked] = useState<MyTestDrive | null>(null);
  const models = useRequest((signal) => fetchRange(store.slug, locale, signal), [store.slug, locale]);
  const dealers = useRequest((signal) => fetchTestDriveDealers(store.slug, locale, signal), [store.slug, locale]);

  if (booked) return <Booked drive={booked} onAnother={() => setBooked(null)} />;
  if (models.error || dealers.error) {
    return (
      <ErrorState
        onRetry={() => {
          models.retry();
          dealers.retry();
        }}
      />
    );
  }
  if (!models.data || !dealers.data) {
    return (
      <LoadingState>
        <div className="page-spinner" />
      </LoadingState>
    );
  }

  const signedIn = session.status === 'signedIn';
  const ready = choices.model && choices.dealer && choices.start;
  async function submit() {
    if (!ready) return;
    if (!signedIn) {
      keepDraft({ sharePhone, notes });
      navigate(signInPath(here));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const drive = await dataOf(
        api.POST('/api/v1/stores/{store}/test-drives', {
          params: { path: { store: store.slug }, query: { locale } },
          body: { dealer: choices.dealer!, model: choices.model!, start: choices.start!, sharePhone, ...(notes.trim() ? { notes: notes.trim() } : {}) },
        }),
      );
      setBooked(drive);
    } catch (error) {
      setFailure(bookingError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="booking">
      <header className="booking__header">
        <h1 className="booking__title">{t('testDrives.book.title')}</h1>
        <p className="booking__intro">{t('testDrives.book.intro')}</p>
      </header>
      <section className="panel" aria-labelledby="booking-model">
        <h2 className="panel__title" id="booking-model">
          {t('testDrives.book.model')}
        </h2>
        <div className="chip-wrap" role="group" aria-labelledby="booking-model">
          {models.data.models.map((model) => (
            <button
              key={model.slug}
              type="button"
              className="chip"
              aria-pressed={model.slug === choices.model}
              onClick={() => change({ model: model.slug, start: null })}
            >
              {model.name}
            </button>
          ))}
        </div>
      </section>
      <section className="panel">
        <label className="panel__title" htmlFor={dealerSelect}>
          {t('testDrives.book.dealer')}
        </label>
        <select
          id={dealerSelect}
          className="booking__select"
          value={choices.dealer ?? ''}
          onChange={(event) => change({ dealer: event.target.value || null, start: null })}
        >
          <option value="">{t('testDrives.book.pickDealer')}</option>
          {dealers.data.dealers.map((dealer) => (
            <option key={dealer.code} value={dealer.code}>
              {dealer.city.name} · {dealer.name}
            </option>
          ))}
        </select>
      </section>
      <section className="panel">
        {choices.model && choices.dealer ? (
          <SlotPicker
            store={store.slug}
            dealer={choices.dealer}
            model={choices.model}
            day={choices.day}
            start={choices.start}
            onDay={(day) => change({ day, start: null })}
            onStart={(start) => change({ start })}
          />
        ) : (
          <p className="empty-note">{t('testDrives.book.pickFirst')}</p>
        )}
      </section>
      <section className="panel">
        <label className="check-row">
          <input type="checkbox" checked={sharePhone} onChange={(event) => setSharePhone(event.target.checked)} />
          <span>{t('testDrives.book.sharePhone')}</span>
        </label>
        <label className="booking__notes">
          <span className="field__label">{t('testDrives.book.notes')}</span>
          <textarea className="booking__textarea" maxLength={500} rows={2} value={notes} onChange={(event) => setNotes(event.target.value)} />
        </label>
      </section>
      {failure && (
        <p className="form-message form-message--error" role="alert">
          {t(failure.key, failure.max === undefined ? {} : { max: failure.max })}
        </p>
      )}
      <button type="button" className="button button--primary button--block" disabled={!ready || busy} onClick={() => void submit()}>
        {busy ? t('testDrives.book.submitting') : signedIn ? t('testDrives.book.submit') : t('testDrives.book.signInToBook')}
      </button>
    </div>
  );
}

function Booked({ drive, onAnother }: { drive: MyTestDrive; onAnother(): void }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <section className="notice booking-done" aria-labelledby="booking-done-title">
      <h1 className="notice__title" id="booking-done-title">
        {t('testDrives.book.doneTitle')}
      </h1>
      <dl className="facts">
        <div className="facts__row">
          <dt>{t('testDrives.book.model')}</dt>
          <dd>{drive.model.name}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('testDrives.book.dealer')}</dt>
          <dd>
            {drive.dealer.name} · {drive.dealer.city}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('testDrives.book.slot')}</dt>
          <dd>
            {formatDay(drive.date, locale)} {drive.time}
          </dd>
        </div>
      </dl>
      <p className="status-badge" data-status={drive.status}>
        {t(STATUS_LABEL[drive.status])}
      </p>
      <p className="notice__body">{t('testDrives.book.doneBody')}</p>
      <div className="notice__actions">
        <Link href="/account/test-drives" className="button button--primary">
          {t('testDrives.book.seeMine')}
        </Link>
        <button type="button" className="button button--secondary" onClick={onAnother}>
          {t('testDrives.book.another')}
        </button>
      </div>
    </section>
  );
}
