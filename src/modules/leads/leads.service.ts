import type { Db, DbOrTx, Tx } from '../../db/database.js';
import { inWriteTransaction, lockRows } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import { leadErrors } from './leads.errors.js';
import * as repo from './leads.repo.js';
import { insertLead, OPEN_STATUSES, type LeadRow, type LeadSource, type LeadStatus, type LeadSubject } from './leads.repo.js';

export { OPEN_STATUSES, type LeadSource, type LeadStatus };
export const LEAD_STATUSES: readonly LeadStatus[] = ['new', 'contacted', 'test_drive_booked', 'won', 'lost'];

/**
 * Where a lead may go next. A lead closes as won or lost and never reopens: a buyer who asks
 * again later opens a new one. Nothing goes back to `new`, so first contact is stamped once.
 */
export const LEAD_TRANSITIONS: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['contacted', 'test_drive_booked', 'lost'],
  contacted: ['test_drive_booked', 'won', 'lost'],
  test_drive_booked: ['won', 'lost'],
  won: [],
  lost: [],
};

/** A buyer may wait on this many requests at once, and send this many a day: a dealer's queue is not a mailbox to flood. */
export const MAX_OPEN_REQUESTS = 5;
export const MAX_REQUESTS_PER_DAY = 10;
export const QUEUE_DEFAULT_LIMIT = 20;
export const QUEUE_MAX_LIMIT = 100;
const HISTORY_MAX = 200;

export interface NewLead {
  storeId: string;
  dealerId: string;
  buyerId: string;
  source: LeadSource;
  modelId?: string | null;
  configurationCode?: string | null;
  vin?: string | null;
  testDriveId?: string | null;
  /** Only when the buyer agreed to share it with the dealer. */
  phone?: string | null;
  message?: string | null;
}

/**
 * Opens a lead in the transaction of the change that causes it (a "contact me" request, a
 * test-drive booking). A booking's lead starts as `test_drive_booked`; any other starts `new`.
 * The caller has already checked that the dealer belongs to the store.
 */
export async function openLead(tx: Tx, clock: Clock, lead: NewLead): Promise<{ id: string }> {
  const now = clock.now();
  const id = newId(now.getTime());
  await insertLead(tx, {
    id,
    storeId: lead.storeId,
    dealerId: lead.dealerId,
    buyerId: lead.buyerId,
    source: lead.source,
    modelId: lead.modelId ?? null,
    configurationCode: lead.configurationCode ?? null,
    vin: lead.vin ?? null,
    testDriveId: lead.testDriveId ?? null,
    phone: lead.phone ?? null,
    message: lead.message ?? null,
    status: lead.source === 'test_drive' ? 'test_drive_booked' : 'new',
    eventId: newId(now.getTime()),
    now: now.toISOString(),
  });
  return { id };
}

/**
 * A buyer's "contact me": the open lead already asking this dealer about the same thing, or a
 * new one within the buyer's limits. The buyer's row is locked first, so that concurrent
 * requests of one buyer are checked one after the other: ten identical ones open one lead.
 */
export async function openRequestedLead(
  tx: Tx,
  clock: Clock,
  request: { storeId: string; dealerId: string; buyerId: string; subject: LeadSubject; phone: string | null; message: string | null },
): Promise<{ id: string; created: boolean }> {
  await lockRows(tx, [['user_account', request.buyerId]]);
  const existing = await repo.findOpenLeadAbout(tx, request.buyerId, request.dealerId, request.subject);
  if (existing) return { id: existing.id, created: false };
  if ((await repo.countBuyerRequests(tx, request.buyerId, { open: true })) >= MAX_OPEN_REQUESTS) {
    throw leadErrors.tooManyOpen(MAX_OPEN_REQUESTS);
  }
  const dayAgo = new Date(clock.now().getTime() - 24 * 3_600_000).toISOString();
  if ((await repo.countBuyerRequests(tx, request.buyerId, { since: dayAgo })) >= MAX_REQUESTS_PER_DAY) {
    throw leadErrors.tooManyToday(MAX_REQUESTS_PER_DAY);
  }
  const { id } = await openLead(tx, clock, {
    storeId: request.storeId,
    dealerId: request.dealerId,
    buyerId: request.buyerId,
    ...request.subject,
    phone: request.phone,
    message: request.message,
  });
  return { id, created: true };
}

// ---- Views ----

/** What the lead is about, named in the reader's locale. */
export interface LeadVehicle {
  model: { slug: string; name: string } | null;
  trim: { code: string; name: string } | null;
  options: Array<{ code: string; name: string }>;
  configurationCode: string | null;
  vin: string | null;
}

