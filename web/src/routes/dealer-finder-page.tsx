import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { isNotFound } from '../api/client';
import { useRequest } from '../api/use-request';
import { CityPicker, useBuyerCity, useBuyerPosition, useCities } from '../features/dealers/buyer-city';
import {
  DEALER_SERVICES,
  dealerPaths,
  fetchDealers,
  type DealerCard,
  type DealerService,
  type Point,
} from '../features/dealers/dealers.api';
import { OpenToday, PhoneIcon, ServiceList } from '../features/dealers/dealer-bits';
import { useStore } from '../features/stores/store-context';
import { useLocale, useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';
import { ErrorState, LoadingState } from '../ui/request-states';
import { StoreNotFound } from './not-found';
import { numberFormat } from '../i18n/intl-formats';
import './dealer-pages.css';

type Locating = 'idle' | 'locating' | 'denied' | 'unavailable';

/**
 * /:store/dealers: the store's dealers for a phone. Distances are measured from the buyer when
 * "use my location" found them, else from the centre of the chosen city; with neither, dealers
 * are listed by city. The city is the buyer's, remembered per store, and prices the plates too.
 */
export function DealerFinderPage(_props: {}) {
  const t = useT();
  const { locale } = useLocale();
  const { slug, summary } = useStore();
  const [city] = useBuyerCity();
  const [position, setPosition] = useBuyerPosition();
  const [service, setService] = useState<DealerService | undefined>(undefined);
  const [locating, setLocating] = useState<Locating>('idle');
  const cities = useCities();
  const cityRow = cities.data?.find((c) => c.code === city);
  // A remembered city the store no longer serves is ignored rather than answering nothing.
  const cityFilter = cityRow ? cityRow.code : undefined;
  const origin: Point | undefined = position ?? cityRow?.centre;
  const dealers = useRequest(
    (signal) =>
      cities.data
        ? fetchDealers(slug, { near: origin, city: cityFilter, service, limit: 100 }, locale, signal)
        : Promise.resolve(undefined),
    [slug, locale, cities.data, origin?.lat, origin?.lng, cityFilter, service],
  );

  useEffect(() => {
    document.title = `${t('dealers.title')} · ${summary.data?.name ?? 'Vitrine'}`;
  }, [t, summary.data?.name]);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocating('unavailable');
      return;
    }
    setLocating('locating');
    navigator.geolocation.getCurrentPosition(
      (found) => {
        setPosition({ lat: found.coords.latitude, lng: found.coords.longitude });
        setLocating('idle');
      },
      () => setLocating('denied'),
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 },
    );
  };

  if (isNotFound(summary.error) || isNotFound(cities.error)) return <StoreNotFound />;
  const list = dealers.data;
  return (
    <StoreLayout>
      <div className="finder">
        <header className="finder__header">
          <h1 className="finder__title">{t('dealers.title')}</h1>
          <p className="finder__subtitle">{t('dealers.subtitle')}</p>
        </header>

        <section className="finder__controls card" aria-label={t('dealers.title')}>
          <CityPicker cities={cities.data} />
          <div className="finder__locate">
            {position ? (
              <button type="button" className="button button--secondary button--small" onClick={() => setPosition(null)}>
                {t('dealers.forgetLocation')}
              </button>
            ) : (
              <button type="button" className="button button--secondary button--small" onClick={locate} disabled={locating === 'locating'}>
                <LocateIcon />
                {locating === 'locating' ? t('dealers.locating') : t('dealers.useLocation')}
              </button>
            )}
            {(locating === 'denied' || locating === 'unavailable') && (
              <p className="finder__hint" role="status">
                {t(locating === 'denied' ? 'dealers.locationDenied' : 'dealers.locationUnavailable')}
              </p>
            )}
          </div>
          <div className="chip-row__chips finder__services" role="group" aria-label={t('dealers.service')}>
            <button type="button" className="chip" aria-pressed={service === undefined} onClick={() => setService(undefined)}>
              {t('dealers.serviceAll')}
            </button>
            {DEALER_SERVICES.map((name) => (
              <button key={name} type="button" className="chip" aria-pressed={service === name} onClick={() => setService(name)}>
                {t(`dealers.service.${name}`)}
              </button>
            ))}
          </div>
        </section>

        {cities.error || dealers.error ? (
          <ErrorState onRetry={cities.error ? cities.retry : dealers.retry} />
        ) : !list ? (
          <LoadingState>
            <div className="page-spinner" />
          </LoadingState>
        ) : (
          <section className="finder__results" aria-labelledby="finder-results" aria-busy={dealers.isLoading || undefined}>
            <div className="section-heading">
              <h2 id="finder-results">
                {position ? t('dealers.fromYou') : cityRow ? t('dealers.fromCentre', { city: cityRow.name }) : t('dealers.byCity')}
              </h2>
              <p className="section-heading__meta" role="status">
                {t('dealers.count', { count: list.length })}
              </p>
            </div>
            {origin && list.length > 0 && <DealerPlot origin={origin} dealers={list} fromBuyer={position !== null} />}
            {list.length === 0 ? (
              <p className="empty-note">{t('dealers.none')}</p>
            ) : (
              <ol className="dealer-list">
                {list.map((dealer) => (
                  <li key={dealer.code}>
                    <DealerCardView dealer={dealer} store={slug} />
                  </li>
                ))}
              </ol>
            )}
          </section>
        )}
      </div>
    </StoreLayout>
  );
}

