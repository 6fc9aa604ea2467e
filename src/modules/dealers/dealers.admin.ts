import type { Db } from '../../db/database.js';
import { inWriteTransaction, lockRows } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import { dealerErrors } from './dealers.errors.js';
import * as repo from './dealers.repo.js';
import { changeDealerContact, checkWeeklyHours, storedHours, weeklyHoursOf, type DealerService, type WeeklyHours } from './dealers.service.js';

/*
 * The brand's side of its dealer network: every dealer whatever its status, a new one, its
 * profile, and switching it off (it leaves the public locator at once: the directory's
 * version moves with any change to a dealer row). Writes lock the store (a new code) or the
 * dealer (a change) first, then check, then write (src/db/tx.ts).
 */

interface Deps {
  db: Db;
  clock: Clock;
}

export type DealerStatus = 'active' | 'inactive';

export interface AdminDealer {
  code: string;
  status: DealerStatus;
  name: string;
  city: string;
  province: string;
  localized: { name: LocalizedText; address: LocalizedText | null; city: LocalizedText; province: LocalizedText };
  cityCode: string | null;
  location: { lat: number; lng: number };
  phone: string;
  services: DealerService[];
  /** Every weekday, null for a closed day; null when the dealer never said. */
  openingHours: WeeklyHours | null;
  createdAt: string;
}

export interface NewDealer {
  code: string;
  name: LocalizedText;
  address?: LocalizedText | null | undefined;
  city: LocalizedText;
  cityCode: string;
  province: LocalizedText;
  location: { lat: number; lng: number };
  phone: string;
  services: DealerService[];
  openingHours?: WeeklyHours | null | undefined;
  status?: DealerStatus | undefined;
}

export type DealerChanges = Partial<Omit<NewDealer, 'code' | 'openingHours'>> & { openingHours?: WeeklyHours | undefined };

export const ADMIN_DEALERS_DEFAULT_LIMIT = 100;
export const ADMIN_DEALERS_MAX_LIMIT = 200;

type DealerRow = NonNullable<Awaited<ReturnType<typeof repo.findDealerRowByCode>>>;

function toAdminDealer(row: DealerRow, locale: Locale): AdminDealer {
  const parsed = (json: string) => JSON.parse(json) as LocalizedText;
  const name = parsed(row.name);
  const city = parsed(row.city);
  const province = parsed(row.province);
  return {
    code: row.code,
    status: row.status === 'active' ? 'active' : 'inactive',
    name: localize(name, locale),
    city: localize(city, locale),
    province: localize(province, locale),
    localized: { name, address: row.address === null ? null : parsed(row.address), city, province },
    cityCode: row.city_code,
    location: { lat: row.lat, lng: row.lng },
    phone: row.phone,
    services: JSON.parse(row.services) as DealerService[],
    openingHours: row.opening_hours === null ? null : weeklyHoursOf(row.opening_hours),
    createdAt: row.created_at,
  };
}

/** A page of the store's dealers in code order; pass `nextAfter` back as `after` for the next. */
export async function listAdminDealers(
  db: Db,
  storeId: string,
  query: { status?: DealerStatus | undefined; after?: string | undefined; limit?: number | undefined },
  locale: Locale,
): Promise<{ dealers: AdminDealer[]; nextAfter: string | null }> {
  const limit = Math.min(query.limit ?? ADMIN_DEALERS_DEFAULT_LIMIT, ADMIN_DEALERS_MAX_LIMIT);
  const rows = await repo.listDealersPage(db, storeId, { status: query.status, after: query.after, limit });
  const dealers = rows.map((row) => toAdminDealer(row, locale));
  return { dealers, nextAfter: dealers.length === limit ? dealers.at(-1)!.code : null };
}

export async function getAdminDealer(db: Db, storeId: string, code: string, locale: Locale): Promise<AdminDealer> {
  const row = await repo.findDealerRowByCode(db, storeId, code);
  if (!row) throw dealerErrors.notFound();
  return toAdminDealer(row, locale);
}

