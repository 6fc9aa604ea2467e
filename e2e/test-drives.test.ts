import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

describe('test drives on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  it('books a test drive, signing in on the way; the dealer confirms it and the buyer sees it confirmed', async () => {
    const buyer = await openPhone();
    // A link from the dealer finder or the model page names the dealer and the model.
    await buyer.goto('/renault/test-drive?dealer=sh-01&model=koleos');
    await buyer.getByRole('heading', { level: 1, name: '预约试驾' }).waitFor();
    expect(await buyer.getByRole('button', { name: '科雷傲', pressed: true }).count()).toBe(1);
    await expect.poll(() => buyer.getByRole('combobox', { name: '经销商' }).inputValue()).toBe('sh-01');

    // The first day with a free slot is chosen; take its first free slot (two demo Koleos: "剩 2 辆").
    const slot = buyer.locator('.slot-button:not([disabled])').first();
    await slot.waitFor();
    expect(await slot.textContent()).toContain('剩 2 辆');
    const time = (await slot.locator('.slot-button__time').textContent())!;
    const start = (await slot.getAttribute('data-start'))!;
    await slot.click();
    await buyer.waitForURL((url) => url.searchParams.get('start') === start);
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('test-drive-booking.png'), fullPage: true });

    // Not signed in: the button says so, and sign-in comes back to the same choices, ticked and typed ones too.
    await buyer.getByRole('checkbox', { name: '允许经销商致电我的手机' }).check();
    await buyer.getByLabel('备注（可选）').fill('想试驾四驱版');
    await buyer.getByRole('button', { name: '登录后预约' }).click();
    await buyer.waitForURL((url) => url.pathname === '/signin');
    const next = new URL(buyer.url()).searchParams.get('next')!;
    expect(next).toContain('/renault/test-drive?');
    expect(new URLSearchParams(next.split('?')[1]).get('start')).toBe(start);
    await buyer.getByLabel('手机号或邮箱').fill(DEMO.buyer.email);
    await buyer.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await buyer.getByRole('button', { name: '登录', exact: true }).click();
    await buyer.waitForURL((url) => url.pathname === '/renault/test-drive' && url.searchParams.get('start') === start);
    expect(await buyer.locator(`.slot-button[data-start="${start}"]`).getAttribute('aria-pressed')).toBe('true');
    expect(await buyer.getByRole('checkbox', { name: '允许经销商致电我的手机' }).isChecked()).toBe(true);
    expect(await buyer.getByLabel('备注（可选）').inputValue()).toBe('想试驾四驱版');

    await buyer.getByRole('button', { name: '确认预约' }).click();
    await buyer.getByRole('heading', { level: 1, name: '预约成功' }).waitFor();
    await buyer.getByText('待确认').waitFor();
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('test-drive-booked.png'), fullPage: true });

    await buyer.getByRole('link', { name: '查看我的试驾' }).click();
    await buyer.waitForURL((url) => url.pathname === '/account/test-drives');
    const mine = buyer.getByTestId('my-test-drive');
    await mine.first().waitFor();
    expect(await mine.count()).toBe(1);
    expect(await mine.textContent()).toContain(time);
    expect(await mine.getAttribute('data-status')).toBe('booked');
    await buyer.screenshot({ path: screenshotPath('test-drive-mine-booked.png'), fullPage: true });

    // The Shanghai dealer's staff find it in the calendar, on its day, and confirm it.
    const staff = await openPhone();
    await signInThroughApi(staff, storefront.server.sent, DEMO.dealerStaff);
    await staff.goto('/dealer');
    await staff.waitForURL((url) => url.pathname === '/dealer/renault/sh-01/calendar');
    const shanghaiDate = new Date(Date.parse(start) + 8 * 3_600_000).toISOString().slice(0, 10);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const daysAhead = Math.round((Date.parse(shanghaiDate) - Date.parse(today)) / 86_400_000);
    for (let i = 0; i < daysAhead; i++) await staff.getByRole('button', { name: '下一段' }).click();
    const booking = staff.getByTestId('dealer-test-drive').filter({ hasText: time });
    await booking.waitFor();
    expect(await booking.textContent()).toContain(DEMO.buyer.name);
    expect(await horizontalOverflow(staff)).toBeLessThanOrEqual(0);
    await booking.getByRole('button', { name: '确认' }).click();
    await staff.getByTestId('dealer-test-drive').filter({ hasText: time }).and(staff.locator('[data-status="confirmed"]')).waitFor();
    await staff.screenshot({ path: screenshotPath('test-drive-calendar.png'), fullPage: true });

    // The buyer sees it confirmed.
    await buyer.reload();
    await buyer.locator('[data-testid="my-test-drive"][data-status="confirmed"]').waitFor();
    await buyer.getByTestId('my-test-drive').getByText('已确认').waitFor();
    await buyer.screenshot({ path: screenshotPath('test-drive-mine-confirmed.png'), fullPage: true });
  });
});
