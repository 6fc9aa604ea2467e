import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testVin } from '../test/helpers/stock.js';
import { DEMO, DEMO_PASSWORD, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import type { WebServer } from './helpers/server.js';
import { screenshotPath } from './helpers/browser.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A dealer console call through the API, as the staff member's browser would make it. */
async function dealerStep(staff: Page, order: string, step: string, data: unknown = {}) {
  const csrf = (await staff.context().cookies()).find((cookie) => cookie.name === 'vitrine_csrf')!.value;
  const response = await staff.request.post(`/api/v1/dealer/stores/renault/dealers/sh-01/orders/${order}/${step}`, {
    data: data as object,
    headers: { 'x-csrf-token': csrf },
  });
  expect(response.status(), `${step}: ${await response.text()}`).toBe(200);
  return (await response.json()) as { status: string; inspection: Array<{ code: string }> };
}

/** A car at sh-01 built exactly as the saved configuration, for the dealer to allocate. */
async function unitMatching(server: WebServer, configuration: { model: { slug: string }; trim: { code: string }; options: Array<{ code: string; group: string }>; price: { vehicle: { amount: number } } }) {
  const vin = testVin('LVSHTEST', `JE${String(Date.now() % 1_000_000).padStart(6, '0')}`);
  const { rows } = await sql<{ store_id: string; model_id: string; trim_id: string; dealer_id: string }>`
    select s.id as store_id, m.id as model_id, t.id as trim_id, d.id as dealer_id
    from store s join model m on m.store_id = s.id join trim t on t.model_id = m.id join dealer d on d.store_id = s.id
    where s.slug = 'renault' and m.slug = ${configuration.model.slug} and t.code = ${configuration.trim.code} and d.code = 'sh-01'`.execute(server.db);
  const ids = rows[0]!;
  const now = new Date().toISOString();
  await server.db
    .insertInto('vehicle_unit')
    .values({
      vin,
      ...ids,
      option_codes: JSON.stringify(configuration.options.map((o) => o.code)),
      purpose: 'sale',
      status: 'available',
      hold_expires_at: null,
      built_on: '2026-01-15',
      created_at: now,
      updated_at: now,
      colour: configuration.options.find((o) => o.group === 'paint')?.code ?? null,
      price: configuration.price.vehicle.amount,
      eta: null,
    })
    .execute();
  return vin;
}

describe('reserving and paying for a car', () => {
  const storefront = useStorefront();
  const { openPhone, openDesktop } = storefront;

  it('reserves a Koleos from the configurator on a phone, pays the deposit on the sandbox page, and follows it to the handover', async () => {
    const buyer = await openPhone();
    await buyer.goto('/renault/models/koleos/configure?trim=koleos-20-2wd-comfort&step=summary');
    const reserve = buyer.getByRole('button', { name: '立即预订 — 定金 ¥5,000' });
    await reserve.waitFor();
    await reserve.click();

    // Not signed in: checkout asks for it, and sign-in comes back to the same checkout.
    await buyer.waitForURL((url) => url.pathname === '/signin');
    const next = new URL(buyer.url()).searchParams.get('next')!;
    expect(next).toMatch(/^\/renault\/checkout\?configuration=[0-9A-Z]{8}$/);
    const code = new URLSearchParams(next.split('?')[1]).get('configuration')!;
    await buyer.getByLabel('手机号或邮箱').fill(DEMO.buyer.email);
    await buyer.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await buyer.getByRole('button', { name: '登录', exact: true }).click();
    await buyer.waitForURL((url) => url.pathname === '/renault/checkout' && url.searchParams.get('configuration') === code);

    // Checkout: the car, the dealer, the plan, and the deposit's rules before any payment.
    await buyer.getByRole('heading', { level: 1, name: '确认订单' }).waitFor();
    await buyer.getByRole('heading', { level: 2, name: /科雷傲/ }).waitFor();
    const dealer = buyer.getByRole('combobox', { name: '取车经销商' });
    await dealer.locator('option[value="sh-01"]').waitFor({ state: 'attached' });
    // The buyer's city is not known: no dealer in some other city is picked for them, and nothing is paid before they pick.
    expect(await dealer.inputValue()).toBe('');
    expect(await dealer.locator('option:checked').textContent()).toBe('请选择取车经销商');
    expect(await buyer.locator('.checkout-pay').isDisabled()).toBe(true);
    await dealer.selectOption('sh-01');
    // The plans are named as the configurator's finance calculator names them.
    expect(await buyer.locator('.checkout-plans button').allTextContents()).toEqual(['全款', '贷款', '先租后买']);
    await buyer.getByRole('button', { name: '贷款' }).click();
    await buyer.getByTestId('finance-monthly').filter({ hasText: '¥' }).waitFor();
    await buyer.getByRole('button', { name: '全款' }).click();
    const deposit = buyer.getByTestId('checkout-deposit');
    await deposit.getByText('¥5,000', { exact: true }).waitFor();
    await deposit.getByText('这台车为你保留 15 分钟', { exact: false }).waitFor();
    expect(await deposit.textContent()).toContain('支付定金后 7 天内');
    expect(await deposit.textContent()).toContain('经销商或品牌方取消订单，已付款项全部退还');
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('orders-1-checkout.png'), fullPage: true });

    await buyer.getByRole('button', { name: '预订并支付定金 ¥5,000' }).click();

    // The sandbox provider's page.
    await buyer.waitForURL((url) => url.pathname.startsWith('/pay/'));
    const paymentId = new URL(buyer.url()).pathname.split('/')[2]!;
    expect(paymentId).toMatch(UUID);
    await buyer.getByText('沙箱', { exact: true }).waitFor();
    const card = buyer.getByTestId('pay-card');
    await card.getByText('¥5,000', { exact: true }).waitFor();
    expect(await card.textContent()).toMatch(/订单号/);
    const subject = card.locator('.pay-facts__row').first().locator('dd');
    expect(await subject.textContent()).toBe('科雷傲');
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('orders-2-pay.png'), fullPage: true });
    // What is paid for is named in the page's language too, not only its labels.
    await buyer.getByRole('button', { name: 'English' }).click();
    await card.getByText('Order', { exact: true }).waitFor();
    await expect.poll(() => subject.textContent()).toBe('Koleos');
    await buyer.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => subject.textContent()).toBe('科雷傲');
    await buyer.getByRole('button', { name: '确认支付 ¥5,000' }).click();
    await buyer.getByText('支付成功').waitFor();
    await buyer.screenshot({ path: screenshotPath('orders-3-paid.png'), fullPage: true });
    await buyer.getByRole('link', { name: '查看我的订单' }).click();

    // The order: deposit paid, with its pickup code.
    await buyer.waitForURL((url) => /^\/account\/orders\/[0-9a-f-]{36}$/.test(url.pathname));
    const orderId = new URL(buyer.url()).pathname.split('/')[3]!;
    await buyer.locator('[data-testid="order"][data-status="deposit_paid"]').waitFor();
    expect(await buyer.getByTestId('order-status').textContent()).toBe('已付定金');
    // A date as every other date on the page reads: day, month and year in words, not digits alone.
    expect(await buyer.getByTestId('order-estimated-delivery').textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    const pickupCode = (await buyer.getByTestId('pickup-code').textContent())!.trim();
    expect(pickupCode).toMatch(/^\d{6}$/);
    await buyer.getByRole('img', { name: '取车码二维码' }).waitFor();
    expect(await buyer.getByTestId('cancel-now').getAttribute('data-outcome')).toBe('refund');
    expect(await buyer.getByTestId('order-timeline').textContent()).toContain('已收到付款 ¥5,000');
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('orders-4-deposit-paid.png'), fullPage: true });

    // The order is listed, and so is the configuration saved on the way.
    await buyer.goto('/account/orders');
    await buyer.locator(`[data-testid="my-order"][data-status="deposit_paid"]`).waitFor();
    // The way back to the account looks like every other way back: an arrow before its words.
    await buyer.locator('a.back-link[href="/account"] .back-link__icon svg').waitFor();
    expect(await buyer.getByTestId('my-order').count()).toBe(1);
    await buyer.goto('/account');
    await buyer.getByRole('link', { name: '我的订单' }).waitFor();

    // The dealer's side, through the API: a matching car, the balance at the counter, the inspection, an appointment.
    const staff = await openPhone();
    await signInThroughApi(staff, storefront.server.sent, DEMO.dealerStaff);
    const configuration = await (await staff.request.get(`/api/v1/stores/renault/configurations/${code}?locale=en`)).json();
    const vin = await unitMatching(storefront.server, configuration);
    expect((await dealerStep(staff, orderId, 'allocate', { vin })).status).toBe('allocated');
    const paid = await dealerStep(staff, orderId, 'balance', { method: 'dealer' });
    expect(paid.status).toBe('paid');
    await dealerStep(staff, orderId, 'inspection', { done: paid.inspection.map((item) => item.code) });
    const appointment = new Date(Date.now() + 3 * 3_600_000).toISOString();
    await dealerStep(staff, orderId, 'appointment', { at: appointment });
    expect((await dealerStep(staff, orderId, 'ready')).status).toBe('ready_for_handover');

    await buyer.goto(`/account/orders/${orderId}`);
    await buyer.locator('[data-testid="order"][data-status="ready_for_handover"]').waitFor();
    expect(await buyer.getByTestId('order-vin').textContent()).toBe(vin);
    expect(await buyer.getByTestId('order-appointment').textContent()).not.toBe('待经销商安排');
    const shownCode = (await buyer.getByTestId('pickup-code').textContent())!.trim();
    expect(shownCode).toBe(pickupCode);
    await buyer.screenshot({ path: screenshotPath('orders-5-ready.png'), fullPage: true });

    // Handover at the counter, on the dealer's own screen, against the code the buyer's phone shows.
    await staff.goto(`/dealer/renault/sh-01/orders?order=${orderId}&view=handover`);
    await staff.getByLabel('取货码').fill(shownCode);
    await staff.getByRole('button', { name: '确认交车' }).click();
    await staff.getByRole('heading', { level: 2, name: '已交付' }).waitFor();
    await buyer.reload();
    await buyer.locator('[data-testid="order"][data-status="delivered"]').waitFor();
    expect(await buyer.getByTestId('order-status').textContent()).toBe('已交车');
    expect(await buyer.getByTestId('pickup-code').count()).toBe(0);
    await buyer.getByText('车辆已交付').waitFor();
    await buyer.screenshot({ path: screenshotPath('orders-6-delivered.png'), fullPage: true });
  });

  it('shows a QR code of the pay page on a desktop, and moves on once the phone has paid', async () => {
    const desktop = await openDesktop();
    await signInThroughApi(desktop, storefront.server.sent, DEMO.buyer);
    // Saved while signed in, a configuration is listed on the account page, ready to reserve.
    const csrf = (await desktop.context().cookies()).find((cookie) => cookie.name === 'vitrine_csrf')!.value;
    const saved = await desktop.request.post('/api/v1/stores/renault/configurations?locale=zh-CN', {
      data: { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] },
      headers: { 'x-csrf-token': csrf },
    });
    expect(saved.status()).toBe(201);
    const { code } = (await saved.json()) as { code: string };
    await desktop.goto('/account');
    const listed = desktop.getByTestId('saved-configuration').filter({ hasText: code });
    await listed.waitFor();
    expect(await listed.getByRole('link', { name: '打开' }).getAttribute('href')).toBe(`/renault/c/${code}`);
    await listed.getByRole('link', { name: '预订' }).click();
    await desktop.waitForURL((url) => url.pathname === '/renault/checkout' && url.searchParams.get('configuration') === code);
    const dealer = desktop.getByRole('combobox', { name: '取车经销商' });
    await dealer.locator('option[value="sh-01"]').waitFor({ state: 'attached' });
    await dealer.selectOption('sh-01');
    await desktop.getByRole('button', { name: '预订并支付定金 ¥5,000' }).click();

    const qr = desktop.getByTestId('checkout-qr');
    await qr.getByRole('img', { name: '支付页面二维码' }).waitFor();
    expect(desktop.url()).toContain('/renault/checkout');
    const payLink = qr.getByRole('link', { name: '在本设备上支付' });
    const payPath = (await payLink.getAttribute('href'))!;
    expect(payPath).toMatch(/^\/pay\/[0-9a-f-]{36}$/);
    await desktop.screenshot({ path: screenshotPath('orders-7-desktop-qr.png') });

    // The phone that scanned it pays; the desktop, polling, opens the order.
    const phone = await openPhone();
    await phone.goto(payPath);
    await phone.getByRole('button', { name: '确认支付 ¥5,000' }).click();
    await phone.getByText('支付成功').waitFor();
    await desktop.waitForURL((url) => url.pathname.startsWith('/account/orders/'), { timeout: 15_000 });
    await desktop.locator('[data-testid="order"][data-status="deposit_paid"]').waitFor();

    // The same pay page again: already paid, and an unknown payment says so.
    await phone.reload();
    await phone.getByText('这笔款项已经支付过了。').waitFor();
    await phone.goto('/pay/00000000-0000-4000-8000-000000000000');
    await phone.getByText('找不到这笔支付').waitFor();
  });

  it('reserves a car in stock from its card: checkout names its VIN and keeps its dealer', async () => {
    const buyer = await openPhone();
    await signInThroughApi(buyer, storefront.server.sent, DEMO.buyer);
    await buyer.goto('/renault/stock?model=koleos');
    const card = buyer.getByTestId('stock-card').first();
    await card.waitFor();
    await card.getByRole('link', { name: '预订这台车' }).click();
    await buyer.waitForURL((url) => url.pathname === '/renault/checkout');
    const address = new URL(buyer.url()).searchParams;
    const vin = address.get('vin')!;
    expect(vin).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
    await buyer.getByText(`VIN ${vin}`).waitFor();
    await buyer.getByRole('heading', { level: 2, name: /科雷傲/ }).waitFor();
    const dealer = buyer.getByRole('combobox', { name: '取车经销商' });
    expect(await dealer.isDisabled()).toBe(true);
    await expect.poll(() => dealer.inputValue()).toBe(address.get('dealer'));
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('orders-8-stock-checkout.png'), fullPage: true });
  });

  it('keeps the order after a failed payment, counts down its hold, and cancels it after a confirmation', async () => {
    const buyer = await openPhone();
    const saved = await buyer.request.post('/api/v1/stores/renault/configurations?locale=zh-CN', {
      data: { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] },
    });
    const { code } = (await saved.json()) as { code: string };
    await signInThroughApi(buyer, storefront.server.sent, DEMO.buyer);
    // A buyer who told the store their city (as the configurator's plate estimate asks) gets a dealer of it picked.
    await buyer.addInitScript(() => (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage.setItem('vitrine.city.renault', 'shanghai'));
    await buyer.goto(`/renault/checkout?configuration=${code}`);
    const dealer = buyer.getByRole('combobox', { name: '取车经销商' });
    await dealer.locator('option[value="sh-01"]').waitFor({ state: 'attached' });
    await expect.poll(() => dealer.inputValue()).toMatch(/^sh-/);
    await buyer.getByText('你所在城市的经销商排在前面。').waitFor();
    await buyer.getByRole('button', { name: '预订并支付定金 ¥5,000' }).click();
    await buyer.waitForURL((url) => url.pathname.startsWith('/pay/'));
    await buyer.getByRole('button', { name: '模拟支付失败' }).click();
    await buyer.getByText('支付失败，未扣款。', { exact: false }).waitFor();
    await buyer.getByRole('link', { name: '返回订单' }).click();

    await buyer.locator('[data-testid="order"][data-status="pending_deposit"]').waitFor();
    // The 15-minute hold is running: a mm:ss countdown that has not reached zero.
    const left = (await buyer.getByRole('timer').textContent())!;
    expect(left).toMatch(/^\d{2}:[0-5]\d$/);
    expect(left).not.toBe('00:00');
    await buyer.getByRole('button', { name: '支付定金 ¥5,000' }).waitFor();
    expect(await buyer.getByTestId('cancel-now').getAttribute('data-outcome')).toBe('nothing_paid');
    expect(await buyer.getByTestId('order-timeline').textContent()).toContain('支付失败');
    await buyer.screenshot({ path: screenshotPath('orders-9-pending.png'), fullPage: true });

    await buyer.getByRole('button', { name: '取消订单' }).click();
    const confirm = buyer.getByRole('alertdialog', { name: '确定取消这个订单吗？' });
    expect(await confirm.textContent()).toContain('你尚未付款');
    await confirm.getByRole('button', { name: '确认取消' }).click();
    await buyer.locator('[data-testid="order"][data-status="cancelled"]').waitFor();
    expect(await buyer.getByTestId('order-status').textContent()).toBe('已取消');
    expect(await buyer.getByRole('button', { name: '取消订单' }).count()).toBe(0);
  });
});
