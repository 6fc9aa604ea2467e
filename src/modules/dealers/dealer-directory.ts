import type { DbOrTx } from '../../db/database.js';
import { LOCALES, type Locale } from '../../shared/locale.js';
import * as repo from './dealers.repo.js';

/*
 * The locator's in-memory directory of one store's active dealers. It is built once per
 * directory version (which database triggers bump on any change to the store's dealer rows, made
 * by any process), so a request parses no JSON and runs one small query for the version. Each
 * card's JSON text is prepared per locale; a nearest-first search looks only at the dealers
 * inside a bounding box around the buyer, widened until it holds enough of them, and measures
 * those with the exact great-circle distance.
 */

export const EARTH_RADIUS_KM = 6371;
const HALF_CIRCUMFERENCE_KM = Math.PI * EARTH_RADIUS_KM;
const FIRST_RADIUS_KM = 5;

export interface DirectoryEntry {
  code: string;
  cityCode: string | null;
  lat: number;
  lng: number;
  services: readonly string[];
  /** The card's JSON text per locale, without its closing brace, so a distance can be appended. */
  open: Record<Locale, string>;
}

export interface Directory {
  entries: DirectoryEntry[];
  /** Entries by ascending latitude, and their latitudes, for the bounding-box scan. */
  byLat: DirectoryEntry[];
  lats: Float64Array;
  /** Per locale: entries by city name then dealer name then code, the order without a point. */
  byName: Record<Locale, DirectoryEntry[]>;
  /** Per locale and city code: that city's entries in the same order. */
  byCity: Record<Locale, Map<string, DirectoryEntry[]>>;
}

/** What the directory needs of a card; the whole card is serialized as it is. */
export interface Card {
  name: string;
  city: { name: string };
  services: readonly string[];
}

/** Builds a directory from the store's active dealer rows; `cardOf` renders one row in one locale. */
export function buildDirectory<Row extends { code: string; city_code: string | null; lat: number; lng: number }>(
  rows: Row[],
  cardOf: (row: Row, locale: Locale) => Card,
): Directory {
  const cards = rows.map((row) => Object.fromEntries(LOCALES.map((locale) => [locale, cardOf(row, locale)])) as Record<Locale, Card>);
  const entries: DirectoryEntry[] = rows.map((row, i) => {
    const perLocale = cards[i]!;
    return {
      code: row.code,
      cityCode: row.city_code,
      lat: row.lat,
      lng: row.lng,
      services: perLocale[LOCALES[0]].services,
      open: Object.fromEntries(LOCALES.map((locale) => [locale, JSON.stringify(perLocale[locale]).slice(0, -1)])) as Record<Locale, string>,
    };
  });
  const byLat = [...entries].sort((a, b) => a.lat - b.lat);
  const byName = Object.fromEntries(
    LOCALES.map((locale) => {
      const collator = new Intl.Collator(locale);
      const index = new Map(entries.map((entry, i) => [entry, cards[i]![locale]]));
      const sorted = [...entries].sort((a, b) => {
        const ca = index.get(a)!;
        const cb = index.get(b)!;
        return collator.compare(ca.city.name, cb.city.name) || collator.compare(ca.name, cb.name) || (a.code < b.code ? -1 : 1);
      });
      return [locale, sorted];
    }),
  ) as Record<Locale, DirectoryEntry[]>;
  const byCity = Object.fromEntries(
    LOCALES.map((locale) => {
      const cities = new Map<string, DirectoryEntry[]>();
      for (const entry of byName[locale]) {
        if (entry.cityCode === null) continue;
        const list = cities.get(entry.cityCode);
        if (list) list.push(entry);
        else cities.set(entry.cityCode, [entry]);
      }
      return [locale, cities];
    }),
  ) as Record<Locale, Map<string, DirectoryEntry[]>>;
  return { entries, byLat, lats: Float64Array.from(byLat, (entry) => entry.lat), byName, byCity };
}

/** Great-circle distance on a sphere of the Earth's mean radius (haversine). */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Measured {
  entry: DirectoryEntry;
  km: number;
}

/** The `limit` nearest of a few entries (one city's), measured one by one. */
export function nearestAmong(entries: readonly DirectoryEntry[], near: { lat: number; lng: number }, limit: number, accept: (entry: DirectoryEntry) => boolean): Measured[] {
  const found = entries.filter(accept).map((entry) => ({ entry, km: haversineKm(near, entry) }));
  found.sort((a, b) => a.km - b.km || (a.entry.code < b.entry.code ? -1 : 1));
  return found.slice(0, limit);
}

