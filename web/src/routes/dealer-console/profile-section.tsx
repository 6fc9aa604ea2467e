import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import { useRequest } from '../../api/use-request';
import { DEALER_SERVICES, type DealerService } from '../../features/dealers/dealers.api';
import { useLocale, useT } from '../../i18n/i18n-context';
import { Field, FormAlert, FormSuccess } from '../../ui/form';
import { ErrorState, LoadingState } from '../../ui/request-states';
import type { DealerPlace } from './dealer-place';

type Profile = paths['/api/v1/dealer/stores/{store}/dealers/{dealer}']['get']['responses'][200]['content']['application/json'];
type Changes = NonNullable<paths['/api/v1/dealer/stores/{store}/dealers/{dealer}']['patch']['requestBody']>['content']['application/json'];

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];
type DayDraft = { closed: boolean; open: string; close: string };
interface Draft {
  phone: string;
  services: DealerService[];
  week: Record<Weekday, DayDraft>;
}

/** /dealer/{store}/{dealer}/profile: what buyers see of the dealer, and its phone, services and hours to change. */
export function ProfileSection({ place }: { place: DealerPlace }) {
  const { locale } = useLocale();
  const profile = useRequest(
    (signal) => dataOf(api.GET('/api/v1/dealer/stores/{store}/dealers/{dealer}', { params: { path: place, query: { locale } }, signal })),
    [place.store, place.dealer, locale],
  );
  if (profile.error) return <ErrorState onRetry={profile.retry} />;
  if (!profile.data) {
    return (
      <LoadingState>
        <div className="page-spinner" />
      </LoadingState>
    );
  }
  return <ProfileForm key={`${place.store}/${place.dealer}`} place={place} profile={profile.data} />;
}

function draftOf(profile: Profile): Draft {
  const days = new Map((profile.openingHours?.days ?? []).map((d) => [d.day, d]));
  const week = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const hours = days.get(day);
      return [day, hours?.open && hours.close ? { closed: false, open: hours.open, close: hours.close } : { closed: true, open: '09:00', close: '18:00' }];
    }),
  ) as Record<Weekday, DayDraft>;
  return { phone: profile.phone, services: DEALER_SERVICES.filter((s) => profile.services.includes(s)), week };
}

type Outcome = { status: 'idle' } | { status: 'saving' } | { status: 'saved' } | { status: 'failed'; error: ApiError | null };

