import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../src/shared/calendar-days.js';
import { insertCampaign } from '../test/helpers/campaigns.js';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

/*
 * The brand's dashboards at /admin/{store} on a phone and on a desktop, over events written by
 * hand ten minutes ago (so inside the default range, the last 30 Shanghai days):
 *
 *   Koleos (sh-01, Shanghai, phone): 5 views, 2 configurations, 1 lead, 1 test drive, 1 deposit of ¥5,000
 *   Kadjar (bj-01, Beijing, desktop): 3 views, 1 configuration, 1 deposit of ¥3,000, 1 delivery
 *
 * so the funnel reads 8 / 3 / 1 / 1 / 2 / 1 for the store, and 5 / 2 / 1 / 1 / 1 / 0 for the Koleos;
 * and a flash sale of 3 Koleos that started an hour ago, not yet claimed.
 * Screenshots land in test-results/screenshots/dashboards-*.png with the other browser tests'.
 */

type Kind = 'model_viewed' | 'configuration_saved' | 'lead_created' | 'test_drive_booked' | 'deposit_paid' | 'delivered';
const KOLEOS: [Kind, number, number?][] = [
  ['model_viewed', 5],
  ['configuration_saved', 2],
  ['lead_created', 1],
  ['test_drive_booked', 1],
  ['deposit_paid', 1, 500_000],
];
const KADJAR: [Kind, number, number?][] = [
  ['model_viewed', 3],
  ['configuration_saved', 1],
  ['deposit_paid', 1, 300_000],
  ['delivered', 1, 15_980_000],
];

/** Each test signs in and waits for six dashboards on a shared 2-core machine. */
const SLOW = { timeout: 120_000 };

const CHARTS = ['dash-funnel-chart', 'dash-sales-chart', 'dash-breakdown-chart', 'dash-dealers-chart', 'dash-nev-chart', 'dash-campaigns-chart'];

/** The cells of one funnel stage's row, as the table shows them. */
async function funnelCount(page: Page, stage: string): Promise<string | null> {
  return page.getByTestId('dash-funnel-table').locator(`tr[data-stage="${stage}"] td[data-col="count"]`).textContent();
}

/** The little of a canvas element the tests read (the suite's types carry no DOM). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray } } | null;
  getBoundingClientRect(): { width: number };
}

/** How many of a canvas's pixels are drawn: neither transparent nor the card's white. */
async function drawnPixels(page: Page, testId: string): Promise<number> {
  const chart = page.getByTestId(testId);
  await chart.scrollIntoViewIfNeeded();
  await page.locator(`[data-testid="${testId}"][data-drawn="true"]`).waitFor();
  return chart.locator('canvas').first().evaluate((element) => {
    const canvas = element as unknown as CanvasLike;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    for (let index = 0; index < data.length; index += 4) {
      const [r, g, b, a] = [data[index]!, data[index + 1]!, data[index + 2]!, data[index + 3]!];
      if (a > 0 && !(r > 245 && g > 245 && b > 245)) drawn += 1;
    }
    return drawn;
  });
}

