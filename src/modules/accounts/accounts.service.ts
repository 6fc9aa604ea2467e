import type { Db, DbOrTx, Tx, UserAccountTable } from '../../db/database.js';
import { inWriteTransaction } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { hit, type CounterStore } from '../../shared/counters.js';
import { newId } from '../../shared/ids.js';
import { isLocale, type Locale } from '../../shared/locale.js';
import type { Principal, Role } from '../access/access.policy.js';
import { recordAudit, type AuditActor, type AuditEntry } from '../audit/audit.service.js';
import { dealerCodeOf, isDealerSwitchedOn } from '../dealers/dealers.service.js';
import { accountErrors } from './accounts.errors.js';
import * as repo from './accounts.repo.js';
import { defaultDisplayName, maskIdentifier, parseIdentifier, type Identifier } from './identifiers.js';
import { checkPassword, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';
import { digest, newOtpCode, newSecret, sameSecret } from './secrets.js';
import type { MessageSender, OutgoingMessage } from './sender.js';
import { matchTotp, newTotpSecret, totpUri } from './totp.js';

export interface AccountDeps {
  db: Db;
  clock: Clock;
  counters: CounterStore;
  sender: MessageSender;
}

export interface RequestMeta {
  ip: string;
  userAgent: string;
  /** The session token this browser already carries, if any: signing in ends it (no fixation). */
  presentedSession?: string | undefined;
}

/*
 * Documented limits. Sessions: idle 24 h, absolute 14 days. Passwords (sign-in per identifier,
 * password change per account): 5 consecutive failures lock for 1 minute, each further failure
 * doubles the lock up to 1 hour; a success clears the count. One-time codes: 6 digits, valid
 * 5 minutes, 5 tries each, one per minute and 10 a day per destination. Staff second factor:
 * a challenge lives 5 minutes and allows 5 tries. API tokens: 90 days by default, a year at most.
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
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const CHALLENGE_MAX_ATTEMPTS = 5;
export const API_TOKEN_DEFAULT_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 365;
// Recording every use would be a write per request: once a minute tells "in use" well enough.
const API_TOKEN_TOUCH_MS = 60_000;
const STAFF_ROLES: readonly Role[] = ['dealer_staff', 'brand_admin', 'platform_admin'];
const LIMITS = {
  loginPerIp: { max: 30, windowMs: 15 * 60_000 },
  passwordChangePerAccount: { max: 10, windowMs: 15 * 60_000 },
  passwordChangePerIp: { max: 30, windowMs: 15 * 60_000 },
  secondFactorSmsPerAccount: { max: 20, windowMs: 3600_000 },
  secondFactorVerifyPerIp: { max: 50, windowMs: 15 * 60_000 },
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
  /** The store's slug and the dealer's code, for staff: the addresses of their consoles. */
  storeSlug: string | null;
  dealerCode: string | null;
  hasPassword: boolean;
  createdAt: string;
}

/** The account as its owner sees it. The dealers module names a staff member's dealer: one query, for staff only. */
async function accountView(db: DbOrTx, user: repo.UserRow): Promise<AccountView> {
  const dealerCode = user.store_id !== null && user.dealer_id !== null ? await dealerCodeOf(db, user.store_id, user.dealer_id) : undefined;
  return toAccountView(user, dealerCode ?? null);
}

