import type { DbOrTx, Tx } from '../../db/database.js';

export type LeadStatus = 'new' | 'contacted' | 'test_drive_booked' | 'won' | 'lost';
export type LeadSource = 'model' | 'configuration' | 'stock_unit' | 'test_drive';

export interface LeadInsert {
  id: string;
  storeId: string;
  dealerId: string;
  buyerId: string;
  source: LeadSource;
  modelId: string | null;
  configurationCode: string | null;
  vin: string | null;
  testDriveId: string | null;
  phone: string | null;
  message: string | null;
  status: LeadStatus;
  eventId: string;
  now: string;
}

/** The lead and its first history line, in the caller's transaction. */
export async function insertLead(tx: Tx, lead: LeadInsert): Promise<void> {
  await tx
    .insertInto('lead')
    .values({
      id: lead.id,
      store_id: lead.storeId,
      dealer_id: lead.dealerId,
      buyer_id: lead.buyerId,
      source: lead.source,
      model_id: lead.modelId,
      configuration_code: lead.configurationCode,
      vin: lead.vin,
      test_drive_id: lead.testDriveId,
      phone: lead.phone,
      message: lead.message,
      status: lead.status,
      created_at: lead.now,
      updated_at: lead.now,
      first_contacted_at: null,
    })
    .execute();
  await tx
    .insertInto('lead_event')
    .values({ id: lead.eventId, lead_id: lead.id, actor_id: lead.buyerId, kind: 'opened', status: lead.status, note: null, created_at: lead.now })
    .execute();
}

/** The statuses in which a dealer still owes the buyer an answer. */
export const OPEN_STATUSES: readonly LeadStatus[] = ['new', 'contacted', 'test_drive_booked'];

export interface LeadSubject {
  source: LeadSource;
  modelId: string | null;
  configurationCode: string | null;
  vin: string | null;
}

/** The buyer's open lead at this dealer about the same thing, if any: a repeated request answers with it. */
export async function findOpenLeadAbout(tx: Tx, buyerId: string, dealerId: string, subject: LeadSubject) {
  return tx
    .selectFrom('lead')
    .select('id')
    .where('buyer_id', '=', buyerId)
    .where('dealer_id', '=', dealerId)
    .where('status', 'in', OPEN_STATUSES)
    .where('source', '=', subject.source)
    .where('model_id', subject.modelId === null ? 'is' : '=', subject.modelId)
    .where('configuration_code', subject.configurationCode === null ? 'is' : '=', subject.configurationCode)
    .where('vin', subject.vin === null ? 'is' : '=', subject.vin)
    .orderBy('created_at')
    .executeTakeFirst();
}

/** The buyer's own requests (not the leads test-drive bookings open), open ones or those since an instant. */
export async function countBuyerRequests(tx: Tx, buyerId: string, filter: { open: true } | { since: string }): Promise<number> {
  let query = tx.selectFrom('lead').where('buyer_id', '=', buyerId).where('source', '<>', 'test_drive');
  query = 'open' in filter ? query.where('status', 'in', OPEN_STATUSES) : query.where('created_at', '>=', filter.since);
  const row = await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function selectLeads(db: DbOrTx) {
  return db
    .selectFrom('lead')
    .innerJoin('user_account as buyer', 'buyer.id', 'lead.buyer_id')
    .innerJoin('dealer', 'dealer.id', 'lead.dealer_id')
    .innerJoin('store', 'store.id', 'lead.store_id')
    .selectAll('lead')
    .select(['buyer.display_name as buyer_name', 'dealer.code as dealer_code', 'dealer.name as dealer_name', 'store.slug as store_slug']);
}

export type LeadRow = Awaited<ReturnType<ReturnType<typeof selectLeads>['executeTakeFirstOrThrow']>>;

export async function findDealerLead(db: DbOrTx, scope: { storeId: string; dealerId: string }, id: string) {
  return selectLeads(db)
    .where('lead.store_id', '=', scope.storeId)
    .where('lead.dealer_id', '=', scope.dealerId)
    .where('lead.id', '=', id)
    .executeTakeFirst();
}

/**
 * One page of a dealer's queue, newest first. Pages continue after (created_at, id): leads
 * opened in the same millisecond are neither skipped nor repeated.
 */
export async function listDealerLeads(
  db: DbOrTx,
  scope: { storeId: string; dealerId: string },
  filter: { status?: LeadStatus | undefined; after?: { createdAt: string; id: string } | undefined; limit: number },
) {
  let query = selectLeads(db).where('lead.store_id', '=', scope.storeId).where('lead.dealer_id', '=', scope.dealerId);
  if (filter.status !== undefined) query = query.where('lead.status', '=', filter.status);
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('lead.created_at', '<', after.createdAt), eb.and([eb('lead.created_at', '=', after.createdAt), eb('lead.id', '<', after.id)])]),
    );
  }
  return query.orderBy('lead.created_at', 'desc').orderBy('lead.id', 'desc').limit(filter.limit).execute();
}

