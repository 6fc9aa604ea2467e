import { randomUUID } from 'node:crypto';
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';

const PAY_PATH = /^\/pay\/[0-9a-f-]{36}$/;
const LANDING = '/renault/campaigns/f1-team-120';

interface FakeCampaign {
  /** When the sale opens, in real time. */
  startsAt: number;
  remaining: number;
  /** How the claim is answered; the claims received are kept in `claims`. */
  answerClaim(route: Route): Promise<void>;
}

/**
 * FAKED: the campaign routes are not on this branch yet, so the browser answers them as the
 * API's contract says: the campaign GET (its state by the real clock, serverTime the real time)
 * and the claim. Switch this test to the real API by seeding a campaign and deleting this function.
 */
async function fakeCampaignApi(page: Page, fake: FakeCampaign): Promise<{ claims: { key: string | null; body: unknown }[] }> {
  const claims: { key: string | null; body: unknown }[] = [];
  const view = () => {
    const now = Date.now();
    const startsAt = new Date(fake.startsAt).toISOString();
    const state = now < fake.startsAt ? 'upcoming' : fake.remaining > 0 ? 'live' : 'sold_out';
    // Once on sale, the crowd takes a few between two looks.
    if (state === 'live' && fake.remaining > 1) fake.remaining = Math.max(1, fake.remaining - 7);
    return {
      slug: 'f1-team-120',
      name: 'Koleos F1 车队 120 周年限量版',
      story: '2018 年中国大奖赛周末，上海国际赛车场。\n\n为纪念集团 120 周年，限量 120 台。',
      edition: { model: { slug: 'koleos', name: '科雷傲' }, trim: { code: 'koleos-20-2wd-comfort', name: '2.0L 两驱舒适版' }, options: [{ code: 'f1-decal', name: 'F1 车队涂装' }], colour: '赛道黄' },
      price: { amount: 16_980_000, currency: 'CNY' },
      listPrice: { amount: 18_980_000, currency: 'CNY' },
      deposit: { amount: 500_000, currency: 'CNY' },
      unitsTotal: 120,
      remaining: fake.remaining,
      perBuyerLimit: 1,
      payMinutes: 15,
      startsAt,
      endsAt: new Date(fake.startsAt + 3_600_000).toISOString(),
      endedAt: null,
      state,
      serverTime: new Date(now).toISOString(),
    };
  };
  await page.route('**/api/v1/stores/renault/campaigns?*', (route) => route.fulfill({ json: { campaigns: [view()] }, headers: { 'cache-control': 'max-age=1' } }));
  await page.route('**/api/v1/stores/renault/campaigns/f1-team-120?*', (route) => route.fulfill({ json: view(), headers: { 'cache-control': 'max-age=1' } }));
  await page.route('**/api/v1/stores/renault/campaigns/f1-team-120/claims?*', async (route) => {
    claims.push({ key: route.request().headers()['idempotency-key'] ?? null, body: route.request().postDataJSON() });
    await fake.answerClaim(route);
  });
  return { claims };
}

/**
 * FAKED as well: the brand's campaign routes. The list holds what was created; ending marks it
 * ended. Switch to the real API with the buyer's fake.
 */
async function fakeBrandCampaignApi(page: Page): Promise<{ created: unknown[]; ended: string[] }> {
  const created: unknown[] = [];
  const ended: string[] = [];
  const campaigns: object[] = [];
  const adminView = (body: Record<string, unknown>) => ({
    slug: body.slug,
    name: (body.name as Record<string, string>)['zh-CN'],
    story: (body.story as Record<string, string>)['zh-CN'],
    localized: { name: body.name, story: body.story },
    edition: { model: { slug: body.model, name: '科雷傲' }, trim: { code: body.trim, name: '2.0L 两驱舒适版' }, options: [], colour: null },
    price: { amount: body.price, currency: 'CNY' },
    listPrice: { amount: body.listPrice, currency: 'CNY' },
    deposit: { amount: body.deposit, currency: 'CNY' },
    unitsTotal: body.unitsTotal,
    remaining: body.unitsTotal,
    unitsHeld: 0,
    unitsSold: 0,
    perBuyerLimit: body.perBuyerLimit,
    payMinutes: body.payMinutes,
    startsAt: body.startsAt,
    endsAt: body.endsAt,
    endedAt: null,
    state: 'upcoming',
    serverTime: new Date().toISOString(),
  });
  await page.route('**/api/v1/admin/stores/renault/campaigns?*', async (route) => {
    if (route.request().method() === 'GET') return route.fulfill({ json: { campaigns } });
    const body = route.request().postDataJSON() as Record<string, unknown>;
    created.push(body);
    const view = adminView(body);
    campaigns.push(view);
    return route.fulfill({ status: 201, json: view });
  });
  await page.route('**/api/v1/admin/stores/renault/campaigns/*/end?*', async (route) => {
    const slug = new URL(route.request().url()).pathname.split('/').at(-2)!;
    ended.push(slug);
    const index = campaigns.findIndex((c) => (c as { slug: string }).slug === slug);
    campaigns[index] = { ...campaigns[index], state: 'ended', endedAt: new Date().toISOString() };
    return route.fulfill({ json: campaigns[index] });
  });
  return { created, ended };
}

