import type { Db, DbOrTx } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { hit, type CounterStore } from '../../shared/counters.js';
import { newId } from '../../shared/ids.js';
import { isLocale, type Locale } from '../../shared/locale.js';
import type { Principal, Role } from '../access/access.policy.js';
import { recordAudit, type AuditActor, type AuditEntry } from '../audit/audit.service.js';
import { accountErrors } from './accounts.errors.js';
import * as repo from './accounts.repo.js';
import { maskIdentifier, parseIdentifier, type Identifier } from './identifiers.js';
import { checkPassword, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';
import { digest, newOtpCode, newSecret, sameSecret } from './secrets.js';
import type { MessageSender } from './sender.js';

export interface AccountDeps {
  db: Db;
  clock: Clock;
  counters: CounterStore;
  sender: MessageSender;
}

export interface RequestMeta {
  ip: string;
  userAgent: string;
}

/*
 * Documented limits. Sessions: idle 24 h, absolute 14 days. Sign-in: 5 consecutive failures
 * for one identifier lock it for 1 minute, each further failure doubles the lock up to 1 hour;
 * a success clears the count. One-time codes: 6 digits, valid 5 minutes, 5 tries each, one
 * per minute and 10 a day per destination.
 */
export const SESSION_IDLE_MS = 24 * 3600_000;
export const SESSION_ABSOLUTE_MS = 14 * 24 * 3600_000;
const SESSION_TOUCH_MS = 5 * 60_000;
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_BASE_MS = 60_000;
export const LOCKOUT_MAX_MS = 3600_000;
const FAILURE_MEMORY_MS = 24 * 3600_000;
export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_RESEND_MS = 60_000;
const LIMITS = {
  loginPerIp: { max: 30, windowMs: 15 * 60_000 },
  otpSendPerDestination: { max: 1, windowMs: OTP_RESEND_MS },
  otpSendPerDestinationDaily: { max: 10, windowMs: 24 * 3600_000 },
  otpSendPerIp: { max: 20, windowMs: 3600_000 },
  otpVerifyPerDestination: { max: 10, windowMs: 15 * 60_000 },
  otpVerifyPerIp: { max: 50, windowMs: 15 * 60_000 },
};

export function lockoutFor(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  return Math.min(LOCKOUT_BASE_MS * 2 ** (failures - LOCKOUT_THRESHOLD), LOCKOUT_MAX_MS);
}

export interface IssuedSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export interface AccountView {
  id: string;
  role: Role;
  phone: string | null;
  email: string | null;
  displayName: string;
  locale: Locale;
  storeId: string | null;
  dealerId: string | null;
  hasPassword: boolean;
  createdAt: string;
}

function toAccountView(user: repo.UserRow): AccountView {
  return {
    id: user.id,
    role: user.role as Role,
    phone: user.phone,
    email: user.email,
    displayName: user.display_name,
    locale: isLocale(user.locale) ? user.locale : 'zh-CN',
    storeId: user.store_id,
    dealerId: user.dealer_id,
    hasPassword: user.password_hash !== null,
    createdAt: user.created_at,
  };
}

function requireIdentifier(raw: string): Identifier {
  const identifier = parseIdentifier(raw);
  if (!identifier) throw accountErrors.invalidIdentifier();
  return identifier;
}

function checkPasswordStrength(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH || /^\d+$/.test(password)) {
    throw accountErrors.weakPassword(PASSWORD_MIN_LENGTH);
  }
}

async function enforce(counters: CounterStore, key: string, limit: { max: number; windowMs: number }): Promise<void> {
  const result = await hit(counters, key, limit);
  if (!result.allowed) throw accountErrors.rateLimited(result.retryAfterMs);
}

const actorOf = (user: { id: string; role: string } | null, meta: RequestMeta): AuditActor => ({
  userId: user?.id ?? null,
  role: user?.role ?? 'anonymous',
  ip: meta.ip,
});