export async function countDealerLeadsByStatus(db: DbOrTx, scope: { storeId: string; dealerId: string }) {
  const rows = await db
    .selectFrom('lead')
    .where('store_id', '=', scope.storeId)
    .where('dealer_id', '=', scope.dealerId)
    .groupBy('status')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .execute();
  return rows.map((row) => ({ status: row.status, count: Number(row.n) }));
}

export async function findBuyerLead(db: DbOrTx, buyerId: string, id: string) {
  return selectLeads(db).where('lead.buyer_id', '=', buyerId).where('lead.id', '=', id).executeTakeFirst();
}

export async function listBuyerLeads(db: DbOrTx, buyerId: string, limit: number) {
  return selectLeads(db).where('lead.buyer_id', '=', buyerId).orderBy('lead.created_at', 'desc').orderBy('lead.id', 'desc').limit(limit).execute();
}

/** A lead's history, oldest first, with who did each thing; bounded, as every list is. */
export async function listLeadEvents(db: DbOrTx, leadId: string, limit: number) {
  return db
    .selectFrom('lead_event')
    .leftJoin('user_account as actor', 'actor.id', 'lead_event.actor_id')
    .select([
      'lead_event.id',
      'lead_event.kind',
      'lead_event.status',
      'lead_event.note',
      'lead_event.created_at',
      'lead_event.actor_id',
      'actor.display_name as actor_name',
      'actor.role as actor_role',
    ])
    .where('lead_event.lead_id', '=', leadId)
    .orderBy('lead_event.created_at')
    .orderBy('lead_event.id')
    .limit(limit)
    .execute();
}

/**
 * Moves a lead from the status the caller saw to the next one, only if it is still there: of
 * two concurrent moves from one status, one changes the row and the other finds it changed.
 * The first move out of `new` stamps first_contacted_at; nothing ever stamps it again.
 */
export async function moveLead(
  tx: Tx,
  scope: { storeId: string; dealerId: string },
  move: { id: string; from: LeadStatus; to: LeadStatus; now: string },
): Promise<boolean> {
  const result = await tx
    .updateTable('lead')
    .set((eb) => ({
      status: move.to,
      updated_at: move.now,
      ...(move.from === 'new' ? { first_contacted_at: eb.fn.coalesce('first_contacted_at', eb.val(move.now)) } : {}),
    }))
    .where('id', '=', move.id)
    .where('store_id', '=', scope.storeId)
    .where('dealer_id', '=', scope.dealerId)
    .where('status', '=', move.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks a lead as changed (a note was added); false when it is not this dealer's. */
export async function touchLead(tx: Tx, scope: { storeId: string; dealerId: string }, id: string, now: string): Promise<boolean> {
  const result = await tx
    .updateTable('lead')
    .set({ updated_at: now })
    .where('id', '=', id)
    .where('store_id', '=', scope.storeId)
    .where('dealer_id', '=', scope.dealerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertLeadEvent(
  tx: Tx,
  event: { id: string; leadId: string; actorId: string | null; kind: 'status' | 'note'; status: LeadStatus | null; note: string | null; now: string },
): Promise<void> {
  await tx
    .insertInto('lead_event')
    .values({ id: event.id, lead_id: event.leadId, actor_id: event.actorId, kind: event.kind, status: event.status, note: event.note, created_at: event.now })
    .execute();
}

// ---- What a lead is about, named in the reader's locale: read in a few queries per page. ----

export async function findModelsByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('model').select(['id', 'slug', 'name']).where('id', 'in', ids).execute();
}

export async function findConfigurationSnapshots(db: DbOrTx, storeIds: string[], codes: string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('configuration').select(['code', 'store_id', 'snapshot']).where('store_id', 'in', storeIds).where('code', 'in', codes).execute();
}

export async function findUnitsWithTrims(db: DbOrTx, storeIds: string[], vins: string[]) {
  if (vins.length === 0) return [];
  return db
    .selectFrom('vehicle_unit')
    .innerJoin('trim', 'trim.id', 'vehicle_unit.trim_id')
    .select(['vehicle_unit.vin', 'vehicle_unit.model_id', 'vehicle_unit.option_codes', 'trim.code as trim_code', 'trim.name as trim_name'])
    .where('vehicle_unit.store_id', 'in', storeIds)
    .where('vehicle_unit.vin', 'in', vins)
    .execute();
}

export async function findOptionNames(db: DbOrTx, modelIds: string[]) {
  if (modelIds.length === 0) return [];
  return db.selectFrom('option').select(['model_id', 'code', 'name', 'position']).where('model_id', 'in', modelIds).execute();
}

/** A car of the store by its VIN, and the dealer that has it. */
export async function findUnitOfStore(db: DbOrTx, storeId: string, vin: string) {
  return db.selectFrom('vehicle_unit').select(['vin', 'model_id', 'trim_id', 'dealer_id']).where('store_id', '=', storeId).where('vin', '=', vin).executeTakeFirst();
}
