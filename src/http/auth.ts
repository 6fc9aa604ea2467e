import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Db } from '../db/database.js';
import { ANONYMOUS, decide, type Access, type Principal, type Scope } from '../modules/access/access.policy.js';
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
  await app.register(cookie);
  app.decorateRequest('principal', null as never);
  app.decorateRequest('scope', null as never);

  app.addHook('onRoute', (route: RouteOptions) => {
    const documented = route.schema !== undefined && !(route.schema as { hide?: boolean }).hide;
    if ((documented || route.url.startsWith('/api/v1')) && !route.config?.access) {
      throw new Error(`${String(route.method)} ${route.url} declares no access policy (config.access)`);
    }
  });

  // Before validation: a caller who may not use a route learns nothing about its input rules.
  app.addHook('preValidation', async (request) => {
    const rule = request.routeOptions.config.access;
    // Public routes skip the session lookup: catalog reads stay one query deep.
    if (!rule || (rule.kind === 'public' && !rule.identify)) {
      request.principal = ANONYMOUS;
      request.scope = { storeId: null, dealerId: null };
      return;
    }
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
  });
}

async function identify(request: FastifyRequest, deps: { db: Db; clock: Clock }): Promise<Principal> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const principal = match ? await authenticateApiToken(deps.db, deps.clock, match[1]!) : undefined;
    if (!principal) throw new DomainError('unauthenticated', 'AUTH_TOKEN_INVALID', 'The API token is unknown, expired or revoked.');
    return principal;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return ANONYMOUS;
  // A stale or revoked cookie is simply no session: the caller is anonymous.
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
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? '', presentedSession: request.cookies[SESSION_COOKIE] };
}