async function issueSession(deps: AccountDeps, userId: string, meta: RequestMeta, replacing?: string): Promise<IssuedSession> {
  const now = deps.clock.now();
  const token = newSecret('vs_');
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
  await deps.db.transaction().execute(async (tx) => {
    // Sign-in always makes a new token: one planted before sign-in is worthless after it.
    if (replacing) await repo.revokeSession(tx, userId, replacing, now.toISOString());
    await repo.insertSession(tx, {
      id: newId(now.getTime()),
      user_id: userId,
      token_hash: digest(token),
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      idle_expires_at: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent.slice(0, 300),
    });
  });
  return { token, csrfToken, expiresAt };
}

export async function loginWithPassword(
  deps: AccountDeps,
  input: { identifier: string; password: string },
  meta: RequestMeta,
): Promise<{ account: AccountView; session: IssuedSession }> {
  await enforce(deps.counters, `login:ip:${meta.ip}`, LIMITS.loginPerIp);
  const identifier = requireIdentifier(input.identifier);
  const failuresKey = `login:failures:${identifier.value}`;
  const lockKey = `login:lock:${identifier.value}`;
  const lockedFor = await deps.counters.blockedFor(lockKey);
  if (lockedFor > 0) throw accountErrors.locked(lockedFor);

  const user = await repo.findUserByIdentifier(deps.db, identifier.kind, identifier.value);
  const active = user?.status === 'active' ? user : undefined;
  const valid = await checkPassword(active?.password_hash, input.password);
  if (!active || !valid) {
    const { count } = await deps.counters.increment(failuresKey, FAILURE_MEMORY_MS);
    const lockMs = lockoutFor(count);
    if (lockMs > 0) await deps.counters.block(lockKey, lockMs);
    await recordAudit(deps.db, deps.clock, actorOf(null, meta), {
      action: 'auth.login_failed',
      targetType: 'account',
      targetId: active?.id ?? null,
      storeId: active?.store_id ?? null,
      details: { identifier: maskIdentifier(identifier), failures: count, lockedForSeconds: lockMs / 1000 },
    });
    throw accountErrors.invalidCredentials();
  }
  await deps.counters.reset(failuresKey);
  const session = await issueSession(deps, active.id, meta);
  await recordAudit(deps.db, deps.clock, actorOf(active, meta), {
    action: 'auth.login',
    targetType: 'account',
    targetId: active.id,
    storeId: active.store_id,
    dealerId: active.dealer_id,
    details: { method: 'password' },
  });
  return { account: toAccountView(active), session };
}

/** Sends a one-time code. The answer is the same whether or not an account uses the destination. */
export async function requestCode(
  deps: AccountDeps,
  input: { destination: string; locale: Locale },
  meta: RequestMeta,
): Promise<{ destination: string; expiresInSeconds: number; resendAfterSeconds: number }> {
  const destination = requireIdentifier(input.destination);
  await enforce(deps.counters, `otp:send:ip:${meta.ip}`, LIMITS.otpSendPerIp);
  await enforce(deps.counters, `otp:send:${destination.value}`, LIMITS.otpSendPerDestination);
  await enforce(deps.counters, `otp:send:day:${destination.value}`, LIMITS.otpSendPerDestinationDaily);

  const now = deps.clock.now();
  const code = newOtpCode();
  await deps.db.transaction().execute(async (tx) => {
    await repo.insertOtpChallenge(tx, {
      id: newId(now.getTime()),
      destination: destination.value,
      code_hash: digest(`${destination.value}:${code}`),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + OTP_TTL_MS).toISOString(),
    });
  });
  await deps.sender.send({
    channel: destination.kind === 'phone' ? 'sms' : 'email',
    to: destination.value,
    text: codeMessage(code, input.locale),
  });
  return {
    destination: maskIdentifier(destination),
    expiresInSeconds: OTP_TTL_MS / 1000,
    resendAfterSeconds: OTP_RESEND_MS / 1000,
  };
}

