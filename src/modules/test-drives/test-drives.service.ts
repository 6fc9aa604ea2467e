import type { Db, DbOrTx, Tx } from '../../db/database.js';
import { inWriteTransaction, lockRows } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { isLocale, localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import { channelRecordedFor, dealerPlace, recordDomainEvent, type Channel } from '../analytics/analytics.service.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import { requireStore } from '../catalog/catalog.service.js';
import { enqueue } from '../jobs/jobs.service.js';
import { notify, type TemplateName } from '../jobs/notifications.js';
import { openLead } from '../leads/leads.service.js';
import { testDriveErrors } from './test-drives.errors.js';
import { findActiveDealerByCode } from '../dealers/dealers.repo.js';
import * as repo from './test-drives.repo.js';
import {
  addDays,
  bookableSlots,
  checkSlot,
  daysBetween,
  isCalendarDate,
  localDate,
  localTime,
  TIME_ZONE,
  type SlotPolicy,
  type StoredHours,
} from './test-drives.slots.js';

export type TestDriveStatus = 'booked' | 'confirmed' | 'completed' | 'no_show' | 'cancelled';

/** The life of a booking; every other move is a 409. */
const TRANSITIONS: Record<TestDriveStatus, readonly TestDriveStatus[]> = {
  booked: ['confirmed', 'cancelled'],
  confirmed: ['completed', 'no_show', 'cancelled'],
  completed: [],
  no_show: [],
  cancelled: [],
};

export interface TestDrivePolicy extends SlotPolicy {
  maxUpcomingPerModel: number;
  maxUpcoming: number;
  maxInWindow: number;
  windowDays: number;
}

/** Marketplace test-drive centres' caps: 1 upcoming per model, 2 upcoming in all, 5 in 60 days. */
export const DEFAULT_POLICY: TestDrivePolicy = {
  maxUpcomingPerModel: 1,
  maxUpcoming: 2,
  maxInWindow: 5,
  windowDays: 60,
  leadMinutes: 120,
  horizonDays: 14,
  slotMinutes: 30,
};

/** The longest range of days one slots request or calendar page covers. */
export const MAX_SLOT_RANGE_DAYS = 14;
export const MAX_CALENDAR_RANGE_DAYS = 31;
export const CALENDAR_MAX_ROWS = 1000;
export const BUYER_LIST_MAX = 100;
/** The reminder goes this long before the slot. */
const REMINDER_BEFORE_MS = 2 * 3_600_000;
export const TEST_DRIVE_REMINDER = 'test_drive.reminder';

export async function getPolicy(db: DbOrTx, storeId: string): Promise<TestDrivePolicy> {
  const row = await repo.findPolicy(db, storeId);
  if (!row) return DEFAULT_POLICY;
  return {
    maxUpcomingPerModel: row.max_upcoming_per_model,
    maxUpcoming: row.max_upcoming,
    maxInWindow: row.max_in_window,
    windowDays: row.window_days,
    leadMinutes: row.lead_minutes,
    horizonDays: row.horizon_days,
    slotMinutes: row.slot_minutes,
  };
}

const text = (json: string, locale: Locale) => localize(JSON.parse(json) as LocalizedText, locale);
const offersTestDrives = (services: string) => (JSON.parse(services) as string[]).includes('test_drive');
const hoursOf = (json: string | null): StoredHours => (json === null ? {} : (JSON.parse(json) as StoredHours));

// ---- Slots: public. ----

export interface SlotView {
  start: string;
  end: string;
  date: string;
  time: string;
  remaining: number;
}

export interface SlotsView {
  dealer: string;
  model: string | null;
  /** The models with demo cars at this dealer, and how many. */
  models: Array<{ slug: string; demoCars: number }>;
  timeZone: typeof TIME_ZONE;
  slotMinutes: number;
  capacity: number;
  from: string;
  to: string;
  slots: SlotView[];
}

/** from and to are local dates (Asia/Shanghai), inclusive; by default the whole booking horizon. */
export async function listSlots(
  deps: { db: Db; clock: Clock },
  storeSlug: string,
  dealerCode: string,
  query: { model?: string | undefined; from?: string | undefined; to?: string | undefined },
): Promise<SlotsView> {
  const store = await requireStore(deps.db, storeSlug);
  const dealer = await findActiveDealerByCode(deps.db, store.id, dealerCode);
  if (!dealer) throw testDriveErrors.unknownDealer(dealerCode);
  const fleet = offersTestDrives(dealer.services) ? await repo.countDemoCarsByModel(deps.db, dealer.id) : [];
  const models = fleet.map((row) => ({ slug: row.slug, demoCars: row.n }));
  const model = query.model === undefined ? undefined : await repo.findActiveModel(deps.db, store.id, query.model);
  if (query.model !== undefined && !model) throw testDriveErrors.unknownModel(query.model);
  const policy = await getPolicy(deps.db, store.id);
  const now = deps.clock.now();
  const from = query.from ?? localDate(now);
  checkRange(from, query.to ?? from, MAX_SLOT_RANGE_DAYS);
  const to = query.to ?? addDays(from, Math.min(policy.horizonDays, MAX_SLOT_RANGE_DAYS));

  // Without a model there is nothing to count slots of: the answer names the models that have demo cars.
  const capacity = model ? (models.find((row) => row.slug === model.slug)?.demoCars ?? 0) : 0;
  const slots = !model || capacity === 0 ? [] : bookableSlots(hoursOf(dealer.opening_hours), from, to, now, policy);
  const taken =
    !model || slots.length === 0
      ? new Map<string, number>()
      : await repo.countActiveBySlot(deps.db, dealer.id, model.id, slots[0]!.start.toISOString(), slots.at(-1)!.start.toISOString());
  return {
    dealer: dealer.code,
    model: model?.slug ?? null,
    models,
    timeZone: TIME_ZONE,
    slotMinutes: policy.slotMinutes,
    capacity,
    from,
    to,
    slots: slots.map((slot) => ({
      start: slot.start.toISOString(),
      end: new Date(slot.start.getTime() + policy.slotMinutes * 60_000).toISOString(),
      date: slot.date,
      time: slot.time,
      remaining: Math.max(0, capacity - (taken.get(slot.start.toISOString()) ?? 0)),
    })),
  };
}

function checkRange(from: string, to: string, maxDays: number): void {
  if (!isCalendarDate(from) || !isCalendarDate(to)) {
    throw testDriveErrors.invalidRange('from and to are calendar dates, YYYY-MM-DD.', maxDays);
  }
  const span = daysBetween(from, to);
  if (span < 0) throw testDriveErrors.invalidRange('to comes before from.', maxDays);
  if (span > maxDays) throw testDriveErrors.invalidRange(`A range covers at most ${maxDays} days after its first.`, maxDays);
}

function parseStart(start: string): Date {
  // An explicit offset is required: a bare local time would be read in the server's zone.
  const valid = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(start);
  const instant = new Date(valid ? start : NaN);
  if (Number.isNaN(instant.getTime())) throw testDriveErrors.invalidStart(start);
  return instant;
}

function requireBookableSlot(hours: StoredHours, start: Date, given: string, now: Date, policy: TestDrivePolicy): void {
  const problem = checkSlot(hours, start, now, policy);
  if (problem === 'closed') throw testDriveErrors.dealerClosed(given);
  if (problem === 'off_grid') throw testDriveErrors.offGrid(given, policy.slotMinutes);
  if (problem === 'too_soon') throw testDriveErrors.tooSoon(given, policy.leadMinutes);
  if (problem === 'too_far') throw testDriveErrors.tooFar(given, policy.horizonDays);
}

// ---- Views. ----

export interface BuyerTestDrive {
  id: string;
  store: string;
  dealer: { code: string; name: string; city: string; address: string | null; phone: string };
  model: { slug: string; name: string };
  start: string;
  end: string;
  date: string;
  time: string;
  status: TestDriveStatus;
  notes: string | null;
  phoneShared: boolean;
  upcoming: boolean;
  createdAt: string;
}

export interface DealerTestDrive {
  id: string;
  model: { slug: string; name: string };
  buyer: { name: string; phone: string | null };
  start: string;
  end: string;
  date: string;
  time: string;
  status: TestDriveStatus;
  notes: string | null;
  dealerNotes: Array<{ text: string; author: string | null; at: string }>;
  createdAt: string;
}

function times(row: repo.TestDriveRow) {
  const start = new Date(row.slot_start);
  return {
    start: start.toISOString(),
    end: new Date(start.getTime() + row.slot_minutes * 60_000).toISOString(),
    date: localDate(start),
    time: localTime(start),
  };
}

function toBuyerView(row: repo.TestDriveRow, now: Date, locale: Locale): BuyerTestDrive {
  const status = row.status as TestDriveStatus;
  return {
    id: row.id,
    store: row.store_slug,
    dealer: {
      code: row.dealer_code,
      name: text(row.dealer_name, locale),
      city: text(row.dealer_city, locale),
      address: row.dealer_address === null ? null : text(row.dealer_address, locale),
      phone: row.dealer_phone,
    },
    model: { slug: row.model_slug, name: text(row.model_name, locale) },
    ...times(row),
    status,
    notes: row.buyer_notes,
    phoneShared: row.phone !== null,
    upcoming: (status === 'booked' || status === 'confirmed') && new Date(row.slot_start) > now,
    createdAt: row.created_at,
  };
}

async function toDealerViews(db: DbOrTx, rows: repo.TestDriveRow[], locale: Locale): Promise<DealerTestDrive[]> {
  const notes = await repo.notesOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    model: { slug: row.model_slug, name: text(row.model_name, locale) },
    buyer: { name: row.buyer_name, phone: row.phone },
    ...times(row),
    status: row.status as TestDriveStatus,
    notes: row.buyer_notes,
    dealerNotes: notes
      .filter((note) => note.test_drive_id === row.id)
      .map((note) => ({ text: note.note ?? '', author: note.author ?? null, at: note.created_at })),
    createdAt: row.created_at,
  }));
}

