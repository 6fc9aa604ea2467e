import type { ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getAs, postAs } from './helpers/api.js';
import { DEMO, DEMO_PASSWORD, signInThroughApi, waitForCode } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

/*
 * The demo's dealer voucher, from the store home to the report: ¥50,000 paid online on a phone,
 * ¥100,000 off at the sh-01 counter, and the brand sees it redeemed there.
 */

const OFFER_PATH = '/renault/vouchers/dealer-voucher';
const VOUCHER_PATH = /^\/account\/vouchers\/[0-9a-f-]{36}$/;
/** A code no voucher has (the chance a real one is this is one in a trillion): staff see the refusal inline. */
const UNKNOWN_CODE = '0000 0000 0001';
const PAY_PATH = /^\/pay\/[0-9a-f-]{36}$/;
/** New buyers' addresses of this run: a rerun against the same server must never collide. */
const RUN = Date.now().toString(36);

/**
 * The console errors of a page, but for two answers the browser logs as failed resources: the
 * 404 of the unknown code the test asks on purpose, and the 401 of the app's "who is signed in?"
 * asked by a visitor not signed in yet (every page of the app asks it).
 */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const url = new URL(message.location().url, 'http://localhost');
    if (url.pathname.endsWith(`/vouchers/${UNKNOWN_CODE.replace(/ /g, '')}`) && message.text().includes('404')) return;
    if (url.pathname === '/api/v1/me' && message.text().includes('401')) return;
    errors.push(`${message.text()} (${message.location().url})`);
  });
  return errors;
}

/** A write through the API as the page's signed-in browser would send it. */

