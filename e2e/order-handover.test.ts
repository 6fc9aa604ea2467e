import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getAs, postAs } from './helpers/api.js';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront, type Storefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

/*
 * An order from the buyer's deposit to the keys: the buyer's side goes through the API (the
 * buyer's pages are tested on their own), the dealer's and the brand's through their consoles.
 */

/** A tablet at the counter, held upright. */
const TABLET = { width: 820, height: 1180 };

interface PaidOrder {
  id: string;
  reference: string;
  vin: string;
  buyer: Page;
}

/** An available car for sale at Shanghai's sh-01, not on its way there; `notModel` excludes one model. */
async function availableVin(storefront: Storefront, notModel?: string): Promise<string> {
  let query = storefront.server.db
    .selectFrom('vehicle_unit')
    .innerJoin('dealer', 'dealer.id', 'vehicle_unit.dealer_id')
    .innerJoin('store', 'store.id', 'vehicle_unit.store_id')
    .innerJoin('model', 'model.id', 'vehicle_unit.model_id')
    .select('vehicle_unit.vin')
    .where('store.slug', '=', 'renault')
    .where('dealer.code', '=', 'sh-01')
    .where('vehicle_unit.status', '=', 'available')
    .where('vehicle_unit.purpose', '=', 'sale')
    .where('vehicle_unit.eta', 'is', null)
    .where('vehicle_unit.price', 'is not', null);
  if (notModel) query = query.where('model.slug', '!=', notModel);
  const unit = await query.orderBy('vehicle_unit.vin').executeTakeFirstOrThrow();
  return unit.vin;
}

/**
 * The buyer orders at sh-01 (a stock car, unless a saved configuration is named) and pays its
 * deposit on the sandbox provider's page.
 */
async function placePaidOrder(storefront: Storefront, configuration?: string): Promise<PaidOrder> {
  const buyer = await storefront.openPhone();
  await signInThroughApi(buyer, storefront.server.sent, DEMO.buyer);
  const subject = configuration ? { configuration } : { vin: await availableVin(storefront) };
  const order = await postAs(buyer, '/api/v1/stores/renault/orders?locale=zh-CN', { ...subject, dealer: 'sh-01', plan: 'cash' });
  const payment = await postAs(buyer, `/api/v1/orders/${order.id as string}/payments`, { provider: 'sandbox' });
  await postAs(buyer, `/api/v1/payments/sandbox/${payment.id as string}/complete`, { outcome: 'paid' });
  const paid = await buyerOrder(buyer, order.id as string);
  expect(paid.status).toBe('deposit_paid');
  return { id: order.id as string, reference: order.reference as string, vin: (order.vin as string | null) ?? '', buyer };
}

function buyerOrder(buyer: Page, id: string) {
  return getAs(buyer, `/api/v1/me/orders/${id}?locale=zh-CN`);
}

