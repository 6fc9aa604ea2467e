import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import { useRequest } from '../../api/use-request';
import { DEALER_SERVICES, WEEKDAYS, type DealerService, type Weekday } from '../../features/dealers/dealers.api';
import { openingHoursOf, weekDraftOf, WeekEditor, type DayDraft, type WeekDraft } from '../../features/dealers/week-editor';
import { useLocale, useT } from '../../i18n/i18n-context';
import { Field, FormAlert, FormSuccess } from '../../ui/form';
import { ErrorState, LoadingState } from '../../ui/request-states';
import type { DealerPlace } from './dealer-place';

type Profile = paths['/api/v1/dealer/stores/{store}/dealers/{dealer}']['get']['responses'][200]['content']['application/json'];
type Changes = NonNullable<paths['/api/v1/dealer/stores/{store}/dealers/{dealer}']['patch']['requestBody']>['content']['application/json'];

interface Draft {
  phone: string;
  services: DealerService[];
  week: WeekDraft;
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
  const week = weekDraftOf((day) => {
    const hours = days.get(day);
    return hours?.open && hours.close ? { open: hours.open, close: hours.close } : null;
  });
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
      openingHours: openingHoursOf(draft.week),
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
        <WeekEditor
          legend={t('dealerProfile.hours')}
          week={draft.week}
          onDayChange={setDay}
          words={{ closed: t('dealerProfile.closedDay'), open: t('dealerProfile.open'), close: t('dealerProfile.close') }}
          invalid={(day) => badDays.has(day) && {}}
        />
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