describe('a dealer voucher', () => {
  const storefront = useStorefront();
  const { openPhone, openDesktop } = storefront;

  it('is bought and paid on a phone, shows its code, is redeemed at the dealer’s counter, and shows in the brand’s report', async () => {
    // The store home's teaser leads to the offer.
    const buyer = await openPhone();
    const buyerErrors = consoleErrors(buyer);
    await buyer.goto('/renault');
    const teaser = buyer.getByTestId('voucher-teaser');
    await teaser.waitFor();
    expect(await teaser.getAttribute('data-state')).toBe('on_sale');
    expect(await teaser.textContent()).toContain('¥50,000 抵 ¥100,000');
    await teaser.click();
    await buyer.waitForURL((url) => url.pathname === OFFER_PATH);

    // The offer: price against value, what is left, the refund rules, in Chinese.
    await buyer.getByRole('heading', { level: 1, name: '5万抵10万 到店购车券' }).waitFor();
    expect(await buyer.getByTestId('voucher-price').textContent()).toBe('¥50,000');
    expect(await buyer.getByTestId('voucher-value').textContent()).toBe('¥100,000');
    expect(await buyer.getByTestId('voucher-state').textContent()).toBe('热卖中');
    expect(await buyer.getByTestId('voucher-remaining').textContent()).toBe('500 / 500 张');
    expect(await buyer.getByTestId('voucher-refund-policy').textContent()).toBe('支付后 7 天内未使用，可申请全额退款。到期未使用，自动全额退款。');
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('vouchers-1-offer.png'), fullPage: true });

    // Signed out: buying asks to sign in, which comes back here.
    await buyer.getByRole('link', { name: '登录后购买' }).click();
    await buyer.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === OFFER_PATH);
    await buyer.getByLabel('手机号或邮箱').fill(DEMO.buyer.email);
    await buyer.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await buyer.getByRole('button', { name: '登录', exact: true }).click();
    await buyer.waitForURL((url) => url.pathname === OFFER_PATH);

    // Buying goes on to the sandbox's page on a phone.
    await buyer.getByRole('button', { name: '立即购买 ¥50,000' }).click();
    await buyer.waitForURL((url) => /^\/pay\/[0-9a-f-]{36}$/.test(url.pathname));
    const card = buyer.getByTestId('pay-card');
    await card.getByText('¥50,000', { exact: true }).waitFor();
    // What is paid for is the offer, once; a voucher has no order number.
    expect(await card.locator('.pay-facts dt').allTextContents()).toEqual(['商品', '支付截止']);
    expect(await card.locator('.pay-facts dd').first().textContent()).toBe('5万抵10万 到店购车券');
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('vouchers-2-pay.png'), fullPage: true });
    await buyer.getByRole('button', { name: '确认支付 ¥50,000' }).click();
    await buyer.getByText('支付成功').waitFor();
    await buyer.getByRole('link', { name: '查看我的购车券' }).click();

    // The voucher in the account: its code in groups of four, and its QR code.
    await buyer.waitForURL((url) => VOUCHER_PATH.test(url.pathname));
    const voucherPath = new URL(buyer.url()).pathname;
    await buyer.locator('[data-testid="voucher"][data-status="active"]').waitFor();
    expect(await buyer.getByTestId('voucher-status').textContent()).toBe('未使用');
    const shownCode = (await buyer.getByTestId('voucher-code').textContent())!;
    expect(shownCode).toMatch(/^\d{4} \d{4} \d{4}$/);
    await buyer.getByRole('img', { name: '购车券核销二维码' }).waitFor();
    await buyer.getByTestId('voucher-refundable-until').waitFor();
    await buyer.getByRole('button', { name: '申请退款' }).waitFor();
    const fromApi = await buyer.request.get(`/api/v1/me/vouchers/${voucherPath.split('/')[3]}`);
    expect(((await fromApi.json()) as { code: string }).code).toBe(shownCode.replace(/ /g, ''));
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('vouchers-3-code.png'), fullPage: true });

    // The account links to it.
    await buyer.goto('/account');
    await buyer.getByRole('link', { name: '我的购车券' }).click();
    await buyer.waitForURL((url) => url.pathname === '/account/vouchers');
    const rows = buyer.getByTestId('my-voucher');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-status')).toBe('active');

    // The counter at sh-01: staff sign in with their second factor and type the code as read out.
    const staff = await openPhone();
    const staffErrors = consoleErrors(staff);
    await signInThroughApi(staff, storefront.server.sent, DEMO.dealerStaff);
    await staff.goto('/dealer/renault/sh-01/calendar');
    await staff.getByRole('link', { name: '购车券', exact: true }).click();
    await staff.waitForURL((url) => url.pathname === '/dealer/renault/sh-01/vouchers');
    const codeInput = staff.getByLabel('核销码');
    expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
    await staff.getByText('本店还没有核销记录。').waitFor();

    await codeInput.fill(UNKNOWN_CODE);
    await staff.getByRole('button', { name: '查询' }).click();
    expect(await staff.getByTestId('voucher-code-error').textContent()).toBe('没有这个核销码，请核对后重新输入。');

    await codeInput.fill(shownCode);
    await staff.getByRole('button', { name: '查询' }).click();
    const found = staff.getByTestId('voucher-found');
    await found.waitFor();
    expect(await found.getAttribute('data-redeemable')).toBe('true');
    expect(await staff.getByTestId('voucher-found-value').textContent()).toBe('¥100,000');
    expect(await staff.getByTestId('voucher-found-redeemable').textContent()).toBe('可以核销');

    await staff.getByRole('button', { name: '到店销售' }).click();
    await staff.getByRole('button', { name: '确认核销' }).click();
    expect(await staff.getByTestId('voucher-redeem-error').textContent()).toBe('请输入销售单号。');
    await staff.getByLabel('销售单号').fill('SH01-2026-0042');
    expect(await horizontalOverflow(staff)).toBeLessThanOrEqual(0);
    await staff.screenshot({ path: screenshotPath('vouchers-4-counter.png'), fullPage: true });
    await staff.getByRole('button', { name: '确认核销' }).click();
    expect(await staff.getByTestId('voucher-redeemed').locator('p').first().textContent()).toBe('已核销，购车券面值 ¥100,000。');
    const redemption = staff.getByTestId('voucher-redemption');
    await redemption.first().waitFor();
    expect(await redemption.count()).toBe(1);
    expect(await redemption.first().textContent()).toContain(shownCode);
    expect(await redemption.first().textContent()).toContain('SH01-2026-0042');
    await staff.screenshot({ path: screenshotPath('vouchers-5-redeemed.png'), fullPage: true });

    // Once only: the same code again is no longer redeemable.
    await staff.getByRole('button', { name: '核销下一张' }).click();
    await codeInput.fill(shownCode);
    await staff.getByRole('button', { name: '查询' }).click();
    expect(await staff.getByTestId('voucher-found').getAttribute('data-redeemable')).toBe('false');
    expect(await staff.getByTestId('voucher-found-redeemable').textContent()).toBe('不可核销');
    expect(await staff.getByRole('button', { name: '确认核销' }).count()).toBe(0);

    // The buyer's voucher now says where and for what it was used.
    await buyer.goto(voucherPath);
    await buyer.locator('[data-testid="voucher"][data-status="redeemed"]').waitFor();
    expect(await buyer.getByTestId('voucher-status').textContent()).toBe('已核销');
    await buyer.getByTestId('voucher-redeemed-at').waitFor();
    expect(await buyer.getByTestId('voucher-redeemed-where').textContent()).not.toBe('');
    await buyer.getByText('到店消费 SH01-2026-0042').waitFor();
    expect(await buyer.getByRole('img', { name: '购车券核销二维码' }).count()).toBe(0);
    expect(await buyer.getByRole('button', { name: '申请退款' }).count()).toBe(0);
    await buyer.screenshot({ path: screenshotPath('vouchers-6-buyer-redeemed.png'), fullPage: true });

    // The brand: the offer's counts and revenue, and the redemption by dealer.
    const admin = await openDesktop();
    const adminErrors = consoleErrors(admin);
    await signInThroughApi(admin, storefront.server.sent, DEMO.brandAdmin);
    await admin.goto('/admin/renault');
    await admin.getByRole('link', { name: '购车券', exact: true }).click();
    await admin.waitForURL((url) => url.pathname === '/admin/renault/vouchers');
    const offerRow = admin.locator('[data-testid="voucher-offer-row"][data-offer="dealer-voucher"]');
    await offerRow.waitFor();
    expect(await offerRow.locator('li[data-status="redeemed"]').textContent()).toBe('已核销 1');
    expect(await offerRow.locator('td.voucher-table__number').first().textContent()).toBe('¥50,000');
    const reportRow = admin.locator('[data-testid="voucher-report-row"][data-dealer="sh-01"]');
    await reportRow.waitFor();
    expect(await reportRow.locator('td').allTextContents()).toEqual([expect.any(String), '1', '¥100,000', '0']);
    expect(await admin.getByTestId('voucher-report-row').count()).toBe(1);
    expect(await admin.getByTestId('voucher-report-total').locator('td').allTextContents()).toEqual(['1', '¥100,000', '']);
    await admin.screenshot({ path: screenshotPath('vouchers-7-brand.png'), fullPage: true });
    expect([...buyerErrors, ...staffErrors, ...adminErrors]).toEqual([]);

    // A new offer: the server's refusal shows beside the field it is about, then the offer is listed.
    await admin.getByRole('button', { name: '新建购车券' }).click();
    const form = admin.getByTestId('voucher-offer-form');
    await form.getByLabel('地址名').fill('spring-voucher');
    for (const [language, name, terms] of [
      ['中文', '春季购车券', '全国经销商可用'],
      ['Français', 'Bon de printemps', 'Chez tout concessionnaire'],
      ['English', 'Spring voucher', 'At any dealer'],
    ] as const) {
      await form.getByLabel(`名称（${language}）`).fill(name);
      await form.getByLabel(`使用说明（${language}）`).fill(terms);
    }
    await form.getByLabel('售价（元）').fill('20000');
    await form.getByLabel('抵扣面值（元）').fill('10000');
    await form.getByLabel('开售时间（北京时间）').fill('2030-03-01T10:00');
    await form.getByLabel('停售时间（北京时间）').fill('2030-03-31T22:00');
    await form.getByLabel('有效期至（北京时间）').fill('2030-12-31T23:59');
    await form.getByRole('button', { name: '创建' }).click();
    expect(await form.getByTestId('offer-error-value').textContent()).toBe('抵扣面值不能低于售价。');
    expect(await form.getByLabel('抵扣面值（元）').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('抵扣面值（元）').fill('30000.50');
    await form.getByRole('button', { name: '创建' }).click();
    const created = admin.locator('[data-testid="voucher-offer-row"][data-offer="spring-voucher"]');
    await created.waitFor();
    expect(await created.getAttribute('data-state')).toBe('upcoming');
    const listed = await admin.request.get('/api/v1/admin/stores/renault/voucher-offers?locale=en');
    const spring = ((await listed.json()) as { offers: Array<{ slug: string; price: { amount: number }; value: { amount: number }; saleStartsAt: string; unitsTotal: number | null }> }).offers.find(
      (offer) => offer.slug === 'spring-voucher',
    );
    // Yuan to fen, and 10:00 in Shanghai is 02:00 UTC.
    expect(spring).toMatchObject({ price: { amount: 2_000_000 }, value: { amount: 3_000_050 }, saleStartsAt: '2030-03-01T02:00:00.000Z', unitsTotal: null });
    // The browser logs the refusal asked for on purpose, and nothing else.
    expect(adminErrors).toEqual([expect.stringMatching(/status of 422 .*\/voucher-offers\?locale=zh-CN/)]);
  });

  it('is paid from a desktop through its QR code, from the account while it waits, and refunded after a confirmation', async () => {
    // A buyer of their own (one voucher per buyer), signed in with a code sent to a new address.
    const desktop = await openDesktop();
    const desktopErrors = consoleErrors(desktop);
    const destination = `voucher-${RUN}@example.com`;
    const { sent } = storefront.server;
    const before = sent.length;
    expect((await desktop.request.post('/api/v1/auth/otp', { data: { destination } })).status()).toBe(202);
    const otp = await waitForCode(sent, destination, before);
    expect((await desktop.request.post('/api/v1/auth/otp/verify', { data: { destination, code: otp } })).status()).toBe(200);

    // A desktop shows the pay page as a QR code for a phone.
    await desktop.goto(OFFER_PATH);
    await desktop.getByRole('button', { name: '立即购买 ¥50,000' }).click();
    await desktop.getByTestId('checkout-qr').getByRole('img', { name: '支付页面二维码' }).waitFor();

    // Left unpaid, the voucher waits in the account with its time to pay.
    await desktop.goto('/account/vouchers');
    await desktop.locator('[data-testid="my-voucher"][data-status="pending_payment"]').click();
    await desktop.waitForURL((url) => VOUCHER_PATH.test(url.pathname));
    const voucherPath = new URL(desktop.url()).pathname;
    expect(await desktop.getByTestId('voucher-status').textContent()).toBe('待支付');
    expect(await desktop.getByTestId('voucher-pay-left').textContent()).toMatch(/^(29:[0-5]\d|30:00)$/);
    expect(await desktop.getByTestId('voucher-code').count()).toBe(0);
    await desktop.screenshot({ path: screenshotPath('vouchers-8-pending.png') });
    await desktop.getByRole('button', { name: '支付 ¥50,000' }).click();
    const qr = desktop.getByTestId('checkout-qr');
    await qr.getByRole('img', { name: '支付页面二维码' }).waitFor();
    const payPath = (await qr.getByRole('link', { name: '在本设备上支付' }).getAttribute('href'))!;
    expect(payPath).toMatch(PAY_PATH);

    // Paid from the phone, the desktop shows the code.
    const phone = await openPhone();
    await phone.goto(payPath);
    await phone.getByRole('button', { name: '确认支付 ¥50,000' }).click();
    await phone.getByText('支付成功').waitFor();
    await desktop.locator('[data-testid="voucher"][data-status="active"]').waitFor({ timeout: 15_000 });
    expect(new URL(desktop.url()).pathname).toBe(voucherPath);
    expect(await desktop.getByTestId('voucher-code').textContent()).toMatch(/^\d{4} \d{4} \d{4}$/);

    // Refunding asks first; keeping it changes nothing.
    await desktop.getByRole('button', { name: '申请退款' }).click();
    const dialog = desktop.getByRole('alertdialog', { name: '确定退还这张购车券？' });
    expect(await dialog.locator('p').first().textContent()).toBe('退还后，¥50,000 将原路全额退回，核销码随即作废。');
    await dialog.getByRole('button', { name: '保留购车券' }).click();
    expect(await dialog.count()).toBe(0);
    await desktop.getByRole('button', { name: '申请退款' }).click();
    await desktop.getByRole('button', { name: '确认退款' }).click();
    await desktop.locator('[data-testid="voucher"][data-status="refunded"]').waitFor();
    expect(await desktop.getByTestId('voucher-status').textContent()).toBe('已退款');
    expect(await desktop.getByRole('img', { name: '购车券核销二维码' }).count()).toBe(0);
    expect(await desktop.getByRole('button', { name: '申请退款' }).count()).toBe(0);
    const refunded = (await (await desktop.request.get(`/api/v1/me/vouchers/${voucherPath.split('/')[3]}`)).json()) as { status: string };
    expect(refunded.status).toBe('refunded');
    await desktop.screenshot({ path: screenshotPath('vouchers-9-refunded.png') });
    expect(desktopErrors).toEqual([]);
  });

  it('pays part of its buyer’s order at the counter, and refuses another buyer’s order beside the choice', async () => {
    const { server } = storefront;
    /** A car for sale at sh-01 still free, dearer than the voucher's value, through the server's database. */
    const freeVin = async () =>
      (
        await server.db
          .selectFrom('vehicle_unit')
          .innerJoin('dealer', 'dealer.id', 'vehicle_unit.dealer_id')
          .innerJoin('store', 'store.id', 'vehicle_unit.store_id')
          .select('vehicle_unit.vin')
          .where('store.slug', '=', 'renault')
          .where('dealer.code', '=', 'sh-01')
          .where('vehicle_unit.status', '=', 'available')
          .where('vehicle_unit.purpose', '=', 'sale')
          .where('vehicle_unit.eta', 'is', null)
          .where('vehicle_unit.price', '>', 15_000_000)
          .orderBy('vehicle_unit.vin')
          .executeTakeFirstOrThrow()
      ).vin;
    /** An order at sh-01 with its deposit paid, through the API. */
    const paidOrder = async (buyer: Page) => {
      const order = await postAs(buyer, '/api/v1/stores/renault/orders?locale=zh-CN', { vin: await freeVin(), dealer: 'sh-01', plan: 'cash' });
      const payment = await postAs(buyer, `/api/v1/orders/${order.id as string}/payments`, { provider: 'sandbox' });
      await postAs(buyer, `/api/v1/payments/sandbox/${payment.id as string}/complete`, { outcome: 'paid' });
      return { id: order.id as string, reference: order.reference as string };
    };

    // Another buyer's order at the same dealer, offered in the same list.
    const other = await openPhone();
    await signInThroughApi(other, server.sent, DEMO.buyer);
    const othersOrder = await paidOrder(other);

    const buyer = await openPhone();
    const destination = `voucher-order-${RUN}@example.com`;
    const before = server.sent.length;
    expect((await buyer.request.post('/api/v1/auth/otp', { data: { destination } })).status()).toBe(202);
    const otp = await waitForCode(server.sent, destination, before);
    expect((await buyer.request.post('/api/v1/auth/otp/verify', { data: { destination, code: otp } })).status()).toBe(200);
    const order = await paidOrder(buyer);
    const dueBefore = ((await getAs(buyer, `/api/v1/me/orders/${order.id}`)) as { balance: { due: { amount: number } } }).balance.due.amount;
    expect(dueBefore).toBeGreaterThan(10_000_000);
    const voucher = await postAs(buyer, '/api/v1/stores/renault/vouchers?locale=zh-CN', { offer: 'dealer-voucher' });
    const payment = await postAs(buyer, `/api/v1/vouchers/${voucher.id as string}/payments`, { provider: 'sandbox' });
    await postAs(buyer, `/api/v1/payments/sandbox/${payment.id as string}/complete`, { outcome: 'paid' });
    const code = ((await getAs(buyer, `/api/v1/me/vouchers/${voucher.id as string}`)) as { code: string }).code;

    const staff = await openDesktop();
    const staffErrors = consoleErrors(staff);
    await signInThroughApi(staff, server.sent, DEMO.dealerStaff);
    await staff.goto('/dealer/renault/sh-01/vouchers');
    await staff.getByLabel('核销码').fill(code);
    await staff.getByRole('button', { name: '查询' }).click();
    await staff.getByTestId('voucher-found').waitFor();
    await staff.getByRole('button', { name: '抵扣订单尾款' }).click();
    const choice = staff.getByTestId('voucher-order');
    await choice.locator(`option[value="${order.id}"]`).waitFor({ state: 'attached' });
    expect(await choice.locator(`option[value="${othersOrder.id}"]`).textContent()).toContain(othersOrder.reference);

    await choice.selectOption(othersOrder.id);
    await staff.getByRole('button', { name: '确认核销' }).click();
    expect(await staff.getByTestId('voucher-redeem-error').textContent()).toBe('这不是该购车券买家的订单。');
    await staff.screenshot({ path: screenshotPath('vouchers-10-other-buyer.png') });

    await choice.selectOption(order.id);
    await staff.getByRole('button', { name: '确认核销' }).click();
    expect(await staff.getByTestId('voucher-redeemed').locator('p').first().textContent()).toBe('已核销，购车券面值 ¥100,000。');
    const dueAfter = ((await getAs(buyer, `/api/v1/me/orders/${order.id}`)) as { balance: { due: { amount: number } } }).balance.due.amount;
    expect(dueBefore - dueAfter).toBe(10_000_000);
    const yuan = new Intl.NumberFormat('en-US').format(dueAfter / 100);
    expect(await staff.getByTestId('voucher-order-due').textContent()).toBe(`订单 ${order.reference} 尾款还剩 ¥${yuan}。`);
    const redeemed = (await getAs(buyer, `/api/v1/me/vouchers/${voucher.id as string}`)) as { status: string; redeemed: { orderId: string } };
    expect(redeemed).toMatchObject({ status: 'redeemed', redeemed: { orderId: order.id } });
    // The browser logs the refusal asked for on purpose, and nothing else.
    expect(staffErrors).toEqual([expect.stringMatching(/status of 422 .*\/voucher-redemptions\?locale=zh-CN/)]);
  });
});
