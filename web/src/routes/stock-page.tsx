import { useEffect, useId, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { api, dataOf, isNotFound } from '../api/client';
import { useRequest } from '../api/use-request';
import { fetchRange } from '../features/catalog/catalog.api';
import { rememberedPosition, rememberPosition, searchStock, stockHref, type StockHit } from '../features/stock/stock.api';
import { useStore } from '../features/stores/store-context';
import { ReserveUnitLink } from '../features/orders/reserve-button';
import { useLocale, useT } from '../i18n/i18n-context';
import type { Locale } from '../i18n/locales';
import { StoreLayout } from '../ui/layout';
import { formatMoney, formatMoneyDelta } from '../ui/price';
import { ErrorState, LoadingState } from '../ui/request-states';
import { StoreNotFound } from './not-found';
import './stock-page.css';

/** Cars in stock at the store's dealers: for a model, or matched to a saved configuration, nearest first once the buyer says where they are. */
export function StockPage() {
  const t = useT();
  const { locale } = useLocale();
  const store = useStore();
  const [, navigate] = useLocation();
  const query = new URLSearchParams(useSearch());
  const model = query.get('model') ?? undefined;
  const configuration = query.get('configuration') ?? undefined;
  const near = query.get('near') ?? rememberedPosition();
  const results = useRequest(
    (signal) => searchStock(store.slug, { model, configuration, near, limit: 30 }, locale, signal),
    [store.slug, model, configuration, near, locale],
  );

  useEffect(() => {
    document.title = t('stock.title');
  }, [t]);

  const go = (changes: { model?: string | undefined; near?: string | undefined }) =>
    navigate(stockHref(store.slug, { model, configuration, near, ...changes }), { replace: true });

  if (isNotFound(store.summary.error)) return <StoreNotFound />;
  const data = results.data;
  return (
    <StoreLayout>
      <section className="stock-page" aria-labelledby="stock-title">
        <h1 id="stock-title" className="stock-page__title">
          {data?.model ? t('stock.titleModel', { model: data.model.name }) : t('stock.title')}
        </h1>
        {configuration && <p className="stock-page__intro">{t('stock.matchingIntro', { code: configuration })}</p>}
        <div className="stock-controls">
          {!configuration && <ModelChoice value={model} onChange={(value) => go({ model: value })} />}
          <PlaceChoice
            near={near}
            onChange={(value) => {
              if (value) rememberPosition(value);
              go({ near: value });
            }}
          />
        </div>
        {results.error && !data ? (
          isNotFound(results.error) ? (
            <p className="panel__empty">{t('stock.unknownConfiguration')}</p>
          ) : (
            <ErrorState onRetry={results.retry} />
          )
        ) : !data ? (
          <LoadingState>
            <div className="skeleton-line" />
          </LoadingState>
        ) : (
          <>
            <p className="stock-page__count" aria-live="polite" data-testid="stock-count">
              {near && data.nearby !== null
                ? t('stock.countNear', { count: data.total, nearby: data.nearby, km: data.radiusKm })
                : t('stock.count', { count: data.total })}
            </p>
            {data.units.length === 0 ? (
              <p className="panel__empty">{t('stock.empty')}</p>
            ) : (
              <ul className="stock-list" aria-labelledby="stock-title">
                {data.units.map((unit) => (
                  <StockCard key={unit.vin} unit={unit} store={store.slug} />
                ))}
              </ul>
            )}
          </>
        )}
      </section>
    </StoreLayout>
  );
}

function ModelChoice({ value, onChange }: { value: string | undefined; onChange(value: string | undefined): void }) {
  const t = useT();
  const { locale } = useLocale();
  const store = useStore();
  const id = useId();
  const range = useRequest((signal) => fetchRange(store.slug, locale, signal), [store.slug, locale]);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {t('stock.model')}
      </label>
      <div className="field__box">
        <select id={id} className="field__input" value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
          <option value="">{t('stock.allModels')}</option>
          {range.data?.models.map((m) => (
            <option key={m.slug} value={m.slug}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

interface City {
  code: string;
  name: string;
  near: string;
}

/** Where the buyer is: the device's position when they allow it, or a city picked from where the dealers are. */
function PlaceChoice({ near, onChange }: { near: string | undefined; onChange(value: string | undefined): void }) {
  const t = useT();
  const { locale } = useLocale();
  const store = useStore();
  const id = useId();
  const [locating, setLocating] = useState(false);
  const [refused, setRefused] = useState(false);
  const cities = useRequest((signal) => fetchCityPoints(store.slug, locale, signal), [store.slug, locale]);
  const current = cities.data?.find((city) => city.near === near);

  function locate() {
    if (!('geolocation' in navigator)) {
      setRefused(true);
      return;
    }
    setLocating(true);
    setRefused(false);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onChange(`${position.coords.latitude.toFixed(4)},${position.coords.longitude.toFixed(4)}`);
      },
      () => {
        setLocating(false);
        setRefused(true);
      },
      { maximumAge: 600_000, timeout: 15_000 },
    );
  }

  return (
    <div className="stock-place">
      <button type="button" className="button button--secondary" onClick={locate} disabled={locating}>
        {t(locating ? 'stock.locating' : 'stock.useLocation')}
      </button>
      <div className="field">
        <label className="field__label" htmlFor={id}>
          {t('stock.city')}
        </label>
        <div className="field__box">
          <select id={id} className="field__input" value={current?.near ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
            <option value="">{near && !current ? t('stock.myLocation') : t('stock.anyCity')}</option>
            {cities.data?.map((city) => (
              <option key={city.code} value={city.near}>
                {city.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {refused && <p className="field__hint">{t('stock.locationRefused')}</p>}
    </div>
  );
}

/** A city's point is its first dealer's: close enough to rank a city's dealers above the rest. */
async function fetchCityPoints(store: string, locale: Locale, signal: AbortSignal): Promise<City[]> {
  const { dealers } = await dataOf(api.GET('/api/v1/stores/{store}/dealers', { params: { path: { store }, query: { locale, limit: 100 } }, signal }));
  const cities = new Map<string, City>();
  for (const dealer of dealers) {
    const code = dealer.city.code ?? dealer.city.name;
    if (!cities.has(code)) cities.set(code, { code, name: dealer.city.name, near: `${dealer.location.lat},${dealer.location.lng}` });
  }
  return [...cities.values()];
}

function StockCard({ unit, store }: { unit: StockHit; store: string }) {
  const t = useT();
  const { locale } = useLocale();
  const match = unit.match;
  const testDrive = `/${store}/test-drive?${new URLSearchParams({ dealer: unit.dealer.code, model: unit.model.code }).toString()}`;
  return (
    <li className="stock-card" data-testid="stock-card">
      <div className="stock-card__head">
        <p className="stock-card__name">
          {unit.model.name} · {unit.trim.name}
        </p>
        <p className="stock-card__price">{formatMoney(unit.price, locale)}</p>
      </div>
      {unit.colour && <p className="stock-card__meta">{unit.colour.name}</p>}
      {unit.options.length > 0 && <p className="stock-card__meta">{unit.options.map((o) => o.name).join(' · ')}</p>}
      {match && (
        <div className="stock-card__match">
          {match.exact ? (
            <span className="badge">{t('stock.exactMatch')}</span>
          ) : (
            <ul className="stock-diff">
              {match.trim && <li>{t('stock.diffTrim', { actual: match.trim.actual.name, wanted: match.trim.wanted.name })}</li>}
              {match.colour && <li>{t('stock.diffColour', { actual: match.colour.actual?.name ?? '—', wanted: match.colour.wanted?.name ?? '—' })}</li>}
              {match.added.map((o) => (
                <li key={`+${o.code}`}>{t('stock.diffAdded', { option: o.name })}</li>
              ))}
              {match.missing.map((o) => (
                <li key={`-${o.code}`}>{t('stock.diffMissing', { option: o.name })}</li>
              ))}
            </ul>
          )}
          {match.priceDifference.amount !== 0 && (
            <p className="stock-card__meta">{t('stock.priceDifference', { amount: formatMoneyDelta(match.priceDifference, locale) })}</p>
          )}
        </div>
      )}
      <p className="stock-card__dealer">
        {unit.dealer.name} · {unit.dealer.city}
        {unit.distanceKm !== undefined && ` · ${t('stock.distance', { km: unit.distanceKm.toLocaleString(locale) })}`}
      </p>
      {unit.inTransit && unit.eta && (
        <p className="stock-card__meta">{t('stock.arrives', { date: new Date(unit.eta).toLocaleDateString(locale, { timeZone: 'Asia/Shanghai' }) })}</p>
      )}
      <div className="stock-card__actions">
        <Link href={`/${store}/dealers/${unit.dealer.code}`} className="button button--quiet">
          {t('stock.dealerPage')}
        </Link>
        <Link href={testDrive} className="button button--secondary">
          {t('stock.testDrive')}
        </Link>
        <ReserveUnitLink store={store} vin={unit.vin} dealer={unit.dealer.code} model={unit.model.code} />
      </div>
    </li>
  );
}
