import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { totpCode } from '../test/helpers/totp.js';
import { DEMO, DEMO_PASSWORD, waitForCode } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

describe('accounts on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  const pathOf = (page: Page) => new URL(page.url()).pathname;
  const searchOf = (page: Page) => new URL(page.url()).search;

  async function signInWithPassword(page: Page, identifier: string, password: string): Promise<void> {
    await page.getByLabel('手机号或邮箱').fill(identifier);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }

  /** Staff: the password, then the SMS code sent to the staff phone as the second step. */
  async function signInAsStaff(page: Page, staff: { email: string; phone: string }): Promise<void> {
    const sentBefore = storefront.server.sent.length;
    await signInWithPassword(page, staff.email, DEMO_PASSWORD);
    await page.getByRole('heading', { level: 2, name: '安全验证' }).waitFor();
    const code = await waitForCode(storefront.server.sent, staff.phone, sentBefore);
    await page.getByLabel('安全验证码').fill(code);
    await page.getByRole('button', { name: '验证并登录' }).click();
  }

  it('sends a signed-out visitor of /admin to sign in, then on to the brand console', async () => {
    const page = await openPhone();
    await page.goto('/admin');

    await page.waitForURL((url) => url.pathname === '/signin');
    expect(searchOf(page)).toBe('?next=/admin');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();

    await signInAsStaff(page, DEMO.brandAdmin);
    // A brand admin's console is their own store's.
    await page.waitForURL((url) => url.pathname === '/admin/renault');
    await page.getByRole('heading', { level: 1, name: '品牌管理后台' }).waitFor();
    const identity = page.getByRole('region', { name: '当前登录账户' });
    await identity.getByText(DEMO.brandAdmin.name, { exact: true }).waitFor();
    // The phone signed in with shows whole on a phone's width, not cut to "+86 139 0000…".
    const meta = identity.locator('.identity__meta');
    expect(await meta.textContent()).toBe('品牌管理员 · +86 139 0000 0103');
    expect(await meta.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
    const contact = await identity.getByText('+86 139 0000 0103', { exact: true }).boundingBox();
    expect(contact!.height).toBeLessThan(24); // on one line
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // Signing out at the console ends on the sign-in page, and the console is closed again.
    await identity.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.pathname === '/signin');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    await page.goto('/admin');
    await page.waitForURL((url) => url.pathname === '/signin' && url.search === '?next=/admin');
  });

  it('keeps the account in the language chosen on the phone', async () => {
    const page = await openPhone();
    await page.goto('/signin');
    // The brand admin's account was saved in French; this phone shows Chinese.
    await signInAsStaff(page, DEMO.brandAdmin);
    await page.waitForURL((url) => url.pathname === '/admin/renault');
    const accountLocale = () =>
      page.evaluate(async () => ((await (await fetch('/api/v1/me')).json()) as { account: { locale: string } }).account.locale);
    await expect.poll(accountLocale).toBe('zh-CN');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(accountLocale).toBe('en');
  });

  it('lets the buyer sign in with a password, see the account and its sessions, and sign out', async () => {
    const page = await openPhone();
    await page.goto('/renault');
    await page.getByRole('link', { name: '登录', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/signin');
    expect(searchOf(page)).toBe('?next=/renault');

    await signInWithPassword(page, DEMO.buyer.phone, DEMO_PASSWORD);
    // Signing in from a page comes back to it; the top bar then leads to the account.
    await page.waitForURL((url) => url.pathname === '/renault');
    await page.getByRole('link', { name: '我的账户' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('heading', { level: 1, name: DEMO.buyer.name }).waitFor();
    await page.getByText('购车用户', { exact: true }).waitFor();
    await page.getByText('+86 138 0013 8000', { exact: true }).waitFor();
    await page.getByText(DEMO.buyer.email, { exact: true }).waitFor();

    // The ways on to orders, vouchers and test drives read as rows of one kind: none underlined like a text link.
    const rows = page.locator('.account > a.panel--row');
    expect(await rows.allTextContents()).toEqual(['我的订单›', '我的购车券›', '我的试驾›']);
    // Runs in the page; the suite's types have no DOM, so the page's global is reached untyped.
    const decorations = await rows.evaluateAll((links) =>
      links.map((link) => (globalThis as unknown as { getComputedStyle(node: unknown): { textDecorationLine: string } }).getComputedStyle(link).textDecorationLine),
    );
    expect(decorations).toEqual(['none', 'none', 'none']);

    const sessions = page.getByRole('list', { name: '登录设备' });
    await sessions.getByRole('listitem').first().waitFor();
    expect(await sessions.getByText('当前设备', { exact: true }).count()).toBeGreaterThanOrEqual(1);
    // The top bar now leads to the account, showing the buyer's initial.
    await page.getByRole('link', { name: '我的账户' }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('account.png'), fullPage: true });

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('link', { name: '登录', exact: true }).waitFor();

    await page.goto('/account');
    await page.waitForURL((url) => url.pathname === '/signin');
    expect(searchOf(page)).toBe('?next=/account');
    // The session is gone on the server too, not just forgotten by the page.
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  });

  it('signs the buyer in with a code sent by SMS', async () => {
    const page = await openPhone();
    // A `next` pointing at another site is ignored: the buyer lands on their own account.
    await page.goto('/signin?next=//evil.example/phish');
    await page.getByRole('tab', { name: '验证码登录' }).click();
    await page.getByLabel('手机号或邮箱').fill(DEMO.buyer.phone);

    const sentBefore = storefront.server.sent.length;
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('验证码已发送至 +86138****8000').waitFor();
    const resend = page.getByRole('button', { name: /\d+ 秒后重发/ });
    expect(await resend.isDisabled()).toBe(true);
    const code = await waitForCode(storefront.server.sent, `+86${DEMO.buyer.phone}`, sentBefore);

    const codeInput = page.getByLabel('验证码', { exact: true });
    expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
    expect(await codeInput.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await codeInput.fill(code);
    await page.screenshot({ path: screenshotPath('signin-code.png'), fullPage: true });
    await page.getByRole('button', { name: '登录', exact: true }).click();

    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('heading', { level: 1, name: DEMO.buyer.name }).waitFor();
  });

  it('explains a wrong password in Chinese and stays on the sign-in page', async () => {
    const page = await openPhone();
    await page.goto('/signin');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('signin.png'), fullPage: true });

    // Sent empty: the field at fault takes the focus, so the phone's keypad opens on it.
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('alert').getByText('请输入手机号或邮箱。').waitFor();
    const identifier = page.getByLabel('手机号或邮箱');
    await expect.poll(() => identifier.evaluate((input) => input === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);

    await signInWithPassword(page, DEMO.buyer.email, 'not-the-password');
    await page.getByRole('alert').getByText('手机号/邮箱或密码错误，请重新输入。').waitFor();
    expect(pathOf(page)).toBe('/signin');
    const password = page.getByLabel('密码', { exact: true });
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => password.evaluate((input) => input === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('signin-error.png'), fullPage: true });
  });

  it('tells dealer staff the brand console is not for their account', async () => {
    const page = await openPhone();
    await page.goto('/signin');
    await signInAsStaff(page, DEMO.dealerStaff);
    await page.waitForURL((url) => url.pathname === '/dealer/renault/sh-01/calendar');
    await page.getByRole('heading', { level: 1, name: '经销商工作台' }).waitFor();
    await page.getByText(DEMO.dealerStaff.name, { exact: true }).waitFor();

    await page.goto('/admin');
    await page.getByRole('heading', { level: 1, name: '当前账户无权访问此页面' }).waitFor();
    await page.getByText(`你当前登录的是 ${DEMO.dealerStaff.name}（经销商员工）`, { exact: false }).waitFor();
    expect(pathOf(page)).toBe('/admin');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('not-allowed.png'), fullPage: true });

    await page.getByRole('button', { name: '切换账户' }).click();
    await page.waitForURL((url) => url.pathname === '/signin');
    expect(searchOf(page)).toBe('?next=/admin');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
  });

  it('ignores a next that folds into another site', async () => {
    const page = await openPhone();
    await page.goto('/signin?next=/..//example.org/');
    await signInWithPassword(page, DEMO.buyer.email, DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/account');
    expect(new URL(page.url()).origin).toBe(storefront.server.url);
  });

  it('lets staff make an expiring API token and set up an authenticator app for the next sign-in', async () => {
    const page = await openPhone();
    await page.goto('/signin?next=/account');
    await signInAsStaff(page, DEMO.dealerStaff);
    await page.waitForURL((url) => url.pathname === '/account');

    const tokens = page.getByRole('region', { name: 'API 令牌' });
    await tokens.getByLabel('令牌名称').fill('DMS');
    await tokens.getByLabel('有效期').selectOption('30');
    await tokens.getByRole('button', { name: '创建令牌' }).click();
    await tokens.getByText(/\d{4}.*到期/).first().waitFor();
    await tokens.getByText('从未使用').first().waitFor();

    const factor = page.getByRole('region', { name: '二次验证' });
    await factor.getByText('登录时，验证码将以短信发送至 +86139****0101。').waitFor();
    await factor.getByRole('button', { name: '设置身份验证器应用' }).click();
    await factor.getByRole('img', { name: '身份验证器二维码' }).waitFor();
    const secret = (await factor.locator('code').textContent())!.trim();
    await factor.getByLabel('应用中的验证码').fill(totpCode(secret, new Date()));
    await factor.getByRole('button', { name: '确认启用' }).click();
    await factor.getByText('身份验证器应用已启用，下次登录时将使用它。').waitFor();
    await factor.getByText('登录时，请输入身份验证器应用中的验证码。').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('account-staff.png'), fullPage: true });
  });
});
