import type { VitrineApp } from '../../src/app.js';
import { DEMO_PASSWORD } from '../../src/seed/seed-demo.js';

/** How a test calls the API as somebody: the headers a browser or an integration would send. */
export interface Caller {
  name: string;
  headers: Record<string, string>;
}

export const anonymous: Caller = { name: 'anonymous', headers: {} };

export function cookiesFrom(setCookie: string | string[] | undefined): Record<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return Object.fromEntries(
    list.map((line) => {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      return [pair.slice(0, index), decodeURIComponent(pair.slice(index + 1))];
    }),
  );
}

/** Signs in with a password and returns the session cookie and CSRF header, as the web app sends them. */
export async function signIn(app: VitrineApp, identifier: string, password = DEMO_PASSWORD, name = identifier): Promise<Caller & { csrf: string; token: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${identifier} failed: ${res.statusCode} ${res.body}`);
  const cookies = cookiesFrom(res.headers['set-cookie']);
  const token = cookies.vitrine_session!;
  const csrf = res.json().csrfToken as string;
  return { name, token, csrf, headers: { cookie: `vitrine_session=${token}`, 'x-csrf-token': csrf } };
}

/** The demo accounts the seed creates, by the role they show. */
export const DEMO = {
  buyer: 'buyer@example.com',
  staffShanghai: 'sh-01@dealer.example.com',
  staffBeijing: 'bj-01@dealer.example.com',
  renaultAdmin: 'admin@renault.example.com',
  alpineAdmin: 'admin@alpine.example.com',
  platformAdmin: 'platform@example.com',
} as const;