function codeMessage(code: string, locale: Locale): string {
  if (locale === 'fr') return `Vitrine : votre code est ${code}. Il expire dans 5 minutes. Ne le communiquez à personne.`;
  if (locale === 'en') return `Vitrine: your code is ${code}. It expires in 5 minutes. Never share it.`;
  return `【Vitrine】验证码 ${code}，5分钟内有效。请勿告诉他人。`;
}

/** Spends one try of the latest live code for a destination; true when the code matches. */
async function consumeCode(deps: AccountDeps, destination: Identifier, code: string, meta: RequestMeta): Promise<void> {
  await enforce(deps.counters, `otp:verify:ip:${meta.ip}`, LIMITS.otpVerifyPerIp);
  await enforce(deps.counters, `otp:verify:${destination.value}`, LIMITS.otpVerifyPerDestination);
  const now = deps.clock.now().toISOString();
  const challenge = await repo.findLatestOtpChallenge(deps.db, destination.value, now);
  if (!challenge) throw accountErrors.invalidCode();
  if (!(await repo.countOtpAttempt(deps.db, challenge.id, OTP_MAX_ATTEMPTS))) throw accountErrors.invalidCode();
  if (!sameSecret(challenge.code_hash, digest(`${destination.value}:${code}`))) throw accountErrors.invalidCode();
  // Two requests racing with the right code: only one consumes it.
  if (!(await repo.consumeOtpChallenge(deps.db, challenge.id, now))) throw accountErrors.invalidCode();
}

/** Passwordless sign-in: a right code signs in, creating a buyer account on first use. */
export async function signInWithCode(
  deps: AccountDeps,
  input: { destination: string; code: string; locale: Locale },
  meta: RequestMeta,
): Promise<{ account: AccountView; session: IssuedSession; created: boolean }> {
  const destination = requireIdentifier(input.destination);
  await consumeCode(deps, destination, input.code, meta);
  let user = await repo.findUserByIdentifier(deps.db, destination.kind, destination.value);
  let created = false;
  if (!user) {
    user = await createBuyer(deps, destination, null, input.locale, null);
    created = true;
  }
  if (user.status !== 'active') throw accountErrors.invalidCode();
  const session = await issueSession(deps, user.id, meta);
  await recordAudit(deps.db, deps.clock, actorOf(user, meta), {
    action: created ? 'auth.register' : 'auth.login',
    targetType: 'account',
    targetId: user.id,
    storeId: user.store_id,
    dealerId: user.dealer_id,
    details: { method: 'code' },
  });
  return { account: toAccountView(user), session, created };
}

async function createBuyer(
  deps: AccountDeps,
  identifier: Identifier,
  passwordHash: string | null,
  locale: Locale,
  displayName: string | null,
): Promise<repo.UserRow> {
  const now = deps.clock.now().toISOString();
  const user: repo.UserRow = {
    id: newId(),
    role: 'buyer',
    phone: identifier.kind === 'phone' ? identifier.value : null,
    email: identifier.kind === 'email' ? identifier.value : null,
    password_hash: passwordHash,
    display_name: displayName ?? maskIdentifier(identifier),
    locale,
    store_id: null,
    dealer_id: null,
    status: 'active',
    created_at: now,
    updated_at: now,
  };
  const inserted = await deps.db.transaction().execute((tx) => repo.insertUser(tx, user));
  if (!inserted) throw accountErrors.accountExists();
  return user;
}

/** Registration with a password: the code sent to the phone or email proves it is the caller's. */
export async function register(
  deps: AccountDeps,
  input: { identifier: string; code: string; password: string; displayName?: string | undefined; locale: Locale },
  meta: RequestMeta,
): Promise<{ account: AccountView; session: IssuedSession }> {
  const identifier = requireIdentifier(input.identifier);
  checkPasswordStrength(input.password);
  await consumeCode(deps, identifier, input.code, meta);
  const user = await createBuyer(deps, identifier, await hashPassword(input.password), input.locale, input.displayName ?? null);
  const session = await issueSession(deps, user.id, meta);
  await recordAudit(deps.db, deps.clock, actorOf(user, meta), {
    action: 'auth.register',
    targetType: 'account',
    targetId: user.id,
    details: { method: 'password' },
  });
  return { account: toAccountView(user), session };
}

