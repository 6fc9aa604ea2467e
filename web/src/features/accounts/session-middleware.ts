import type { Middleware } from 'openapi-fetch';
import { api } from '../../api/client';

/** The cookie the server sets beside the HttpOnly session cookie, readable so the app can echo it. */
export const CSRF_COOKIE = 'vitrine_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function readCookie(name: string): string | undefined {
  for (const pair of document.cookie.split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

interface SessionHooks {
  /** The token the last sign-in or /me answered, if the provider holds one. */
  csrfToken(): string | undefined;
  /** The server no longer knows this session (signed out elsewhere, expired). */
  onSessionLost(): void;
}

/**
 * Every write through the typed client carries the CSRF token, so no call site can forget it.
 * The cookie comes first: it is always the one paired with the current session cookie, even
 * when another tab signed in again; the provider's copy covers browsers that hide cookies.
 */
export function sessionMiddleware(hooks: SessionHooks): Middleware {
  return {
    onRequest({ request }) {
      if (!UNSAFE_METHODS.has(request.method)) return undefined;
      const token = readCookie(CSRF_COOKIE) ?? hooks.csrfToken();
      if (token) request.headers.set(CSRF_HEADER, token);
      return request;
    },
    async onResponse({ response }) {
      if (response.status !== 401) return undefined;
      const problem = (await response
        .clone()
        .json()
        .catch(() => undefined)) as { code?: unknown } | undefined;
      if (problem?.code === 'AUTH_REQUIRED') hooks.onSessionLost();
      return undefined;
    },
  };
}

/** Installs the middleware on the app's one client; the answer removes it again. */
export function installSessionMiddleware(hooks: SessionHooks): () => void {
  const middleware = sessionMiddleware(hooks);
  api.use(middleware);
  return () => api.eject(middleware);
}