// ---- Messages to the buyer. ----

function formatSlot(start: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(start);
}

/** The template's parameters in the buyer's language, the time in Asia/Shanghai. */
export function messageParams(row: repo.TestDriveRow): Record<string, string> {
  const locale: Locale = isLocale(row.buyer_locale) ? row.buyer_locale : 'zh-CN';
  return {
    model: text(row.model_name, locale),
    dealer: text(row.dealer_name, locale),
    time: formatSlot(new Date(row.slot_start), locale),
    address: row.dealer_address === null ? text(row.dealer_city, locale) : text(row.dealer_address, locale),
  };
}

async function tellBuyer(tx: Tx, clock: Clock, row: repo.TestDriveRow, template: TemplateName): Promise<void> {
  await notify(tx, clock, { userId: row.buyer_id, template, params: messageParams(row) }, { storeId: row.store_id, dealerId: row.dealer_id });
}

/** The reminder is keyed by booking and start: a moved booking gets a new one, and the old one finds the start changed. */
async function scheduleReminder(tx: Tx, clock: Clock, row: { id: string; store_id: string; dealer_id: string; slot_start: string }): Promise<void> {
  await enqueue(tx, clock, {
    kind: TEST_DRIVE_REMINDER,
    payload: { testDriveId: row.id, start: row.slot_start },
    runAt: new Date(new Date(row.slot_start).getTime() - REMINDER_BEFORE_MS),
    dedupeKey: `test_drive.reminder:${row.id}:${row.slot_start}`,
    storeId: row.store_id,
    dealerId: row.dealer_id,
  });
}

