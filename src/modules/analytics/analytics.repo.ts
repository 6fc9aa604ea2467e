import type { AnalyticsEventTable, DbOrTx, Tx } from '../../db/database.js';

// SQL for first-party events, and only here. Rows are appended, never updated.

/*
 * A domain event names its subject (the order, lead, test drive or configuration), and the
 * partial unique index on (kind, subject_id) refuses a second one: the conflict target repeats
 * the index's predicate, which both PostgreSQL and SQLite require to pick a partial index.
 * Views have no subject and never conflict.
 */

/** Writes a batch of events in one multi-row INSERT; answers how many were new. */
export async function insertEvents(db: DbOrTx, rows: AnalyticsEventTable[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('analytics_event')
    .values(rows)
    .onConflict((oc) => oc.columns(['kind', 'subject_id']).where('subject_id', 'is not', null).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Writes one event in the transaction of the change it records; false when its subject already has one of its kind. */
export async function insertEvent(tx: Tx, row: AnalyticsEventTable): Promise<boolean> {
  return (await insertEvents(tx, [row])) === 1;
}

/** The channel an earlier event about the same subject was recorded with. */
export async function findChannelOf(db: DbOrTx, kind: AnalyticsEventTable['kind'], subjectId: string): Promise<string | undefined> {
  const row = await db.selectFrom('analytics_event').select('channel').where('kind', '=', kind).where('subject_id', '=', subjectId).executeTakeFirst();
  return row?.channel;
}

/** The province of a city where the store has an active dealer; undefined for any other city. */
export async function findServedCityProvince(db: DbOrTx, storeId: string, cityCode: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('dealer')
    .select('province')
    .where('store_id', '=', storeId)
    .where('city_code', '=', cityCode)
    .where('status', '=', 'active')
    .limit(1)
    .executeTakeFirst();
  return row?.province;
}

/** Where a dealer is, for the dashboards' map. */
export async function findDealerPlace(db: DbOrTx, storeId: string, dealerId: string): Promise<{ id: string; city_code: string | null; province: string } | undefined> {
  return db.selectFrom('dealer').select(['id', 'city_code', 'province']).where('store_id', '=', storeId).where('id', '=', dealerId).executeTakeFirst();
}
