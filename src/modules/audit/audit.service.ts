import type { DbOrTx } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
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

export interface AuditPage {
  events: AuditEventView[];
  /** Pass it back as `cursor` for the next, older page; null on the last page. */
  nextCursor: string | null;
}

const invalidPage = (detail: string) => new DomainError('invalid', 'AUDIT_INVALID_PAGE', detail);

/** An instant with any offset, as the UTC text the log stores, so that comparisons are by time. */
function parseInstant(raw: string): string {
  const ms = Date.parse(raw);
  // Date.parse takes a bare date-time as local time: insist on an explicit offset.
  if (Number.isNaN(ms) || !/(Z|[+-]\d{2}:\d{2})$/i.test(raw)) throw invalidPage('before must be a date-time with an offset, such as 2026-12-01T08:00:00+08:00.');
  return new Date(ms).toISOString();
}

// The cursor is opaque to callers: the (at, id) of the last event shown, base64url-encoded.
function encodeCursor(event: { at: string; id: string }): string {
  return Buffer.from(JSON.stringify([event.at, event.id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) return { at, id };
  } catch {
    // falls through to the one answer for any bad cursor
  }
  throw invalidPage('That cursor is not one this log gave out.');
}

/** Reads the log of one store, or of all stores when storeId is null (platform administration). */
export async function listAuditEvents(
  db: DbOrTx,
  scope: { storeId: string | null },
  page: { before?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<AuditPage> {
  const rows = await repo.listAuditEvents(db, {
    storeId: scope.storeId,
    limit: page.limit,
    ...(page.before ? { before: parseInstant(page.before) } : {}),
    ...(page.cursor ? { after: decodeCursor(page.cursor) } : {}),
  });
  const events = rows.map((row) => ({
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
  const last = events.at(-1);
  return { events, nextCursor: last && events.length === page.limit ? encodeCursor(last) : null };
}
