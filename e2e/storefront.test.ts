import { describe, expect, it } from 'vitest';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';

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

    await page.screenshot({ path: '/tmp/storefront-zh.png', fullPage: true });
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

    await page.screenshot({ path: '/tmp/storefront-fr.png', fullPage: true });
  });

  it('offers a retry when the range fails to load', async () => {
    const page = await openPhone();
    const isRangeRequest = (url: URL) => url.pathname.endsWith('/models');
    await page.route(isRangeRequest, (route) => route.fulfill({ status: 503, body: '' }), { times: 1 });
    await page.goto('/renault');

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