function ProfileForm({ place, profile: initial }: { place: DealerPlace; profile: Profile }) {
  const t = useT();
  const { locale } = useLocale();
  const errorId = useId();
  const [profile, setProfile] = useState(initial);
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [outcome, setOutcome] = useState<Outcome>({ status: 'idle' });
  useEffect(() => setProfile(initial), [initial]);

  const problem = outcome.status === 'failed' ? outcome.error : null;
  // Which fields the server refused: validation paths (body.phone, body.openingHours.mon.close) or the days it named.
  const paths = (problem?.problem.errors ?? []).map((e) => e.path);
  const badDays = new Set<string>([
    ...(((problem?.problem as { days?: string[] } | undefined)?.days ?? []) as string[]),
    ...paths.flatMap((path) => WEEKDAYS.filter((day) => path.includes(`openingHours.${day}`) || path.includes(`openingHours/${day}`))),
  ]);
  const phoneInvalid = paths.some((path) => path.includes('phone'));
  const servicesInvalid = paths.some((path) => path.includes('services'));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Changes = {
      phone: draft.phone.trim(),
      services: draft.services,
      openingHours: Object.fromEntries(
        WEEKDAYS.map((day) => [day, draft.week[day].closed ? null : { open: draft.week[day].open, close: draft.week[day].close }]),
      ) as Changes['openingHours'],
    };
    setOutcome({ status: 'saving' });
    dataOf(api.PATCH('/api/v1/dealer/stores/{store}/dealers/{dealer}', { params: { path: place, query: { locale } }, body })).then(
      (saved) => {
        setProfile(saved);
        setDraft(draftOf(saved));
        setOutcome({ status: 'saved' });
      },
      (error: unknown) => setOutcome({ status: 'failed', error: error instanceof ApiError ? error : null }),
    );
  };

  const setDay = (day: Weekday, change: Partial<DayDraft>) => setDraft((d) => ({ ...d, week: { ...d.week, [day]: { ...d.week[day], ...change } } }));
  const toggleService = (service: DealerService) =>
    setDraft((d) => ({
      ...d,
      services: d.services.includes(service) ? d.services.filter((s) => s !== service) : DEALER_SERVICES.filter((s) => s === service || d.services.includes(s)),
    }));

  return (
    <section className="panel profile-panel" aria-labelledby="dealer-profile-title">
      <h2 className="panel__title" id="dealer-profile-title">
        {t('dealerProfile.title')}
      </h2>
      <dl className="facts">
        <div className="facts__row">
          <dt>{t('dealers.address')}</dt>
          <dd>
            {profile.name} · {profile.city} · {profile.province}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('dealerProfile.location')}</dt>
          <dd>
            {profile.location.lat.toFixed(4)}, {profile.location.lng.toFixed(4)}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('dealerProfile.status')}</dt>
          <dd>{profile.status}</dd>
        </div>
      </dl>

      <form className="form" onSubmit={submit} noValidate>
        <Field
          label={t('dealerProfile.phone')}
          type="tel"
          autoComplete="tel"
          value={draft.phone}
          onChange={(event) => setDraft((d) => ({ ...d, phone: event.target.value }))}
          invalid={phoneInvalid}
          errorId={errorId}
        />
        <fieldset className="profile-services" aria-invalid={servicesInvalid || undefined}>
          <legend className="field__label">{t('dealerProfile.services')}</legend>
          {DEALER_SERVICES.map((service) => (
            <label key={service} className="profile-check">
              <input type="checkbox" checked={draft.services.includes(service)} onChange={() => toggleService(service)} />
              {t(`dealers.service.${service}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="profile-week">
          <legend className="field__label">{t('dealerProfile.hours')}</legend>
          {WEEKDAYS.map((day) => {
            const hours = draft.week[day];
            const invalid = badDays.has(day);
            return (
              <div key={day} className="profile-day" data-invalid={invalid || undefined}>
                <span className="profile-day__name">{t(`dealers.day.${day}`)}</span>
                <label className="profile-check">
                  <input type="checkbox" checked={hours.closed} onChange={(event) => setDay(day, { closed: event.target.checked })} />
                  {t('dealerProfile.closedDay')}
                </label>
                {!hours.closed && (
                  <span className="profile-day__times">
                    <input
                      type="time"
                      className="profile-day__time"
                      aria-label={`${t(`dealers.day.${day}`)} · ${t('dealerProfile.open')}`}
                      aria-invalid={invalid || undefined}
                      value={hours.open}
                      onChange={(event) => setDay(day, { open: event.target.value })}
                    />
                    –
                    <input
                      type="time"
                      className="profile-day__time"
                      aria-label={`${t(`dealers.day.${day}`)} · ${t('dealerProfile.close')}`}
                      aria-invalid={invalid || undefined}
                      value={hours.close}
                      onChange={(event) => setDay(day, { close: event.target.value })}
                    />
                  </span>
                )}
              </div>
            );
          })}
        </fieldset>
        {outcome.status === 'failed' && (
          <FormAlert id={errorId}>{t('dealerProfile.error', { detail: problem?.problem.detail ?? problem?.message ?? '—' })}</FormAlert>
        )}
        {outcome.status === 'saved' && <FormSuccess>{t('dealerProfile.saved')}</FormSuccess>}
        <button type="submit" className="button button--primary" disabled={outcome.status === 'saving'}>
          {outcome.status === 'saving' ? t('dealerProfile.saving') : t('dealerProfile.save')}
        </button>
      </form>
    </section>
  );
}
