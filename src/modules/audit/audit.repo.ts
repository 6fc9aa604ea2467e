import type { AuditEventTable, DbOrTx } from '../../db/database.js';

// SQL for the audit log, and only here. Rows are appended, never updated.

export async function insertAuditEvent(db: DbOrTx, event: AuditEventTable) {
  await db.insertInto('audit_event').values(event).execute();
}

/**
 * Newest first, a page at a time; a null store means every store (platform administration only).
 * Pages continue after (at, id): many events share one instant, so `at` alone would skip some.
 * `at` is stored as ISO 8601 UTC with milliseconds, so comparing the text orders by time.
 */
export async function listAuditEvents(
  db: DbOrTx,
  filter: { storeId: string | null; before?: string; after?: { at: string; id: string }; limit: number },
) {
  let query = db
    .selectFrom('audit_event')
    .leftJoin('user_account', 'user_account.id', 'audit_event.actor_id')
    .select([
      'audit_event.id',
      'audit_event.at',
      'audit_event.actor_id',
      'audit_event.actor_role',
      'user_account.display_name as actor_name',
      'audit_event.store_id',
      'audit_event.dealer_id',
      'audit_event.action',
      'audit_event.target_type',
      'audit_event.target_id',
      'audit_event.ip',
      'audit_event.details',
    ])
    .orderBy('audit_event.at', 'desc')
    .orderBy('audit_event.id', 'desc')
    .limit(filter.limit);
  if (filter.storeId !== null) query = query.where('audit_event.store_id', '=', filter.storeId);
  if (filter.before) query = query.where('audit_event.at', '<', filter.before);
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('audit_event.at', '<', after.at), eb.and([eb('audit_event.at', '=', after.at), eb('audit_event.id', '<', after.id)])]),
    );
  }
  return query.execute();
}
