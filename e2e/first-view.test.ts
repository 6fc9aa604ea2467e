import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PHONE_VIEWPORT } from './helpers/browser.js';
import { trackRequests, useStorefront, waitForHydration } from './helpers/phone.js';

/*
 * The hall, a store's home, a model page and its configurator come rendered by the server: a browser shows them
 * with JavaScript off, and with it on, the app takes the page over (hydrates) without fetching
 * what the page already holds and without a word in the console.
 */

/** Every console error and warning and every uncaught error of the page, as text. */
function complaintsOf(page: Page): string[] {
  const complaints: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') complaints.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => complaints.push(`pageerror: ${error.message}`));
  return complaints;
}

const CATALOG_READ = /^\/api\/v1\/(?:site|models|stores\/[^/]+(?:\/models(?:\/[^/]+)?)?)$/;

/** The catalog reads the page makes (site, hall, store, range, model), as `path?query`. */
function catalogReadsOf(page: Page): string[] {
  const reads: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (CATALOG_READ.test(url.pathname)) reads.push(`${url.pathname}${url.search}`);
  });
  return reads;
}

describe('the first view', () => {
  const storefront = useStorefront();

  it('shows the hall, a store and a model with JavaScript off, in the browser’s language', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      for (const { locale, koleos, a110, hallTitle } of [
        { locale: 'zh-CN', koleos: '科雷傲', a110: 'Alpine A110', hallTitle: 'Vitrine 汽车商城' },
        { locale: 'fr-FR', koleos: 'Koleos', a110: 'A110', hallTitle: 'Vitrine, le salon automobile' },
      ]) {
        const context = await browser.newContext({ baseURL: storefront.server.url, javaScriptEnabled: false, viewport: PHONE_VIEWPORT, locale });
        const page = await context.newPage();
        await page.goto('/');
        await page.getByRole('heading', { level: 1, name: hallTitle }).waitFor();
        await page.getByRole('link', { name: koleos, exact: true }).first().waitFor();
        await page.getByRole('link', { name: a110, exact: true }).waitFor();
        await page.goto('/renault');
        await page.getByRole('link', { name: koleos, exact: true }).waitFor();
        await page.goto('/renault/models/koleos');
        await page.getByRole('heading', { level: 1, name: koleos }).waitFor();
        expect(await page.title()).toBe(koleos);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('hydrates the hall without fetching it again and without a console message, then answers taps', async () => {
    const page = await storefront.openPhone();
    const complaints = complaintsOf(page);
    const reads = catalogReadsOf(page);
    await page.goto('/');
    await waitForHydration(page);
    await page.getByRole('link', { name: '科雷傲', exact: true }).first().waitFor();
    // What the first view shows came with it: no catalog read while the app took over.
    expect(reads).toEqual([]);

    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vitrine, le salon automobile' }).waitFor();
    await page.getByRole('link', { name: 'Koleos', exact: true }).first().waitFor();
    expect(reads).toContain('/api/v1/models?locale=fr');
    expect(complaints).toEqual([]);
  });

  it('hydrates a store and a model page, navigates inside the app, and speaks the chosen language after a reload', async () => {
    const page = await storefront.openPhone();
    const complaints = complaintsOf(page);
    const reads = catalogReadsOf(page);
    await page.goto('/renault');
    await waitForHydration(page);
    expect(reads).toEqual([]);

    // A tap on a model opens its page inside the app: the document stays, the model is fetched.
    await page.evaluate('window.sameDocument = true');
    await page.getByRole('link', { name: '科雷傲', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '科雷傲' }).waitFor();
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    expect(reads).toEqual(['/api/v1/stores/renault/models/koleos?locale=zh-CN']);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'All models' }).waitFor();
    await page.reload();
    await waitForHydration(page);
    await page.getByRole('heading', { level: 1, name: 'Koleos' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    // The reload came in English from the server: nothing was fetched to show it.
    expect(reads.filter((read) => read.endsWith('locale=en') && read.includes('/models/koleos'))).toEqual(['/api/v1/stores/renault/models/koleos?locale=en']);
    expect(complaints).toEqual([]);
  });

  it('hydrates a configurator without asking for its car again, and prices the next tap', async () => {
    const page = await storefront.openPhone();
    const complaints = complaintsOf(page);
    const reads = catalogReadsOf(page);
    const plateFees: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/plate-fees')) plateFees.push(request.url());
    });
    await page.goto('/renault/models/koleos/configure');
    const priceBar = page.getByRole('region', { name: '价格' });
    const firstPrice = await priceBar.locator('.price-bar__amount').textContent();
    expect(firstPrice).toMatch(/^¥[\d,]+$/);
    // The car, its store and the plate fees in its price came with the page.
    expect(reads).toEqual([]);
    expect(plateFees).toEqual([]);

    const paint = page.getByRole('button', { name: /宇宙蓝/ });
    await paint.click();
    await expect.poll(() => paint.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => priceBar.locator('.price-bar__amount').textContent()).not.toBe(firstPrice);
    expect(new URL(page.url()).searchParams.get('o')).toBe('paint-cosmos-blue');
    expect(reads).toEqual([]);
    expect(complaints).toEqual([]);
  });

  it('shows an unknown store’s page with a 404 and hydrates it', async () => {
    const page = await storefront.openPhone();
    const complaints = complaintsOf(page);
    const response = await page.goto('/lada');
    expect(response?.status()).toBe(404);
    await waitForHydration(page);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(complaints.filter((complaint) => !/404/.test(complaint))).toEqual([]);
  });
  it('keeps what is on screen in place while the pages load, are taken over and fill in', async () => {
    for (const path of ['/', '/renault', '/renault/models/koleos', '/renault/models/koleos/configure']) {
      const page = await storefront.openPhone();
      // Runs in the page (the suite's types have no DOM): the layout shifts not caused by input, summed.
      await page.addInitScript(`
        window.layoutShift = 0;
        new PerformanceObserver((list) => {
          for (const shift of list.getEntries()) if (!shift.hadRecentInput) window.layoutShift += shift.value;
        }).observe({ type: 'layout-shift', buffered: true });
      `);
      const requests = trackRequests(page);
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await requests.settled();
      // Lighthouse's bar for a page that holds still (bench:web), as the phone sees it.
      expect(await page.evaluate<number>('window.layoutShift'), path).toBeLessThanOrEqual(0.02);
    }
  });
});
