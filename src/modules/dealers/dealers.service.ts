import type { Db, DbOrTx, Tx } from '../../db/database.js';
import { inWriteTransaction } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import { buildDirectory, locatorJson, nearest, nearestAmong, type DirectoryCache, type DirectoryEntry } from './dealer-directory.js';
import { dealerErrors } from './dealers.errors.js';
import * as repo from './dealers.repo.js';

export const DEALER_SERVICES = ['sales', 'test_drive', 'delivery', 'service'] as const;
export type DealerService = (typeof DEALER_SERVICES)[number];

export interface DealerProfile {
  code: string;
  name: string;
  city: string;
  province: string;
  location: { lat: number; lng: number };
  phone: string;
  services: DealerService[];
  openingHours: OpeningHours | null;
  status: string;
}

/** The tenant the caller acts in, as the access policy resolved it. */
export interface DealerScope {
  storeId: string;
  dealerId: string;
}

const dealerNotFound = dealerErrors.notFound;

export async function getDealerProfile(db: Db, scope: DealerScope, locale: Locale): Promise<DealerProfile> {
  const row = await repo.findDealer(db, scope.storeId, scope.dealerId);
  if (!row) throw dealerNotFound();
  const text = (json: string) => localize(JSON.parse(json) as LocalizedText, locale);
  return {
    code: row.code,
    name: text(row.name),
    city: text(row.city),
    province: text(row.province),
    location: { lat: row.lat, lng: row.lng },
    phone: row.phone,
    services: JSON.parse(row.services) as DealerService[],
    openingHours: row.opening_hours === null ? null : toOpeningHours(JSON.parse(row.opening_hours) as Record<string, [string, string] | null>),
    status: row.status,
  };
}

export async function updateDealerProfile(
  deps: { db: Db; clock: Clock },
  scope: DealerScope,
  changes: { phone?: string | undefined; services?: DealerService[] | undefined; openingHours?: WeeklyHours | undefined },
  actor: AuditActor,
  locale: Locale,
): Promise<DealerProfile> {
  await inWriteTransaction(deps.db, (tx) => changeDealerContact(tx, deps.clock, scope, changes, actor));
  return getDealerProfile(deps.db, scope, locale);
}

/**
 * Changes a dealer's phone, services or hours, inside the caller's transaction, and audits it:
 * the dealer's own staff and the brand console both change them through here.
 */
export async function changeDealerContact(
  tx: Tx,
  clock: Clock,
  scope: DealerScope,
  changes: { phone?: string | undefined; services?: DealerService[] | undefined; openingHours?: WeeklyHours | undefined },
  actor: AuditActor,
  more: repo.DealerChangesRow = {},
  details: Record<string, unknown> = {},
): Promise<void> {
  if (changes.openingHours !== undefined) checkWeeklyHours(changes.openingHours);
  // One conditional UPDATE of the dealer's own row: nothing is read and written back.
  const updated = await repo.updateDealerRow(tx, scope.storeId, scope.dealerId, {
    ...more,
    ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
    ...(changes.services !== undefined ? { services: JSON.stringify([...new Set(changes.services)]) } : {}),
    ...(changes.openingHours !== undefined ? { opening_hours: storedHours(changes.openingHours) } : {}),
  });
  if (!updated) throw dealerNotFound();
  await recordAudit(tx, clock, actor, {
    action: 'dealer.profile_updated',
    targetType: 'dealer',
    targetId: scope.dealerId,
    storeId: scope.storeId,
    dealerId: scope.dealerId,
    details: { ...details, ...changes },
  });
}

// ---- Locator: public, store-scoped, active dealers of active stores only. ----

export const LOCATOR_DEFAULT_LIMIT = 20;
export const LOCATOR_MAX_LIMIT = 100;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface OpeningHours {
  timeZone: 'Asia/Shanghai';
  /** Every weekday, Monday first; a closed day has open and close null. */
  days: Array<{ day: Weekday; open: string | null; close: string | null }>;
}

export interface DealerCard {
  code: string;
  name: string;
  address: string | null;
  city: { code: string | null; name: string };
  province: string;
  location: { lat: number; lng: number };
  phone: string;
  services: DealerService[];
  openingHours: OpeningHours | null;
  distanceKm?: number;
}

export interface LocatorQuery {
  near?: { lat: number; lng: number } | undefined;
  city?: string | undefined;
  service?: DealerService | undefined;
  limit?: number | undefined;
}


/** "lat,lng" in decimal degrees; anything else, or a point off the globe, is a 400. */
export function parseNear(near: string): { lat: number; lng: number } {
  const match = /^(-?\d{1,3}(?:\.\d{1,10})?),(-?\d{1,3}(?:\.\d{1,10})?)$/.exec(near.trim());
  const lat = match ? Number(match[1]) : NaN;
  const lng = match ? Number(match[2]) : NaN;
  if (!(Math.abs(lat) <= 90) || !(Math.abs(lng) <= 180)) {
    throw new DomainError(
      'invalid',
      'DEALER_INVALID_COORDINATES',
      'near must be "lat,lng" in decimal degrees, latitude within ±90 and longitude within ±180.',
      { near },
    );
  }
  return { lat, lng };
}

type DealerRow = NonNullable<Awaited<ReturnType<typeof repo.findActiveDealerByCode>>>;

