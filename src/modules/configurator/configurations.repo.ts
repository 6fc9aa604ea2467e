import type { ConfigurationTable, DbOrTx } from '../../db/database.js';

// SQL for saved configurations, and only here. Rows are written once and never updated.

/** False when the code is taken: the primary key refuses it, and the caller draws another. */
export async function insertConfiguration(db: DbOrTx, row: ConfigurationTable): Promise<boolean> {
  const result = await db
    .insertInto('configuration')
    .values(row)
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findConfiguration(db: DbOrTx, storeId: string, code: string) {
  return db
    .selectFrom('configuration')
    .select(['code', 'snapshot', 'created_at'])
    .where('store_id', '=', storeId)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** One account's saved configurations across stores, newest first, by the (created_by, created_at) index. */
export async function listConfigurationsBy(
  db: DbOrTx,
  userId: string,
  page: { before?: { createdAt: string; code: string } | undefined; limit: number },
) {
  let query = db
    .selectFrom('configuration as c')
    .innerJoin('store as s', 's.id', 'c.store_id')
    .select(['c.code', 'c.snapshot', 'c.created_at', 's.slug as store_slug'])
    .where('c.created_by', '=', userId);
  if (page.before !== undefined) {
    const { createdAt, code } = page.before;
    query = query.where((eb) => eb.or([eb('c.created_at', '<', createdAt), eb.and([eb('c.created_at', '=', createdAt), eb('c.code', '<', code)])]));
  }
  return query.orderBy('c.created_at', 'desc').orderBy('c.code', 'desc').limit(page.limit).execute();
}