export interface BuyerLeadView {
  id: string;
  store: string;
  dealer: { code: string; name: string };
  source: LeadSource;
  status: LeadStatus;
  vehicle: LeadVehicle;
  phoneShared: boolean;
  message: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StaffLeadView {
  id: string;
  source: LeadSource;
  status: LeadStatus;
  buyer: { name: string; phone: string | null };
  vehicle: LeadVehicle;
  message: string | null;
  testDriveId: string | null;
  createdAt: string;
  updatedAt: string;
  firstContactedAt: string | null;
  /** Whole minutes from the request to the first move out of `new`; null until then. */
  minutesToFirstContact: number | null;
  /** The statuses this lead may move to now. */
  next: LeadStatus[];
}

export interface LeadEventView {
  id: string;
  kind: 'opened' | 'status' | 'note';
  status: LeadStatus | null;
  note: string | null;
  at: string;
  actor: { name: string | null; role: string | null };
}

interface SnapshotNames {
  model: { slug: string; name: LocalizedText };
  trim: { code: string; name: LocalizedText };
  options: Array<{ code: string; name: LocalizedText }>;
}

/** Names every lead's car in a fixed number of queries, whatever the page size. */
async function describeVehicles(db: DbOrTx, rows: LeadRow[], locale: Locale): Promise<Map<string, LeadVehicle>> {
  const storeIds = [...new Set(rows.map((r) => r.store_id))];
  const codes = [...new Set(rows.flatMap((r) => (r.configuration_code ? [r.configuration_code] : [])))];
  const vins = [...new Set(rows.flatMap((r) => (r.vin ? [r.vin] : [])))];
  const [configurations, units] = await Promise.all([
    repo.findConfigurationSnapshots(db, storeIds, codes),
    repo.findUnitsWithTrims(db, storeIds, vins),
  ]);
  const modelIds = [...new Set([...rows.flatMap((r) => (r.model_id ? [r.model_id] : [])), ...units.map((u) => u.model_id)])];
  const [models, options] = await Promise.all([repo.findModelsByIds(db, modelIds), repo.findOptionNames(db, units.map((u) => u.model_id))]);
  const text = (json: string) => localize(JSON.parse(json) as LocalizedText, locale);
  const modelById = new Map(models.map((m) => [m.id, { slug: m.slug, name: text(m.name) }]));
  const snapshotByCode = new Map(configurations.map((c) => [`${c.store_id}:${c.code}`, JSON.parse(c.snapshot) as SnapshotNames]));
  const unitByVin = new Map(units.map((u) => [u.vin, u]));
  const optionName = new Map(options.map((o) => [`${o.model_id}:${o.code}`, { name: text(o.name), position: o.position }]));

  const described = new Map<string, LeadVehicle>();
  for (const row of rows) {
    const vehicle: LeadVehicle = {
      model: row.model_id ? (modelById.get(row.model_id) ?? null) : null,
      trim: null,
      options: [],
      configurationCode: row.configuration_code,
      vin: row.vin,
    };
    const snapshot = row.configuration_code ? snapshotByCode.get(`${row.store_id}:${row.configuration_code}`) : undefined;
    if (snapshot) {
      vehicle.model = { slug: snapshot.model.slug, name: localize(snapshot.model.name, locale) };
      vehicle.trim = { code: snapshot.trim.code, name: localize(snapshot.trim.name, locale) };
      vehicle.options = snapshot.options.map((o) => ({ code: o.code, name: localize(o.name, locale) }));
    }
    const unit = row.vin ? unitByVin.get(row.vin) : undefined;
    if (unit) {
      vehicle.model = modelById.get(unit.model_id) ?? vehicle.model;
      vehicle.trim = { code: unit.trim_code, name: text(unit.trim_name) };
      vehicle.options = (JSON.parse(unit.option_codes) as string[])
        .map((code) => ({ code, known: optionName.get(`${unit.model_id}:${code}`) }))
        .sort((a, b) => (a.known?.position ?? 0) - (b.known?.position ?? 0))
        .map(({ code, known }) => ({ code, name: known?.name ?? code }));
    }
    described.set(row.id, vehicle);
  }
  return described;
}

function minutesBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / 60_000);
}

function staffView(row: LeadRow, vehicle: LeadVehicle): StaffLeadView {
  const status = row.status as LeadStatus;
  return {
    id: row.id,
    source: row.source as LeadSource,
    status,
    // The phone only ever reaches the dealer when the buyer shared it: unshared, it was never stored.
    buyer: { name: row.buyer_name, phone: row.phone },
    vehicle,
    message: row.message,
    testDriveId: row.test_drive_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstContactedAt: row.first_contacted_at,
    minutesToFirstContact: row.first_contacted_at === null ? null : minutesBetween(row.created_at, row.first_contacted_at),
    next: [...LEAD_TRANSITIONS[status]],
  };
}

