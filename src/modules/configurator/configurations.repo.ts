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