function toAccountView(user: repo.UserRow, dealerCode: string | null): AccountView {
  return {
    id: user.id,
    role: user.role as Role,
    phone: user.phone,
    email: user.email,
    displayName: user.display_name,
    locale: isLocale(user.locale) ? user.locale : 'zh-CN',
    storeId: user.store_id,
    dealerId: user.dealer_id,
    storeSlug: user.store_slug,
    dealerCode,
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

/**
 * One secret check (a password, a second factor) under the lockout of `subject`. The attempt
 * is counted before the secret is checked, so parallel guesses cannot all slip in before the
 * first failure is recorded: attempts up to the threshold are checked, and beyond it only the
 * one attempt that takes the lock (once the previous lock has lifted).
 */
async function checkUnderLockout(
  counters: CounterStore,
  subject: string,
  check: () => Promise<boolean>,
): Promise<{ ok: true } | { ok: false; failures: number; lockMs: number }> {
  const failuresKey = `lockout:failures:${subject}`;
  const lockKey = `lockout:lock:${subject}`;
  const lockedFor = await counters.blockedFor(lockKey);
  if (lockedFor > 0) throw accountErrors.locked(lockedFor);
  const { count } = await counters.increment(failuresKey, FAILURE_MEMORY_MS);
  const lockMs = lockoutFor(count);
  // The lock is taken before the check, and stays if the secret is wrong.
  if (lockMs > 0 && !(await counters.acquire(lockKey, lockMs))) {
    throw accountErrors.locked((await counters.blockedFor(lockKey)) || LOCKOUT_BASE_MS);
  }
  if (await check()) {
    await counters.reset(failuresKey);
    if (lockMs > 0) await counters.reset(lockKey);
    return { ok: true };
  }
  return { ok: false, failures: count, lockMs };
}

/** A new session in the caller's transaction, ending the one this browser presented. */
async function insertNewSession(tx: Tx, now: Date, userId: string, meta: RequestMeta): Promise<IssuedSession> {
  const token = newSecret('vs_');
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
  // Sign-in always makes a new token, and a token planted before sign-in is revoked by it.
  if (meta.presentedSession) await repo.revokeSessionByTokenHash(tx, digest(meta.presentedSession), now.toISOString());
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
  return { token, csrfToken, expiresAt };
}

function issueSession(deps: AccountDeps, userId: string, meta: RequestMeta): Promise<IssuedSession> {
  return inWriteTransaction(deps.db, (tx) => insertNewSession(tx, deps.clock.now(), userId, meta));
}

const isStaff = (role: string) => STAFF_ROLES.includes(role as Role);

/**
 * Dealer staff work only while their dealer is switched on. The dealers module answers (its
 * table, its query), on every sign-in and every request of a staff session or token; other roles
 * pay no query. A switch-off keeps the staff's sessions and tokens, unusable until it is switched
 * on again: the staff need not be re-created nor integrations re-issued their tokens.
 */
async function dealerLetsIn(db: Db, account: { role: string; storeId: string | null; dealerId: string | null }): Promise<boolean> {
  if (account.role !== 'dealer_staff') return true;
  // Staff without a dealer have nowhere to work.
  if (account.storeId === null || account.dealerId === null) return false;
  return isDealerSwitchedOn(db, account.storeId, account.dealerId);
}

const tenantOf = (user: repo.UserRow) => ({ role: user.role, storeId: user.store_id, dealerId: user.dealer_id });

/** Refuses, and audits, a sign-in that proved the account but may not go on: `reason` says why. */
async function refuseSignIn(deps: AccountDeps, user: repo.UserRow, meta: RequestMeta, method: string, reason: string, error: Error): Promise<never> {
  await recordAudit(deps.db, deps.clock, actorOf(user, meta), {
    action: 'auth.login_refused',
    targetType: 'account',
    targetId: user.id,
    storeId: user.store_id,
    dealerId: user.dealer_id,
    details: { method, reason },
  });
  throw error;
}

/** Refuses a sign-in that proved the account (password, second factor) because its dealer is switched off. */
function refuseSwitchedOffDealer(deps: AccountDeps, user: repo.UserRow, meta: RequestMeta, method: string): Promise<never> {
  return refuseSignIn(deps, user, meta, method, 'dealer_switched_off', accountErrors.dealerSwitchedOff());
}

export interface SecondFactorRequired {
  secondFactor: 'required';
  /** Spend it with the code at /auth/login/second-factor. */
  challenge: string;
  methods: Array<'sms' | 'totp'>;
  /** Where the SMS code went, masked; null for an authenticator app. */
  destination: string | null;
  expiresInSeconds: number;
}

/**
 * After a staff member's right password: a single-use challenge for the second factor. An
 * enrolled authenticator app is the factor; otherwise a code goes by SMS to the staff phone.
 */
async function startSecondFactor(deps: AccountDeps, user: repo.UserRow, locale: Locale): Promise<SecondFactorRequired> {
  const totp = await repo.findTotpFactor(deps.db, user.id);
  const method = totp?.secret ? 'totp' : 'sms';
  const phone = user.phone ? parseIdentifier(user.phone) : undefined;
  if (method === 'sms' && !phone) throw accountErrors.secondFactorUnavailable();
  if (method === 'sms') await enforce(deps.counters, `2fa:sms:${user.id}`, LIMITS.secondFactorSmsPerAccount);

  const now = deps.clock.now();
  const id = newId(now.getTime());
  const challenge = newSecret('vc_');
  const code = method === 'sms' ? newOtpCode() : undefined;
  await inWriteTransaction(deps.db, (tx) =>
    repo.insertLoginChallenge(tx, {
      id,
      user_id: user.id,
      token_hash: digest(challenge),
      method,
      code_hash: code ? digest(`${id}:${code}`) : null,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString(),
    }),
  );
  if (code && phone) await sendCode(deps, { channel: 'sms', to: phone.value, ...codeMessage(code, locale) });
  return {
    secondFactor: 'required',
    challenge,
    methods: [method],
    destination: method === 'sms' && phone ? maskIdentifier(phone) : null,
    expiresInSeconds: CHALLENGE_TTL_MS / 1000,
  };
}

/**
 * Sign-in with a password. Buyers are signed in at once; staff get a second-factor challenge
 * and no session until they answer it.
 */
export async function loginWithPassword(
  deps: AccountDeps,
  input: { identifier: string; password: string },
  meta: RequestMeta,
): Promise<{ account: AccountView; session: IssuedSession } | SecondFactorRequired> {
  await enforce(deps.counters, `login:ip:${meta.ip}`, LIMITS.loginPerIp);
  const identifier = requireIdentifier(input.identifier);
  const user = await repo.findUserByIdentifier(deps.db, identifier.kind, identifier.value);
  const active = user?.status === 'active' ? user : undefined;
  const result = await checkUnderLockout(deps.counters, `login:${identifier.value}`, () => checkPassword(active?.password_hash, input.password));
  if (!active || !result.ok) {
    const failure = result.ok ? { failures: 0, lockMs: 0 } : result;
    await recordAudit(deps.db, deps.clock, actorOf(null, meta), {
      action: 'auth.login_failed',
      targetType: 'account',
      targetId: active?.id ?? null,
      storeId: active?.store_id ?? null,
      dealerId: active?.dealer_id ?? null,
      details: { identifier: maskIdentifier(identifier), failures: failure.failures, lockedForSeconds: failure.lockMs / 1000 },
    });
    throw accountErrors.invalidCredentials();
  }
  // Only after the right password: a wrong one gets the same answer whatever the dealer's state.
  if (!(await dealerLetsIn(deps.db, tenantOf(active)))) await refuseSwitchedOffDealer(deps, active, meta, 'password');
  if (isStaff(active.role)) return startSecondFactor(deps, active, isLocale(active.locale) ? active.locale : 'zh-CN');
  const session = await issueSession(deps, active.id, meta);
  await recordAudit(deps.db, deps.clock, actorOf(active, meta), {
    action: 'auth.login',
    targetType: 'account',
    targetId: active.id,
    storeId: active.store_id,
    dealerId: active.dealer_id,
    details: { method: 'password' },
  });
  return { account: await accountView(deps.db, active), session };
}

/** The second step of a staff sign-in: the challenge from the password step and its code. */
export async function completeSecondFactor(
  deps: AccountDeps,
  input: { challenge: string; code: string },
  meta: RequestMeta,
): Promise<{ account: AccountView; session: IssuedSession }> {
  await enforce(deps.counters, `2fa:verify:ip:${meta.ip}`, LIMITS.secondFactorVerifyPerIp);
  const now = deps.clock.now();
  const challenge = await repo.findLiveLoginChallenge(deps.db, digest(input.challenge), now.toISOString());
  if (!challenge) throw accountErrors.challengeInvalid();
  if (!(await repo.countChallengeAttempt(deps.db, 'login_challenge', challenge.id, CHALLENGE_MAX_ATTEMPTS))) throw accountErrors.challengeInvalid();
  const user = await repo.findUserById(deps.db, challenge.user_id);
  if (!user || user.status !== 'active') throw accountErrors.challengeInvalid();

  // Each challenge allows 5 tries; the lockout per account stops guessing across new challenges.
  const result = await checkUnderLockout(deps.counters, `second-factor:${user.id}`, async () => {
    if (challenge.method === 'sms' && challenge.code_hash) return sameSecret(challenge.code_hash, digest(`${challenge.id}:${input.code}`));
    if (challenge.method !== 'totp') return false;
    const factor = await repo.findTotpFactor(deps.db, user.id);
    const step = factor?.secret ? matchTotp(factor.secret, input.code, now) : undefined;
    // A code already used (or an older one) is refused: a code seen over a shoulder is spent.
    return step !== undefined && (await repo.spendTotpStep(deps.db, user.id, step, now.toISOString()));
  });
  if (!result.ok) {
    await recordAudit(deps.db, deps.clock, actorOf(user, meta), {
      action: 'auth.second_factor_failed',
      targetType: 'account',
      targetId: user.id,
      storeId: user.store_id,
      dealerId: user.dealer_id,
      details: { method: challenge.method, failures: result.failures, lockedForSeconds: result.lockMs / 1000 },
    });
    throw accountErrors.invalidCode();
  }
  // Single use, even for two requests racing with the right code.
  if (!(await repo.consumeChallenge(deps.db, 'login_challenge', challenge.id, now.toISOString()))) throw accountErrors.challengeInvalid();
  // Asked again here: the dealer may have been switched off since the password step.
  if (!(await dealerLetsIn(deps.db, tenantOf(user)))) await refuseSwitchedOffDealer(deps, user, meta, `password+${challenge.method}`);
  const session = await issueSession(deps, user.id, meta);
  await recordAudit(deps.db, deps.clock, actorOf(user, meta), {
    action: 'auth.login',
    targetType: 'account',
    targetId: user.id,
    storeId: user.store_id,
    dealerId: user.dealer_id,
    details: { method: `password+${challenge.method}` },
  });
  return { account: await accountView(deps.db, user), session };
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
  await inWriteTransaction(deps.db, async (tx) => {
    await repo.insertOtpChallenge(tx, {
      id: newId(now.getTime()),
      destination: destination.value,
      code_hash: digest(`${destination.value}:${code}`),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + OTP_TTL_MS).toISOString(),
    });
  });
  await sendCode(deps, {
    channel: destination.kind === 'phone' ? 'sms' : 'email',
    to: destination.value,
    ...codeMessage(code, input.locale),
  });
  return {
    destination: maskIdentifier(destination),
    expiresInSeconds: OTP_TTL_MS / 1000,
    resendAfterSeconds: OTP_RESEND_MS / 1000,
  };
}

/** A gateway that fails (the sender logs why) is the caller's to retry later, not a server fault. */
async function sendCode(deps: AccountDeps, message: OutgoingMessage): Promise<void> {
  try {
    await deps.sender.send(message);
  } catch {
    throw accountErrors.codeNotSent();
  }
}

/** A sign-in code; SMS gateways that only send registered templates use `auth.code` with the code. */
function codeMessage(code: string, locale: Locale): { text: string; subject: string; template: { name: string; params: Record<string, string> } } {
  const template = { name: 'auth.code', params: { code } };
  if (locale === 'fr') {
    return { text: `Vitrine : votre code est ${code}. Il expire dans 5 minutes. Ne le communiquez à personne.`, subject: 'Votre code Vitrine', template };
  }
  if (locale === 'en') return { text: `Vitrine: your code is ${code}. It expires in 5 minutes. Never share it.`, subject: 'Your Vitrine code', template };
  return { text: `【Vitrine】验证码 ${code}，5分钟内有效。请勿告诉他人。`, subject: 'Vitrine 验证码', template };
}

/** Spends one try of the latest live code for a destination; true when the code matches. */
async function consumeCode(deps: AccountDeps, destination: Identifier, code: string, meta: RequestMeta): Promise<void> {
  await enforce(deps.counters, `otp:verify:ip:${meta.ip}`, LIMITS.otpVerifyPerIp);
  await enforce(deps.counters, `otp:verify:${destination.value}`, LIMITS.otpVerifyPerDestination);
  const now = deps.clock.now().toISOString();
  const challenge = await repo.findLatestOtpChallenge(deps.db, destination.value, now);
  if (!challenge) throw accountErrors.invalidCode();
  if (!(await repo.countChallengeAttempt(deps.db, 'otp_challenge', challenge.id, OTP_MAX_ATTEMPTS))) throw accountErrors.invalidCode();
  if (!sameSecret(challenge.code_hash, digest(`${destination.value}:${code}`))) throw accountErrors.invalidCode();
  // Two requests racing with the right code: only one consumes it.
  if (!(await repo.consumeChallenge(deps.db, 'otp_challenge', challenge.id, now))) throw accountErrors.invalidCode();
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
  // A code alone is one factor: staff accounts sign in with their password and a second factor.
  if (isStaff(user.role)) await refuseSignIn(deps, user, meta, 'code', 'staff_need_password_and_second_factor', accountErrors.staffNeedPassword());
  const session = await issueSession(deps, user.id, meta);
  await recordAudit(deps.db, deps.clock, actorOf(user, meta), {
    action: created ? 'auth.register' : 'auth.login',
    targetType: 'account',
    targetId: user.id,
    storeId: user.store_id,
    dealerId: user.dealer_id,
    details: { method: 'code' },
  });
  return { account: await accountView(deps.db, user), session, created };
}

async function createBuyer(
  deps: AccountDeps,
  identifier: Identifier,
  passwordHash: string | null,
  locale: Locale,
  displayName: string | null,
): Promise<repo.UserRow> {
  const now = deps.clock.now().toISOString();
  const user: UserAccountTable = {
    id: newId(),
    role: 'buyer',
    phone: identifier.kind === 'phone' ? identifier.value : null,
    email: identifier.kind === 'email' ? identifier.value : null,
    password_hash: passwordHash,
    display_name: displayName ?? defaultDisplayName(identifier, locale),
    locale,
    store_id: null,
    dealer_id: null,
    status: 'active',
    created_at: now,
    updated_at: now,
  };
  const inserted = await inWriteTransaction(deps.db, (tx) => repo.insertUser(tx, user));
  if (!inserted) throw accountErrors.accountExists();
  // A new buyer works for no store and no dealer.
  return { ...user, store_slug: null };
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
  return { account: await accountView(deps.db, user), session };
}

/**
 * The principal behind a session cookie, extending its idle expiry at most every few minutes.
 * The session of a switched-off dealer's staff is no session (the caller is signed out, as with a
 * disabled account), and is not extended: left unused, it expires as usual.
 */
export async function authenticateSession(db: Db, clock: Clock, token: string): Promise<Principal | undefined> {
  const now = clock.now();
  const row = await repo.findLiveSession(db, digest(token), now.toISOString());
  if (!row) return undefined;
  if (!(await dealerLetsIn(db, { role: row.role, storeId: row.store_id, dealerId: row.dealer_id }))) return undefined;
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

/**
 * The principal behind an API token; undefined for an unknown, expired or revoked one. A live
 * token of a switched-off dealer's staff is refused with its reason (its holder has the secret,
 * so the reason leaks nothing), and its refused uses are not recorded as uses.
 */
export async function authenticateApiToken(db: Db, clock: Clock, token: string): Promise<Principal | undefined> {
  const now = clock.now();
  const row = await repo.findLiveApiToken(db, digest(token), now.toISOString());
  if (!row) return undefined;
  if (!(await dealerLetsIn(db, { role: row.role, storeId: row.store_id, dealerId: row.dealer_id }))) throw accountErrors.dealerSwitchedOff();
  const notSince = new Date(now.getTime() - API_TOKEN_TOUCH_MS).toISOString();
  if (!row.last_used_at || row.last_used_at < notSince) await repo.touchApiToken(db, row.id, now.toISOString(), notSince);
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
  return accountView(db, user);
}

export async function updateProfile(
  deps: AccountDeps,
  principal: SessionPrincipal,
  changes: { displayName?: string | undefined; locale?: Locale | undefined },
): Promise<AccountView> {
  const now = deps.clock.now().toISOString();
  await inWriteTransaction(deps.db, (tx) =>
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

/**
 * Sets or changes the password. The current password is checked under the same lockout as
 * sign-in (per account), and rate-limited per account and per IP. A new password ends every
 * session and every API token of the account, and replaces the caller's own session.
 */
export async function changePassword(
  deps: AccountDeps,
  principal: SessionPrincipal,
  input: { currentPassword?: string | undefined; newPassword: string },
  meta: RequestMeta,
): Promise<{ revokedSessions: number; revokedApiTokens: number; session: IssuedSession }> {
  await enforce(deps.counters, `password-change:ip:${meta.ip}`, LIMITS.passwordChangePerIp);
  await enforce(deps.counters, `password-change:account:${principal.userId}`, LIMITS.passwordChangePerAccount);
  const user = await repo.findUserById(deps.db, principal.userId);
  if (!user) throw accountErrors.sessionNotFound();
  checkPasswordStrength(input.newPassword);
  // An account made by code has no password yet: its first one needs no current password.
  if (user.password_hash !== null) {
    const storedHash = user.password_hash;
    const result = await checkUnderLockout(deps.counters, `account:${user.id}`, () => checkPassword(storedHash, input.currentPassword ?? ''));
    if (!result.ok) {
      await auditOwnAction(deps.db, deps.clock, principal, meta, {
        action: 'auth.password_change_failed',
        targetType: 'account',
        targetId: user.id,
        details: { failures: result.failures, lockedForSeconds: result.lockMs / 1000 },
      });
      throw accountErrors.wrongCurrentPassword();
    }
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  return inWriteTransaction(deps.db, async (tx) => {
    await repo.updatePasswordHash(tx, user.id, passwordHash, now.toISOString());
    const revokedSessions = await repo.revokeOtherSessions(tx, user.id, principal.sessionId, now.toISOString());
    const revokedApiTokens = await repo.revokeAllApiTokens(tx, user.id, now.toISOString());
    // The caller's session is replaced too: its token and CSRF token may have leaked with the old password.
    await repo.revokeSession(tx, user.id, principal.sessionId, now.toISOString());
    const session = await insertNewSession(tx, now, user.id, meta);
    await auditOwnAction(tx, deps.clock, principal, meta, {
      action: 'auth.password_changed',
      targetType: 'account',
      targetId: user.id,
      details: { revokedSessions, revokedApiTokens },
    });
    return { revokedSessions, revokedApiTokens, session };
  });
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
    // Every token expires: a forgotten integration stops working instead of living forever.
    expires_at: new Date(now.getTime() + Math.min(input.expiresInDays ?? API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS) * 86_400_000).toISOString(),
  };
  await inWriteTransaction(deps.db, async (tx) => {
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

export interface SecondFactorView {
  /** How the next sign-in's second step is made: the app once enrolled, else SMS. */
  method: 'sms' | 'totp' | null;
  totpEnabled: boolean;
  /** The phone SMS codes go to, masked. */
  smsDestination: string | null;
}

function staffOnly(principal: SessionPrincipal): void {
  if (!isStaff(principal.role)) throw accountErrors.secondFactorNotAllowed();
}

export async function getSecondFactor(deps: AccountDeps, principal: SessionPrincipal): Promise<SecondFactorView> {
  staffOnly(principal);
  const user = await repo.findUserById(deps.db, principal.userId);
  if (!user) throw accountErrors.sessionNotFound();
  const totpEnabled = Boolean((await repo.findTotpFactor(deps.db, user.id))?.secret);
  const phone = user.phone ? parseIdentifier(user.phone) : undefined;
  return {
    method: totpEnabled ? 'totp' : phone ? 'sms' : null,
    totpEnabled,
    smsDestination: phone ? maskIdentifier(phone) : null,
  };
}

/** Starts enrolling an authenticator app: a new secret, confirmed by a code before it counts. */
export async function startTotpEnrolment(deps: AccountDeps, principal: SessionPrincipal, meta: RequestMeta): Promise<{ secret: string; uri: string }> {
  staffOnly(principal);
  const user = await repo.findUserById(deps.db, principal.userId);
  if (!user) throw accountErrors.sessionNotFound();
  const secret = newTotpSecret();
  await inWriteTransaction(deps.db, async (tx) => {
    await repo.savePendingTotpSecret(tx, user.id, secret, deps.clock.now().toISOString());
    await auditOwnAction(tx, deps.clock, principal, meta, { action: 'auth.totp_enrolment_started', targetType: 'account', targetId: user.id });
  });
  return { secret, uri: totpUri(secret, user.email ?? user.phone ?? user.id) };
}

export async function confirmTotpEnrolment(
  deps: AccountDeps,
  principal: SessionPrincipal,
  code: string,
  meta: RequestMeta,
): Promise<SecondFactorView> {
  staffOnly(principal);
  const factor = await repo.findTotpFactor(deps.db, principal.userId);
  if (!factor?.pending_secret) throw accountErrors.totpNotStarted();
  const pending = factor.pending_secret;
  const now = deps.clock.now();
  const step = matchTotp(pending, code, now);
  if (step === undefined) throw accountErrors.totpCodeWrong();
  await inWriteTransaction(deps.db, async (tx) => {
    if (!(await repo.confirmTotpSecret(tx, principal.userId, pending, step, now.toISOString()))) throw accountErrors.totpNotStarted();
    await auditOwnAction(tx, deps.clock, principal, meta, { action: 'auth.totp_enabled', targetType: 'account', targetId: principal.userId });
  });
  return getSecondFactor(deps, principal);
}
