import { useCallback, useId, useMemo } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { useRequest } from '../../api/use-request';
import { BreakdownCard, CampaignsCard, DealerLeagueCard, FunnelCard, NevShareCard, SalesCard, type CardProps } from '../../features/analytics/dashboard-cards';
import { CHANNELS, defaultRange, isDay, readDashboardQuery, shanghaiToday, writeDashboardQuery, type Channel, type DashboardQuery } from '../../features/analytics/dashboard-query';
import { fetchAdminModels } from '../../features/catalog-admin/catalog-admin.api';
import { fetchCities, fetchDealers } from '../../features/dealers/dealers.api';
import { useLocale, useT } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import '../../features/analytics/dashboards.css';

/*
 * The brand's figures at /admin/{store}: a date range and filters kept in the address, then the
 * funnel, sales against the target, breakdowns, the dealer league, NEV share and flash sales.
 * This module and ECharts load only when the dashboard opens (console-page.tsx imports it lazily).
 */

export default function BrandDashboard({ store }: { store: string }) {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const query = useMemo(() => readDashboardQuery(search), [search]);
  const setQuery = useCallback(
    (changes: Partial<DashboardQuery>) => navigate(`${location}${writeDashboardQuery({ ...query, ...changes })}`, { replace: true }),
    [navigate, location, query],
  );
  const props: CardProps = { store, query, setQuery };
  return (
    <div className="dash">
      <DashboardFilters store={store} query={query} setQuery={setQuery} />
      <div className="dash__grid">
        <FunnelCard {...props} />
        <SalesCard {...props} />
        <BreakdownCard {...props} />
        <DealerLeagueCard {...props} />
        <NevShareCard {...props} />
        <CampaignsCard {...props} />
      </div>
    </div>
  );
}

const CHANNEL_LABEL: Record<Channel, MessageKey> = { phone: 'dashboard.channel.phone', desktop: 'dashboard.channel.desktop', unknown: 'dashboard.channel.unknown' };

function DashboardFilters({ store, query, setQuery }: Omit<CardProps, 'store'> & { store: string }) {
  const t = useT();
  const { locale } = useLocale();
  const [location] = useLocation();
  const id = useId();
  const models = useRequest((signal) => fetchAdminModels(store, locale, signal), [store, locale]);
  const dealers = useRequest((signal) => fetchDealers(store, { limit: 100 }, locale, signal), [store, locale]);
  const cities = useRequest((signal) => fetchCities(store, locale, signal), [store, locale]);
  // Until a day is picked, the range is the API's default (the 30 days ending today in Shanghai), shown as such.
  const today = shanghaiToday();
  const { from, to } = defaultRange(query, today);
  const filtered = Boolean(query.from || query.to || query.model || query.dealer || query.city || query.channel);

  const pickDay = (which: 'from' | 'to', value: string) => {
    if (value === '') return setQuery({ [which]: undefined });
    if (!isDay(value)) return;
    // The other end follows when the range would turn inside out.
    if (which === 'from') setQuery({ from: value, to: value > to ? value : query.to });
    else setQuery({ to: value, from: value < from ? value : query.from });
  };

  return (
    <section className="dash-filters" aria-labelledby={`${id}-title`} data-testid="dash-filters">
      <h2 className="visually-hidden" id={`${id}-title`}>
        {t('dashboard.filters')}
      </h2>
      <div className="dash-filters__grid">
        <div className="dash-filter">
          <label className="dash-filter__label" htmlFor={`${id}-from`}>
            {t('dashboard.from')}
          </label>
          <input id={`${id}-from`} className="dash-filter__input" type="date" value={from} max={today} onChange={(event) => pickDay('from', event.target.value)} />
        </div>
        <div className="dash-filter">
          <label className="dash-filter__label" htmlFor={`${id}-to`}>
            {t('dashboard.to')}
          </label>
          <input id={`${id}-to`} className="dash-filter__input" type="date" value={to} max={today} onChange={(event) => pickDay('to', event.target.value)} />
        </div>
        <FilterSelect
          id={`${id}-model`}
          label={t('dashboard.model')}
          all={t('dashboard.allModels')}
          value={query.model}
          options={(models.data ?? []).map((model) => ({ value: model.slug, label: model.name }))}
          onChange={(model) => setQuery({ model })}
        />
        <FilterSelect
          id={`${id}-dealer`}
          label={t('dashboard.dealer')}
          all={t('dashboard.allDealers')}
          value={query.dealer}
          options={(dealers.data ?? []).map((dealer) => ({ value: dealer.code, label: dealer.name }))}
          onChange={(dealer) => setQuery({ dealer })}
        />
        <FilterSelect
          id={`${id}-city`}
          label={t('dashboard.city')}
          all={t('dashboard.allCities')}
          value={query.city}
          options={(cities.data ?? []).map((city) => ({ value: city.code, label: city.name }))}
          onChange={(city) => setQuery({ city })}
        />
        <FilterSelect
          id={`${id}-channel`}
          label={t('dashboard.channel')}
          all={t('dashboard.allChannels')}
          value={query.channel}
          options={CHANNELS.map((channel) => ({ value: channel, label: t(CHANNEL_LABEL[channel]) }))}
          onChange={(channel) => setQuery({ channel: CHANNELS.find((candidate) => candidate === channel) })}
        />
      </div>
      <p className="dash-filters__note">
        {t('dashboard.rangeNote')}
        {filtered && (
          <>
            {' '}
            <Link href={location} className="dash-filters__clear">
              {t('dashboard.clear')}
            </Link>
          </>
        )}
      </p>
    </section>
  );
}

interface FilterSelectProps {
  id: string;
  label: string;
  all: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (value: string | undefined) => void;
}

function FilterSelect({ id, label, all, value, options, onChange }: FilterSelectProps) {
  // A value from the address that the lists do not (yet) hold stays selectable, so the select shows it.
  const listed = value === undefined || options.some((option) => option.value === value) ? options : [...options, { value, label: value }];
  return (
    <div className="dash-filter">
      <label className="dash-filter__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="dash-filter__input" value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">{all}</option>
        {listed.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
