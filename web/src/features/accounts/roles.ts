import type { MessageKey } from '../../i18n/messages';
import type { Role } from './accounts.api';

/** Who may open each staff console; the server checks every call again. */
export const CONSOLE_ROLES = {
  dealer: ['dealer_staff', 'brand_admin', 'platform_admin'],
  admin: ['brand_admin', 'platform_admin'],
} as const satisfies Record<string, readonly Role[]>;

/** Roles that may hold integration tokens (the server's rule for /me/api-tokens). */
export const API_TOKEN_ROLES: readonly Role[] = ['brand_admin', 'dealer_staff'];

/** Where a person lands after signing in when no page asked for them. */
export function homeOf(role: Role): string {
  if (role === 'dealer_staff') return '/dealer';
  if (role === 'brand_admin' || role === 'platform_admin') return '/admin';
  return '/account';
}

/**
 * A `next` worth following: a path on this site. "//evil.example" and "/\evil.example" are
 * other origins to a browser, and the sign-in pages themselves would only loop.
 */
export function safeNext(next: string | null | undefined): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  let url: URL;
  try {
    url = new URL(next, window.location.origin);
  } catch {
    return undefined;
  }
  if (url.origin !== window.location.origin) return undefined;
  if (url.pathname === '/signin' || url.pathname === '/signup') return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
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
