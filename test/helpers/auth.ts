import type { VitrineApp } from '../../src/app.js';
import type { OutgoingMessage } from '../../src/modules/accounts/sender.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/seed/seed-demo.js';

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

const outboxes = new WeakMap<VitrineApp, OutgoingMessage[]>();

/** Lets signIn read the SMS second factor that this app sends (createTestApp does it). */
export function readMessagesOf(app: VitrineApp, sent: OutgoingMessage[]): void {
  outboxes.set(app, sent);
}

/** The 6-digit code of the latest message to `to` among those sent since `after`. */
export function codeSentTo(sent: OutgoingMessage[], to: string, after = 0): string {
  const message = sent.slice(after).findLast((candidate) => candidate.to === to);
  const code = message && /\b(\d{6})\b/.exec(message.text)?.[1];
  if (!code) throw new Error(`no code was sent to ${to}`);
  return code;
}

/**
 * Signs in with a password and returns the session cookie and CSRF header, as the web app
 * sends them. Staff answer the second factor with the SMS code sent to their phone.
 */
export async function signIn(app: VitrineApp, identifier: string, password = DEMO_PASSWORD, name = identifier): Promise<Caller & { csrf: string; token: string }> {
  const sent = outboxes.get(app);
  const before = sent?.length ?? 0;
  let res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${identifier} failed: ${res.statusCode} ${res.body}`);
  if (res.json().secondFactor === 'required') {
    const phone = DEMO_ACCOUNTS.find((account) => account.email === identifier && 'phone' in account);
    if (!sent || !phone || !('phone' in phone)) throw new Error(`${identifier} needs a second factor this helper cannot read`);
    const code = codeSentTo(sent, phone.phone, before);
    res = await app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge: res.json().challenge, code } });
    if (res.statusCode !== 200) throw new Error(`second factor of ${identifier} failed: ${res.statusCode} ${res.body}`);
  }
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
