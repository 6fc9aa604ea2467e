import { DomainError } from '../../shared/errors.js';

/*
 * The one place that decides who may call what. Every API route declares an Access in its
 * config; app.ts refuses to start with an API route that has none. The decision needs only
 * the caller and the route's scope, so it is a plain function, tested without a server.
 */

export const ROLES = ['buyer', 'dealer_staff', 'brand_admin', 'platform_admin'] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'session';
      userId: string;
      role: Role;
      storeId: string | null;
      dealerId: string | null;
      sessionId: string;
      csrfToken: string;
    }
  | { kind: 'api_token'; tokenId: string; userId: string; role: Role; storeId: string; dealerId: string | null };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/**
 * public: anyone (identify: the caller's session is still read). signedIn: these roles. store: these roles, and a brand admin only in the
 * store named by the route's {store}. dealer: dealer staff only at the dealer named by
 * {dealer} (brand admins of its store and platform admins also pass when listed).
 * sessionOnly: an API token may not call it (its owner's account and credentials).
 */
export type Access =
  | { kind: 'public'; identify?: boolean }
  | { kind: 'signedIn'; roles: readonly Role[]; sessionOnly?: boolean }
  | { kind: 'store'; roles: readonly Role[] }
  | { kind: 'dealer'; roles: readonly Role[] };

export const access = {
  public: { kind: 'public' } as Access,
  /** Anyone, but a signed-in caller is known (and a cookie write must carry its CSRF token). */
  publicIdentified: { kind: 'public', identify: true } as Access,
  signedIn: (roles: readonly Role[] = ROLES, options: { sessionOnly?: boolean } = {}): Access => ({
    kind: 'signedIn',
    roles,
    ...options,
  }),
  store: (...roles: Role[]): Access => ({ kind: 'store', roles }),
  dealer: (...roles: Role[]): Access => ({ kind: 'dealer', roles }),
};

/** The tenant a request acts in, once the policy has let it through. */
export interface Scope {
  storeId: string | null;
  dealerId: string | null;
}

export interface ScopeTarget {
  /** The store the route names, resolved from its slug, if it names one. */
  storeId?: string | null | undefined;
  /** The dealer the route names and its store, if it names one. */
  dealer?: { id: string; storeId: string } | null | undefined;
}

export const accessErrors = {
  unauthenticated: () => new DomainError('unauthenticated', 'AUTH_REQUIRED', 'Sign in to do this.'),
  forbidden: () => new DomainError('forbidden', 'ACCESS_FORBIDDEN', 'Your account may not do this.'),
  // Another tenant's store or dealer answers exactly as one that does not exist.
  notFound: () => new DomainError('not_found', 'ACCESS_NOT_FOUND', 'There is nothing here for you.'),
};

export function decide(accessRule: Access, principal: Principal, target: ScopeTarget = {}): Scope {
  if (accessRule.kind === 'public') return { storeId: null, dealerId: null };
  if (principal.kind === 'anonymous') throw accessErrors.unauthenticated();
  if (!accessRule.roles.includes(principal.role)) throw accessErrors.forbidden();

  if (accessRule.kind === 'signedIn') {
    if (accessRule.sessionOnly && principal.kind !== 'session') throw accessErrors.forbidden();
    return { storeId: principal.storeId, dealerId: principal.dealerId };
  }

  if (accessRule.kind === 'store') {
    if (!target.storeId) throw accessErrors.notFound();
    if (principal.role === 'platform_admin') return { storeId: target.storeId, dealerId: null };
    if (principal.storeId !== target.storeId) throw accessErrors.notFound();
    return { storeId: target.storeId, dealerId: principal.role === 'dealer_staff' ? principal.dealerId : null };
  }

  const dealer = target.dealer;
  if (!dealer) throw accessErrors.notFound();
  if (principal.role === 'platform_admin') return { storeId: dealer.storeId, dealerId: dealer.id };
  if (principal.role === 'brand_admin' && principal.storeId === dealer.storeId) {
    return { storeId: dealer.storeId, dealerId: dealer.id };
  }
  if (principal.role === 'dealer_staff' && principal.dealerId === dealer.id) {
    return { storeId: dealer.storeId, dealerId: dealer.id };
  }
  throw accessErrors.notFound();
}

/** Whether a route's access check reads its caller (session cookie or API token); a plain public route's does not. */
export function identifiesCaller(accessRule: Access): boolean {
  return accessRule.kind !== 'public' || accessRule.identify === true;
}

/**
 * The statuses a route's access check may answer before the route runs, for the OpenAPI document.
 * Reading the caller refuses an unknown token (401), and a switched-off dealer's staff token or a
 * cookie write without its CSRF token (403); a route for signed-in callers also refuses the
 * anonymous (401) and other roles (403), and one in a store or at a dealer answers another
 * tenant's as if it did not exist (404).
 */
export function accessCheckStatuses(accessRule: Access): number[] {
  if (!identifiesCaller(accessRule)) return [];
  return accessRule.kind === 'store' || accessRule.kind === 'dealer' ? [401, 403, 404] : [401, 403];
}

/** How the OpenAPI document states a route's access (the `x-access` extension). */
export function describeAccess(accessRule: Access): { kind: Access['kind']; roles: readonly Role[]; sessionOnly?: boolean } {
  if (accessRule.kind === 'public') return { kind: 'public', roles: [] };
  return {
    kind: accessRule.kind,
    roles: accessRule.roles,
    ...(accessRule.kind === 'signedIn' && accessRule.sessionOnly ? { sessionOnly: true } : {}),
  };
}
