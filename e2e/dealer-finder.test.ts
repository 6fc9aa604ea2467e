import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ModelDetail } from '../src/modules/catalog/catalog.service.js';
import { compileModel, fromModelDetail, price } from '../src/modules/configurator/engine/index.js';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

// The dealer finder on a phone: the buyer's city, distances, a dealer's page, and the city's
// plate fee in the configurator's on-the-road estimate.

/** "¥88,000": fen as the storefront shows them in Chinese. */
function yuan(fen: number): string {
  const digits = fen % 100 === 0 ? 0 : 2;
  return new Intl.NumberFormat('zh-CN', {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fen / 100);
}

async function distances(page: Page): Promise<number[]> {
  return (await page.locator('.dealer-card__distance').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-km')))).map(Number);
}

describe('dealer finder on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  it('lists a chosen city’s dealers nearest its centre first, and opens a dealer’s page', async () => {
    const page = await openPhone();
    await page.goto('/renault/dealers');
    await page.getByRole('heading', { level: 1, name: '查找经销商' }).waitFor();
    // With no city and no position, every dealer, by city.
    await page.getByRole('heading', { level: 2, name: '按城市排列' }).waitFor();
    await page.getByText('36 家经销商').waitFor();
    await page.screenshot({ path: screenshotPath('dealer-finder-1-all.png') });

    await page.getByRole('combobox', { name: '城市' }).selectOption('shanghai');
    await page.getByRole('heading', { level: 2, name: '距上海市中心' }).waitFor();
    await page.getByText('4 家经销商').waitFor();
    const km = await distances(page);
    expect(km).toHaveLength(4);
    expect(km.every((d) => d > 0 && d < 30)).toBe(true);
    expect(km).toEqual([...km].sort((a, b) => a - b));
    const cards = page.locator('.dealer-card');
    expect(await cards.count()).toBe(4);
    // Every card: a phone to call, today's hours, the ways onward.
    for (const card of await cards.all()) {
      expect(await card.locator('a[href^="tel:"]').count()).toBe(1);
      await card.locator('.dealer-hours').waitFor();
      expect(await card.getByRole('link', { name: '查看现车' }).getAttribute('href')).toMatch(/^\/renault\/stock\?near=\d+\.\d+,\d+\.\d+$/);
    }
    const firstCode = await cards.first().getAttribute('data-code');
    expect(await cards.first().getByRole('link', { name: '预约试驾' }).getAttribute('href')).toBe(`/renault/test-drive?dealer=${firstCode}`);
    await page.getByRole('img', { name: '经销商相对位置示意图' }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('dealer-finder-2-shanghai.png'), fullPage: true });

    // After-sales only: sh-04 does not service cars.
    await page.getByRole('group', { name: '服务' }).getByRole('button', { name: '售后' }).click();
    await page.getByText('3 家经销商').waitFor();
    await page.getByRole('group', { name: '服务' }).getByRole('button', { name: '全部' }).click();
    await page.getByText('4 家经销商').waitFor();

    // The city is remembered: a reload keeps it.
    await page.reload();
    await page.getByRole('heading', { level: 2, name: '距上海市中心' }).waitFor();

    const name = (await cards.first().getByRole('heading', { level: 3 }).textContent())!;
    await cards.first().getByRole('heading', { level: 3 }).getByRole('link').click();
    await page.waitForURL(`**/renault/dealers/${firstCode}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const week = page.locator('.week__row');
    expect(await week.count()).toBe(7);
    await page.locator('.week__row[aria-current="date"]').waitFor();
    await page.getByRole('link', { name: '预约试驾' }).waitFor();
    await page.getByRole('link', { name: '查看现车' }).waitFor();
    expect(await page.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('dealer-finder-3-dealer.png'), fullPage: true });
  });

  it('measures from the buyer’s own position when allowed, and says so when refused', async () => {
    const page = await openPhone();
    await page.context().grantPermissions(['geolocation']);
    // People's Square, Shanghai.
    await page.context().setGeolocation({ latitude: 31.2304, longitude: 121.4737 });
    await page.goto('/renault/dealers');
    await page.getByRole('button', { name: '使用我的位置' }).click();
    await page.getByRole('heading', { level: 2, name: '距您的距离' }).waitFor();
    await page.getByText('36 家经销商').waitFor();
    const km = await distances(page);
    expect(km).toHaveLength(36);
    expect(km.slice(0, 4)).toEqual([1.9, 2.2, 2.5, 3.1]);
    expect(km).toEqual([...km].sort((a, b) => a - b));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('dealer-finder-4-near-me.png') });

    const refused = await openPhone();
    await refused.context().clearPermissions();
    await refused.goto('/renault/dealers');
    await refused.getByRole('button', { name: '使用我的位置' }).click();
    await refused.getByText('无法获取您的位置，请选择城市。').waitFor({ timeout: 15_000 });
    await refused.getByText('36 家经销商').waitFor();
  });

  it('prices the plates of the chosen city in the configurator’s on-the-road estimate', async () => {
    const page = await openPhone();
    const detail = (await (await page.request.get('/api/v1/stores/renault/models/koleos?locale=zh-CN')).json()) as ModelDetail;
    await page.goto('/renault/dealers');
    await page.getByRole('combobox', { name: '城市' }).selectOption('shanghai');
    await page.getByRole('heading', { level: 2, name: '距上海市中心' }).waitFor();

    const trim = 'koleos-20-2wd-comfort';
    await page.goto(`/renault/models/koleos/configure?trim=${trim}&step=summary`);
    await page.getByRole('heading', { level: 2, name: /配置总览/ }).waitFor();
    const compiled = compileModel(fromModelDetail(detail));
    const shanghai = price(compiled, { trim, options: [] }, { plateFee: 8_800_000 });
    const standard = price(compiled, { trim, options: [] }, { plateFee: 50_000 });
    // The picker shows the city once the list of cities has arrived.
    await expect.poll(() => page.getByRole('combobox', { name: '上牌城市' }).inputValue()).toBe('shanghai');
    await page.getByRole('definition').filter({ hasText: yuan(8_800_000) }).waitFor();
    await page.getByRole('definition').filter({ hasText: yuan(shanghai.onTheRoad) }).waitFor();
    await page.getByTestId('plate-note').filter({ hasText: '拍卖' }).waitFor();
    await page.getByRole('heading', { level: 3, name: '落地价估算' }).evaluate((heading) => heading.scrollIntoView({ block: 'center' }));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('dealer-finder-5-plate-shanghai.png') });

    // Saved, the configuration keeps Shanghai's fee and names the city.
    await page.getByRole('button', { name: '保存并分享' }).click();
    const code = (await page.locator('.share__code').textContent())!.trim();
    const saved = await (await page.request.get(`/api/v1/stores/renault/configurations/${code}?locale=zh-CN`)).json();
    expect(saved.city.code).toBe('shanghai');
    expect(saved.price.plateFee.amount).toBe(8_800_000);
    expect(saved.price.onTheRoad.amount).toBe(shanghai.onTheRoad);

    // A small city takes registration only: the estimate drops by exactly the difference.
    await page.getByRole('combobox', { name: '上牌城市' }).selectOption('zhengzhou');
    await page.getByRole('definition').filter({ hasText: yuan(standard.onTheRoad) }).waitFor();
    expect(shanghai.onTheRoad - standard.onTheRoad).toBe(8_750_000);
    await page.screenshot({ path: screenshotPath('dealer-finder-6-plate-zhengzhou.png') });
  });

  it('lets dealer staff change their hours, showing the server’s refusal beside the day', async () => {
    const page = await openPhone();
    await signInThroughApi(page, storefront.server.sent, DEMO.dealerStaff);
    await page.goto('/dealer/renault/sh-01/profile');
    await page.getByRole('heading', { level: 2, name: '门店资料' }).waitFor();
    // Wednesday backwards: refused inline, nothing saved.
    await page.getByLabel('周三 · 关门').fill('07:00');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('alert').filter({ hasText: 'wed' }).waitFor();
    expect(await page.locator('.profile-day[data-invalid]').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('dealer-profile-refused.png'), fullPage: true });
    // Sunday closed, Wednesday fixed: saved, and the storefront shows it.
    await page.getByLabel('周三 · 关门').fill('18:00');
    await page.locator('.profile-day').filter({ hasText: '周日' }).getByRole('checkbox').check();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存。').waitFor();
    const shown = await (await page.request.get('/api/v1/stores/renault/dealers/sh-01')).json();
    expect(shown.openingHours.days[6]).toEqual({ day: 'sun', open: null, close: null });
    expect(shown.openingHours.days[2]).toEqual({ day: 'wed', open: '08:30', close: '18:00' });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('dealer-profile-saved.png'), fullPage: true });
  });
});