function buyerView(row: LeadRow, vehicle: LeadVehicle, locale: Locale): BuyerLeadView {
  return {
    id: row.id,
    store: row.store_slug,
    dealer: { code: row.dealer_code, name: localize(JSON.parse(row.dealer_name) as LocalizedText, locale) },
    source: row.source as LeadSource,
    status: row.status as LeadStatus,
    vehicle,
    phoneShared: row.phone !== null,
    message: row.message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A lead of the buyer's, as the buyer sees it (after a request). */
export async function getBuyerLead(db: DbOrTx, buyerId: string, id: string, locale: Locale): Promise<BuyerLeadView> {
  const row = await repo.findBuyerLead(db, buyerId, id);
  if (!row) throw leadErrors.notFound();
  return buyerView(row, (await describeVehicles(db, [row], locale)).get(row.id)!, locale);
}

export async function listBuyerLeads(db: DbOrTx, buyerId: string, limit: number, locale: Locale): Promise<BuyerLeadView[]> {
  const rows = await repo.listBuyerLeads(db, buyerId, Math.min(limit, QUEUE_MAX_LIMIT));
  const vehicles = await describeVehicles(db, rows, locale);
  return rows.map((row) => buyerView(row, vehicles.get(row.id)!, locale));
}

// ---- The dealer's queue ----

type DealerScope = { storeId: string; dealerId: string };

// The cursor is opaque to callers: the (created_at, id) of the last lead shown, base64url-encoded.
function encodeCursor(row: { created_at: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(createdAt))) return { createdAt, id };
  } catch {
    // falls through to the one answer for any bad cursor
  }
  throw leadErrors.invalidCursor();
}

export interface LeadQueue {
  leads: StaffLeadView[];
  /** Every lead of the dealer by status, whatever the filter. */
  counts: Record<LeadStatus, number>;
  /** Pass it back as `cursor` for the next, older page; null on the last page. */
  nextCursor: string | null;
}

export async function listQueue(
  db: DbOrTx,
  scope: DealerScope,
  query: { status?: LeadStatus | undefined; cursor?: string | undefined; limit?: number | undefined },
  locale: Locale,
): Promise<LeadQueue> {
  const limit = Math.min(query.limit ?? QUEUE_DEFAULT_LIMIT, QUEUE_MAX_LIMIT);
  const [rows, counted] = await Promise.all([
    repo.listDealerLeads(db, scope, { status: query.status, after: query.cursor ? decodeCursor(query.cursor) : undefined, limit }),
    repo.countDealerLeadsByStatus(db, scope),
  ]);
  const vehicles = await describeVehicles(db, rows, locale);
  const counts = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
  for (const { status, count } of counted) if (status in counts) counts[status as LeadStatus] = count;
  const last = rows.at(-1);
  return {
    leads: rows.map((row) => staffView(row, vehicles.get(row.id)!)),
    counts,
    nextCursor: last && rows.length === limit ? encodeCursor(last) : null,
  };
}

export async function getLeadDetail(db: DbOrTx, scope: DealerScope, id: string, locale: Locale): Promise<StaffLeadView & { history: LeadEventView[] }> {
  const row = await repo.findDealerLead(db, scope, id);
  if (!row) throw leadErrors.notFound();
  const [vehicles, events] = await Promise.all([describeVehicles(db, [row], locale), repo.listLeadEvents(db, id, HISTORY_MAX)]);
  return {
    ...staffView(row, vehicles.get(row.id)!),
    history: events.map((e) => ({
      id: e.id,
      kind: e.kind as LeadEventView['kind'],
      status: e.status as LeadStatus | null,
      note: e.note,
      at: e.created_at,
      actor: { name: e.actor_name ?? null, role: e.actor_role ?? null },
    })),
  };
}

/**
 * Moves a lead along the funnel. The update is conditional on the status read just before, so
 * two concurrent moves cannot both leave the same status; the loser reads again and is judged
 * against where the lead now stands (an edge that is no longer allowed is a 409).
 */
export async function changeLeadStatus(
  deps: { db: Db; clock: Clock },
  scope: DealerScope,
  id: string,
  to: LeadStatus,
  actorId: string,
  locale: Locale,
): Promise<StaffLeadView & { history: LeadEventView[] }> {
  await inWriteTransaction(deps.db, async (tx) => {
    for (let attempt = 0; ; attempt++) {
      const lead = await repo.findDealerLead(tx, scope, id);
      if (!lead) throw leadErrors.notFound();
      const from = lead.status as LeadStatus;
      if (!LEAD_TRANSITIONS[from]?.includes(to)) throw leadErrors.transitionNotAllowed(from, to);
      const now = deps.clock.now().toISOString();
      if (await repo.moveLead(tx, scope, { id, from, to, now })) {
        await repo.insertLeadEvent(tx, { id: newId(Date.parse(now)), leadId: id, actorId, kind: 'status', status: to, note: null, now });
        return;
      }
      // Changed under us: a status only moves forward through a finite table, so this ends.
      if (attempt >= LEAD_STATUSES.length) throw leadErrors.transitionNotAllowed(from, to);
    }
  });
  return getLeadDetail(deps.db, scope, id, locale);
}

export async function addLeadNote(
  deps: { db: Db; clock: Clock },
  scope: DealerScope,
  id: string,
  note: string,
  actorId: string,
  locale: Locale,
): Promise<StaffLeadView & { history: LeadEventView[] }> {
  await inWriteTransaction(deps.db, async (tx) => {
    const now = deps.clock.now().toISOString();
    if (!(await repo.touchLead(tx, scope, id, now))) throw leadErrors.notFound();
    await repo.insertLeadEvent(tx, { id: newId(Date.parse(now)), leadId: id, actorId, kind: 'note', status: null, note, now });
  });
  return getLeadDetail(deps.db, scope, id, locale);
}