/** The principal behind a session cookie, extending its idle expiry at most every few minutes. */
export async function authenticateSession(db: Db, clock: Clock, token: string): Promise<Principal | undefined> {
  const now = clock.now();
  const row = await repo.findLiveSession(db, digest(token), now.toISOString());
  if (!row) return undefined;
  if (now.getTime() - Date.parse(row.last_seen_at) > SESSION_TOUCH_MS) {
    await repo.touchSession(db, row.session_id, now.toISOString(), new Date(now.getTime() + SESSION_IDLE_MS).toISOString());
  }
  return {
    kind: 'session',
    userId: row.user_id,
    role: row.role as Role,
    storeId: row.store_id,
    dealerId: row.dealer_id,
    sessionId: row.session_id,
    csrfToken: row.csrf_token,
  };
}

export async function authenticateApiToken(db: Db, clock: Clock, token: string): Promise<Principal | undefined> {
  const now = clock.now();
  const row = await repo.findLiveApiToken(db, digest(token), now.toISOString());
  if (!row) return undefined;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > SESSION_TOUCH_MS) {
    await repo.touchApiToken(db, row.id, now.toISOString());
  }
  return {
    kind: 'api_token',
    tokenId: row.id,
    userId: row.created_by,
    role: row.role as Role,
    storeId: row.store_id,
    dealerId: row.dealer_id,
  };
}

type SessionPrincipal = Extract<Principal, { kind: 'session' }>;
type UserPrincipal = Exclude<Principal, { kind: 'anonymous' }>;

/** Records what a signed-in person did to their own account, in their store and dealer. */
function auditOwnAction(db: DbOrTx, clock: Clock, principal: UserPrincipal, meta: RequestMeta, entry: Omit<AuditEntry, 'storeId' | 'dealerId'>) {
  return recordAudit(db, clock, { userId: principal.userId, role: principal.role, ip: meta.ip }, {
    ...entry,
    storeId: principal.storeId,
    dealerId: principal.dealerId,
  });
}

export async function logout(deps: AccountDeps, principal: SessionPrincipal, meta: RequestMeta): Promise<void> {
  const now = deps.clock.now().toISOString();
  await repo.revokeSession(deps.db, principal.userId, principal.sessionId, now);
  await auditOwnAction(deps.db, deps.clock, principal, meta, {
    action: 'auth.logout',
    targetType: 'session',
    targetId: principal.sessionId,
  });
}

export async function getAccount(db: Db, principal: UserPrincipal): Promise<AccountView> {
  const user = await repo.findUserById(db, principal.userId);
  if (!user) throw accountErrors.sessionNotFound();
  return toAccountView(user);
}

export async function updateProfile(
  deps: AccountDeps,
  principal: SessionPrincipal,
  changes: { displayName?: string | undefined; locale?: Locale | undefined },
): Promise<AccountView> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute((tx) =>
    repo.updateProfile(
      tx,
      principal.userId,
      {
        ...(changes.displayName !== undefined ? { display_name: changes.displayName.trim() } : {}),
        ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
      },
      now,
    ),
  );
  return getAccount(deps.db, principal);
}

