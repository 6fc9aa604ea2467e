import { DomainError } from '../../shared/errors.js';

export const accountErrors = {
  // One answer for a wrong password and for an account that does not exist.
  invalidCredentials: () =>
    new DomainError('unauthenticated', 'AUTH_INVALID_CREDENTIALS', 'That phone number or email and password do not match.'),
  locked: (retryAfterMs: number) =>
    new DomainError('rate_limited', 'AUTH_LOCKED', 'Too many failed sign-ins. Try again later.', {
      retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
    }),
  rateLimited: (retryAfterMs: number) =>
    new DomainError('rate_limited', 'AUTH_RATE_LIMITED', 'Too many attempts. Try again later.', {
      retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
    }),
  invalidIdentifier: () =>
    new DomainError('invalid', 'AUTH_INVALID_IDENTIFIER', 'Enter a mainland China mobile number (11 digits starting with 1) or an email address.'),
  weakPassword: (min: number) =>
    new DomainError('unprocessable', 'AUTH_WEAK_PASSWORD', `Choose a password of at least ${min} characters, not only digits.`),
  codeNotSent: () =>
    new DomainError('unavailable', 'AUTH_CODE_NOT_SENT', 'The code could not be sent just now. Try again in a minute.', { retryAfterSeconds: 60 }),
  invalidCode: () => new DomainError('unauthenticated', 'AUTH_CODE_INVALID', 'That code is wrong or has expired. Request a new one.'),
  accountExists: () =>
    new DomainError('conflict', 'AUTH_ACCOUNT_EXISTS', 'An account already uses this phone number or email: sign in instead.'),
  wrongCurrentPassword: () => new DomainError('unprocessable', 'AUTH_WRONG_PASSWORD', 'The current password is wrong.'),
  sessionNotFound: () => new DomainError('not_found', 'AUTH_SESSION_NOT_FOUND', 'No such session on your account.'),
  tokenNotFound: () => new DomainError('not_found', 'AUTH_API_TOKEN_NOT_FOUND', 'No such API token on your account.'),
  staffNeedPassword: () =>
    new DomainError('forbidden', 'AUTH_STAFF_NEED_PASSWORD', 'Staff accounts sign in with their password and a second factor, not with a code alone.'),
  // Told only to whoever proved the account's password (or holds its API token): it leaks nothing.
  dealerSwitchedOff: () =>
    new DomainError(
      'forbidden',
      'AUTH_DEALER_SWITCHED_OFF',
      'Your dealer is switched off by its brand: its staff cannot sign in or use the console until the brand switches it on again.',
    ),
  challengeInvalid: () =>
    new DomainError('unauthenticated', 'AUTH_CHALLENGE_INVALID', 'That sign-in step has expired or was already used. Sign in again with your password.'),
  secondFactorUnavailable: () =>
    new DomainError('forbidden', 'AUTH_SECOND_FACTOR_UNAVAILABLE', 'This staff account has no phone number or authenticator app for a second factor. Ask an administrator.'),
  secondFactorNotAllowed: () =>
    new DomainError('forbidden', 'AUTH_SECOND_FACTOR_NOT_ALLOWED', 'Authenticator apps are set up by dealer staff and administrators.'),
  totpNotStarted: () => new DomainError('conflict', 'AUTH_TOTP_NOT_STARTED', 'Start setting up the authenticator app first.'),
  totpCodeWrong: () => new DomainError('unprocessable', 'AUTH_TOTP_CODE_WRONG', 'That code does not match. Enter the code the app shows now.'),
  tokenNotAllowed: () =>
    new DomainError('forbidden', 'AUTH_API_TOKEN_NOT_ALLOWED', 'API tokens are issued to brand administrators and dealer staff.'),
};