// ---- Buyer: book, list, reschedule, cancel. ----

export interface BookingRequest {
  dealer: string;
  model: string;
  start: string;
  sharePhone?: boolean | undefined;
  notes?: string | undefined;
}

/** Checks every cap of the store's policy against the buyer's bookings; run under the buyer's lock. */
async function checkCaps(tx: Tx, policy: TestDrivePolicy, buyerId: string, storeId: string, modelId: string, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - policy.windowDays * 86_400_000).toISOString();
  const counts = await repo.buyerBookingCounts(tx, buyerId, storeId, now.toISOString(), windowStart);
  const upcoming = [...counts.upcomingByModel.values()].reduce((sum, n) => sum + n, 0);
  if ((counts.upcomingByModel.get(modelId) ?? 0) >= policy.maxUpcomingPerModel) {
    throw testDriveErrors.limitReached('per_model', policy.maxUpcomingPerModel);
  }
  if (upcoming >= policy.maxUpcoming) throw testDriveErrors.limitReached('upcoming', policy.maxUpcoming);
  if (counts.recent >= policy.maxInWindow) throw testDriveErrors.limitReached('window', policy.maxInWindow);
}

async function checkCapacity(tx: Tx, dealerId: string, modelId: string, start: string): Promise<void> {
  const capacity = await repo.countDemoCars(tx, dealerId, modelId);
  const taken = (await repo.countActiveBySlot(tx, dealerId, modelId, start, start)).get(start) ?? 0;
  if (taken >= capacity) throw testDriveErrors.slotFull(start);
}

