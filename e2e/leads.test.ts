import { describe, expect, it } from 'vitest';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

describe('contact me, on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  it('lets a buyer ask a dealer to call back from a model page, and the dealer mark it contacted', async () => {
    const buyer = await openPhone();
    // Standing in Shanghai: the sheet lists Shanghai's dealers first.
    await buyer.context().grantPermissions(['geolocation'], { origin: storefront.server.url });
    await buyer.context().setGeolocation({ latitude: 31.2304, longitude: 121.4737 });
    await buyer.goto('/renault/models/koleos');
    const ask = buyer.getByRole('button', { name: '请经销商联系我' });
    await ask.waitFor();

    // Signed out, the button goes to sign-in, which brings the buyer back here.
    await ask.click();
    await buyer.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === '/renault/models/koleos');
    await signInThroughApi(buyer, storefront.server.sent, DEMO.buyer);
    await buyer.goto(new URL(buyer.url()).searchParams.get('next')!);

    await ask.click();
    const sheet = buyer.getByRole('dialog', { name: '请经销商给我回电' });
    await sheet.waitFor();
    const dealer = sheet.getByRole('combobox', { name: '经销商' });
    await dealer.waitFor();
    const first = await dealer.locator('option').first().getAttribute('value');
    expect(first).toMatch(/^sh-/);
    await dealer.selectOption('sh-01');
    const consent = sheet.getByRole('checkbox');
    expect(await consent.isChecked()).toBe(true);
    expect(await sheet.getByText('138****8000').count()).toBe(1);
    await sheet.getByRole('textbox', { name: /留言/ }).fill('工作日晚上 6 点后方便接听');
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('leads-contact-me-sheet.png') });
    await sheet.getByRole('button', { name: '发送请求' }).click();
    await sheet.getByText('已收到你的请求，将尽快与你联系。', { exact: false }).waitFor();
    await buyer.screenshot({ path: screenshotPath('leads-contact-me-sent.png') });
    await sheet.getByRole('button', { name: '完成' }).click();
    await sheet.waitFor({ state: 'detached' });

    const staff = await openPhone();
    await signInThroughApi(staff, storefront.server.sent, DEMO.dealerStaff);
    await staff.goto('/dealer/renault/sh-01/leads');
    const card = staff.getByRole('article', { name: DEMO.buyer.name });
    await card.waitFor();
    await card.getByText('科雷傲').waitFor();
    await card.getByText('工作日晚上 6 点后方便接听').waitFor();
    expect(await card.getByRole('link', { name: /拨打/ }).getAttribute('href')).toBe('tel:+8613800138000');
    await card.getByText(/已等待/).waitFor();
    expect(await staff.getByRole('button', { name: /新线索\s*1/ }).count()).toBe(1);
    expect(await horizontalOverflow(staff)).toBeLessThanOrEqual(0);
    await staff.screenshot({ path: screenshotPath('leads-queue-new.png'), fullPage: true });

    await card.getByRole('group', { name: '标记为：' }).getByRole('button', { name: '已联系' }).click();
    await card.locator('.lead-card__status', { hasText: '已联系' }).waitFor();
    await card.getByText(/首次联系用时/).waitFor();
    await card.getByRole('button', { name: '详情与记录' }).click();
    await card.getByText('王芳 标记为“已联系”').waitFor();
    await staff.getByRole('button', { name: /已联系\s*1/ }).waitFor();
    expect(await horizontalOverflow(staff)).toBeLessThanOrEqual(0);
    await staff.screenshot({ path: screenshotPath('leads-queue-contacted.png'), fullPage: true });

    const mine = (await (await buyer.request.get('/api/v1/me/leads')).json()) as { leads: Array<{ status: string; dealer: { code: string } }> };
    expect(mine.leads.map((l) => [l.dealer.code, l.status])).toEqual([['sh-01', 'contacted']]);
  });
});
