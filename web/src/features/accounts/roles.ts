import type { MessageKey } from '../../i18n/messages';
import type { Role } from './accounts.api';
import { safeNext as safeNextOn } from './safe-next';

/** Who may open each staff console; the server checks every call again. */
export const CONSOLE_ROLES = {
  dealer: ['dealer_staff', 'brand_admin', 'platform_admin'],
  admin: ['brand_admin', 'platform_admin'],
} as const satisfies Record<string, readonly Role[]>;

/** Roles that sign in with a second factor, and set up an authenticator app on the account page. */
export const STAFF_ROLES: readonly Role[] = ['dealer_staff', 'brand_admin', 'platform_admin'];

/** Roles that may hold integration tokens (the server's rule for /me/api-tokens). */
export const API_TOKEN_ROLES: readonly Role[] = ['brand_admin', 'dealer_staff'];

/** Where a person lands after signing in when no page asked for them. */
export function homeOf(role: Role): string {
  if (role === 'dealer_staff') return '/dealer';
  if (role === 'brand_admin' || role === 'platform_admin') return '/admin';
  return '/account';
}

/** A `next` worth following: a path on this site (see safe-next.ts). */
export function safeNext(next: string | null | undefined): string | undefined {
  return safeNextOn(next, window.location.origin);
}

/** /signin?next=/admin: slashes stay readable, everything else is encoded. */
export function signInPath(next: string): string {
  return `/signin?next=${encodeURIComponent(next).replace(/%2F/gi, '/')}`;
}

/** The name of a role's home, for "go to …" links. */
export function homeLabelOf(role: Role): MessageKey {
  if (role === 'dealer_staff') return 'nav.dealer';
  if (role === 'brand_admin' || role === 'platform_admin') return 'nav.admin';
  return 'nav.account';
}
