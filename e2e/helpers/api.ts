import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';

/*
 * The API as a signed-in page's cookies reach it, for a test's own set-up and checks: every
 * write sends the CSRF token the sign-in set, and a fresh Idempotency-Key.
 */

export async function postAs(page: Page, url: string, data: object): Promise<Record<string, unknown>> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'vitrine_csrf');
  if (!csrf) throw new Error('not signed in: no CSRF cookie');
  const response = await page.request.post(url, { data, headers: { 'x-csrf-token': csrf.value, 'idempotency-key': randomUUID() } });
  if (!response.ok()) throw new Error(`${url} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

export async function getAs(page: Page, url: string): Promise<Record<string, unknown>> {
  const response = await page.request.get(url);
  if (!response.ok()) throw new Error(`${url} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}
