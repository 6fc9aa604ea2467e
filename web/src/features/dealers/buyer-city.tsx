import { useCallback, useId, useSyncExternalStore } from 'react';
import { useRequest } from '../../api/use-request';
import { useLocale, useT } from '../../i18n/i18n-context';
import { useStore } from '../stores/store-context';
import { fetchCities, fetchPlateFees, type City, type PlateFees, type Point } from './dealers.api';

/*
 * The buyer's city, per store, remembered in this browser like the language: it prices the
 * plates of the on-the-road estimate and opens the dealer list. The buyer's position from "use
 * my location" is kept for the visit only. Every component reading either sees the same value.
 */

const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
};
const changed = () => listeners.forEach((listener) => listener());

const cityKey = (store: string) => `vitrine.city.${store}`;
const CITY_CODE = /^[a-z0-9][a-z0-9-]{0,62}$/;

// Storage can throw (disabled cookies, some private modes): the choice then lasts for the visit only.
const memory = new Map<string, string | null>();
function readCity(store: string): string | null {
  try {
    const saved = localStorage.getItem(cityKey(store));
    return saved && CITY_CODE.test(saved) ? saved : null;
  } catch {
    return memory.get(store) ?? null;
  }
}
function writeCity(store: string, city: string | null): void {
  memory.set(store, city);
  try {
    if (city) localStorage.setItem(cityKey(store), city);
    else localStorage.removeItem(cityKey(store));
  } catch {
    // see readCity
  }
  changed();
}

/** The buyer's city code in this store (null when none is chosen), and the way to change it. */
export function useBuyerCity(): [string | null, (city: string | null) => void] {
  const { slug } = useStore();
  const city = useSyncExternalStore(subscribe, () => readCity(slug));
  const setCity = useCallback((next: string | null) => writeCity(slug, next), [slug]);
  return [city, setCity];
}

let position: Point | null = null;

/** The buyer's position, once "use my location" found it during this visit. */
export function useBuyerPosition(): [Point | null, (point: Point | null) => void] {
  const point = useSyncExternalStore(subscribe, () => position);
  const setPoint = useCallback((next: Point | null) => {
    position = next;
    changed();
  }, []);
  return [point, setPoint];
}

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
  return useRequest((signal) => fetchPlateFees(slug, locale, signal), [slug, locale]);
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
