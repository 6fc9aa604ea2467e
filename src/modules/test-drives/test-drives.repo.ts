import type { DbOrTx, Tx } from '../../db/database.js';

// SQL for test drives, and only here. Every query names its store, dealer or buyer.

export const ACTIVE_STATUSES = ['booked', 'confirmed'] as const;

export async function findPolicy(db: DbOrTx, storeId: string) {
  return db.selectFrom('test_drive_policy').selectAll().where('store_id', '=', storeId).executeTakeFirst();
}

export async function findActiveModel(db: DbOrTx, storeId: string, slug: string) {
  return db
    .selectFrom('model')
    .select(['id', 'slug', 'name'])
    .where('store_id', '=', storeId)
    .where('slug', '=', slug)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** The dealer's demo cars of a model that are still in its fleet. */
export async function countDemoCars(db: DbOrTx, dealerId: string, modelId: string): Promise<number> {
  const row = await db
    .selectFrom('vehicle_unit')
    .where('dealer_id', '=', dealerId)
    .where('model_id', '=', modelId)
    .where('purpose', '=', 'demo')
    .where('status', '<>', 'sold')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The dealer's demo cars still in its fleet, per active model, in the range's order. */
export async function countDemoCarsByModel(db: DbOrTx, dealerId: string) {
  const rows = await db
    .selectFrom('vehicle_unit')
    .innerJoin('model', 'model.id', 'vehicle_unit.model_id')
    .where('vehicle_unit.dealer_id', '=', dealerId)
    .where('vehicle_unit.purpose', '=', 'demo')
    .where('vehicle_unit.status', '<>', 'sold')
    .where('model.status', '=', 'active')
    .groupBy(['model.slug', 'model.position'])
    .select((eb) => ['model.slug', 'model.position', eb.fn.countAll<number | string>().as('n')])
    .orderBy('model.position')
    .execute();
  return rows.map((row) => ({ slug: row.slug, n: Number(row.n) }));
}

/** Active bookings per slot start of a dealer's model between two instants (inclusive). */
export async function countActiveBySlot(db: DbOrTx, dealerId: string, modelId: string, from: string, to: string) {
  const rows = await db
    .selectFrom('test_drive')
    .where('dealer_id', '=', dealerId)
    .where('model_id', '=', modelId)
    .where('slot_start', '>=', from)
    .where('slot_start', '<=', to)
    .where('status', 'in', ACTIVE_STATUSES)
    .groupBy('slot_start')
    .select((eb) => ['slot_start', eb.fn.countAll<number | string>().as('n')])
    .execute();
  return new Map(rows.map((row) => [row.slot_start, Number(row.n)]));
}

/** What the per-buyer caps count: upcoming active bookings (per model), and bookings made since `windowStart`. */
export async function buyerBookingCounts(db: DbOrTx, buyerId: string, storeId: string, now: string, windowStart: string) {
  const upcoming = await db
    .selectFrom('test_drive')
    .where('buyer_id', '=', buyerId)
    .where('store_id', '=', storeId)
    .where('status', 'in', ACTIVE_STATUSES)
    .where('slot_start', '>=', now)
    .groupBy('model_id')
    .select((eb) => ['model_id', eb.fn.countAll<number | string>().as('n')])
    .execute();
  const recent = await db
    .selectFrom('test_drive')
    .where('buyer_id', '=', buyerId)
    .where('store_id', '=', storeId)
    .where('status', '<>', 'cancelled')
    .where('created_at', '>=', windowStart)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    upcomingByModel: new Map(upcoming.map((row) => [row.model_id, Number(row.n)])),
    recent: Number(recent.n),
  };
}

export interface TestDriveInsert {
  id: string;
  store_id: string;
  dealer_id: string;
  model_id: string;
  buyer_id: string;
  slot_start: string;
  slot_minutes: number;
  status: string;
  phone: string | null;
  buyer_notes: string | null;
  created_at: string;
  updated_at: string;
}

export async function insertTestDrive(tx: Tx, row: TestDriveInsert): Promise<void> {
  await tx.insertInto('test_drive').values(row).execute();
}

export async function insertEvent(
  tx: Tx,
  event: { id: string; testDriveId: string; actorId: string | null; kind: 'status' | 'rescheduled' | 'note'; status?: string; slotStart?: string; note?: string; now: string },
): Promise<void> {
  await tx
    .insertInto('test_drive_event')
    .values({
      id: event.id,
      test_drive_id: event.testDriveId,
      actor_id: event.actorId,
      kind: event.kind,
      status: event.status ?? null,
      slot_start: event.slotStart ?? null,
      note: event.note ?? null,
      created_at: event.now,
    })
    .execute();
}

/** Moves a booking from one status to another; false when it was not in `from` any more. */
export async function updateStatus(tx: Tx, id: string, from: string, to: string, now: string): Promise<boolean> {
  const result = await tx
    .updateTable('test_drive')
    .set({ status: to, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateSlot(tx: Tx, id: string, from: { status: string; slotStart: string }, slotStart: string, now: string): Promise<boolean> {
  const result = await tx
    .updateTable('test_drive')
    .set({ slot_start: slotStart, status: 'booked', updated_at: now })
    .where('id', '=', id)
    .where('status', '=', from.status)
    .where('slot_start', '=', from.slotStart)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A booking with what a view of it needs: its dealer, model and buyer. */
function withParts(db: DbOrTx) {
  return db
    .selectFrom('test_drive')
    .innerJoin('dealer', 'dealer.id', 'test_drive.dealer_id')
    .innerJoin('model', 'model.id', 'test_drive.model_id')
    .innerJoin('store', 'store.id', 'test_drive.store_id')
    .innerJoin('user_account', 'user_account.id', 'test_drive.buyer_id')
    .select([
      'test_drive.id',
      'test_drive.store_id',
      'test_drive.dealer_id',
      'test_drive.model_id',
      'test_drive.buyer_id',
      'test_drive.slot_start',
      'test_drive.slot_minutes',
      'test_drive.status',
      'test_drive.phone',
      'test_drive.buyer_notes',
      'test_drive.created_at',
      'test_drive.updated_at',
      'store.slug as store_slug',
      'dealer.code as dealer_code',
      'dealer.name as dealer_name',
      'dealer.city as dealer_city',
      'dealer.address as dealer_address',
      'dealer.phone as dealer_phone',
      'model.slug as model_slug',
      'model.name as model_name',
      'user_account.display_name as buyer_name',
      'user_account.locale as buyer_locale',
    ]);
}

export type TestDriveRow = NonNullable<Awaited<ReturnType<typeof findById>>>;

export async function findById(db: DbOrTx, id: string) {
  return withParts(db).where('test_drive.id', '=', id).executeTakeFirst();
}

export async function findOfBuyer(db: DbOrTx, buyerId: string, id: string) {
  return withParts(db).where('test_drive.id', '=', id).where('test_drive.buyer_id', '=', buyerId).executeTakeFirst();
}

export async function findOfDealer(db: DbOrTx, storeId: string, dealerId: string, id: string) {
  return withParts(db)
    .where('test_drive.id', '=', id)
    .where('test_drive.store_id', '=', storeId)
    .where('test_drive.dealer_id', '=', dealerId)
    .executeTakeFirst();
}

export async function listOfBuyer(db: DbOrTx, buyerId: string, limit: number) {
  return withParts(db).where('test_drive.buyer_id', '=', buyerId).orderBy('test_drive.slot_start', 'desc').orderBy('test_drive.id').limit(limit).execute();
}

export async function listOfDealer(db: DbOrTx, storeId: string, dealerId: string, from: string, to: string, limit: number) {
  return withParts(db)
    .where('test_drive.store_id', '=', storeId)
    .where('test_drive.dealer_id', '=', dealerId)
    .where('test_drive.slot_start', '>=', from)
    .where('test_drive.slot_start', '<', to)
    .orderBy('test_drive.slot_start')
    .orderBy('test_drive.id')
    .limit(limit)
    .execute();
}

/** The dealer's notes on some bookings, oldest first. */
export async function notesOf(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('test_drive_event')
    .leftJoin('user_account', 'user_account.id', 'test_drive_event.actor_id')
    .select(['test_drive_event.test_drive_id', 'test_drive_event.note', 'test_drive_event.created_at', 'user_account.display_name as author'])
    .where('test_drive_event.test_drive_id', 'in', ids)
    .where('test_drive_event.kind', '=', 'note')
    .orderBy('test_drive_event.created_at')
    .orderBy('test_drive_event.id')
    .execute();
}

export async function findBuyerContact(db: DbOrTx, buyerId: string) {
  return db.selectFrom('user_account').select(['id', 'phone', 'locale']).where('id', '=', buyerId).executeTakeFirst();
}
