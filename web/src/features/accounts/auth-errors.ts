import { ApiError } from '../../api/client';
import type { MessageKey, MessageParams } from '../../i18n/messages';

/** The form fields an error can point at, so the form marks the right one invalid. */
export type AuthField = 'identifier' | 'password' | 'code' | 'newPassword' | 'currentPassword' | 'displayName' | 'tokenName';

/** What went wrong, as a message key: translated when shown, so switching language translates it too. */
export interface FormProblem {
  key: MessageKey;
  params?: MessageParams;
  field?: AuthField | undefined;
}

const BY_CODE: Record<string, { key: MessageKey; field?: AuthField }> = {
  AUTH_INVALID_CREDENTIALS: { key: 'auth.error.invalidCredentials', field: 'password' },
  AUTH_CODE_INVALID: { key: 'auth.error.codeInvalid', field: 'code' },
  AUTH_INVALID_IDENTIFIER: { key: 'auth.error.invalidIdentifier', field: 'identifier' },
  AUTH_WEAK_PASSWORD: { key: 'auth.error.weakPassword', field: 'newPassword' },
  AUTH_ACCOUNT_EXISTS: { key: 'auth.error.accountExists', field: 'identifier' },
  AUTH_WRONG_PASSWORD: { key: 'auth.error.wrongPassword', field: 'currentPassword' },
  AUTH_CHALLENGE_INVALID: { key: 'auth.error.challengeInvalid' },
  AUTH_STAFF_NEED_PASSWORD: { key: 'auth.error.staffNeedPassword', field: 'identifier' },
  AUTH_SECOND_FACTOR_UNAVAILABLE: { key: 'auth.error.secondFactorUnavailable' },
  AUTH_DEALER_SWITCHED_OFF: { key: 'auth.error.dealerSwitchedOff' },
  AUTH_CODE_NOT_SENT: { key: 'auth.error.codeNotSent' },
  AUTH_TOTP_CODE_WRONG: { key: 'account.secondFactor.codeWrong', field: 'code' },
  AUTH_REQUIRED: { key: 'auth.error.sessionExpired' },
  AUTH_CSRF_FAILED: { key: 'auth.error.sessionExpired' },
};

// Request fields as the server names them in a validation problem ("body.code is …").
const FIELD_BY_PATH: Record<string, { key: MessageKey; field: AuthField }> = {
  'body.identifier': { key: 'auth.error.invalidIdentifier', field: 'identifier' },
  'body.destination': { key: 'auth.error.invalidIdentifier', field: 'identifier' },
  'body.code': { key: 'auth.error.codeFormat', field: 'code' },
  'body.password': { key: 'auth.error.weakPassword', field: 'password' },
  'body.newPassword': { key: 'auth.error.weakPassword', field: 'newPassword' },
};

/** "Try again in 45 seconds" or, from a minute on, in whole minutes rounded up. */
function retryProblem(seconds: unknown, keys: { seconds: MessageKey; minutes: MessageKey }): FormProblem {
  const wait = typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : 60;
  return wait < 60 ? { key: keys.seconds, params: { count: wait } } : { key: keys.minutes, params: { count: Math.ceil(wait / 60) } };
}

/** What to tell the person about a failed account call, in their language, from the problem's stable code. */
export function describeAuthError(error: unknown): FormProblem {
  if (!(error instanceof ApiError)) {
    // fetch rejects with a TypeError when the network is down; anything else is our bug.
    return { key: error instanceof TypeError ? 'auth.error.network' : 'auth.error.unknown' };
  }
  const { code, problem } = error;
  if (code === 'AUTH_LOCKED') {
    return retryProblem(problem.retryAfterSeconds, { seconds: 'auth.error.lockedSeconds', minutes: 'auth.error.lockedMinutes' });
  }
  if (code === 'AUTH_RATE_LIMITED') {
    return retryProblem(problem.retryAfterSeconds, {
      seconds: 'auth.error.rateLimitedSeconds',
      minutes: 'auth.error.rateLimitedMinutes',
    });
  }
  if (code === 'REQUEST_VALIDATION_FAILED') {
    const known = (problem.errors ?? []).map((issue) => FIELD_BY_PATH[issue.path]).find((match) => match !== undefined);
    return known ?? { key: 'auth.error.validation' };
  }
  return (code ? BY_CODE[code] : undefined) ?? { key: 'auth.error.unknown' };
}

/** Seconds to wait before asking again, when the server said so. */
export function retryAfterOf(error: unknown): number | undefined {
  const seconds = error instanceof ApiError ? error.problem.retryAfterSeconds : undefined;
  return typeof seconds === 'number' && seconds > 0 ? seconds : undefined;
}

/*
 * The server's rules, checked before a request so an obvious slip costs no attempt against
 * the rate limits. The server checks them again and stays the authority.
 */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;
export const PASSWORD_MIN_LENGTH = 8;

export function isIdentifier(raw: string): boolean {
  const trimmed = raw.trim();
  if (trimmed.includes('@')) return EMAIL.test(trimmed) && trimmed.length <= 254;
  const digits = trimmed.replace(/[\s-]/g, '').replace(/^(\+86|0086|86(?=1\d{10}$))/, '');
  return MAINLAND_MOBILE.test(digits);
}

export function isStrongPassword(password: string): boolean {
  return password.length >= PASSWORD_MIN_LENGTH && !/^\d+$/.test(password);
}

export function checkIdentifier(identifier: string): FormProblem | undefined {
  if (!identifier.trim()) return { key: 'auth.error.identifierRequired', field: 'identifier' };
  if (!isIdentifier(identifier)) return { key: 'auth.error.invalidIdentifier', field: 'identifier' };
  return undefined;
}

export function checkCode(code: string): FormProblem | undefined {
  return /^\d{6}$/.test(code) ? undefined : { key: 'auth.error.codeFormat', field: 'code' };
}

export function checkNewPassword(password: string, field: AuthField = 'newPassword'): FormProblem | undefined {
  return isStrongPassword(password) ? undefined : { key: 'auth.error.weakPassword', field };
}
