import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

const RENAULT = '雷诺中国（东风雷诺）';
const COMFORT_TRIM = '2.0L 两驱舒适版';

/** The scripts the page fetched, by file name (/assets/configurator-page-….js → configurator-page-….js). */
function watchScripts(page: Page): string[] {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname.split('/').pop() ?? '');
  });
  return scripts;
}

function watchConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

const isChunkOf = (page: string) => (script: string) => script.startsWith(`${page}-`);

/** The messages files among the scripts, without their hash: storefront-messages.zh-CN-….js → storefront-messages.zh-CN. */
const messagesAmong = (scripts: string[]) => scripts.filter((script) => /-messages\./.test(script)).map((script) => script.replace(/-[\w-]{8}\.js$/, ''));

describe('pages loaded on demand, on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  it('opens the configurator and the account from the hall, each page fetched when first wanted', async () => {
    const page = await openPhone();
    // Signed in first, so no request of the walk is refused (a refusal logs a console error too).
    await signInThroughApi(page, storefront.server.sent, DEMO.buyer);
    const scripts = watchScripts(page);
    const consoleErrors = watchConsoleErrors(page);

    await page.goto('/');
    const store = page.getByRole('region', { name: RENAULT, exact: true });
    await store.getByRole('link', { name: RENAULT, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: RENAULT }).waitFor();
    await page.getByRole('link', { name: '科雷傲', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '科雷傲' }).waitFor();
    // The hall, the store and the model page came with the first load.
    expect(scripts.filter(isChunkOf('configurator-page'))).toEqual([]);
    expect(scripts.filter(isChunkOf('account-page'))).toEqual([]);

    await page.getByRole('link', { name: `定制${COMFORT_TRIM}` }).click();
    await page.waitForURL((url) => url.pathname === '/renault/models/koleos/configure');
    await page.getByRole('heading', { level: 1, name: '科雷傲' }).waitFor();
    await page.getByRole('button', { name: '下一步' }).waitFor();
    expect(scripts.filter(isChunkOf('configurator-page'))).toHaveLength(1);

    await page.getByRole('link', { name: '我的账户' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('heading', { level: 1, name: DEMO.buyer.name }).waitFor();
    expect(scripts.filter(isChunkOf('account-page'))).toHaveLength(1);

    expect(consoleErrors).toEqual([]);
  });

  it('fetches the messages of the language shown alone, and the pages’ own with the first of them', async () => {
    const page = await openPhone();
    const scripts = watchScripts(page);
    await page.goto('/renault/models/koleos');
    await page.getByRole('heading', { level: 1, name: '科雷傲' }).waitFor();
    expect(messagesAmong(scripts)).toEqual(['storefront-messages.zh-CN']);

    await page.getByRole('link', { name: `定制${COMFORT_TRIM}` }).click();
    await page.getByRole('button', { name: '下一步' }).waitFor();
    expect(messagesAmong(scripts)).toEqual(['storefront-messages.zh-CN', 'page-messages.zh-CN']);

    // Another language brings its messages of each kind the tab has used, then shows.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Next' }).waitFor();
    expect(messagesAmong(scripts).slice(2).sort()).toEqual(['page-messages.en', 'storefront-messages.en']);
  });

  it('starts fetching the configurator when the pointer rests on a link to it', async () => {
    const page = await openPhone();
    const scripts = watchScripts(page);
    await page.goto('/renault/models/koleos');
    const configure = page.getByRole('link', { name: `定制${COMFORT_TRIM}` });
    await configure.waitFor();
    expect(scripts.filter(isChunkOf('configurator-page'))).toEqual([]);

    const fetched = page.waitForRequest((request) => /\/configurator-page-[^/]*\.js$/.test(request.url()));
    await configure.hover();
    await fetched;
    // Still on the model page: hovering only fetched the page, it did not open it.
    expect(new URL(page.url()).pathname).toBe('/renault/models/koleos');
  });

  it('keeps the store frame on screen while a page is on its way', async () => {
    const page = await openPhone();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/configurator-page-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/renault/models/koleos');
    await page.getByRole('link', { name: `定制${COMFORT_TRIM}` }).click();
    await page.waitForURL((url) => url.pathname === '/renault/models/koleos/configure');

    await page.getByRole('status').getByText('正在加载…').waitFor({ state: 'attached' });
    await page.getByRole('banner').locator('a[href="/renault"]').waitFor();
    await page.screenshot({ path: screenshotPath('pages-on-demand-loading.png') });

    release();
    await page.getByRole('button', { name: '下一步' }).waitFor();
    await page.getByRole('banner').locator('a[href="/renault"]').waitFor();
  });

  it('offers a reload in the store frame when a page fails to arrive', async () => {
    const page = await openPhone();
    await page.route(/\/configurator-page-[^/]*\.js$/, (route) => route.abort());
    await page.goto('/renault/models/koleos');
    await page.getByRole('heading', { level: 1, name: '科雷傲' }).waitFor();

    await page.getByRole('link', { name: `定制${COMFORT_TRIM}` }).click();
    await page.waitForURL((url) => url.pathname === '/renault/models/koleos/configure');
    const notice = page.getByRole('alert');
    await notice.getByRole('heading', { name: '暂时无法加载' }).waitFor();
    // The store's frame stays: the buyer can still go back to the store.
    await page.getByRole('banner').locator('a[href="/renault"]').waitFor();

    // Once the chunk arrives again, the reload opens the configurator.
    await page.unroute(/\/configurator-page-[^/]*\.js$/);
    await notice.getByRole('button', { name: '重试' }).click();
    await page.getByRole('button', { name: '下一步' }).waitFor();
  });
});
