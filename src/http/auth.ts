import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Db } from '../db/database.js';
import { ANONYMOUS, decide, identifiesCaller, type Access, type Principal, type Scope } from '../modules/access/access.policy.js';
import { authenticateApiToken, authenticateSession, type IssuedSession } from '../modules/accounts/accounts.service.js';
import { sameSecret } from '../modules/accounts/secrets.js';
import type { Clock } from '../shared/clock.js';
import { DomainError } from '../shared/errors.js';

export const SESSION_COOKIE = 'vitrine_session';
export const CSRF_COOKIE = 'vitrine_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
    scope: Scope;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ScopeResolvers {
  storeIdBySlug(slug: string): Promise<string | undefined>;
  dealerByCode(storeSlug: string | undefined, code: string): Promise<{ id: string; storeId: string } | undefined>;
}

/**
 * Who is calling (session cookie or API token), whether they may call this route (the
 * route's declared Access, decided by the access policy), and CSRF for cookie-authenticated
 * writes. Every /api route must declare its access: the app will not start otherwise.
 */
export async function registerAuth(app: FastifyInstance, deps: { db: Db; clock: Clock; resolvers: ScopeResolvers }) {
  // Parsed on demand (cookiesOf): a public read never pays for the Cookie header it ignores.
  await app.register(cookie, { hook: false });
  // Until a route's access hook says otherwise, the caller is anonymous with no scope: public
  // routes, the 404 handler and the web app's pages run no access hook at all.
  app.decorateRequest('principal', {
    getter(this: FastifyRequest) {
      return (this as AuthFields)[kPrincipal] ?? ANONYMOUS;
    },
    setter(this: FastifyRequest, value: Principal) {
      (this as AuthFields)[kPrincipal] = value;
    },
  });
  app.decorateRequest('scope', {
    getter(this: FastifyRequest) {
      return ((this as AuthFields)[kScope] ??= { storeId: null, dealerId: null });
    },
    setter(this: FastifyRequest, value: Scope) {
      (this as AuthFields)[kScope] = value;
    },
  });

  // Before validation: a caller who may not use a route learns nothing about its input rules.
  // Only routes that identify their caller get the hook (first of their preValidation hooks):
  // public catalog reads skip the session lookup and the hook itself.
  const checkAccess = async (request: FastifyRequest) => {
    const rule = request.routeOptions.config.access!;
    const principal = await identify(request, deps);
    request.principal = principal;
    if (principal.kind === 'session' && UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, principal.csrfToken)) {
        throw new DomainError('forbidden', 'AUTH_CSRF_FAILED', `Send the ${CSRF_HEADER} header you were given at sign-in.`);
      }
    }
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const needsStore = rule.kind === 'store' && principal.kind !== 'anonymous';
    const needsDealer = rule.kind === 'dealer' && principal.kind !== 'anonymous';

    const storeId = needsStore && params.store ? await deps.resolvers.storeIdBySlug(params.store) : undefined;
    const dealer = needsDealer && params.dealer ? await deps.resolvers.dealerByCode(params.store, params.dealer) : undefined;
    request.scope = decide(rule, principal, { storeId, dealer });
  };

  app.addHook('onRoute', (route: RouteOptions) => {
    const documented = route.schema !== undefined && !(route.schema as { hide?: boolean }).hide;
    const rule = route.config?.access;
    if ((documented || route.url.startsWith('/api/v1')) && !rule) {
      throw new Error(`${String(route.method)} ${route.url} declares no access policy (config.access)`);
    }
    if (!rule || !identifiesCaller(rule)) return;
    const own = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
    route.preValidation = [checkAccess, ...own];
  });
}

const kPrincipal = Symbol('principal');
const kScope = Symbol('scope');
interface AuthFields {
  [kPrincipal]?: Principal;
  [kScope]?: Scope;
}

/** The request's cookies, parsed at the first call. */
export function cookiesOf(request: FastifyRequest): Record<string, string | undefined> {
  request.cookies ??= request.server.parseCookie(request.headers.cookie ?? '');
  return request.cookies;
}

async function identify(request: FastifyRequest, deps: { db: Db; clock: Clock }): Promise<Principal> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const principal = match ? await authenticateApiToken(deps.db, deps.clock, match[1]!) : undefined;
    if (!principal) throw new DomainError('unauthenticated', 'AUTH_TOKEN_INVALID', 'The API token is unknown, expired or revoked.');
    return principal;
  }
  const token = cookiesOf(request)[SESSION_COOKIE];
  if (!token) return ANONYMOUS;
  // A stale or revoked cookie, or one of a switched-off dealer's staff, is simply no session: the caller is anonymous.
  return (await authenticateSession(deps.db, deps.clock, token)) ?? ANONYMOUS;
}

/** Sets the session cookie (HttpOnly, SameSite=Lax, Secure over https) and the CSRF cookie the app reads. */
export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, session: IssuedSession): void {
  const secure = request.protocol === 'https';
  const expires = new Date(session.expiresAt);
  reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { path: '/', httpOnly: false, sameSite: 'lax', secure, expires });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

export function requestMeta(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? '', presentedSession: cookiesOf(request)[SESSION_COOKIE] };
}