export async function bookTestDrive(
  deps: { db: Db; clock: Clock },
  buyerId: string,
  storeSlug: string,
  request: BookingRequest,
  /** The buyer's device, for the brand's dashboards. */
  channel: Channel,
  locale: Locale,
): Promise<BuyerTestDrive> {
  const store = await requireStore(deps.db, storeSlug);
  const startAt = parseStart(request.start);
  const id = await inWriteTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const dealer = await findActiveDealerByCode(tx, store.id, request.dealer);
    if (!dealer) throw testDriveErrors.unknownDealer(request.dealer);
    if (!offersTestDrives(dealer.services)) throw testDriveErrors.notOffered(dealer.code);
    const model = await repo.findActiveModel(tx, store.id, request.model);
    if (!model) throw testDriveErrors.unknownModel(request.model);
    const policy = await getPolicy(tx, store.id);
    requireBookableSlot(hoursOf(dealer.opening_hours), startAt, request.start, now, policy);
    if ((await repo.countDemoCars(tx, dealer.id, model.id)) === 0) throw testDriveErrors.noDemoCar(dealer.code, model.slug);

    // The dealer's row guards its slots, the buyer's row their caps; only then count and write.
    await lockRows(tx, [
      ['dealer', dealer.id],
      ['user_account', buyerId],
    ]);
    const start = startAt.toISOString();
    await checkCaps(tx, policy, buyerId, store.id, model.id, now);
    await checkCapacity(tx, dealer.id, model.id, start);

    const buyer = await repo.findBuyerContact(tx, buyerId);
    const phone = request.sharePhone ? (buyer?.phone ?? null) : null;
    const notes = request.notes?.trim() ? request.notes.trim() : null;
    const id = newId(now.getTime());
    await repo.insertTestDrive(tx, {
      id,
      store_id: store.id,
      dealer_id: dealer.id,
      model_id: model.id,
      buyer_id: buyerId,
      slot_start: start,
      slot_minutes: policy.slotMinutes,
      status: 'booked',
      phone,
      buyer_notes: notes,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await repo.insertEvent(tx, { id: newId(now.getTime()), testDriveId: id, actorId: buyerId, kind: 'status', status: 'booked', slotStart: start, now: now.toISOString() });
    await openLead(tx, deps.clock, { storeId: store.id, dealerId: dealer.id, buyerId, source: 'test_drive', modelId: model.id, testDriveId: id, phone, message: notes });
    // A test drive is of a model's demo car, not of a trim.
    await recordDomainEvent(tx, deps.clock, { kind: 'test_drive_booked', storeId: store.id, subjectId: id, modelId: model.id, trimId: null, dealer, channel });
    const row = (await repo.findById(tx, id))!;
    await tellBuyer(tx, deps.clock, row, 'testDrive.booked');
    await scheduleReminder(tx, deps.clock, row);
    return id;
  });
  return toBuyerView((await repo.findById(deps.db, id))!, deps.clock.now(), locale);
}

