import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

const PAY_PATH = /^\/pay\/[0-9a-f-]{36}$/;
const ORDER_PATH = /^\/account\/orders\/[0-9a-f-]{36}$/;

/*
 * The test server offers the sandbox alone (no PAYMENT_PROVIDERS): the buyer is never asked how
 * to pay. The choice itself is shown by answering the providers list in the browser, as a
 * deployment offering WeChat Pay first would; the server still refuses the one it lacks.
 */
describe('choosing how to pay', () => {
  const storefront = useStorefront();
  const { openPhone, openDesktop } = storefront;

  /** Signed in as the demo buyer, at checkout for a Koleos saved just now, with the Shanghai dealer picked. */
  async function atCheckout(page: Page): Promise<void> {
    await signInThroughApi(page, storefront.server.sent, DEMO.buyer);
    const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'vitrine_csrf')!.value;
    const saved = await page.request.post('/api/v1/stores/renault/configurations?locale=zh-CN', {
      data: { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] },
      headers: { 'x-csrf-token': csrf },
    });
    expect(saved.status()).toBe(201);
    const { code } = (await saved.json()) as { code: string };
    await page.goto(`/renault/checkout?configuration=${code}`);
    const dealer = page.getByRole('combobox', { name: '取车经销商' });
    await dealer.locator('option[value="sh-01"]').waitFor({ state: 'attached' });
    await dealer.selectOption('sh-01');
    await page.getByTestId('checkout-deposit').getByText('¥5,000', { exact: true }).waitFor();
  }

  it('asks nothing when the sandbox is the only way, at checkout or on the order, and pays on the sandbox page', async () => {
    const buyer = await openPhone();
    await atCheckout(buyer);
    const pay = buyer.getByRole('button', { name: '预订并支付定金 ¥5,000' });
    await expect.poll(() => pay.isEnabled()).toBe(true);
    expect(await buyer.getByRole('group', { name: '支付方式' }).count()).toBe(0);
    expect(await buyer.getByText('沙箱（测试）').count()).toBe(0);
    await pay.click();

    await buyer.waitForURL((url) => PAY_PATH.test(url.pathname));
    const firstPayment = new URL(buyer.url()).pathname;
    await buyer.getByRole('button', { name: '模拟支付失败' }).click();
    await buyer.getByText('支付失败，未扣款。', { exact: false }).waitFor();
    await buyer.getByRole('link', { name: '返回订单' }).click();

    await buyer.locator('[data-testid="order"][data-status="pending_deposit"]').waitFor();
    const payDeposit = buyer.getByRole('button', { name: '支付定金 ¥5,000' });
    await expect.poll(() => payDeposit.isEnabled()).toBe(true);
    expect(await buyer.getByRole('group', { name: '支付方式' }).count()).toBe(0);
    await payDeposit.click();
    // A phone pays on the sandbox page, a new payment after the failed one.
    await buyer.waitForURL((url) => PAY_PATH.test(url.pathname) && url.pathname !== firstPayment);
    await buyer.getByRole('button', { name: '确认支付 ¥5,000' }).click();
    await buyer.getByText('支付成功').waitFor();
    await buyer.getByRole('link', { name: '查看我的订单' }).click();
    await buyer.locator('[data-testid="order"][data-status="deposit_paid"]').waitFor();
  });

  it('shows the pay page as a QR code on a desktop order page, and moves on once the phone has paid', async () => {
    const desktop = await openDesktop();
    await atCheckout(desktop);
    await desktop.getByRole('button', { name: '预订并支付定金 ¥5,000' }).click();
    await desktop.getByTestId('checkout-qr').getByRole('img', { name: '支付页面二维码' }).waitFor();

    // Left unpaid at checkout, the deposit is paid from the order page.
    await desktop.goto('/account/orders');
    await desktop.locator('[data-testid="my-order"][data-status="pending_deposit"]').first().click();
    await desktop.waitForURL((url) => ORDER_PATH.test(url.pathname));
    const orderPath = new URL(desktop.url()).pathname;
    const payDeposit = desktop.getByRole('button', { name: '支付定金 ¥5,000' });
    await expect.poll(() => payDeposit.isEnabled()).toBe(true);
    await payDeposit.click();

    const qr = desktop.getByTestId('checkout-qr');
    await qr.getByRole('img', { name: '支付页面二维码' }).waitFor();
    expect(await qr.getAttribute('data-provider')).toBe('sandbox');
    expect(new URL(desktop.url()).pathname).toBe(orderPath);
    // One way to pay: nothing to go back and choose.
    expect(await qr.getByRole('button', { name: '换一种支付方式' }).count()).toBe(0);
    const payPath = (await qr.getByRole('link', { name: '在本设备上支付' }).getAttribute('href'))!;
    expect(payPath).toMatch(PAY_PATH);
    await desktop.screenshot({ path: screenshotPath('providers-1-order-qr.png') });

    const phone = await openPhone();
    await phone.goto(payPath);
    await phone.getByRole('button', { name: '确认支付 ¥5,000' }).click();
    await phone.getByText('支付成功').waitFor();
    await desktop.locator('[data-testid="order"][data-status="deposit_paid"]').waitFor({ timeout: 15_000 });
    expect(new URL(desktop.url()).pathname).toBe(orderPath);
  });

  it('offers every way the deployment lists, the first chosen, and pays through the one the buyer picks', async () => {
    const buyer = await openPhone();
    await buyer.route('**/api/v1/payments/providers', (route) => route.fulfill({ json: { providers: ['wechatpay', 'sandbox'] } }));
    await atCheckout(buyer);

    const choice = buyer.getByRole('group', { name: '支付方式' });
    await choice.waitFor();
    const wechat = choice.getByRole('button', { name: '微信支付' });
    const sandbox = choice.getByRole('button', { name: '沙箱（测试）' });
    expect(await choice.getByRole('button').allTextContents()).toEqual(['微信支付', '沙箱（测试）']);
    expect(await wechat.getAttribute('aria-pressed')).toBe('true');
    expect(await sandbox.getAttribute('aria-pressed')).toBe('false');
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('providers-2-choice.png'), fullPage: true });

    // This server has no WeChat Pay: it refuses, and the buyer is told to pay another way.
    const pay = buyer.getByRole('button', { name: '预订并支付定金 ¥5,000' });
    await pay.click();
    await buyer.getByRole('alert').filter({ hasText: '这种支付方式暂时无法使用，请换一种方式或稍后再试。' }).waitFor();
    expect(new URL(buyer.url()).pathname).toBe('/renault/checkout');

    // The order placed on the way is paid through the sandbox, not placed again.
    await sandbox.click();
    expect(await sandbox.getAttribute('aria-pressed')).toBe('true');
    expect(await wechat.getAttribute('aria-pressed')).toBe('false');
    await pay.click();
    await buyer.waitForURL((url) => PAY_PATH.test(url.pathname));
    await buyer.goto('/account/orders');
    await buyer.locator('[data-testid="my-order"][data-status="pending_deposit"]').first().waitFor();
    // Earlier tests left none unpaid: one order, placed once, whatever the provider tried.
    expect(await buyer.locator('[data-testid="my-order"][data-status="pending_deposit"]').count()).toBe(1);

    // The order page offers the same choice.
    await buyer.locator('[data-testid="my-order"][data-status="pending_deposit"]').click();
    await buyer.locator('[data-testid="order"][data-status="pending_deposit"]').waitFor();
    const again = buyer.getByRole('group', { name: '支付方式' });
    await again.waitFor();
    expect(await again.getByRole('button', { name: '微信支付' }).getAttribute('aria-pressed')).toBe('true');
    await again.getByRole('button', { name: '沙箱（测试）' }).click();
    await buyer.getByRole('button', { name: '支付定金 ¥5,000' }).click();
    await buyer.waitForURL((url) => PAY_PATH.test(url.pathname));
  });
});