describe('the brand dashboards', () => {
  const storefront = useStorefront();
  const { openPhone, openDesktop } = storefront;

  beforeAll(async () => {
    const db = storefront.server.db;
    const store = (await db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow()).id;
    const model = async (slug: string) => (await db.selectFrom('model').select('id').where('store_id', '=', store).where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    const dealer = async (code: string) =>
      db.selectFrom('dealer').select(['id', 'province', 'city_code']).where('store_id', '=', store).where('code', '=', code).executeTakeFirstOrThrow();
    const at = new Date(Date.now() - 10 * 60_000);
    const rows = [
      { model: await model('koleos'), dealer: await dealer('sh-01'), channel: 'phone' as const, events: KOLEOS },
      { model: await model('kadjar'), dealer: await dealer('bj-01'), channel: 'desktop' as const, events: KADJAR },
    ].flatMap(({ model, dealer, channel, events }) =>
      events.flatMap(([kind, count, amount]) =>
        Array.from({ length: count }, () => ({
          id: randomUUID(),
          store_id: store,
          kind,
          occurred_at: at.toISOString(),
          day: shanghaiDay(at),
          model_id: model,
          trim_id: null,
          dealer_id: kind === 'model_viewed' ? null : dealer.id,
          city_code: dealer.city_code,
          province: dealer.province,
          channel,
          subject_id: kind === 'model_viewed' ? null : randomUUID(),
          amount: amount ?? null,
        })),
      ),
    );
    await db.insertInto('analytics_event').values(rows).execute();
    await insertCampaign(db, { slug: 'dash-f1', units: 3, startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() + 3_600_000) });
  });

  /** A phone signed in as Renault's brand admin, on the dashboard (with `search`), its figures in. */
  async function dashboardOnPhone(search = ''): Promise<Page> {
    const page = await openPhone();
    await signInThroughApi(page, storefront.server.sent, DEMO.brandAdmin);
    await page.goto(`/admin/renault${search}`);
    await page.getByRole('heading', { level: 2, name: '转化漏斗' }).waitFor();
    await expect.poll(() => funnelCount(page, 'views'), { timeout: 10_000 }).not.toBe(null);
    return page;
  }

  const funnelCounts = (page: Page) => page.getByTestId('dash-funnel-table').locator('td[data-col="count"]').allTextContents();

  it('draws every chart on a phone, with the same figures in a table beside each', SLOW, async () => {
    const page = await dashboardOnPhone();
    await expect.poll(() => funnelCount(page, 'views')).toBe('8');
    const table = page.getByTestId('dash-funnel-table');
    expect(await funnelCounts(page)).toEqual(['8', '3', '1', '1', '2', '1']);
    // Deposits convert from configurations (2 of 3), deliveries from deposits (1 of 2).
    expect(await table.locator('tr[data-stage="deposits"] td[data-col="conversion"]').textContent()).toBe('66.67% 较保存配置');
    expect(await table.locator('tr[data-stage="deliveries"] td[data-col="conversion"]').textContent()).toBe('50% 较支付定金');
    expect(await table.locator('tr[data-stage="deliveries"] td[data-col="of-views"]').textContent()).toBe('12.5%');
    const sales = page.getByTestId('dash-sales-table');
    expect(await sales.locator('tfoot td[data-col="deposits"]').textContent()).toBe('2');
    expect(await sales.locator('tfoot td[data-col="deposit-amount"]').textContent()).toBe('¥8,000');
    expect(await sales.locator('tbody tr').count()).toBe(30);
    // The pace still needed to reach the year's target (the demo's 400,000), in cars a day.
    expect(await page.getByTestId('dash-pace-needed').textContent()).toMatch(/^[\d,.]+ 辆\/天$/);
    // What the target counts, in words rather than its stored name.
    expect(await page.getByTestId('dash-target-scope').textContent()).toBe('目标口径：合资公司全部销量（2022 年设定）');
    const breakdown = page.getByTestId('dash-breakdown-table');
    expect(await breakdown.locator('tr[data-key="koleos"] td[data-col="deposit-amount"]').textContent()).toBe('¥5,000');
    expect(await breakdown.locator('tr[data-key="kadjar"] td[data-col="conversion"]').textContent()).toBe('33.33%');
    // The dealer league, with the dealers of the events among its rows.
    const league = page.getByTestId('dash-dealers-table');
    expect(await league.locator('tr[data-key="sh-01"] td[data-col="deposits"]').textContent()).toBe('1');
    expect(await league.locator('tr[data-key="bj-01"] td[data-col="deliveries"]').textContent()).toBe('1');
    // The market context the store records beside the store's own NEV share (no NEV among these events).
    expect(await page.getByTestId('dash-nev-market').textContent()).toBe('2017 年全国共售出 28,880,000 辆汽车，其中新能源汽车 777,000 辆。');
    expect(await page.getByTestId('dash-nev-table').locator('tr[data-key="market"] td[data-col="share"]').textContent()).toBe('2.69%');
    expect(await page.getByTestId('dash-nev-table').locator('tr[data-key="views"] td[data-col="total"]').textContent()).toBe('8');
    const flashSale = page.getByTestId('dash-campaigns-table').locator('tr[data-key="dash-f1"]');
    expect(await flashSale.locator('td[data-col="units"]').textContent()).toBe('3');
    expect(await flashSale.locator('td[data-col="claims"]').textContent()).toBe('0');
    expect(await flashSale.locator('td[data-col="holds-converted"]').textContent()).toBe('— (0/0)');
    expect(await flashSale.locator('td[data-col="sell-out"]').textContent()).toBe('未售罄');

    for (const chart of CHARTS) expect(await drawnPixels(page, chart), `${chart} is drawn`).toBeGreaterThan(300);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshotPath('dashboards-1-phone.png'), fullPage: true });
    for (const card of ['funnel', 'sales', 'breakdown', 'dealers', 'nev', 'campaigns']) await page.getByTestId(`dash-${card}`).screenshot({ path: screenshotPath(`dashboards-1-phone-${card}.png`) });
  });

  it('filters by model, keeps the filter in the address, and exports the filtered table as CSV', SLOW, async () => {
    const page = await dashboardOnPhone();
    await expect.poll(() => funnelCount(page, 'views')).toBe('8');
    await page.getByLabel('车型').selectOption('koleos');
    await page.waitForURL((url) => url.pathname === '/admin/renault' && url.searchParams.get('model') === 'koleos');
    await expect.poll(() => funnelCount(page, 'views'), { timeout: 10_000 }).toBe('5');
    expect(await funnelCounts(page)).toEqual(['5', '2', '1', '1', '1', '0']);
    await expect.poll(() => page.getByTestId('dash-sales-table').locator('tfoot td[data-col="deposits"]').textContent(), { timeout: 10_000 }).toBe('1');
    await expect.poll(() => page.getByTestId('dash-breakdown-table').locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('dash-breakdown-table').locator('tr[data-key="koleos"] td[data-col="views"]').textContent()).toBe('5');
    expect(await drawnPixels(page, 'dash-funnel-chart')).toBeGreaterThan(300);
    await page.getByTestId('dash-funnel').screenshot({ path: screenshotPath('dashboards-2-koleos-funnel.png') });

    // The funnel as CSV, for the same filter.
    const csvLink = page.getByRole('link', { name: '导出“转化漏斗”CSV' });
    expect(new URL((await csvLink.getAttribute('href')) ?? '', 'http://localhost').searchParams.get('model')).toBe('koleos');
    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^funnel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path()) ?? '', 'utf8').split('\r\n');
    expect(csv[0]).toBe('stage,events,amount_fen,basis,conversion_numerator,conversion_denominator,conversion_percent,of_views_percent');
    expect(csv[1]).toBe('views,5,0,,,,,100');
    expect(csv).toContain('deposits,1,500000,configurations,1,2,50,20');

    // The filter survives a reload.
    await page.reload();
    await expect.poll(() => funnelCount(page, 'views'), { timeout: 10_000 }).toBe('5');
    await expect.poll(() => page.getByLabel('车型').inputValue()).toBe('koleos');
  });

  it('redraws the charts to a wider screen, and sets the cards two by two on a desktop', SLOW, async () => {
    const page = await dashboardOnPhone();
    await page.getByTestId('dash-funnel-chart').locator('canvas').first().waitFor();
    const canvasWidth = () => page.getByTestId('dash-funnel-chart').locator('canvas').first().evaluate((element) => (element as unknown as CanvasLike).getBoundingClientRect().width);
    const narrow = await canvasWidth();
    expect(narrow).toBeLessThan(390);
    await page.setViewportSize({ width: 800, height: 844 });
    await expect.poll(canvasWidth, { timeout: 5_000 }).toBeGreaterThan(narrow + 200);

    const desktop = await openDesktop();
    await signInThroughApi(desktop, storefront.server.sent, DEMO.brandAdmin);
    await desktop.goto('/admin/renault?unit=week&by=city');
    await expect.poll(() => funnelCount(desktop, 'views'), { timeout: 10_000 }).toBe('8');
    expect(await desktop.getByRole('button', { name: '按周' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => desktop.getByTestId('dash-breakdown-table').locator('tr[data-key="shanghai"] td[data-col="views"]').textContent(), { timeout: 10_000 }).toBe('5');
    const [funnelBox, salesBox] = await Promise.all([desktop.getByTestId('dash-funnel').boundingBox(), desktop.getByTestId('dash-sales').boundingBox()]);
    expect(salesBox?.y).toBe(funnelBox?.y);
    for (const chart of CHARTS) expect(await drawnPixels(desktop, chart), `${chart} is drawn`).toBeGreaterThan(300);
    await desktop.evaluate('window.scrollTo(0, 0)');
    await desktop.screenshot({ path: screenshotPath('dashboards-3-desktop.png'), fullPage: true });
  });

  it("speaks English and French, down to the charts' axes and the export's language", SLOW, async () => {
    const desktop = await openDesktop();
    await signInThroughApi(desktop, storefront.server.sent, DEMO.brandAdmin);
    await desktop.goto('/admin/renault?by=city');
    await expect.poll(() => funnelCount(desktop, 'views'), { timeout: 10_000 }).toBe('8');
    await desktop.getByRole('button', { name: 'English' }).click();
    await desktop.getByRole('heading', { level: 2, name: 'Conversion funnel' }).waitFor();
    await expect.poll(() => desktop.getByTestId('dash-funnel-table').locator('tr[data-stage="deliveries"] th').textContent()).toBe('Deliveries');
    await expect.poll(() => desktop.getByTestId('dash-nev-market').textContent(), { timeout: 10_000 }).toBe('In 2017, 28,880,000 cars were sold in China, 777,000 of them NEVs.');
    expect(await drawnPixels(desktop, 'dash-funnel-chart')).toBeGreaterThan(300);
    await desktop.screenshot({ path: screenshotPath('dashboards-3-desktop-en.png'), fullPage: true });
    await desktop.getByRole('button', { name: 'Français' }).click();
    await desktop.getByRole('heading', { level: 2, name: 'Entonnoir de conversion' }).waitFor();
    expect(await desktop.getByRole('link', { name: 'Exporter « Entonnoir de conversion » en CSV' }).getAttribute('href')).toContain('locale=fr');
  });

  it("keeps Renault's figures from Alpine's admin, and lets a platform admin switch stores", SLOW, async () => {
    const alpine = await openPhone();
    await signInThroughApi(alpine, storefront.server.sent, DEMO.alpineAdmin);
    const analytics: string[] = [];
    alpine.on('request', (request) => {
      if (request.url().includes('/analytics/')) analytics.push(request.url());
    });
    await alpine.goto('/admin/renault');
    await alpine.getByRole('heading', { level: 1, name: '这不是你的店铺' }).waitFor();
    expect(await alpine.getByRole('heading', { level: 2, name: '转化漏斗' }).count()).toBe(0);
    expect(analytics).toEqual([]);
    // The API refuses too.
    expect((await alpine.request.get('/api/v1/admin/stores/renault/analytics/funnel')).status()).toBe(404);
    await alpine.screenshot({ path: screenshotPath('dashboards-4-other-store.png'), fullPage: true });

    const platform = await openPhone();
    await signInThroughApi(platform, storefront.server.sent, DEMO.platformAdmin);
    await platform.goto('/admin/renault?model=koleos');
    await expect.poll(() => funnelCount(platform, 'views'), { timeout: 10_000 }).toBe('5');
    const storeSwitch = platform.getByRole('combobox', { name: '店铺' });
    await storeSwitch.selectOption('alpine');
    await platform.waitForURL((url) => url.pathname === '/admin/alpine');
    await platform.getByText('Alpine 阿尔派中国', { exact: true }).last().waitFor();
    await expect.poll(() => funnelCount(platform, 'views'), { timeout: 10_000 }).toBe('0');
    expect(await drawnPixels(platform, 'dash-funnel-chart')).toBeGreaterThan(100);
    await storeSwitch.selectOption('renault');
    await platform.waitForURL((url) => url.pathname === '/admin/renault');
    await expect.poll(() => funnelCount(platform, 'views'), { timeout: 10_000 }).toBe('8');
    expect(await horizontalOverflow(platform)).toBeLessThanOrEqual(0);
  });

  it('keeps the orders at /admin/{store}/orders, and sends an old order address there', SLOW, async () => {
    const page = await openPhone();
    await signInThroughApi(page, storefront.server.sent, DEMO.brandAdmin);
    await page.goto('/admin/renault');
    await page.getByRole('link', { name: '订单', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/admin/renault/orders');
    await page.goto('/admin/renault?order=00000000-0000-4000-8000-000000000000');
    await page.waitForURL((url) => url.pathname === '/admin/renault/orders' && url.searchParams.get('order') === '00000000-0000-4000-8000-000000000000');
  });
});