/** A real order of the buyer's, pending its deposit, for the faked claim to answer with: paying it is real. */
async function realPendingOrder(page: Page): Promise<unknown> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'vitrine_csrf')!.value;
  const saved = await page.request.post('/api/v1/stores/renault/configurations?locale=zh-CN', {
    data: { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] },
    headers: { 'x-csrf-token': csrf },
  });
  expect(saved.status()).toBe(201);
  const { code } = (await saved.json()) as { code: string };
  const placed = await page.request.post('/api/v1/stores/renault/orders?locale=zh-CN', {
    data: { configuration: code, dealer: 'sh-01', plan: 'cash' },
    headers: { 'x-csrf-token': csrf, 'idempotency-key': randomUUID() },
  });
  expect(placed.status(), await placed.text()).toBe(201);
  return placed.json();
}

describe('a flash sale on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  it('teases the sale on the store home, and brings a visitor back to it after signing in', async () => {
    const visitor = await openPhone();
    await fakeCampaignApi(visitor, { startsAt: Date.now() + 3_600_000, remaining: 120, answerClaim: (route) => route.abort() });
    await visitor.goto('/renault');
    const teaser = visitor.getByTestId('campaign-teaser');
    await teaser.waitFor();
    expect(await teaser.getAttribute('data-state')).toBe('upcoming');
    expect(await teaser.textContent()).toContain('限量 120 台');
    await teaser.click();
    await visitor.waitForURL((url) => url.pathname === LANDING);

    await visitor.getByRole('heading', { level: 1, name: 'Koleos F1 车队 120 周年限量版' }).waitFor();
    expect(await visitor.getByTestId('campaign-price').textContent()).toBe('¥169,800');
    expect(await visitor.getByTestId('campaign-countdown').textContent()).toMatch(/^00:59:\d\d$|^01:00:00$/);
    await visitor.getByRole('link', { name: '登录后参与抢购' }).click();
    await visitor.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === LANDING);
    await visitor.getByLabel('手机号或邮箱').fill(DEMO.buyer.email);
    await visitor.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await visitor.getByRole('button', { name: '登录', exact: true }).click();
    await visitor.waitForURL((url) => url.pathname === LANDING);
    const claim = visitor.getByTestId('campaign-claim');
    await claim.waitFor();
    expect(await claim.isDisabled()).toBe(true);
    expect(await claim.textContent()).toMatch(/后开抢$/);
  });

  it('counts down to the start on the server clock, opens the button at zero, and the winner pays the deposit', async () => {
    const buyer = await openPhone();
    await signInThroughApi(buyer, storefront.server.sent, DEMO.buyer);
    const order = await realPendingOrder(buyer);
    const fake = await fakeCampaignApi(buyer, {
      startsAt: Date.now() + 6_000,
      remaining: 120,
      answerClaim: (route) => route.fulfill({ status: 201, json: order }),
    });
    // This phone's clock is ten minutes fast: by it the sale opened long ago, by the server's it has not.
    await buyer.clock.setSystemTime(Date.now() + 10 * 60_000);
    await buyer.goto(LANDING);

    const countdown = buyer.getByTestId('campaign-countdown');
    await countdown.waitFor();
    expect(await countdown.textContent()).toMatch(/^00:00:0[1-6]$/);
    expect(await buyer.getByTestId('campaign-remaining').textContent()).toBe('120 / 120 台');
    const dealer = buyer.getByRole('combobox', { name: '取车经销商' });
    await dealer.locator('option[value="sh-01"]').waitFor({ state: 'attached' });
    await dealer.selectOption('sh-01');
    const claim = buyer.getByTestId('campaign-claim');
    expect(await claim.isDisabled()).toBe(true);
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: '/tmp/campaign-1-countdown.png', fullPage: true });

    // No reload: the page opens the sale itself when its clock reaches the start.
    await expect.poll(() => claim.isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await claim.textContent()).toBe('立即抢购');
    expect(await buyer.getByTestId('campaign-state').textContent()).toBe('抢购中');
    // The count moves while the page is open: it is asked again every two seconds.
    await expect.poll(() => buyer.getByTestId('campaign-remaining').textContent(), { timeout: 10_000 }).toMatch(/^(1[01]\d|\d{1,2}) \/ 120 台$/);
    await claim.click();

    const won = buyer.locator('[data-testid="campaign-result"][data-result="won"]');
    await won.waitFor();
    expect(await won.textContent()).toContain('请在 15 分钟内支付定金 ¥5,000');
    expect(fake.claims).toHaveLength(1);
    expect(fake.claims[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.claims[0]!.body).toEqual({ dealer: 'sh-01', plan: 'cash' });
    await buyer.screenshot({ path: '/tmp/campaign-2-won.png', fullPage: true });

    await won.getByRole('button', { name: '支付定金 ¥5,000' }).click();
    await buyer.waitForURL((url) => PAY_PATH.test(url.pathname));
    await buyer.getByRole('button', { name: '确认支付 ¥5,000' }).click();
    await buyer.getByText('支付成功').waitFor();
    await buyer.getByRole('link', { name: '查看我的订单' }).click();
    await buyer.locator('[data-testid="order"][data-status="deposit_paid"]').waitFor();
  });

  it('makes a buyer who tapped too often wait, then tells them it is sold out', async () => {
    const buyer = await openPhone();
    await signInThroughApi(buyer, storefront.server.sent, DEMO.buyer);
    const problem = (status: number, code: string, extra: object = {}) => ({
      status,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: code, status, code, detail: code, ...extra }),
    });
    let answered = 0;
    const fake = await fakeCampaignApi(buyer, {
      startsAt: Date.now() - 10_000,
      remaining: 3,
      answerClaim: (route) =>
        route.fulfill(
          answered++ === 0
            ? { ...problem(429, 'CAMPAIGN_RATE_LIMITED', { retryAfterSeconds: 2 }), headers: { 'retry-after': '2' } }
            : problem(409, 'CAMPAIGN_SOLD_OUT'),
        ),
    });
    await buyer.goto(LANDING);
    const claim = buyer.getByTestId('campaign-claim');
    await expect.poll(() => claim.isEnabled(), { timeout: 10_000 }).toBe(true);
    await claim.click();

    const waiting = buyer.locator('[data-testid="campaign-result"][data-result="tooManyTries"]');
    await waiting.waitFor();
    expect(await waiting.textContent()).toMatch(/^尝试次数太多，请等 [12] 秒再试。$/);
    expect(await claim.isDisabled()).toBe(true);
    await expect.poll(() => claim.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await waiting.count()).toBe(0);
    await claim.click();

    const lost = buyer.locator('[data-testid="campaign-result"][data-result="soldOut"]');
    await lost.waitFor();
    expect(await lost.textContent()).toBe('很遗憾，已经售罄。');
    expect(await claim.isDisabled()).toBe(true);
    expect(await claim.textContent()).toBe('已售罄');
    // A refused claim is over: the next tap was a new intent, with its own key.
    expect(fake.claims).toHaveLength(2);
    expect(fake.claims[1]!.key).not.toBe(fake.claims[0]!.key);
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: '/tmp/campaign-3-sold-out.png', fullPage: true });
  });

  it("lets the brand create a sale in Shanghai time and yuan, and end it early", async () => {
    const admin = await openPhone();
    await signInThroughApi(admin, storefront.server.sent, DEMO.brandAdmin);
    const fake = await fakeBrandCampaignApi(admin);
    await admin.goto('/admin/renault');
    await admin.getByRole('link', { name: '限量发售' }).click();
    await admin.waitForURL((url) => url.pathname === '/admin/renault/campaigns');
    await admin.getByText('还没有限量发售。').waitFor();
    await admin.getByRole('button', { name: '新建限量发售' }).click();

    await admin.getByLabel('地址名').fill('f1-team-120');
    for (const [language, name] of [['中文', 'F1 车队版'], ['Français', 'Édition F1'], ['English', 'F1 Team edition']] as const) {
      await admin.getByLabel(`名称（${language}）`).fill(name);
      await admin.getByLabel(`故事（${language}）`).fill(`${name} · 2018`);
    }
    const model = admin.getByLabel('车型');
    await model.locator('option[value="koleos"]').waitFor({ state: 'attached' });
    await model.selectOption('koleos');
    await admin.getByLabel('配置代码').fill('koleos-20-2wd-comfort');
    await admin.getByLabel('限量价（元）').fill('169,800');
    await admin.getByLabel('厂商指导价（元）').fill('189800');
    await admin.getByLabel('限量台数').fill('120');
    await admin.getByLabel('开售时间（北京时间）').fill('2030-04-13T10:00');
    await admin.getByLabel('截止时间（北京时间）').fill('2030-04-15T00:30');
    expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
    await admin.screenshot({ path: '/tmp/campaign-4-admin-form.png', fullPage: true });
    await admin.getByRole('button', { name: '创建' }).click();

    await admin.getByText('已创建。').waitFor();
    expect(fake.created).toEqual([
      {
        slug: 'f1-team-120',
        name: { 'zh-CN': 'F1 车队版', fr: 'Édition F1', en: 'F1 Team edition' },
        story: { 'zh-CN': 'F1 车队版 · 2018', fr: 'Édition F1 · 2018', en: 'F1 Team edition · 2018' },
        model: 'koleos',
        trim: 'koleos-20-2wd-comfort',
        options: [],
        price: 16_980_000,
        listPrice: 18_980_000,
        deposit: 500_000,
        unitsTotal: 120,
        perBuyerLimit: 1,
        payMinutes: 30,
        startsAt: '2030-04-13T02:00:00.000Z',
        endsAt: '2030-04-14T16:30:00.000Z',
      },
    ]);
    const row = admin.locator('[data-testid="admin-campaign"][data-state="upcoming"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('已售 0 · 待付定金 0 · 剩余 120 / 120');

    admin.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: '提前结束' }).click();
    await admin.getByText('已提前结束。').waitFor();
    expect(fake.ended).toEqual(['f1-team-120']);
    await admin.locator('[data-testid="admin-campaign"][data-state="ended"]').waitFor();
    expect(await admin.getByRole('button', { name: '提前结束' }).count()).toBe(0);
  });

  it('asks for the count every two seconds while the tab is seen, and nothing while it is hidden', async () => {
    const buyer = await openPhone();
    await fakeCampaignApi(buyer, { startsAt: Date.now() - 10_000, remaining: 120, answerClaim: (route) => route.abort() });
    const asked: string[] = [];
    buyer.on('request', (request) => {
      if (/\/campaigns\/f1-team-120\?/.test(request.url())) asked.push(request.url());
    });
    await buyer.goto(LANDING);
    await buyer.getByTestId('campaign-remaining').waitFor();
    await buyer.waitForRequest((request) => /\/campaigns\/f1-team-120\?/.test(request.url()));

    // As the browser does when the buyer switches tab (run in the page, where `document` is).
    const setHidden = (hidden: boolean) =>
      buyer.evaluate(
        `Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${hidden ? 'hidden' : 'visible'}' });
         document.dispatchEvent(new Event('visibilitychange'));`,
      );
    await setHidden(true);
    const before = asked.length;
    // Two poll periods and more: a page still polling would have asked twice.
    await buyer.waitForTimeout(5_000);
    expect(asked.length).toBe(before);

    // Seen again: it asks at once, and goes on.
    const back = buyer.waitForRequest((request) => /\/campaigns\/f1-team-120\?/.test(request.url()));
    await setHidden(false);
    await back;
  });
});
