import type { Page } from 'playwright-core';
import type { OutgoingMessage } from '../../src/modules/accounts/sender.js';
import { DEMO_PASSWORD } from '../../src/seed/seed-demo.js';

export { DEMO_PASSWORD };

/** Some of the demo accounts of src/seed/seed-demo.ts, as the browser suite signs in with them. */
export const DEMO = {
  buyer: { email: 'buyer@example.com', phone: '13800138000', name: '李明' },
  // Staff sign in with a password and the SMS code sent to these phones.
  dealerStaff: { email: 'sh-01@dealer.example.com', phone: '+8613900000101', name: '王芳' },
  brandAdmin: { email: 'admin@renault.example.com', phone: '+8613900000103', name: 'Renault China' },
  alpineAdmin: { email: 'admin@alpine.example.com', phone: '+8613900000104', name: 'Alpine China' },
  platformAdmin: { email: 'platform@example.com', phone: '+8613900000105', name: 'Vitrine Ops' },
} as const;

/**
 * Signs the page's browser context in through the API, as the app itself does: the session
 * cookies land in the context, so the next page load is signed in (or in an API request context
 * of its own). Staff answer the second factor with the SMS code the server sent (read from `sent`).
 */
export async function signInThroughApi(
  page: Pick<Page, 'request'>,
  sent: OutgoingMessage[],
  account: { email: string; phone?: string },
  password = DEMO_PASSWORD,
): Promise<void> {
  const before = sent.length;
  const response = await page.request.post('/api/v1/auth/login', { data: { identifier: account.email, password } });
  if (!response.ok()) throw new Error(`sign-in as ${account.email} answered ${response.status()}: ${await response.text()}`);
  const answer = (await response.json()) as { secondFactor?: 'required'; challenge?: string };
  if (answer.secondFactor !== 'required') return;
  if (!account.phone) throw new Error(`${account.email} needs a second factor: give its phone`);
  const code = await waitForCode(sent, account.phone, before);
  const second = await page.request.post('/api/v1/auth/login/second-factor', { data: { challenge: answer.challenge, code } });
  if (!second.ok()) throw new Error(`second factor of ${account.email} answered ${second.status()}: ${await second.text()}`);
}

/** The 6-digit code in the latest message sent to `to` (+86… for a phone), waiting for it to arrive. */
export async function waitForCode(sent: OutgoingMessage[], to: string, after = 0, timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = sent.slice(after).findLast((candidate) => candidate.to === to);
    const code = message && /\b(\d{6})\b/.exec(message.text)?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no code was sent to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