/** A new password ends every other session of the account, wherever it was opened. */
export async function changePassword(
  deps: AccountDeps,
  principal: SessionPrincipal,
  input: { currentPassword?: string | undefined; newPassword: string },
  meta: RequestMeta,
): Promise<{ revokedSessions: number }> {
  const user = await repo.findUserById(deps.db, principal.userId);
  if (!user) throw accountErrors.sessionNotFound();
  // An account made by code has no password yet: its first one needs no current password.
  if (user.password_hash !== null && !(await checkPassword(user.password_hash, input.currentPassword ?? ''))) {
    throw accountErrors.wrongCurrentPassword();
  }
  checkPasswordStrength(input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now().toISOString();
  const revoked = await deps.db.transaction().execute(async (tx) => {
    await repo.updatePasswordHash(tx, user.id, passwordHash, now);
    const count = await repo.revokeOtherSessions(tx, user.id, principal.sessionId, now);
    await recordAudit(tx, deps.clock, { userId: user.id, role: user.role, ip: meta.ip }, {
      action: 'auth.password_changed',
      targetType: 'account',
      targetId: user.id,
      storeId: user.store_id,
      dealerId: user.dealer_id,
      details: { revokedSessions: count },
    });
    return count;
  });
  return { revokedSessions: revoked };
}

export interface SessionView {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string;
  userAgent: string;
}

export async function listSessions(deps: AccountDeps, principal: SessionPrincipal): Promise<SessionView[]> {
  const rows = await repo.listLiveSessions(deps.db, principal.userId, deps.clock.now().toISOString());
  return rows.map((row) => ({
    id: row.id,
    current: row.id === principal.sessionId,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.idle_expires_at < row.expires_at ? row.idle_expires_at : row.expires_at,
    ip: row.ip,
    userAgent: row.user_agent,
  }));
}

export async function revokeSession(deps: AccountDeps, principal: SessionPrincipal, sessionId: string, meta: RequestMeta) {
  const revoked = await repo.revokeSession(deps.db, principal.userId, sessionId, deps.clock.now().toISOString());
  if (!revoked) throw accountErrors.sessionNotFound();
  await auditOwnAction(deps.db, deps.clock, principal, meta, { action: 'auth.session_revoked', targetType: 'session', targetId: sessionId });
}

export interface ApiTokenView {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** Integration tokens act with their creator's role and tenant; the secret is shown once. */
export async function createApiToken(
  deps: AccountDeps,
  principal: SessionPrincipal,
  input: { name: string; expiresInDays?: number | undefined },
  meta: RequestMeta,
): Promise<{ token: string; apiToken: ApiTokenView }> {
  if ((principal.role !== 'brand_admin' && principal.role !== 'dealer_staff') || !principal.storeId) {
    throw accountErrors.tokenNotAllowed();
  }
  const now = deps.clock.now();
  const token = newSecret('vt_');
  const row = {
    id: newId(now.getTime()),
    created_by: principal.userId,
    role: principal.role,
    store_id: principal.storeId,
    dealer_id: principal.dealerId,
    name: input.name.trim(),
    token_hash: digest(token),
    token_prefix: token.slice(0, 10),
    created_at: now.toISOString(),
    expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : null,
  };
  await deps.db.transaction().execute(async (tx) => {
    await repo.insertApiToken(tx, row);
    await auditOwnAction(tx, deps.clock, principal, meta, {
      action: 'auth.api_token_created',
      targetType: 'api_token',
      targetId: row.id,
      details: { name: row.name, expiresAt: row.expires_at },
    });
  });
  return {
    token,
    apiToken: {
      id: row.id,
      name: row.name,
      role: principal.role,
      prefix: row.token_prefix,
      createdAt: row.created_at,
      lastUsedAt: null,
      expiresAt: row.expires_at,
      revokedAt: null,
    },
  };
}

export async function listApiTokens(deps: AccountDeps, principal: SessionPrincipal): Promise<ApiTokenView[]> {
  const rows = await repo.listApiTokens(deps.db, principal.userId);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role as Role,
    prefix: row.token_prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }));
}

export async function revokeApiToken(deps: AccountDeps, principal: SessionPrincipal, tokenId: string, meta: RequestMeta) {
  const revoked = await repo.revokeApiToken(deps.db, principal.userId, tokenId, deps.clock.now().toISOString());
  if (!revoked) throw accountErrors.tokenNotFound();
  await auditOwnAction(deps.db, deps.clock, principal, meta, { action: 'auth.api_token_revoked', targetType: 'api_token', targetId: tokenId });
}