/**
 * The `limit` nearest entries that `accept` takes, nearest first (ties by code). Every dealer
 * within `radius` lies inside the box scanned for that radius, so once at least `limit` accepted
 * dealers lie within it, they include the nearest `limit`; else the radius grows until it covers
 * the globe.
 */
export function nearest(directory: Directory, near: { lat: number; lng: number }, limit: number, accept: (entry: DirectoryEntry) => boolean): Measured[] {
  for (let radius = FIRST_RADIUS_KM; ; radius *= 2) {
    const whole = radius >= HALF_CIRCUMFERENCE_KM;
    const found: Measured[] = [];
    const take = (entry: DirectoryEntry) => {
      if (!accept(entry)) return;
      const km = haversineKm(near, entry);
      if (whole || km <= radius) found.push({ entry, km });
    };
    if (whole) {
      for (const entry of directory.entries) take(entry);
    } else {
      const box = boundingBox(near, radius);
      for (let i = lowerBound(directory.lats, box.latMin); i < directory.byLat.length && directory.lats[i]! <= box.latMax; i++) {
        const entry = directory.byLat[i]!;
        if (box.lngHalfWidth >= 180 || Math.abs(wrapDegrees(entry.lng - near.lng)) <= box.lngHalfWidth) take(entry);
      }
    }
    if (whole || found.length >= limit) {
      found.sort((a, b) => a.km - b.km || (a.entry.code < b.entry.code ? -1 : 1));
      return found.slice(0, limit);
    }
  }
}

/** The latitude band and longitude half-width (degrees) that contain every point within `radiusKm` of `center`. */
export function boundingBox(center: { lat: number; lng: number }, radiusKm: number): { latMin: number; latMax: number; lngHalfWidth: number } {
  const angle = radiusKm / EARTH_RADIUS_KM; // radians
  const deg = 180 / Math.PI;
  // A hair of margin so that rounding never leaves a point at the edge outside.
  const latMin = center.lat - angle * deg - 1e-9;
  const latMax = center.lat + angle * deg + 1e-9;
  if (latMin <= -90 || latMax >= 90) return { latMin: -90, latMax: 90, lngHalfWidth: 180 };
  const ratio = Math.sin(angle) / Math.cos(center.lat / deg);
  const lngHalfWidth = ratio >= 1 ? 180 : Math.asin(ratio) * deg + 1e-9;
  return { latMin, latMax, lngHalfWidth };
}

/** An angle difference brought into (-180, 180]. */
function wrapDegrees(delta: number): number {
  const wrapped = ((((delta + 180) % 360) + 360) % 360) - 180;
  return wrapped === -180 ? 180 : wrapped;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The locator's answer as JSON text: the cards as prepared, each with its distance when measured. */
export function locatorJson(locale: Locale, found: Array<{ entry: DirectoryEntry; km?: number }>): string {
  const cards = found.map(({ entry, km }) =>
    km === undefined ? `${entry.open[locale]}}` : `${entry.open[locale]},"distanceKm":${Math.round(km * 10) / 10}}`,
  );
  return `{"locale":${JSON.stringify(locale)},"dealers":[${cards.join(',')}]}`;
}

/**
 * One directory per store, the latest version asked for. Concurrent requests for a version
 * share one load; a failed load is not kept.
 */
export interface DirectoryCache {
  load(db: DbOrTx, storeId: string, version: number, build: (rows: Awaited<ReturnType<typeof repo.listActiveDealers>>) => Directory): Promise<Directory>;
}

export function createDirectoryCache(): DirectoryCache {
  const byStore = new Map<string, { version: number; directory: Promise<Directory> }>();
  return {
    load(db, storeId, version, build) {
      const cached = byStore.get(storeId);
      // A request that read an older version than the one loaded is served the newer directory.
      if (cached && cached.version >= version) return cached.directory;
      const directory = repo.listActiveDealers(db, storeId).then(build);
      const slot = { version, directory };
      byStore.set(storeId, slot);
      directory.catch(() => {
        if (byStore.get(storeId) === slot) byStore.delete(storeId);
      });
      return directory;
    },
  };
}