export async function listMyTestDrives(deps: { db: Db; clock: Clock }, buyerId: string, locale: Locale, limit: number): Promise<BuyerTestDrive[]> {
  const now = deps.clock.now();
  const rows = await repo.listOfBuyer(deps.db, buyerId, Math.min(limit, BUYER_LIST_MAX));
  return rows.map((row) => toBuyerView(row, now, locale));
}

/** Loads the buyer's own booking and locks its dealer and the buyer, then reads it again under the locks. */
async function lockOwnBooking(tx: Tx, buyerId: string, id: string): Promise<repo.TestDriveRow> {
  const before = await repo.findOfBuyer(tx, buyerId, id);
  if (!before) throw testDriveErrors.notFound();
  await lockRows(tx, [
    ['dealer', before.dealer_id],
    ['user_account', buyerId],
  ]);
  return (await repo.findOfBuyer(tx, buyerId, id))!;
}

function requireMove(row: repo.TestDriveRow, to: TestDriveStatus): void {
  const from = row.status as TestDriveStatus;
  if (!TRANSITIONS[from]?.includes(to)) throw testDriveErrors.illegalTransition(from, to);
}

export async function rescheduleMyTestDrive(
  deps: { db: Db; clock: Clock },
  buyerId: string,
  id: string,
  startText: string,
  locale: Locale,
): Promise<BuyerTestDrive> {
  if (!isUuid(id)) throw testDriveErrors.notFound();
  const startAt = parseStart(startText);
  await inWriteTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const row = await lockOwnBooking(tx, buyerId, id);
    const status = row.status as TestDriveStatus;
    if (status !== 'booked' && status !== 'confirmed') throw testDriveErrors.illegalTransition(status, 'booked');
    if (new Date(row.slot_start) <= now) throw testDriveErrors.alreadyPast();
    const dealer = (await findActiveDealerByCode(tx, row.store_id, row.dealer_code))!;
    if (!dealer || !offersTestDrives(dealer.services)) throw testDriveErrors.notOffered(row.dealer_code);
    const policy = await getPolicy(tx, row.store_id);
    requireBookableSlot(hoursOf(dealer.opening_hours), startAt, startText, now, policy);
    const start = startAt.toISOString();
    if (start === row.slot_start) throw testDriveErrors.sameSlot();
    await checkCapacity(tx, row.dealer_id, row.model_id, start);
    // A move needs the dealer's confirmation again.
    await repo.updateSlot(tx, id, { status, slotStart: row.slot_start }, start, now.toISOString());
    await repo.insertEvent(tx, { id: newId(now.getTime()), testDriveId: id, actorId: buyerId, kind: 'rescheduled', status: 'booked', slotStart: start, now: now.toISOString() });
    const moved = (await repo.findById(tx, id))!;
    await tellBuyer(tx, deps.clock, moved, 'testDrive.rescheduled');
    await scheduleReminder(tx, deps.clock, moved);
  });
  return toBuyerView((await repo.findById(deps.db, id))!, deps.clock.now(), locale);
}

export async function cancelMyTestDrive(deps: { db: Db; clock: Clock }, buyerId: string, id: string, locale: Locale): Promise<BuyerTestDrive> {
  if (!isUuid(id)) throw testDriveErrors.notFound();
  await inWriteTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const row = await lockOwnBooking(tx, buyerId, id);
    requireMove(row, 'cancelled');
    if (new Date(row.slot_start) <= now) throw testDriveErrors.alreadyPast();
    await repo.updateStatus(tx, id, row.status, 'cancelled', now.toISOString());
    await repo.insertEvent(tx, { id: newId(now.getTime()), testDriveId: id, actorId: buyerId, kind: 'status', status: 'cancelled', now: now.toISOString() });
    await tellBuyer(tx, deps.clock, row, 'testDrive.cancelled');
  });
  return toBuyerView((await repo.findById(deps.db, id))!, deps.clock.now(), locale);
}

// ---- Dealer staff: calendar, confirm, no-show, complete, notes. ----

export interface DealerScope {
  storeId: string;
  dealerId: string;
}

