import type { DbOrTx, IdempotencyKeyTable } from '../../db/database.js';

export type IdempotencyKeyRow = IdempotencyKeyTable;

export interface ClaimValues {
  userId: string;
  key: string;
  fingerprint: string;
  claimId: string;
  lockedUntil: string;
  createdAt: string;
  expiresAt: string;
}

export interface StoredResponse {
  status: number;
  type: string | null;
  location: string | null;
  body: string | null;
}

function claimColumns(claim: ClaimValues) {
  return {
    fingerprint: claim.fingerprint,
    status: 'in_flight',
    claim_id: claim.claimId,
    response_status: null,
    response_type: null,
    response_location: null,
    response_body: null,
    locked_until: claim.lockedUntil,
    created_at: claim.createdAt,
    expires_at: claim.expiresAt,
  };
}

/** Claims a key no one holds; false when a row for (user, key) already exists, whoever wrote it. */
export async function insertClaim(db: DbOrTx, claim: ClaimValues): Promise<boolean> {
  const result = await db
    .insertInto('idempotency_key')
    .values({ user_id: claim.userId, key: claim.key, ...claimColumns(claim) })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findKey(db: DbOrTx, userId: string, key: string): Promise<IdempotencyKeyRow | undefined> {
  return db.selectFrom('idempotency_key').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
}

/** Reclaims an expired key as new; only one of several takers sees true. */
export async function reclaimExpired(db: DbOrTx, claim: ClaimValues, now: string): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_key')
    .set(claimColumns(claim))
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Takes over an in-flight claim whose lease has run out (its process died); only one taker sees true. */
export async function takeOverStaleClaim(
  db: DbOrTx,
  userId: string,
  key: string,
  fingerprint: string,
  takeover: { claimId: string; lockedUntil: string },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_key')
    .set({ claim_id: takeover.claimId, locked_until: takeover.lockedUntil })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('fingerprint', '=', fingerprint)
    .where('status', '=', 'in_flight')
    .where('locked_until', '<=', now)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Stores the answer of the claim's holder; false when the claim was taken over meanwhile. */
export async function storeResponse(db: DbOrTx, userId: string, key: string, claimId: string, response: StoredResponse): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_key')
    .set({
      status: 'done',
      claim_id: null,
      locked_until: null,
      response_status: response.status,
      response_type: response.type,
      response_location: response.location,
      response_body: response.body,
    })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('status', '=', 'in_flight')
    .where('claim_id', '=', claimId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives the key back (the answer was transient), unless the claim was taken over meanwhile. */
export async function deleteClaim(db: DbOrTx, userId: string, key: string, claimId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('idempotency_key')
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('status', '=', 'in_flight')
    .where('claim_id', '=', claimId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Deletes at most `limit` expired keys, oldest first; returns how many went. */
export async function deleteExpired(db: DbOrTx, now: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_key')
    .where((eb) =>
      eb(
        eb.refTuple('user_id', 'key'),
        'in',
        eb
          .selectFrom('idempotency_key')
          .select(['user_id', 'key'])
          .where('expires_at', '<=', now)
          .orderBy('expires_at')
          .limit(limit)
          .$asTuple('user_id', 'key'),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
