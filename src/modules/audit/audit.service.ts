import type { DbOrTx } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import * as repo from './audit.repo.js';

/*
 * The audit log is the one sink every module writes to: security events and console
 * changes, with who, what, when and from which IP. Write it in the transaction of the change.
 */

export interface AuditActor {
  userId: string | null;
  role: string;
  ip: string;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  storeId?: string | null;
  dealerId?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: DbOrTx, clock: Clock, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await repo.insertAuditEvent(db, {
    id: newId(clock.now().getTime()),
    at: clock.now().toISOString(),
    actor_id: actor.userId,
    actor_role: actor.role,
    store_id: entry.storeId ?? null,
    dealer_id: entry.dealerId ?? null,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId ?? null,
    ip: actor.ip,
    details: JSON.stringify(entry.details ?? {}),
  });
}

export interface AuditEventView {
  id: string;
  at: string;
  actor: { id: string | null; role: string; name: string | null };
  storeId: string | null;
  dealerId: string | null;
  action: string;
  target: { type: string; id: string | null };
  ip: string;
  details: Record<string, unknown>;
}

/** Reads the log of one store, or of all stores when storeId is null (platform administration). */
export async function listAuditEvents(
  db: DbOrTx,
  scope: { storeId: string | null },
  page: { before?: string | undefined; limit: number },
): Promise<AuditEventView[]> {
  const rows = await repo.listAuditEvents(db, { storeId: scope.storeId, limit: page.limit, ...(page.before ? { before: page.before } : {}) });
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actor: { id: row.actor_id, role: row.actor_role, name: row.actor_name ?? null },
    storeId: row.store_id,
    dealerId: row.dealer_id,
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    ip: row.ip,
    details: JSON.parse(row.details) as Record<string, unknown>,
  }));
}