export async function listDealerTestDrives(
  deps: { db: Db; clock: Clock },
  scope: DealerScope,
  query: { from?: string | undefined; to?: string | undefined },
  locale: Locale,
): Promise<{ from: string; to: string; timeZone: typeof TIME_ZONE; testDrives: DealerTestDrive[] }> {
  const from = query.from ?? localDate(deps.clock.now());
  checkRange(from, query.to ?? from, MAX_CALENDAR_RANGE_DAYS);
  const to = query.to ?? addDays(from, 6);
  const rows = await repo.listOfDealer(
    deps.db,
    scope.storeId,
    scope.dealerId,
    new Date(Date.parse(`${from}T00:00:00+08:00`)).toISOString(),
    new Date(Date.parse(`${addDays(to, 1)}T00:00:00+08:00`)).toISOString(),
    CALENDAR_MAX_ROWS,
  );
  return { from, to, timeZone: TIME_ZONE, testDrives: await toDealerViews(deps.db, rows, locale) };
}

export type DealerAction = 'confirmed' | 'no_show' | 'completed';

export async function moveDealerTestDrive(
  deps: { db: Db; clock: Clock },
  scope: DealerScope,
  id: string,
  to: DealerAction,
  actor: AuditActor,
  locale: Locale,
): Promise<DealerTestDrive> {
  if (!isUuid(id)) throw testDriveErrors.notFound();
  await inWriteTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    await lockRows(tx, [['dealer', scope.dealerId]]);
    const row = await repo.findOfDealer(tx, scope.storeId, scope.dealerId, id);
    if (!row) throw testDriveErrors.notFound();
    requireMove(row, to);
    if (to !== 'confirmed' && new Date(row.slot_start) > now) throw testDriveErrors.notStarted(to);
    await repo.updateStatus(tx, id, row.status, to, now.toISOString());
    await repo.insertEvent(tx, { id: newId(now.getTime()), testDriveId: id, actorId: actor.userId, kind: 'status', status: to, now: now.toISOString() });
    await recordAudit(tx, deps.clock, actor, {
      action: `test_drive.${to}`,
      targetType: 'test_drive',
      targetId: id,
      storeId: scope.storeId,
      dealerId: scope.dealerId,
      details: { from: row.status, to, start: row.slot_start },
    });
    if (to === 'confirmed') await tellBuyer(tx, deps.clock, row, 'testDrive.confirmed');
    if (to === 'completed') {
      // Marked by the dealer's staff: the buyer's device is the one they booked from.
      await recordDomainEvent(tx, deps.clock, {
        kind: 'test_drive_completed',
        storeId: scope.storeId,
        subjectId: id,
        modelId: row.model_id,
        trimId: null,
        dealer: await dealerPlace(tx, scope.storeId, scope.dealerId),
        channel: await channelRecordedFor(tx, 'test_drive_booked', id),
      });
    }
  });
  return (await toDealerViews(deps.db, [(await repo.findById(deps.db, id))!], locale))[0]!;
}

export async function addDealerNote(
  deps: { db: Db; clock: Clock },
  scope: DealerScope,
  id: string,
  note: string,
  actor: AuditActor,
  locale: Locale,
): Promise<DealerTestDrive> {
  if (!isUuid(id)) throw testDriveErrors.notFound();
  await inWriteTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    await lockRows(tx, [['dealer', scope.dealerId]]);
    const row = await repo.findOfDealer(tx, scope.storeId, scope.dealerId, id);
    if (!row) throw testDriveErrors.notFound();
    await repo.insertEvent(tx, { id: newId(now.getTime()), testDriveId: id, actorId: actor.userId, kind: 'note', note: note.trim(), now: now.toISOString() });
    await recordAudit(tx, deps.clock, actor, {
      action: 'test_drive.note_added',
      targetType: 'test_drive',
      targetId: id,
      storeId: scope.storeId,
      dealerId: scope.dealerId,
      details: { length: note.trim().length },
    });
  });
  return (await toDealerViews(deps.db, [(await repo.findById(deps.db, id))!], locale))[0]!;
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}
