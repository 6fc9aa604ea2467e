import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { PHONE_VIEWPORT, screenshotPath } from './helpers/browser.js';

/** The name of the section tab the console is on while the whole tab is within the phone's width; null while it is not. */
async function currentTabOnScreen(page: Page): Promise<string | null> {
  const tab = page.locator('.subnav [aria-current="page"]').last();
  await tab.waitFor();
  const box = await tab.boundingBox();
  return box && box.x >= 0 && box.x + box.width <= PHONE_VIEWPORT.width ? await tab.textContent() : null;
}

describe('store consoles on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  it("opens a brand admin's own store console, and only that one", async () => {
    const page = await openPhone();
    await signInThroughApi(page, storefront.server.sent, DEMO.alpineAdmin);
    await page.goto('/admin');
    await page.waitForURL((url) => url.pathname === '/admin/alpine');
    await page.getByRole('heading', { level: 1, name: '品牌管理后台' }).waitFor();
    await page.getByText('Alpine 阿尔派中国', { exact: true }).waitFor();
    // No store switch for a brand admin (the dashboard's filters are the only lists).
    expect(await page.getByRole('combobox', { name: '店铺' }).count()).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.goto('/admin/renault');
    await page.getByRole('heading', { level: 1, name: '这不是你的店铺' }).waitFor();
    expect(await page.getByText('雷诺中国（东风雷诺）').count()).toBe(0);
    await page.getByRole('link', { name: '前往我的店铺后台' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/alpine');
  });

  it("lists every store in a platform admin's switch, kept in the address", async () => {
    const page = await openPhone();
    const listed = await (await page.request.get('/api/v1/stores?locale=zh-CN')).json();
    const names = (listed as { stores: { slug: string; name: string }[] }).stores.map((store) => store.name);
    expect(names).toEqual(expect.arrayContaining(['雷诺中国（东风雷诺）', 'Alpine 阿尔派中国']));

    await signInThroughApi(page, storefront.server.sent, DEMO.platformAdmin);
    await page.goto('/admin');
    const storeSwitch = page.getByRole('combobox', { name: '店铺' });
    await storeSwitch.waitFor();
    expect(await storeSwitch.getByRole('option').allTextContents()).toEqual(['选择要管理的店铺', ...names]);

    await storeSwitch.selectOption({ label: 'Alpine 阿尔派中国' });
    await page.waitForURL((url) => url.pathname === '/admin/alpine');
    await page.getByText('Alpine 阿尔派中国', { exact: true }).last().waitFor();
    await storeSwitch.selectOption('renault');
    await page.waitForURL((url) => url.pathname === '/admin/renault');
    await page.getByRole('heading', { level: 1, name: '品牌管理后台' }).waitFor();
    expect(await storeSwitch.inputValue()).toBe('renault');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('store-switch.png'), fullPage: true });
  });

  it('shows the tab of the section open, even one past the phone’s edge, in both consoles', async () => {
    const admin = await openPhone();
    await signInThroughApi(admin, storefront.server.sent, DEMO.brandAdmin);
    await admin.goto('/admin/renault/audit');
    await expect.poll(() => currentTabOnScreen(admin)).toBe('操作日志');
    // Back to the first section by its tab: the row follows.
    await admin.getByRole('link', { name: '经营概览', exact: true }).click();
    await expect.poll(() => currentTabOnScreen(admin)).toBe('经营概览');

    const staff = await openPhone();
    await signInThroughApi(staff, storefront.server.sent, DEMO.dealerStaff);
    await staff.goto('/dealer/renault/sh-01/notifications');
    await expect.poll(() => currentTabOnScreen(staff)).toBe('通知');
  });

  it('lands dealer staff on their own dealer', async () => {
    const page = await openPhone();
    await signInThroughApi(page, storefront.server.sent, DEMO.dealerStaff);
    const dealer = (await (await page.request.get('/api/v1/dealer/stores/renault/dealers/sh-01?locale=zh-CN')).json()) as { name: string; city: string };
    await page.goto('/dealer');
    await page.waitForURL((url) => url.pathname === '/dealer/renault/sh-01/calendar');
    await page.getByText(`${dealer.name} · ${dealer.city}`, { exact: true }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it("lets a brand admin pick one of their store's dealers, and sends staff back to their own", async () => {
    const page = await openPhone();
    await signInThroughApi(page, storefront.server.sent, DEMO.brandAdmin);
    await page.goto('/dealer');
    const dealerPick = page.getByRole('combobox', { name: '经销商' });
    await dealerPick.waitFor();
    const dealers = (await (await page.request.get('/api/v1/stores/renault/dealers?locale=zh-CN&limit=100')).json()) as {
      dealers: { code: string; name: string }[];
    };
    expect(await dealerPick.getByRole('option').count()).toBe(dealers.dealers.length + 1);
    // Those the locator does not show (switched off) are one tap away, in the brand's dealer network.
    expect(await page.getByRole('link', { name: /已停用的经销商/ }).getAttribute('href')).toBe('/admin/renault/dealers');
    await dealerPick.selectOption('bj-01');
    await page.waitForURL((url) => url.pathname === '/dealer/renault/bj-01/calendar');
    await page.getByRole('link', { name: '库存' }).click();
    await page.waitForURL((url) => url.pathname === '/dealer/renault/bj-01/stock');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    const staff = await openPhone();
    await signInThroughApi(staff, storefront.server.sent, DEMO.dealerStaff);
    await staff.goto('/dealer/renault/bj-01/leads');
    await staff.waitForURL((url) => url.pathname === '/dealer/renault/sh-01/leads');
  });
});