function DealerCardView({ dealer, store }: { dealer: DealerCard; store: string }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <article className="dealer-card" aria-labelledby={`dealer-${dealer.code}`} data-code={dealer.code}>
      <div className="dealer-card__head">
        <h3 className="dealer-card__name" id={`dealer-${dealer.code}`}>
          <Link href={dealerPaths.dealer(store, dealer.code)}>{dealer.name}</Link>
        </h3>
        {dealer.distanceKm !== undefined && (
          <span className="dealer-card__distance" data-km={dealer.distanceKm}>
            {t('dealers.distance', { km: numberFormat(locale, { maximumFractionDigits: 1 }).format(dealer.distanceKm) })}
          </span>
        )}
      </div>
      <p className="dealer-card__address">{dealer.address ?? `${dealer.city.name} · ${dealer.province}`}</p>
      <OpenToday dealer={dealer} />
      <ServiceList services={dealer.services} />
      <div className="dealer-card__actions">
        <a className="button button--secondary button--small" href={`tel:${dealer.phone.replace(/[^0-9+]/g, '')}`}>
          <PhoneIcon />
          {dealer.phone}
        </a>
        {dealer.services.includes('test_drive') && (
          <Link href={dealerPaths.testDrive(store, dealer.code)} className="button button--primary button--small">
            {t('dealers.bookTestDrive')}
          </Link>
        )}
        <Link href={dealerPaths.stock(store, dealer.location)} className="button button--quiet button--small">
          {t('dealers.seeStock')}
        </Link>
        <Link href={dealerPaths.dealer(store, dealer.code)} className="button button--quiet button--small">
          {t('dealers.details')}
        </Link>
      </div>
    </article>
  );
}

/**
 * The dealers around the origin on a plain plot (no map tiles): east is right, north is up,
 * rings at a quarter, half and the full distance of the farthest dealer shown.
 */
function DealerPlot({ origin, dealers, fromBuyer }: { origin: Point; dealers: DealerCard[]; fromBuyer: boolean }) {
  const t = useT();
  const size = 240;
  const half = size / 2;
  const kmPerDegLat = 110.57;
  const kmPerDegLng = 111.32 * Math.cos((origin.lat * Math.PI) / 180);
  const shown = dealers.slice(0, 30);
  const offsets = shown.map((d) => ({ code: d.code, x: (d.location.lng - origin.lng) * kmPerDegLng, y: (d.location.lat - origin.lat) * kmPerDegLat }));
  const reach = Math.max(1, ...offsets.map((o) => Math.hypot(o.x, o.y)));
  const scale = (half - 14) / reach;
  return (
    <figure className="dealer-plot">
      <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={t('dealers.plot')}>
        {[0.25, 0.5, 1].map((ring) => (
          <circle key={ring} cx={half} cy={half} r={(half - 14) * ring} className="dealer-plot__ring" />
        ))}
        {offsets.map((o, i) => (
          <circle key={o.code} cx={half + o.x * scale} cy={half - o.y * scale} r={i === 0 ? 6 : 4} className={i === 0 ? 'dealer-plot__dealer dealer-plot__dealer--nearest' : 'dealer-plot__dealer'} />
        ))}
        <circle cx={half} cy={half} r={6} className="dealer-plot__origin" />
      </svg>
      <figcaption className="dealer-plot__caption">
        {fromBuyer ? t('dealers.you') : t('dealers.centre')} · {numberFormat(undefined, { maximumFractionDigits: 0 }).format(reach)} km
      </figcaption>
    </figure>
  );
}

function LocateIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <circle cx="12" cy="12" r="4" fill="currentColor" />
      <path d="M12 2v3m0 14v3M2 12h3m14 0h3" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      <circle cx="12" cy="12" r="7" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}
