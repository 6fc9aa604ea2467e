import { useEffect } from 'react';
import { Link } from 'wouter';
import { isNotFound } from '../api/client';
import { useRequest } from '../api/use-request';
import { ArrowIcon } from '../features/catalog/model-card';
import { useBuyerPosition } from '../features/dealers/buyer-city';
import { dealerPaths, distanceKm, fetchDealer, shanghaiNow, WEEKDAYS, type DealerCard, type Weekday } from '../features/dealers/dealers.api';
import { OpenToday, PhoneIcon, ServiceList } from '../features/dealers/dealer-bits';
import { useStore } from '../features/stores/store-context';
import { useLocale, useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';
import { ErrorState, LoadingState, NotFoundState } from '../ui/request-states';
import { StoreNotFound } from './not-found';
import { numberFormat } from '../i18n/intl-formats';
import './dealer-pages.css';

/** /:store/dealers/:dealer: one dealer, its week, and the ways to visit it. */
export function DealerPage({ code }: { code: string }) {
  const t = useT();
  const { locale } = useLocale();
  const { slug, summary } = useStore();
  const dealer = useRequest((signal) => fetchDealer(slug, code, locale, signal), [slug, code, locale]);

  useEffect(() => {
    if (dealer.data) document.title = `${dealer.data.name} · ${summary.data?.name ?? 'Vitrine'}`;
  }, [dealer.data, summary.data?.name]);

  if (isNotFound(summary.error)) return <StoreNotFound />;
  return (
    <StoreLayout>
      <div className="finder">
        <Link href={dealerPaths.finder(slug)} className="back-link">
          <span className="back-link__icon" aria-hidden="true">
            <ArrowIcon />
          </span>
          {t('dealers.back')}
        </Link>
        {isNotFound(dealer.error) ? (
          <NotFoundState title={t('dealers.notFoundTitle')} body={t('dealers.notFoundBody')} />
        ) : dealer.error ? (
          <ErrorState onRetry={dealer.retry} />
        ) : dealer.data && dealer.data.code === code ? (
          <DealerDetail dealer={dealer.data} store={slug} />
        ) : (
          <LoadingState>
            <div className="page-spinner" />
          </LoadingState>
        )}
      </div>
    </StoreLayout>
  );
}

function DealerDetail({ dealer, store }: { dealer: DealerCard; store: string }) {
  const t = useT();
  const { locale } = useLocale();
  const [position] = useBuyerPosition();
  const km = position ? distanceKm(position, dealer.location) : null;
  const today = shanghaiNow().day;
  const number = numberFormat(locale, { maximumFractionDigits: 1 });
  const tel = `tel:${dealer.phone.replace(/[^0-9+]/g, '')}`;
  return (
    <>
      <header className="finder__header">
        <h1 className="finder__title">{dealer.name}</h1>
        <p className="finder__subtitle">
          {dealer.city.name} · {dealer.province}
        </p>
        <OpenToday dealer={dealer} />
      </header>

      <div className="dealer-page__actions">
        {dealer.services.includes('test_drive') && (
          <Link href={dealerPaths.testDrive(store, dealer.code)} className="button button--primary">
            {t('dealers.bookTestDrive')}
          </Link>
        )}
        <Link href={dealerPaths.stock(store, dealer.location)} className="button button--secondary">
          {t('dealers.seeStock')}
        </Link>
        <a href={tel} className="button button--secondary" aria-label={t('dealers.call', { phone: dealer.phone })}>
          <PhoneIcon />
          {t('dealers.contact')}
        </a>
      </div>

      <section className="card" aria-labelledby="dealer-facts">
        <h2 className="card__title visually-hidden" id="dealer-facts">
          {dealer.name}
        </h2>
        <dl className="facts">
          <div className="facts__row">
            <dt>{t('dealers.address')}</dt>
            <dd>{dealer.address ?? `${dealer.city.name} · ${dealer.province}`}</dd>
          </div>
          <div className="facts__row">
            <dt>{t('dealers.phone')}</dt>
            <dd>
              <a href={tel}>{dealer.phone}</a>
            </dd>
          </div>
          <div className="facts__row">
            <dt>{t('dealers.services')}</dt>
            <dd>
              <ServiceList services={dealer.services} />
            </dd>
          </div>
          <div className="facts__row">
            <dt>{t('dealers.position')}</dt>
            <dd>
              {formatPosition(dealer.location)}
              {km !== null && ` · ${t('dealers.distance', { km: number.format(Math.round(km * 10) / 10) })}`}
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="dealer-week">
        <h2 className="card__title" id="dealer-week">
          {t('dealers.week')}
        </h2>
        {dealer.openingHours ? (
          <dl className="week">
            {dealer.openingHours.days.map((day) => (
              <div key={day.day} className="week__row" aria-current={day.day === today ? 'date' : undefined}>
                <dt>
                  {isWeekday(day.day) ? t(`dealers.day.${day.day}`) : day.day}
                  {day.day === today && <span className="week__today">{t('dealers.today')}</span>}
                </dt>
                <dd className={day.open ? undefined : 'week__closed'}>{day.open && day.close ? `${day.open}–${day.close}` : t('dealers.closed')}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="empty-note">{t('dealers.noHours')}</p>
        )}
      </section>
    </>
  );
}

function isWeekday(day: string): day is Weekday {
  return (WEEKDAYS as readonly string[]).includes(day);
}

function formatPosition({ lat, lng }: { lat: number; lng: number }): string {
  return `${Math.abs(lat).toFixed(4)}° ${lat >= 0 ? 'N' : 'S'}, ${Math.abs(lng).toFixed(4)}° ${lng >= 0 ? 'E' : 'W'}`;
}
