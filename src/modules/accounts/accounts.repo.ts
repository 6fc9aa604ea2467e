import type { DbOrTx, LoginChallengeTable, SessionTable, Tx, UserAccountTable } from '../../db/database.js';

// SQL for accounts, sessions, API tokens and one-time codes, and only here.

/** An account, with the slug of the store it works for: consoles' addresses carry it. */
export type UserRow = UserAccountTable & { store_slug: string | null };

function selectUsers(db: DbOrTx) {
  return db.selectFrom('user_account').leftJoin('store', 'store.id', 'user_account.store_id').selectAll('user_account').select('store.slug as store_slug');
}

export async function findUserByIdentifier(db: DbOrTx, kind: 'phone' | 'email', value: string): Promise<UserRow | undefined> {
  return selectUsers(db).where(`user_account.${kind}`, '=', value).executeTakeFirst();
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  return selectUsers(db).where('user_account.id', '=', id).executeTakeFirst();
}

/** Where messages to these accounts go, for showing them masked. */
export async function findContactsByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('user_account').select(['id', 'phone', 'email']).where('id', 'in', ids).execute();
}

export async function insertUser(tx: Tx, user: UserAccountTable) {
  // A duplicate phone or email is refused by the unique constraint, not by a prior read.
  const result = await tx
    .insertInto('user_account')
    .values(user)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updatePasswordHash(tx: Tx, userId: string, passwordHash: string, now: string) {
  await tx.updateTable('user_account').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', userId).execute();
}

export async function updateProfile(tx: Tx, userId: string, changes: { display_name?: string; locale?: string }, now: string) {
  await tx
    .updateTable('user_account')
    .set({ ...changes, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

export type NewSession = Omit<SessionTable, 'revoked_at'>;

export async function insertSession(tx: Tx, session: NewSession) {
  await tx.insertInto('session').values({ ...session, revoked_at: null }).execute();
}

/** The live session behind a cookie, with its account, in one query. */
export async function findLiveSession(db: DbOrTx, tokenHash: string, now: string) {
  return db
    .selectFrom('session')
    .innerJoin('user_account', 'user_account.id', 'session.user_id')
    .select([
      'session.id as session_id',
      'session.csrf_token',
      'session.last_seen_at',
      'session.expires_at',
      'user_account.id as user_id',
      'user_account.role',
      'user_account.store_id',
      'user_account.dealer_id',
    ])
    .where('session.token_hash', '=', tokenHash)
    .where('session.revoked_at', 'is', null)
    .where('session.idle_expires_at', '>', now)
    .where('session.expires_at', '>', now)
    .where('user_account.status', '=', 'active')
    .executeTakeFirst();
}

export async function touchSession(db: DbOrTx, sessionId: string, now: string, idleExpiresAt: string) {
  await db
    .updateTable('session')
    .set({ last_seen_at: now, idle_expires_at: idleExpiresAt })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function listLiveSessions(db: DbOrTx, userId: string, now: string) {
  return db
    .selectFrom('session')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'idle_expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('idle_expires_at', '>', now)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** Revokes one session of this user; the user id in the filter is the ownership check. */
export async function revokeSession(db: DbOrTx, userId: string, sessionId: string, now: string) {
  const result = await db
    .updateTable('session')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes the session behind a token, whoever it belongs to: used when a browser signs in anew. */
export async function revokeSessionByTokenHash(db: DbOrTx, tokenHash: string, now: string) {
  await db.updateTable('session').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

export async function revokeOtherSessions(db: DbOrTx, userId: string, keepSessionId: string | null, now: string) {
  let query = db.updateTable('session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findLiveApiToken(db: DbOrTx, tokenHash: string, now: string) {
  return db
    .selectFrom('api_token')
    .innerJoin('user_account', 'user_account.id', 'api_token.created_by')
    .select([
      'api_token.id',
      'api_token.created_by',
      'api_token.role',
      'api_token.store_id',
      'api_token.dealer_id',
      'api_token.last_used_at',
    ])
    .where('api_token.token_hash', '=', tokenHash)
    .where('api_token.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('api_token.expires_at', 'is', null), eb('api_token.expires_at', '>', now)]))
    .where('user_account.status', '=', 'active')
    .executeTakeFirst();
}

/** Records a use, skipping the write when one was recorded since `notSince`: one write a minute at most. */
export async function touchApiToken(db: DbOrTx, tokenId: string, now: string, notSince: string) {
  await db
    .updateTable('api_token')
    .set({ last_used_at: now })
    .where('id', '=', tokenId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notSince)]))
    .execute();
}

export async function revokeAllApiTokens(tx: Tx, userId: string, now: string) {
  const result = await tx.updateTable('api_token').set({ revoked_at: now }).where('created_by', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertApiToken(
  tx: Tx,
  token: {
    id: string;
    created_by: string;
    role: string;
    store_id: string;
    dealer_id: string | null;
    name: string;
    token_hash: string;
    token_prefix: string;
    created_at: string;
    expires_at: string | null;
  },
) {
  await tx.insertInto('api_token').values({ ...token, last_used_at: null, revoked_at: null }).execute();
}

export async function listApiTokens(db: DbOrTx, userId: string) {
  return db
    .selectFrom('api_token')
    .select(['id', 'name', 'role', 'store_id', 'dealer_id', 'token_prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
    .where('created_by', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeApiToken(db: DbOrTx, userId: string, tokenId: string, now: string) {
  const result = await db
    .updateTable('api_token')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('created_by', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertOtpChallenge(
  tx: Tx,
  challenge: { id: string; destination: string; code_hash: string; created_at: string; expires_at: string },
) {
  await tx.insertInto('otp_challenge').values({ ...challenge, attempts: 0, consumed_at: null }).execute();
}

export async function findLatestOtpChallenge(db: DbOrTx, destination: string, now: string) {
  return db
    .selectFrom('otp_challenge')
    .selectAll()
    .where('destination', '=', destination)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertLoginChallenge(tx: Tx, challenge: Omit<LoginChallengeTable, 'attempts' | 'consumed_at'>) {
  await tx.insertInto('login_challenge').values({ ...challenge, attempts: 0, consumed_at: null }).execute();
}

export async function findLiveLoginChallenge(db: DbOrTx, tokenHash: string, now: string) {
  return db
    .selectFrom('login_challenge')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** One-time codes sent by SMS or email, and the second step of a staff sign-in. */
type ChallengeTable = 'otp_challenge' | 'login_challenge';

/**
 * Counts an attempt with one conditional UPDATE, so parallel guesses cannot slip past the
 * cap: a row only changes while attempts are below it.
 */
export async function countChallengeAttempt(db: DbOrTx, table: ChallengeTable, challengeId: string, maxAttempts: number) {
  const result = await db
    .updateTable(table)
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', challengeId)
    .where('attempts', '<', maxAttempts)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Uses a challenge up: true for the one caller that got to it first. */
export async function consumeChallenge(db: DbOrTx, table: ChallengeTable, challengeId: string, now: string) {
  const result = await db
    .updateTable(table)
    .set({ consumed_at: now })
    .where('id', '=', challengeId)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findTotpFactor(db: DbOrTx, userId: string) {
  return db.selectFrom('totp_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Starts (or restarts) an enrolment; a confirmed secret stays in force until a new one is confirmed. */
export async function savePendingTotpSecret(tx: Tx, userId: string, pendingSecret: string, now: string) {
  await tx
    .insertInto('totp_factor')
    .values({ user_id: userId, secret: null, pending_secret: pendingSecret, last_step: null, confirmed_at: null, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ pending_secret: pendingSecret, updated_at: now }))
    .execute();
}

/** Promotes the pending secret it was shown, only if it is still the pending one. */
export async function confirmTotpSecret(tx: Tx, userId: string, pendingSecret: string, step: number, now: string) {
  const result = await tx
    .updateTable('totp_factor')
    .set({ secret: pendingSecret, pending_secret: null, last_step: step, confirmed_at: now, updated_at: now })
    .where('user_id', '=', userId)
    .where('pending_secret', '=', pendingSecret)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Accepts a TOTP step once: a code seen before, or an older one, is refused even in a race. */
export async function spendTotpStep(db: DbOrTx, userId: string, step: number, now: string) {
  const result = await db
    .updateTable('totp_factor')
    .set({ last_step: step, updated_at: now })
    .where('user_id', '=', userId)
    .where('secret', 'is not', null)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- Dealer staff, as the brand console manages them. ----

const STAFF_COLUMNS = ['id', 'display_name', 'email', 'phone', 'locale', 'status', 'created_at', 'updated_at'] as const;

/** One dealer's staff accounts, oldest first, at most `limit`. */
function dealerStaff(db: DbOrTx, storeId: string, dealerId: string, limit: number) {
  return db
    .selectFrom('user_account')
    .where('role', '=', 'dealer_staff')
    .where('store_id', '=', storeId)
    .where('dealer_id', '=', dealerId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit);
}

/** The staff accounts of one dealer, oldest first, at most `limit`. */
export async function listDealerStaff(db: DbOrTx, storeId: string, dealerId: string, limit: number) {
  return dealerStaff(db, storeId, dealerId, limit).select(STAFF_COLUMNS).execute();
}

/**
 * The staff of one dealer to tell of its orders: active accounts only, since a disabled one can no
 * longer sign in to act on them (the console's list, above, still shows it). Oldest first, at most `limit`.
 */
export async function listDealerStaffToTell(db: DbOrTx, storeId: string, dealerId: string, limit: number) {
  return dealerStaff(db, storeId, dealerId, limit).select(['id', 'locale']).where('status', '=', 'active').execute();
}

export async function findDealerStaff(db: DbOrTx, storeId: string, dealerId: string, userId: string) {
  return db
    .selectFrom('user_account')
    .select(STAFF_COLUMNS)
    .where('id', '=', userId)
    .where('role', '=', 'dealer_staff')
    .where('store_id', '=', storeId)
    .where('dealer_id', '=', dealerId)
    .executeTakeFirst();
}

/** Which of an email and a phone some account already uses. */
export async function findUsersByEmailOrPhone(db: DbOrTx, email: string, phone: string) {
  return db
    .selectFrom('user_account')
    .select(['email', 'phone'])
    .where((eb) => eb.or([eb('email', '=', email), eb('phone', '=', phone)]))
    .execute();
}

/** Sets an account's status; true only when it changed. */
export async function setUserStatus(tx: Tx, userId: string, status: string, now: string): Promise<boolean> {
  const result = await tx
    .updateTable('user_account')
    .set({ status, updated_at: now })
    .where('id', '=', userId)
    .where('status', '!=', status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