/** The dealer a brand-console route names, for checks and locks: its id in its store. */
export async function requireDealerId(db: Db, storeId: string, code: string): Promise<string> {
  const row = await repo.findDealerByCode(db, storeId, code);
  if (!row) throw dealerErrors.notFound();
  return row.id;
}

export async function createDealer(deps: Deps, storeId: string, input: NewDealer, actor: AuditActor, locale: Locale): Promise<AdminDealer> {
  if (input.openingHours) checkWeeklyHours(input.openingHours);
  await inWriteTransaction(deps.db, async (tx) => {
    // A dealer code is unique in its store: new dealers of one store are made one at a time.
    await lockRows(tx, [['store', storeId]]);
    if (await repo.findDealerByCode(tx, storeId, input.code)) throw dealerErrors.codeTaken(input.code);
    const id = newId(deps.clock.now().getTime());
    const inserted = await repo.insertDealer(tx, {
      id,
      store_id: storeId,
      code: input.code,
      name: JSON.stringify(input.name),
      address: input.address ? JSON.stringify(input.address) : null,
      city: JSON.stringify(input.city),
      city_code: input.cityCode,
      province: JSON.stringify(input.province),
      lat: input.location.lat,
      lng: input.location.lng,
      phone: input.phone,
      services: JSON.stringify([...new Set(input.services)]),
      opening_hours: input.openingHours ? storedHours(input.openingHours) : null,
      status: input.status ?? 'active',
      created_at: deps.clock.now().toISOString(),
    });
    // The unique key backs the check, should anything ever insert without the lock.
    if (!inserted) throw dealerErrors.codeTaken(input.code);
    await recordAudit(tx, deps.clock, actor, {
      action: 'dealer.created',
      targetType: 'dealer',
      targetId: id,
      storeId,
      dealerId: id,
      details: { code: input.code, name: input.name.en, city: input.cityCode, status: input.status ?? 'active' },
    });
  });
  return getAdminDealer(deps.db, storeId, input.code, locale);
}

/** Changes a dealer's profile and, when `status` says so, switches it off or on; each is audited. */
export async function updateDealer(deps: Deps, storeId: string, code: string, changes: DealerChanges, actor: AuditActor, locale: Locale): Promise<AdminDealer> {
  const { status, phone, services, openingHours, ...profile } = changes;
  await inWriteTransaction(deps.db, async (tx) => {
    const dealer = await repo.findDealerByCode(tx, storeId, code);
    if (!dealer) throw dealerErrors.notFound();
    await lockRows(tx, [['dealer', dealer.id]]);
    const scope = { storeId, dealerId: dealer.id };
    const more: repo.DealerChangesRow = {
      ...(profile.name !== undefined ? { name: JSON.stringify(profile.name) } : {}),
      ...(profile.address !== undefined ? { address: profile.address === null ? null : JSON.stringify(profile.address) } : {}),
      ...(profile.city !== undefined ? { city: JSON.stringify(profile.city) } : {}),
      ...(profile.cityCode !== undefined ? { city_code: profile.cityCode } : {}),
      ...(profile.province !== undefined ? { province: JSON.stringify(profile.province) } : {}),
      ...(profile.location !== undefined ? { lat: profile.location.lat, lng: profile.location.lng } : {}),
    };
    const contact = { phone, services, openingHours };
    const changesProfile = Object.keys(more).length > 0 || Object.values(contact).some((value) => value !== undefined);
    if (changesProfile) {
      const named = Object.keys(profile).filter((key) => profile[key as keyof typeof profile] !== undefined);
      await changeDealerContact(tx, deps.clock, scope, contact, actor, more, { code, ...(named.length > 0 ? { fields: named } : {}) });
    }
    if (status !== undefined && (await repo.setDealerStatus(tx, storeId, dealer.id, status))) {
      await recordAudit(tx, deps.clock, actor, {
        action: status === 'active' ? 'dealer.switched_on' : 'dealer.switched_off',
        targetType: 'dealer',
        targetId: dealer.id,
        storeId,
        dealerId: dealer.id,
        details: { code },
      });
    }
  });
  return getAdminDealer(deps.db, storeId, code, locale);
}
