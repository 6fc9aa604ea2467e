import { useCallback, useSyncExternalStore } from 'react';
import { useStore } from '../stores/store-context';
import type { Point } from './dealers.api';

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
// A page rendered on the server knows no browser's choices; hydration starts from none, then reads them.
const noneOnServer = () => null;

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
  const city = useSyncExternalStore(subscribe, () => readCity(slug), noneOnServer);
  const setCity = useCallback((next: string | null) => writeCity(slug, next), [slug]);
  return [city, setCity];
}

let position: Point | null = null;

/** The buyer's position, once "use my location" found it during this visit. */
export function useBuyerPosition(): [Point | null, (point: Point | null) => void] {
  const point = useSyncExternalStore(subscribe, () => position, noneOnServer);
  const setPoint = useCallback((next: Point | null) => {
    position = next;
    changed();
  }, []);
  return [point, setPoint];
}
