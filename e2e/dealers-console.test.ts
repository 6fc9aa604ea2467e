import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

/*
 * The brand console's dealer network on a phone: Renault's admin adds a dealer, gives a day
 * hours that close before they open and sees the server's refusal beside that day, corrects
 * it, then finds both changes in the audit log, in words.
 */

const RUN = Date.now().toString(36).slice(-6);
const CODE = `e2e-${RUN}`;

describe('the dealer network in the brand console', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  it('adds a dealer, refuses a day that closes before it opens inline, and shows both in the audit log', async () => {
    const page = await openPhone();
    await signInThroughApi(page, storefront.server.sent, DEMO.brandAdmin);

    await page.goto('/admin/renault');
    await page.locator('.subnav').getByRole('link', { name: '经销商', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/admin/renault/dealers');
    await page.getByTestId('admin-dealers').locator('[data-dealer="sh-01"]').waitFor();
    expect(await page.getByTestId('admin-dealer').count()).toBeGreaterThan(10);

    // A new dealer, its names in the three languages.
    await page.getByRole('button', { name: '新增经销商' }).click();
    const form = page.getByTestId('dealer-form');
    await form.getByLabel('经销商代码').fill(CODE);
    const names = { 中文: '雷诺成都高新店', Français: 'Renault Chengdu Gaoxin', English: 'Renault Chengdu Hi-Tech' };
    for (const [language, name] of Object.entries(names)) await form.getByLabel(`名称（${language}）`).fill(name);
    for (const [language, city] of Object.entries({ 中文: '成都', Français: 'Chengdu', English: 'Chengdu' })) await form.getByLabel(`城市（${language}）`).fill(city);
    for (const [language, province] of Object.entries({ 中文: '四川省', Français: 'Sichuan', English: 'Sichuan' })) await form.getByLabel(`省份（${language}）`).fill(province);
    await form.getByLabel('城市代码').fill('chengdu');
    await form.getByLabel('纬度').fill('30.5728');
    await form.getByLabel('经度').fill('104.0668');
    await form.getByLabel('电话').fill('028-85556666');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const created = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/admin/stores/renault/dealers');
    await form.getByRole('button', { name: '添加经销商' }).click();
    expect((await created).status()).toBe(201);
    await page.getByRole('status').filter({ hasText: '经销商已添加。' }).waitFor();
    await page.screenshot({ path: screenshotPath('dealers-console-1-added.png'), fullPage: true });
    const card = await (await page.request.get(`/api/v1/stores/renault/dealers/${CODE}?locale=en`)).json();
    expect(card.name).toBe('Renault Chengdu Hi-Tech');

    // Its page: Tuesday closing at 08:00 after opening at 09:00 is refused beside Tuesday.
    await page.getByRole('link', { name: '雷诺成都高新店' }).click();
    await page.waitForURL((url) => url.pathname === `/admin/renault/dealers/${CODE}`);
    const profile = page.getByTestId('dealer-form');
    const tuesdayClose = profile.getByLabel('周二 · 关门');
    await tuesdayClose.fill('08:00');
    const refusedAnswer = page.waitForResponse((response) => response.request().method() === 'PATCH' && response.url().includes(`/dealers/${CODE}`));
    await profile.getByRole('button', { name: '保存资料' }).click();
    const refused = await refusedAnswer;
    expect(refused.status()).toBe(422);
    expect((await refused.json()).errors).toEqual([{ path: 'body.openingHours.tue.close', message: 'must be later than the opening time' }]);
    const tuesdayError = profile.getByTestId('dealer-error-hours.tue');
    expect(await tuesdayError.textContent()).toBe('关门时间必须晚于开门时间。');
    expect(await tuesdayClose.getAttribute('aria-invalid')).toBe('true');
    expect(await profile.getByTestId('dealer-day-mon').getAttribute('data-invalid')).toBeNull();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('dealers-console-2-hours-refused.png'), fullPage: true });

    await tuesdayClose.fill('17:30');
    await profile.getByRole('button', { name: '保存资料' }).click();
    await profile.getByRole('status').filter({ hasText: '已保存。' }).waitFor();
    expect(await profile.getByTestId('dealer-error-hours.tue').count()).toBe(0);
    const saved = await (await page.request.get(`/api/v1/stores/renault/dealers/${CODE}?locale=en`)).json();
    expect(saved.openingHours.days[1]).toEqual({ day: 'tue', open: '09:00', close: '17:30' });

    // The audit log names both changes in words, newest first, with who made them.
    await page.locator('.subnav').getByRole('link', { name: '操作日志' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/renault/audit');
    const events = page.getByTestId('audit-events');
    await events.waitFor();
    const updated = events.locator('[data-action="dealer.profile_updated"]').first();
    expect(await updated.textContent()).toContain('修改经销商资料');
    expect(await updated.textContent()).toContain('Renault China');
    expect(await updated.textContent()).toContain(CODE);
    const added = events.locator('[data-action="dealer.created"]').first();
    expect(await added.textContent()).toContain('新增经销商');
    expect(await added.textContent()).toContain(CODE);
    const actions = await events.getByTestId('audit-event').evaluateAll((items) => items.map((item) => item.getAttribute('data-action')));
    expect(actions.indexOf('dealer.profile_updated')).toBeLessThan(actions.indexOf('dealer.created'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('dealers-console-3-audit.png'), fullPage: true });
  });

  it('sends the staff of a dealer the brand switches off to sign-in, which tells them why', async () => {
    const staff = await openPhone();
    await signInThroughApi(staff, storefront.server.sent, DEMO.dealerStaff);
    await staff.goto('/dealer/renault/sh-01/calendar');
    await staff.getByRole('heading', { level: 1, name: '经销商工作台' }).waitFor();

    const brand = await openPhone();
    await signInThroughApi(brand, storefront.server.sent, DEMO.brandAdmin);
    const csrf = (await brand.context().cookies()).find((cookie) => cookie.name === 'vitrine_csrf')!.value;
    const switchSh01 = (status: 'active' | 'inactive') =>
      brand.request.patch('/api/v1/admin/stores/renault/dealers/sh-01', { data: { status }, headers: { 'x-csrf-token': csrf } });
    expect((await switchSh01('inactive')).status()).toBe(200);
    try {
      // The console's next request finds no session: the browser is signed out and asked to sign in.
      await staff.getByRole('link', { name: '库存' }).click();
      await staff.waitForURL((url) => url.pathname === '/signin');
      expect(new URL(staff.url()).search).toBe('?next=/dealer/renault/sh-01/stock');
      await staff.getByRole('heading', { level: 1, name: '登录' }).waitFor();

      // The right password is told the reason, and no code is sent.
      const sentBefore = storefront.server.sent.length;
      await staff.getByLabel('手机号或邮箱').fill(DEMO.dealerStaff.email);
      await staff.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
      await staff.getByRole('button', { name: '登录', exact: true }).click();
      await staff.getByRole('alert').getByText('您所在的经销商已被品牌停用，品牌重新启用前无法登录经销商工作台。').waitFor();
      expect(new URL(staff.url()).pathname).toBe('/signin');
      expect(storefront.server.sent.length).toBe(sentBefore);
      expect(await horizontalOverflow(staff)).toBeLessThanOrEqual(0);
      await staff.screenshot({ path: screenshotPath('dealers-console-4-switched-off.png'), fullPage: true });

      // The brand, which the locator no longer leads to the dealer, opens its console from the dealer's page to take its orders over.
      await brand.goto('/admin/renault/dealers/sh-01');
      const status = brand.getByTestId('dealer-status');
      await status.getByText('其员工也无法登录', { exact: false }).waitFor();
      await status.getByRole('link', { name: '打开其经销商工作台' }).click();
      await brand.waitForURL((url) => url.pathname === '/dealer/renault/sh-01/orders');
      await brand.getByRole('heading', { level: 1, name: '经销商工作台' }).waitFor();
    } finally {
      expect((await switchSh01('active')).status()).toBe(200);
    }
  });
});