function toCard(row: DealerRow, locale: Locale): DealerCard {
  const text = (json: string) => localize(JSON.parse(json) as LocalizedText, locale);
  return {
    code: row.code,
    name: text(row.name),
    address: row.address === null ? null : text(row.address),
    city: { code: row.city_code, name: text(row.city) },
    province: text(row.province),
    location: { lat: row.lat, lng: row.lng },
    phone: row.phone,
    services: JSON.parse(row.services) as DealerService[],
    openingHours: row.opening_hours === null ? null : toOpeningHours(JSON.parse(row.opening_hours) as Record<string, [string, string] | null>),
  };
}

function toOpeningHours(week: Record<string, [string, string] | null>): OpeningHours {
  return {
    timeZone: 'Asia/Shanghai',
    days: WEEKDAYS.map((day) => {
      const hours = week[day];
      return hours ? { day, open: hours[0], close: hours[1] } : { day, open: null, close: null };
    }),
  };
}

/** The version of a store's dealer directory: the key of its cached directory and of the locator's ETag. */
export async function dealerDirectoryVersion(db: Db, storeId: string): Promise<number> {
  return repo.dealerDirectoryVersion(db, storeId);
}

/**
 * Nearest first when `near` is given (with distance), else by city then name in the buyer's
 * locale; answered as JSON text from the store's cached directory.
 */
export async function locateDealers(
  db: Db,
  directories: DirectoryCache,
  store: { id: string; version: number },
  query: LocatorQuery,
  locale: Locale,
): Promise<string> {
  const directory = await directories.load(db, store.id, store.version, (rows) => buildDirectory(rows, toCard));
  const limit = Math.min(query.limit ?? LOCATOR_DEFAULT_LIMIT, LOCATOR_MAX_LIMIT);
  const { city, service, near } = query;
  const accept = (entry: DirectoryEntry) => service === undefined || entry.services.includes(service);
  // One city's dealers are few: measured one by one. Across the store, the bounding-box search.
  const candidates = city === undefined ? directory.byName[locale] : (directory.byCity[locale].get(city) ?? []);
  if (near) return locatorJson(locale, city === undefined ? nearest(directory, near, limit, accept) : nearestAmong(candidates, near, limit, accept));
  const found: Array<{ entry: DirectoryEntry }> = [];
  for (const entry of candidates) {
    if (found.length >= limit) break;
    if (accept(entry)) found.push({ entry });
  }
  return locatorJson(locale, found);
}

/**
 * Whether a dealer of the store is switched on, which is what lets its staff work. Read afresh at
 * every call: a switch must hold from the next request in every process, and a cache kept in one
 * process would need a shared read to stay true anyway.
 */
export async function isDealerSwitchedOn(db: DbOrTx, storeId: string, dealerId: string): Promise<boolean> {
  return (await repo.findDealer(db, storeId, dealerId))?.status === 'active';
}

/** The code of a store's dealer, whatever its status: the public name its console's address carries. */
export async function dealerCodeOf(db: DbOrTx, storeId: string, dealerId: string): Promise<string | undefined> {
  return (await repo.findDealer(db, storeId, dealerId))?.code;
}

/** The localized name of a city the store has an active dealer in, or undefined. */
export async function servedCityName(db: DbOrTx, storeId: string, cityCode: string): Promise<LocalizedText | undefined> {
  const row = await repo.findServedCity(db, storeId, cityCode);
  return row ? (JSON.parse(row.city) as LocalizedText) : undefined;
}

export async function getPublicDealer(db: Db, storeId: string, dealerCode: string, locale: Locale): Promise<DealerCard> {
  const row = await repo.findActiveDealerByCode(db, storeId, dealerCode);
  if (!row) throw dealerNotFound();
  return toCard(row, locale);
}

export interface DealerCity {
  code: string;
  name: string;
  province: string;
  dealers: number;
  /** The mean position of its dealers: where distances are measured from when the buyer's own is unknown. */
  centre: { lat: number; lng: number };
}

export async function listDealerCities(db: Db, storeId: string, locale: Locale): Promise<DealerCity[]> {
  const rows = await repo.countActiveDealersByCity(db, storeId);
  const text = (json: string) => localize(JSON.parse(json) as LocalizedText, locale);
  return rows.map((row) => ({
    code: row.city_code!,
    name: text(row.city),
    province: text(row.province),
    dealers: Number(row.dealers),
    centre: { lat: Math.round(Number(row.lat) * 1e6) / 1e6, lng: Math.round(Number(row.lng) * 1e6) / 1e6 },
  }));
}

/** Opening hours as a dealer sets them: every weekday named, null for a closed day, "HH:MM" local time. */
export type WeeklyHours = Record<Weekday, { open: string; close: string } | null>;

/** A day opens before it closes; "24:00" is not a time, so a day ends by 23:59 at the latest. */
export function checkWeeklyHours(week: WeeklyHours): void {
  const wrong = WEEKDAYS.filter((day) => {
    const hours = week[day];
    return hours !== null && !(hours.open < hours.close);
  });
  if (wrong.length > 0) throw dealerErrors.invalidHours(wrong);
}

/** Stored hours ({ mon: [open, close] | null, ... }) as a dealer sets them. */
export function weeklyHoursOf(json: string): WeeklyHours {
  const week = JSON.parse(json) as Record<string, [string, string] | null>;
  return Object.fromEntries(WEEKDAYS.map((day) => [day, week[day] ? { open: week[day][0], close: week[day][1] } : null])) as WeeklyHours;
}

export function storedHours(week: WeeklyHours): string {
  return JSON.stringify(Object.fromEntries(WEEKDAYS.map((day) => [day, week[day] ? [week[day].open, week[day].close] : null])));
}
