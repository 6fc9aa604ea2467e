import { describe, expect, it } from 'vitest';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, trackRequests, useStorefront, waitForHydration } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

// The demo range as the seed data names it in Chinese (src/seed/data/renault-china-2018.json).
const RANGE_IN_CHINESE = ['科雷傲', '科雷嘉', '卡缤', '雷诺Espace', '雷诺City K-ZE'];

describe('storefront on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  it('shows the whole range in Chinese with from-prices, within the phone width', async () => {
    const page = await openPhone();
    await page.goto('/renault');

    await page.getByRole('heading', { level: 1, name: '雷诺中国（东风雷诺）' }).waitFor();
    for (const name of RANGE_IN_CHINESE) {
      await page.getByRole('link', { name, exact: true }).waitFor();
    }
    const koleos = page.getByRole('article', { name: '科雷傲' });
    await koleos.getByText('¥179,800', { exact: true }).waitFor();
    await koleos.getByText('起售价').waitFor();
    await page.getByRole('article', { name: '雷诺City K-ZE' }).getByText('新能源').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByRole('img', { name: /科雷傲/ }).count()).toBe(1);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.screenshot({ path: screenshotPath('storefront-zh.png'), fullPage: true });
  });

  it('switches to French and remembers the choice after a reload', async () => {
    const page = await openPhone();
    await page.goto('/renault');
    await page.getByRole('link', { name: '科雷傲', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByText('La gamme Renault 2018', { exact: true }).waitFor();
    await page.getByText('À partir de').first().waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).toBe('true');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Renault Chine (Dongfeng Renault)' }).waitFor();
    await page.getByRole('link', { name: 'Koleos', exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.screenshot({ path: screenshotPath('storefront-fr.png'), fullPage: true });
  });

  it('opens a model at its top, and Back returns to the same place in the range', async () => {
    const page = await openPhone();
    await page.goto('/renault');
    await waitForHydration(page);
    const espace = page.getByRole('link', { name: '雷诺Espace', exact: true });
    await espace.scrollIntoViewIfNeeded();
    const seenAt = (await espace.boundingBox())!.y;
    expect(await page.evaluate('window.scrollY')).toBeGreaterThan(844);

    // A tap where the link is (Playwright's own click would scroll the page first).
    await espace.dispatchEvent('click');
    await page.getByRole('heading', { level: 1, name: /雷诺Espace/ }).waitFor();
    expect(await page.evaluate('window.scrollY')).toBe(0);

    // The range is asked for again on the way back, slowly: the place is found once it is in,
    // the same card where the buyer left it on the screen (the banners above may come in later).
    await page.route((url) => url.pathname.endsWith('/stores/renault/models'), async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    await page.goBack();
    await espace.waitFor();
    await expect.poll(async () => Math.round((await espace.boundingBox())!.y - seenAt), { timeout: 5000 }).toBe(0);
  });

  it('offers a retry when the range fails to load', async () => {
    const page = await openPhone();
    const isRangeRequest = (url: URL) => url.pathname.endsWith('/models');
    await page.route(isRangeRequest, (route) => route.fulfill({ status: 503, body: '' }), { times: 1 });
    // A store's home comes with its range from the server; from a model page, the browser fetches it.
    await page.goto('/renault/models/koleos');
    await page.getByRole('link', { name: '全系车型' }).click();

    await page.getByRole('alert').getByRole('button', { name: '重试' }).click();
    await page.getByRole('link', { name: '科雷傲', exact: true }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('opens a model page with its trims and prices', async () => {
    const page = await openPhone();
    await page.goto('/renault');
    await page.getByRole('link', { name: '科雷傲', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: '科雷傲' }).waitFor();
    await page.getByRole('heading', { level: 3, name: '2.0L 两驱舒适版' }).waitFor();
    await page.getByText('¥269,800', { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/renault/models/koleos');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('opens the hall at /, finds every NEV across brands, and enters a store', async () => {
    const page = await openPhone();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Vitrine 汽车商城' }).waitFor();
    for (const store of ['雷诺中国（东风雷诺）', 'Alpine 阿尔派中国']) {
      await page.getByRole('region', { name: store, exact: true }).getByRole('link', { name: store, exact: true }).waitFor();
    }
    await page.getByRole('link', { name: 'Alpine A110', exact: true }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // The City K-ZE is the only NEV of the demo stores; the search is in the address.
    await page.getByRole('group', { name: '动力' }).getByRole('button', { name: '新能源' }).click();
    await page.waitForURL((url) => url.searchParams.get('nev') === '1');
    await page.getByRole('heading', { level: 2, name: '搜索结果' }).waitFor();
    await page.getByRole('article', { name: '雷诺City K-ZE' }).waitFor();
    expect(await page.getByRole('article').count()).toBe(1);
    await page.reload();
    await page.getByRole('article', { name: '雷诺City K-ZE' }).waitFor();

    await page.getByRole('link', { name: '雷诺中国（东风雷诺）', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/renault');
    await page.getByRole('heading', { level: 1, name: '雷诺中国（东风雷诺）' }).waitFor();
  });

  it('stays in its language until the next one’s messages are in, the chosen button saying they are coming', async () => {
    const page = await openPhone();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/storefront-messages\.fr-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/renault');
    await page.getByRole('link', { name: '科雷傲', exact: true }).waitFor();
    const french = page.getByRole('button', { name: 'Français' });
    const place = await french.boundingBox();

    await french.click();
    await page.locator('.language-switch__option[aria-busy="true"]').waitFor();
    expect(await french.getAttribute('aria-busy')).toBe('true');
    expect(await french.getAttribute('aria-pressed')).toBe('false');
    // Meanwhile the page is whole, in Chinese, and the switch has not moved.
    await page.getByRole('searchbox', { name: '搜索车型' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await french.boundingBox()).toEqual(place);

    release();
    await page.getByRole('searchbox', { name: 'Rechercher un modèle' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await french.getAttribute('aria-pressed')).toBe('true');
    expect(await french.getAttribute('aria-busy')).toBeNull();
    expect(await french.boundingBox()).toEqual(place);
  });

  it('finds the K-ZE by "KZE" and the Koleos by "科雷傲" in every language', async () => {
    const page = await openPhone();
    await page.goto('/renault');
    await page.getByRole('link', { name: '科雷傲', exact: true }).waitFor();
    const pages = [
      { language: '中文', search: '搜索车型', koleos: '科雷傲', kze: '雷诺City K-ZE', one: '1 款车型' },
      { language: 'Français', search: 'Rechercher un modèle', koleos: 'Koleos', kze: 'City K-ZE', one: '1 modèle' },
      { language: 'English', search: 'Search models', koleos: 'Koleos', kze: 'City K-ZE', one: '1 model' },
    ];
    for (const { language, search, koleos, kze, one } of pages) {
      await page.getByRole('button', { name: language }).click();
      const searchbox = page.getByRole('searchbox', { name: search });
      await searchbox.fill('KZE');
      await page.waitForURL((url) => url.searchParams.get('q') === 'KZE');
      await page.getByRole('article', { name: kze }).waitFor();
      await page.getByText(one, { exact: true }).waitFor();
      expect(await page.getByRole('article').count(), `KZE in ${language}`).toBe(1);

      await searchbox.fill('科雷傲');
      await page.waitForURL((url) => url.searchParams.get('q') === '科雷傲');
      await page.getByRole('article', { name: koleos }).waitFor();
      await page.getByText(one, { exact: true }).waitFor();
      expect(await page.getByRole('article').count(), `科雷傲 in ${language}`).toBe(1);
      await searchbox.fill('');
      await page.waitForURL((url) => !url.searchParams.has('q'));
    }
  });

  it('lists the City K-ZE under SUV and crossover, hints that a chip row scrolls, and keeps staff links out of the footer', async () => {
    const page = await openPhone();
    await page.goto('/renault');
    const bodies = page.getByRole('group', { name: '车身' });
    await bodies.getByRole('button', { name: 'SUV' }).click();
    await page.waitForURL((url) => url.searchParams.get('body') === 'suv');
    await page.getByRole('article', { name: '雷诺City K-ZE' }).waitFor();
    await page.getByRole('article', { name: '科雷傲' }).waitFor();
    expect(await page.getByRole('article').count()).toBe(3);
    await bodies.getByRole('button', { name: '跨界车' }).click();
    await page.waitForURL((url) => url.searchParams.get('body') === 'crossover');
    await page.getByRole('article', { name: '雷诺City K-ZE' }).waitFor();
    await page.getByRole('article', { name: '卡缤' }).waitFor();
    expect(await page.getByRole('article').count()).toBe(2);

    // In French the budget chips are wider than the phone: their row fades out where chips are hidden,
    // and a row that fits does not.
    await page.getByRole('button', { name: 'Français' }).click();
    const budget = page.getByRole('group', { name: 'Budget' });
    await budget.getByRole('button', { name: 'Tous' }).waitFor();
    const rows = await page
      .locator('.chip-row__chips')
      .evaluateAll((chips) => chips.map((row) => ({ overflows: row.scrollWidth > row.clientWidth + 1, more: row.getAttribute('data-more') })));
    expect(rows.length).toBe(3);
    for (const row of rows) expect(row.more).toBe(row.overflows ? 'end' : null);
    expect(await budget.getAttribute('data-more')).toBe('end');
    await budget.evaluate((row) => row.scrollTo({ left: row.scrollWidth }));
    await page.locator('[role="group"][data-more="start"]').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('storefront-chips-fr.png') });

    const footer = page.getByRole('contentinfo');
    await footer.waitFor();
    expect(await footer.getByRole('link').count()).toBe(0);
    expect(await page.locator('a[href="/dealer"], a[href="/admin"]').count()).toBe(0);
  });

  it('says engine and battery in the page’s language', async () => {
    const page = await openPhone();
    await page.goto('/renault/models/city-k-ze');
    await page.getByText('纯电动，电池约27 kWh，NEDC续航约250-270 km，两驱').first().waitFor();
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByText('100 % électrique, batterie env. 27 kWh, autonomie NEDC env. 250-270 km, 4x2').first().waitFor();
    expect(await page.getByText(/BEV|2WD/).count()).toBe(0);
  });

  it('loads signed out without a single console error or failed request', async () => {
    const page = await openPhone();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
    });
    page.on('requestfailed', (request) => problems.push(`failed ${request.method()} ${request.url()}`));
    const requests = trackRequests(page);
    for (const path of ['/renault', '/renault/models/koleos', '/renault/models/koleos/configure', '/']) {
      await page.goto(path);
      // The server-rendered pages show the link before any script runs: wait for the app's own
      // requests, which start once it has taken the page over, to be answered.
      await waitForHydration(page);
      await page.getByRole('link', { name: '登录', exact: true }).waitFor();
      await requests.settled();
    }
    expect(problems).toEqual([]);
  });

  it('spreads the trims across a desktop page', async () => {
    const page = await storefront.openDesktop();
    await page.goto('/renault/models/koleos');
    await page.getByRole('heading', { level: 3, name: '2.0L 两驱舒适版' }).waitFor();
    const widths = await page.locator('.compare__column').evaluateAll((columns) => columns.map((column) => column.getBoundingClientRect().width));
    expect(widths).toHaveLength(4);
    for (const width of widths) expect(width).toBeGreaterThan(220);
    await page.screenshot({ path: screenshotPath('storefront-trims-desktop.png') });
  });

  it('serves the dealer and brand consoles to a brand admin', async () => {
    const page = await openPhone();
    // The consoles are for staff (e2e/accounts.test.ts covers the way in and the refusals).
    await signInThroughApi(page, storefront.server.sent, DEMO.brandAdmin);
    await page.goto('/dealer');
    await page.getByRole('heading', { level: 1, name: '经销商工作台' }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // A brand admin's /admin is their own store's console.
    await page.goto('/admin');
    await page.waitForURL((url) => url.pathname === '/admin/renault');
    await page.getByRole('heading', { level: 1, name: '品牌管理后台' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Brand console' }).waitFor();
  });
});