/** The Shanghai calendar date `days` from now. */
function shanghaiDay(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The dealer's steps up to "ready for handover", through the API, for the tests about the counter alone. */
async function makeReady(staff: Page, id: string) {
  const base = `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${id}`;
  await postAs(staff, `${base}/allocate`, {});
  const paid = await postAs(staff, `${base}/balance`, { method: 'dealer' });
  await postAs(staff, `${base}/inspection`, { done: (paid.inspection as Array<{ code: string }>).map((item) => item.code) });
  await postAs(staff, `${base}/appointment`, { at: `${shanghaiDay(1)}T02:00:00.000Z` });
  const ready = await postAs(staff, `${base}/ready`, {});
  expect(ready.status).toBe('ready_for_handover');
}

describe('an order at the dealer’s counter', () => {
  const storefront = useStorefront();

  it('takes a paid order through its steps on a tablet and hands the car over against the pickup code', async () => {
    const order = await placePaidOrder(storefront);
    const staff = await storefront.openPhone();
    await staff.setViewportSize(TABLET);
    await signInThroughApi(staff, storefront.server.sent, DEMO.dealerStaff);

    await staff.goto('/dealer/renault/sh-01/calendar');
    await staff.getByRole('link', { name: '订单', exact: true }).click();
    await staff.waitForURL((url) => url.pathname === '/dealer/renault/sh-01/orders');
    // The first order of the day at this dealer: one in all, waiting for its car.
    const tabs = staff.getByRole('group', { name: '按状态筛选' });
    await tabs.getByRole('button', { name: /^全部\s*1$/ }).waitFor();
    await tabs.getByRole('button', { name: /^已付定金\s*1$/ }).click();
    const row = staff.getByRole('link', { name: `查看订单 ${order.reference}` });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('李明');
    await row.click();
    await staff.getByRole('heading', { level: 2, name: `订单号 ${order.reference}` }).waitFor();

    // A stock order keeps its own car: one tap allocates it.
    await staff.getByText(`现车订单：车架号 ${order.vin} 已锁定给该买家。`).waitFor();
    await staff.getByRole('button', { name: '确认配此车' }).click();
    await staff.getByRole('heading', { level: 3, name: '尾款' }).waitFor();
    await staff.getByRole('radio', { name: '已在店内支付' }).check();
    await staff.getByRole('button', { name: '记录尾款' }).click();

    // Too early: the server's reasons are told beside the button, in Chinese.
    const readyStep = staff.locator('.oq-step', { has: staff.getByRole('heading', { level: 3, name: '可交车' }) });
    await readyStep.getByRole('button', { name: '标记为可交车' }).click();
    await readyStep.getByRole('alert').getByText('还不能标记为可交车： 交车前检查尚未全部完成。 尚未设定交车预约。').waitFor();

    const checklist = staff.locator('.oq-checklist').getByRole('checkbox');
    expect(await checklist.count()).toBe(5);
    for (let i = 0; i < 5; i += 1) await checklist.nth(i).check();
    await staff.getByText('已完成 5/5', { exact: false }).waitFor();
    await expect(buyerOrder(order.buyer, order.id).then((o) => (o.inspection as Array<{ done: boolean }>).every((item) => item.done))).resolves.toBe(true);

    const appointment = staff.locator('.oq-step', { has: staff.getByRole('heading', { level: 3, name: '交车预约' }) });
    await appointment.getByLabel('日期').fill(shanghaiDay(-1));
    await appointment.getByRole('button', { name: '保存预约' }).click();
    await appointment.getByText('请选择将来的时间。').waitFor();
    await appointment.getByLabel('日期').fill(shanghaiDay(1));
    await appointment.getByLabel('时间（北京时间）').fill('15:30');
    await appointment.getByRole('button', { name: '保存预约' }).click();
    await appointment.getByText('预约已保存。').waitFor();
    // 15:30 in Shanghai is 07:30 UTC.
    await expect(buyerOrder(order.buyer, order.id).then((o) => o.handoverAt)).resolves.toBe(`${shanghaiDay(1)}T07:30:00.000Z`);

    await readyStep.getByRole('button', { name: '标记为可交车' }).click();
    await staff.getByRole('link', { name: '开始交车' }).click();
    await staff.waitForURL((url) => url.searchParams.get('view') === 'handover');

    const pickupCode = (await buyerOrder(order.buyer, order.id)).pickupCode as string;
    expect(pickupCode).toMatch(/^\d{6}$/);
    const codeInput = staff.getByLabel('取货码');
    expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
    await codeInput.fill(pickupCode === '000000' ? '111111' : '000000');
    await staff.getByRole('button', { name: '确认交车' }).click();
    await staff.getByText('取货码不正确，还可尝试 4 次。').waitFor();

    await codeInput.fill(pickupCode);
    await staff.getByRole('checkbox', { name: '发放临时号牌' }).check();
    await staff.getByLabel('临时号牌号码').fill('沪A·T1234');
    expect(await staff.getByLabel('有效期至').inputValue()).toBe(shanghaiDay(30));
    await staff.getByRole('button', { name: '确认交车' }).click();
    await staff.getByRole('heading', { level: 2, name: '已交付' }).waitFor();
    await staff.getByText('临时号牌 沪A·T1234', { exact: false }).waitFor();
    await staff.screenshot({ path: screenshotPath('order-handover-tablet.png'), fullPage: true });

    const delivered = await buyerOrder(order.buyer, order.id);
    expect(delivered).toMatchObject({ status: 'delivered', tempPlate: { number: '沪A·T1234', expiresOn: shanghaiDay(30) } });

    // The brand sees it among every dealer's orders, with the dealer it went through.
    const admin = await storefront.openPhone();
    await admin.setViewportSize(TABLET);
    await signInThroughApi(admin, storefront.server.sent, DEMO.brandAdmin);
    const { dealer } = (await getAs(admin, `/api/v1/admin/stores/renault/orders/${order.id}?locale=zh-CN`)) as { dealer: { name: string; city: string } };
    await admin.goto('/admin/renault/orders');
    const listed = admin.getByRole('link', { name: `查看订单 ${order.reference}` });
    await listed.waitFor();
    await expect(listed.textContent()).resolves.toContain(`${dealer.name} · ${dealer.city}`);
    await listed.click();
    await admin.getByRole('heading', { level: 2, name: `订单号 ${order.reference}` }).waitFor();
    await admin.getByRole('heading', { level: 2, name: '订单记录' }).waitFor();
    await admin.getByText('状态变为“已交付”', { exact: false }).waitFor();
    await admin.getByText('状态变为“待交车”（经销商）').waitFor();
    expect(await admin.getByTestId('order-payments').getByRole('listitem').count()).toBe(1);
    // A delivered order cannot be called off.
    expect(await admin.getByRole('button', { name: '取消并退款…' }).count()).toBe(0);
  });

  it('hands over on a phone, and locks the counter after five wrong codes until the time it shows', async () => {
    const first = await placePaidOrder(storefront);
    const second = await placePaidOrder(storefront);
    const staff = await storefront.openPhone();
    await signInThroughApi(staff, storefront.server.sent, DEMO.dealerStaff);
    await makeReady(staff, first.id);
    await makeReady(staff, second.id);

    await staff.goto(`/dealer/renault/sh-01/orders?order=${first.id}&view=handover`);
    const codeInput = staff.getByLabel('取货码');
    await codeInput.waitFor();
    expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
    expect(await horizontalOverflow(staff)).toBeLessThanOrEqual(0);
    await codeInput.fill((await buyerOrder(first.buyer, first.id)).pickupCode as string);
    await staff.getByRole('button', { name: '确认交车' }).click();
    await staff.getByRole('heading', { level: 2, name: '已交付' }).waitFor();
    expect(await horizontalOverflow(staff)).toBeLessThanOrEqual(0);
    await staff.screenshot({ path: screenshotPath('order-handover-phone.png'), fullPage: true });

    await staff.goto(`/dealer/renault/sh-01/orders?order=${second.id}&view=handover`);
    const right = (await buyerOrder(second.buyer, second.id)).pickupCode as string;
    const wrong = right === '000000' ? '111111' : '000000';
    for (const left of [4, 3, 2, 1]) {
      await codeInput.fill(wrong);
      await staff.getByRole('button', { name: '确认交车' }).click();
      await staff.getByText(`取货码不正确，还可尝试 ${left} 次。`).waitFor();
    }
    await codeInput.fill(wrong);
    await staff.getByRole('button', { name: '确认交车' }).click();
    await staff.getByText(/^取货码错误次数过多，交车已锁定至 .+。$/).waitFor();
    // Even the right code waits for the lock to end.
    await codeInput.fill(right);
    await staff.getByRole('button', { name: '确认交车' }).click();
    await staff.getByText(/^取货码错误次数过多，交车已锁定至 .+。$/).waitFor();
    expect((await buyerOrder(second.buyer, second.id)).status).toBe('ready_for_handover');
    expect(await horizontalOverflow(staff)).toBeLessThanOrEqual(0);
  });

  it('lets the brand call an order off and refund it, after a second confirmation', async () => {
    const order = await placePaidOrder(storefront);
    const admin = await storefront.openPhone();
    await signInThroughApi(admin, storefront.server.sent, DEMO.brandAdmin);
    await admin.goto(`/admin/renault?order=${order.id}`);
    await admin.getByRole('heading', { level: 2, name: `订单号 ${order.reference}` }).waitFor();
    await admin.getByRole('button', { name: '取消并退款…' }).click();
    await admin.getByLabel('原因（选填）').fill('车辆质检未通过');
    await admin.getByText(`确定取消订单 ${order.reference} 并全额退款？`).waitFor();
    await admin.getByRole('button', { name: '确认取消并退款' }).click();
    await admin.getByText('原因：车辆质检未通过').waitFor();
    await admin.getByTestId('order-refunds').getByRole('listitem').first().waitFor();
    expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);

    const cancelled = await buyerOrder(order.buyer, order.id);
    expect(['cancelled', 'refunded']).toContain(cancelled.status);
    expect(cancelled).toMatchObject({ cancelledBy: 'brand', cancelReason: '车辆质检未通过' });
    expect((cancelled.refunds as Array<{ amount: { amount: number } }>).map((r) => r.amount.amount)).toEqual([500_000]);
  });

  it('refuses a car that does not match a built-to-order order beside the VIN, and lets the dealer cancel it', async () => {
    const visitor = await storefront.openPhone();
    const saved = await visitor.request.post('/api/v1/stores/renault/configurations?locale=zh-CN', {
      data: { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] },
    });
    expect(saved.status()).toBe(201);
    const order = await placePaidOrder(storefront, ((await saved.json()) as { code: string }).code);
    const otherCar = await availableVin(storefront, 'koleos');

    const staff = await storefront.openPhone();
    await signInThroughApi(staff, storefront.server.sent, DEMO.dealerStaff);
    await staff.goto(`/dealer/renault/sh-01/orders?order=${order.id}`);
    const allocate = staff.locator('.oq-step', { has: staff.getByRole('heading', { level: 3, name: '配车' }) });
    const vinInput = allocate.getByLabel('车架号（VIN）');
    await vinInput.fill('LVSHORT');
    await allocate.getByRole('button', { name: '配车' }).click();
    await allocate.getByText('请输入 17 位车架号（不含字母 I、O、Q）。').waitFor();
    await vinInput.fill(otherCar.toLowerCase());
    await allocate.getByRole('button', { name: '配车' }).click();
    await allocate.getByText(new RegExp(`^车辆 ${otherCar} 与订单不符：车型、配置.*不一致。$`)).waitFor();
    expect(await vinInput.getAttribute('aria-invalid')).toBe('true');
    expect((await buyerOrder(order.buyer, order.id)).status).toBe('deposit_paid');
    expect(await horizontalOverflow(staff)).toBeLessThanOrEqual(0);

    await staff.getByRole('button', { name: '取消订单…' }).click();
    await staff.getByLabel('原因（选填）').fill('买家改选其他车型');
    await staff.getByRole('button', { name: '暂不取消' }).click();
    expect((await buyerOrder(order.buyer, order.id)).status).toBe('deposit_paid');
    await staff.getByRole('button', { name: '取消订单…' }).click();
    await staff.getByLabel('原因（选填）').fill('买家改选其他车型');
    await staff.getByRole('button', { name: '确认取消并退款' }).click();
    await staff.getByText('经销商取消').waitFor();
    await staff.getByTestId('order-refunds').getByRole('listitem').first().waitFor();
    const cancelled = await buyerOrder(order.buyer, order.id);
    expect(cancelled).toMatchObject({ cancelledBy: 'dealer', cancelReason: '买家改选其他车型' });
    expect((cancelled.refunds as Array<{ amount: { amount: number } }>).map((r) => r.amount.amount)).toEqual([500_000]);
  });
});
