import { createHash, randomUUID } from 'node:crypto';
import type { DbOrTx } from '../../db/database.js';
import { IDEMPOTENCY_KEY_MAX_LENGTH, idempotencyErrors } from './idempotency.errors.js';
import {
  deleteClaim,
  deleteExpired,
  findKey,
  insertClaim,
  reclaimExpired,
  storeResponse,
  takeOverStaleClaim,
  type StoredResponse,
} from './idempotency.repo.js';

export type { StoredResponse } from './idempotency.repo.js';

/** How long a stored answer is replayed; an older key counts as never sent. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long an in-flight claim is trusted; past it, its process is taken for dead and the claim may be taken over. */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;
/** At most this many expired keys go per purge, so a purge is a small, bounded piece of work. */
export const IDEMPOTENCY_PURGE_BATCH = 500;

const PRINTABLE_ASCII = new RegExp(`^[\\x21-\\x7E]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);

/** The key the client sent, or the error that says why it cannot be used. */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined) throw idempotencyErrors.keyRequired();
  if (typeof header !== 'string' || !PRINTABLE_ASCII.test(header)) throw idempotencyErrors.keyInvalid();
  return header;
}

/** JSON with the keys of every object sorted, so two spellings of one body read the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((name) => record[name] !== undefined)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson(record[name])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface RequestShape {
  method: string;
  /** The route's URL pattern, e.g. /api/v1/stores/:store/orders. */
  route: string;
  params: unknown;
  body: unknown;
}

/** SHA-256 over what makes two requests the same request: method, endpoint, its params and its body. */
export function requestFingerprint(request: RequestShape): string {
  const text = canonicalJson([request.method.toUpperCase(), request.route, request.params ?? {}, request.body ?? null]);
  return createHash('sha256').update(text).digest('hex');
}

export interface HeldClaim {
  userId: string;
  key: string;
  claimId: string;
}

export type ClaimOutcome =
  | { kind: 'claimed'; claim: HeldClaim; fresh: boolean }
  | { kind: 'replay'; response: StoredResponse };

const CLAIM_ATTEMPTS = 3;

/**
 * Claims the key for this request, or says what was answered to it before. The database
 * decides between concurrent claimers, in this process or another: the primary key
 * (user_id, key) admits one insert, and each takeover is a conditional update that one
 * caller wins. Throws IDEMPOTENCY_KEY_REUSED for another request under the same key, and
 * IDEMPOTENCY_REQUEST_IN_PROGRESS while the first one still runs.
 */
export async function claimIdempotencyKey(
  db: DbOrTx,
  now: Date,
  request: { userId: string; key: string; fingerprint: string },
): Promise<ClaimOutcome> {
  const at = now.toISOString();
  const claimId = randomUUID();
  const lockedUntil = new Date(now.getTime() + IDEMPOTENCY_LEASE_MS).toISOString();
  const claim: HeldClaim = { userId: request.userId, key: request.key, claimId };
  const values = {
    ...request,
    claimId,
    lockedUntil,
    createdAt: at,
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
  };
  // Each pass either decides or saw the row change under it (released, expired, taken over): look again.
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
    if (await insertClaim(db, values)) return { kind: 'claimed', claim, fresh: true };
    const row = await findKey(db, request.userId, request.key);
    if (!row) continue;
    if (row.expires_at <= at) {
      if (await reclaimExpired(db, values, at)) return { kind: 'claimed', claim, fresh: true };
      continue;
    }
    if (row.fingerprint !== request.fingerprint) throw idempotencyErrors.keyReused();
    if (row.status === 'done') {
      return {
        kind: 'replay',
        response: { status: row.response_status ?? 200, type: row.response_type, location: row.response_location, body: row.response_body },
      };
    }
    if (row.locked_until !== null && row.locked_until > at) throw idempotencyErrors.requestInProgress();
    if (await takeOverStaleClaim(db, request.userId, request.key, request.fingerprint, { claimId, lockedUntil }, at)) {
      return { kind: 'claimed', claim, fresh: false };
    }
  }
  throw idempotencyErrors.requestInProgress();
}

/**
 * Whether an answer says "try again" rather than what happened: a server failure, a rate
 * limit, or a transaction that lost a race. Those are not kept, so a retry runs anew.
 */
export function isTransientResponse(response: StoredResponse): boolean {
  if (response.status >= 500 || response.status === 429) return true;
  if (response.status !== 409 || response.body === null) return false;
  try {
    return (JSON.parse(response.body) as { code?: unknown } | null)?.code === 'CONCURRENT_UPDATE';
  } catch {
    return false;
  }
}

/**
 * Ends a claim with its request's answer: kept for replay, or, when transient, the key is
 * given back. 'lost' means the claim had been taken over (this request outlived its lease),
 * and the taker's answer stands.
 */
export async function settleIdempotencyClaim(db: DbOrTx, claim: HeldClaim, response: StoredResponse): Promise<'stored' | 'released' | 'lost'> {
  if (isTransientResponse(response)) {
    return (await deleteClaim(db, claim.userId, claim.key, claim.claimId)) ? 'released' : 'lost';
  }
  return (await storeResponse(db, claim.userId, claim.key, claim.claimId, response)) ? 'stored' : 'lost';
}

/** Gives the key back whatever the answer was: for a request whose answer cannot be stored. */
export async function releaseIdempotencyClaim(db: DbOrTx, claim: HeldClaim): Promise<boolean> {
  return deleteClaim(db, claim.userId, claim.key, claim.claimId);
}

/** Deletes expired keys, at most one batch of them; returns how many went. */
export async function purgeExpiredIdempotencyKeys(db: DbOrTx, now: Date, limit = IDEMPOTENCY_PURGE_BATCH): Promise<number> {
  return deleteExpired(db, now.toISOString(), limit);
}
