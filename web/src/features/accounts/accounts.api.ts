import { api, dataOf, doneOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';

type JsonOf<Path extends keyof paths, Method extends 'get' | 'post' | 'patch', Status extends number> = paths[Path] extends {
  [M in Method]: { responses: { [S in Status]: { content: { 'application/json': infer Body } } } };
}
  ? Body
  : never;

export type MeAnswer = JsonOf<'/api/v1/me', 'get', 200>;
export type Account = MeAnswer['account'];
export type Role = Account['role'];
export type SignedIn = JsonOf<'/api/v1/auth/otp/verify', 'post', 200>;
/** A password sign-in: signed in (buyers), or the second step that staff accounts answer. */
export type PasswordAnswer = JsonOf<'/api/v1/auth/login', 'post', 200>;
export type SecondFactorChallenge = Extract<PasswordAnswer, { secondFactor: 'required' }>;
export type SecondFactor = JsonOf<'/api/v1/me/second-factor', 'get', 200>;
export type TotpEnrolment = JsonOf<'/api/v1/me/second-factor/totp', 'post', 201>;
export type CodeSent = JsonOf<'/api/v1/auth/otp', 'post', 202>;
export type SessionInfo = JsonOf<'/api/v1/me/sessions', 'get', 200>['sessions'][number];
export type ApiToken = JsonOf<'/api/v1/me/api-tokens', 'get', 200>['apiTokens'][number];
export type ApiTokenCreated = JsonOf<'/api/v1/me/api-tokens', 'post', 201>;

export type SessionProbe = JsonOf<'/api/v1/auth/session', 'get', 200>;

/** Who is signed in: the account, or `account: null` when nobody is (an answer, not a 401). */
export function fetchSession(signal?: AbortSignal): Promise<SessionProbe> {
  return dataOf(api.GET('/api/v1/auth/session', { signal }));
}

export function signInWithPassword(identifier: string, password: string): Promise<PasswordAnswer> {
  return dataOf(api.POST('/api/v1/auth/login', { body: { identifier, password } }));
}

export function completeSecondFactor(challenge: string, code: string): Promise<SignedIn> {
  return dataOf(api.POST('/api/v1/auth/login/second-factor', { body: { challenge, code } }));
}

export function fetchSecondFactor(signal: AbortSignal): Promise<SecondFactor> {
  return dataOf(api.GET('/api/v1/me/second-factor', { signal }));
}

export function startTotpEnrolment(): Promise<TotpEnrolment> {
  return dataOf(api.POST('/api/v1/me/second-factor/totp'));
}

export function confirmTotpEnrolment(code: string): Promise<SecondFactor> {
  return dataOf(api.POST('/api/v1/me/second-factor/totp/confirm', { body: { code } }));
}

export function requestCode(destination: string, locale: Locale): Promise<CodeSent> {
  return dataOf(api.POST('/api/v1/auth/otp', { body: { destination, locale } }));
}

export function signInWithCode(destination: string, code: string, locale: Locale): Promise<SignedIn> {
  return dataOf(api.POST('/api/v1/auth/otp/verify', { body: { destination, code, locale } }));
}

export interface Registration {
  identifier: string;
  code: string;
  password: string;
  displayName?: string;
  locale: Locale;
}

export function register(registration: Registration): Promise<SignedIn> {
  return dataOf(api.POST('/api/v1/auth/register', { body: registration }));
}

export function signOut(): Promise<void> {
  return doneOf(api.POST('/api/v1/auth/logout'));
}

export function updateProfile(changes: { displayName?: string; locale?: Locale }): Promise<MeAnswer> {
  return dataOf(api.PATCH('/api/v1/me', { body: changes }));
}

/** Answers how many other sessions and API tokens the new password ended, and this session's new CSRF token. */
export function changePassword(
  newPassword: string,
  currentPassword?: string,
): Promise<{ revokedSessions: number; revokedApiTokens: number; csrfToken: string }> {
  return dataOf(
    api.POST('/api/v1/me/password', {
      body: currentPassword === undefined ? { newPassword } : { currentPassword, newPassword },
    }),
  );
}

export async function fetchSessions(signal: AbortSignal): Promise<SessionInfo[]> {
  return (await dataOf(api.GET('/api/v1/me/sessions', { signal }))).sessions;
}

export function revokeSession(id: string): Promise<void> {
  return doneOf(api.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id } } }));
}

export async function fetchApiTokens(signal: AbortSignal): Promise<ApiToken[]> {
  return (await dataOf(api.GET('/api/v1/me/api-tokens', { signal }))).apiTokens;
}

export function createApiToken(name: string, expiresInDays: number): Promise<ApiTokenCreated> {
  return dataOf(api.POST('/api/v1/me/api-tokens', { body: { name, expiresInDays } }));
}

export function revokeApiToken(id: string): Promise<void> {
  return doneOf(api.DELETE('/api/v1/me/api-tokens/{id}', { params: { path: { id } } }));
}
