import type { ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

/*
 * The store policy in the brand console, on a phone: Renault's admin (password, then the SMS
 * second factor) lengthens the hold of an unpaid order, and sees a bad value refused inline:
 * first one the form catches as typed, then a deposit above 20% of the Captur's price that the
 * server refuses, shown beside the Captur's deposit with its ceiling. Nothing refused is saved.
 */

const DEPOSITS_URL = '/api/v1/admin/stores/renault/deposits';

/** The page's console errors, but for the 422 the test provokes on purpose at `refusedAt`. */
function consoleErrors(page: Page, refusedAt: string): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const url = new URL(message.location().url, 'http://localhost');
    if (url.pathname === refusedAt && message.text().includes('422')) return;
    errors.push(`${message.text()} (${message.location().url})`);
  });
  return errors;
}

async function apiGet<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  if (!response.ok()) throw new Error(`${url} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

describe('the store policy in the brand console', () => {
  const storefront = useStorefront();

  it('saves a new hold time, and refuses a bad value and a deposit above 20% of the price inline', async () => {
    const page = await storefront.openPhone();
    const errors = consoleErrors(page, DEPOSITS_URL);
    await signInThroughApi(page, storefront.server.sent, DEMO.brandAdmin);

    await page.goto('/admin/renault');
    await page.getByRole('link', { name: '店铺政策' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/renault/policy');
    const orders = page.getByTestId('policy-orders');
    const hold = orders.getByLabel('待付定金保留车辆（分钟）');
    await hold.waitFor();
    expect(await hold.inputValue()).toBe('15');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('store-policy-1-page.png'), fullPage: true });

    // Out of bounds: refused beside the box as soon as it is left, and nothing is sent.
    let sent = 0;
    page.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().includes('/order-policy')) sent += 1;
    });
    await hold.fill('2');
    await hold.blur();
    expect(await orders.getByTestId('policy-error-holdMinutes').textContent()).toBe('请填写 5 到 120 之间的整数。');
    expect(await hold.getAttribute('aria-invalid')).toBe('true');
    await orders.getByRole('button', { name: '保存' }).click();
    expect(await orders.getByTestId('policy-orders-problem').textContent()).toBe('未保存：请修改标出的项目。');
    expect(sent).toBe(0);
    await orders.screenshot({ path: screenshotPath('store-policy-2-hold-refused.png') });

    // A good value saves, and the next order is held that long.
    await hold.fill('30');
    const saved = page.waitForResponse((response) => response.request().method() === 'PUT' && response.url().includes('/order-policy'));
    await orders.getByRole('button', { name: '保存' }).click();
    expect((await saved).status()).toBe(200);
    expect(sent).toBe(1);
    await orders.getByTestId('policy-orders-saved').waitFor();
    expect(await hold.getAttribute('aria-invalid')).toBeNull();
    expect((await apiGet<{ holdMinutes: number }>(page, '/api/v1/admin/stores/renault/order-policy')).holdMinutes).toBe(30);

    // A Captur deposit of ¥30,000: above 20% of ¥139,800, refused by the server beside the field.
    const deposits = await apiGet<{ models: { model: string }[] }>(page, `${DEPOSITS_URL}?locale=zh-CN`);
    const index = deposits.models.findIndex((model) => model.model === 'captur');
    expect(index).toBeGreaterThanOrEqual(0);
    const form = page.getByTestId('policy-deposits');
    const captur = form.getByLabel('卡缤 定金（元）');
    expect(await captur.inputValue()).toBe('');
    await captur.fill('30000');
    const refusedAnswer = page.waitForResponse((response) => response.request().method() === 'PUT' && new URL(response.url()).pathname === DEPOSITS_URL);
    await form.getByRole('button', { name: '保存' }).click();
    const refused = await refusedAnswer;
    expect(refused.status()).toBe(422);
    expect((await refused.json()).code).toBe('STORE_POLICY_INVALID');
    const inline = form.getByTestId(`policy-error-deposits[${index}].amount`);
    await inline.waitFor();
    expect(await inline.textContent()).toMatch(/^超过车价的20%：最高 ¥27,960。$/);
    expect(await captur.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByTestId('policy-deposits-problem').textContent()).toBe('未保存：请修改标出的项目。');
    await captur.scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('store-policy-3-deposit-refused.png'), fullPage: true });
    await form.screenshot({ path: screenshotPath('store-policy-3-deposits-form.png') });

    // Nothing was saved: the Captur still takes the default deposit.
    const after = await apiGet<{ models: { model: string; custom: boolean; amount: { amount: number } }[] }>(page, DEPOSITS_URL);
    expect(after.models.find((model) => model.model === 'captur')).toMatchObject({ custom: false, amount: { amount: 500_000 } });

    expect(errors).toEqual([]);
  });
});
