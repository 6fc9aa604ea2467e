import { useId } from 'react';
import { firstViewKeys } from '../../api/first-view';
import { useRequest } from '../../api/use-request';
import { useLocale, useT } from '../../i18n/i18n-context';
import { useStore } from '../stores/store-context';
import { fetchCities, fetchPlateFees, type City, type PlateFees } from './dealers.api';

import { useBuyerCity } from './buyer-city-store';

export { useBuyerCity, useBuyerPosition } from './buyer-city-store';

/** The store's cities with dealers, in the page's language. */
export function useCities() {
  const { slug } = useStore();
  const { locale } = useLocale();
  return useRequest((signal) => fetchCities(slug, locale, signal), [slug, locale]);
}

/** The store's plate fees by city. */
export function usePlateFees() {
  const { slug } = useStore();
  const { locale } = useLocale();
  return useRequest((signal) => fetchPlateFees(slug, locale, signal), [slug, locale], firstViewKeys.plateFees(slug, locale));
}

export interface CityPlate {
  /** fen */
  amount: number;
  cityName: string | null;
  note: string | null;
  estimate: boolean;
}

/** The plate fee for a car (NEV or not) in a city: its own row, else the store's flat fee. */
export function plateFor(fees: PlateFees | undefined, city: string | null, nev: boolean, fallback: number): CityPlate {
  const row = city ? fees?.cities.find((c) => c.city.code === city) : undefined;
  if (!row) return { amount: fees?.default.amount ?? fallback, cityName: null, note: null, estimate: false };
  return { amount: (nev ? row.nev : row.ice).amount, cityName: row.city.name, note: row.note, estimate: row.estimate };
}

/** A select of the store's cities bound to the buyer's city; "all cities" clears it. */
export function CityPicker({ cities, label, allLabel }: { cities: City[] | undefined; label?: string; allLabel?: string }) {
  const t = useT();
  const id = useId();
  const [city, setCity] = useBuyerCity();
  const known = cities?.some((c) => c.code === city);
  return (
    <div className="city-picker">
      <label htmlFor={id} className="city-picker__label">
        {label ?? t('dealers.city')}
      </label>
      <select
        id={id}
        className="city-picker__select"
        value={known && city ? city : ''}
        disabled={!cities}
        onChange={(event) => setCity(event.target.value || null)}
      >
        <option value="">{allLabel ?? t('dealers.cityNone')}</option>
        {(cities ?? []).map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
