import { randomUUID } from 'node:crypto';
import { request as playwrightRequest, type APIRequestContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, signInThroughApi, waitForCode } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

const PAY_PATH = /^\/pay\/[0-9a-f-]{36}$/;
/** Slugs and new buyers' addresses of this run: the server's database is fresh, but a rerun must never collide. */
const RUN = Date.now().toString(36);
const F1_EDITION = {
  model: 'koleos',
  trim: 'koleos-25-4wd-luxury',
  options: ['paint-amethyst-black', 'wh-18', 'pk-roof', 'pk-safety', 'pk-bose', 'acc-dashcam'],
  price: 23_880_000,
  listPrice: 24_800_000,
  deposit: 201_800,
};

interface Sale {
  slug: string;
  name: string;
  landing: string;
}

async function csrfOf(api: APIRequestContext): Promise<string> {
  const cookie = (await api.storageState()).cookies.find((candidate) => candidate.name === 'vitrine_csrf');
  if (!cookie) throw new Error('not signed in: no CSRF cookie');
  return cookie.value;
}

/** A claim through the API, as another phone would send it. */
async function claimThroughApi(api: APIRequestContext, slug: string) {
  return api.post(`/api/v1/stores/renault/campaigns/${slug}/claims?locale=zh-CN`, {
    data: { dealer: 'sh-01', plan: 'cash' },
    headers: { 'x-csrf-token': await csrfOf(api), 'idempotency-key': randomUUID() },
  });
}

describe('a flash sale on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;
  let brand: APIRequestContext;
  let made = 0;
  const open: string[] = [];

  beforeAll(async () => {
    brand = await playwrightRequest.newContext({ baseURL: storefront.server.url });
    await signInThroughApi({ request: brand }, storefront.server.sent, DEMO.brandAdmin);
  });
  // The store home features the first sale on or to come: each test's sales end with it.
  afterEach(async () => {
    for (const slug of open.splice(0)) {
      const ended = await brand.post(`/api/v1/admin/stores/renault/campaigns/${slug}/end`, { data: {}, headers: { 'x-csrf-token': await csrfOf(brand) } });
      if (ended.status() !== 200 && ended.status() !== 409) throw new Error(`ending ${slug} answered ${ended.status()}: ${await ended.text()}`);
    }
  });
  afterAll(async () => {
    await brand?.dispose();
  });

  /** The F1 edition (or the editions given) on sale from `startsIn` ms from now (negative: already on) for a day, through the brand's API. */
  async function createSale(spec: { startsIn: number; units: number; payMinutes?: number; editions?: Array<{ trim: string; options: string[] }> }): Promise<Sale> {
    const slug = `f1-${RUN}-${(made += 1)}`;
    const name = `Koleos F1 车队版 ${made}`;
    const startsAt = Date.now() + spec.startsIn;
    const created = await brand.post('/api/v1/admin/stores/renault/campaigns?locale=zh-CN', {
      data: {
        slug,
        name: { 'zh-CN': name, fr: `Koleos Édition F1 ${made}`, en: `Koleos F1 Edition ${made}` },
        story: { 'zh-CN': '2018 年中国大奖赛周末，上海国际赛车场。', fr: 'Le Grand Prix de Shanghai', en: 'The Shanghai Grand Prix' },
        ...F1_EDITION,
        ...(spec.editions ? { trim: undefined, options: undefined, editions: spec.editions } : {}),
        unitsTotal: spec.units,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 24 * 3_600_000).toISOString(),
        ...(spec.payMinutes ? { payMinutes: spec.payMinutes } : {}),
      },
      headers: { 'x-csrf-token': await csrfOf(brand) },
    });
    if (created.status() !== 201) throw new Error(`creating ${slug} answered ${created.status()}: ${await created.text()}`);
    open.push(slug);
    return { slug, name, landing: `/renault/campaigns/${slug}` };
  }

  /** A buyer of their own, signed in with a code sent to a new address: their own claim budget. */
  async function signInAsNewBuyer(page: Pick<Page, 'request'>, label: string): Promise<void> {
    const destination = `${label}-${RUN}@example.com`;
    const { sent } = storefront.server;
    const before = sent.length;
    const asked = await page.request.post('/api/v1/auth/otp', { data: { destination } });
    expect(asked.status(), await asked.text()).toBe(202);
    const code = await waitForCode(sent, destination, before);
    const verified = await page.request.post('/api/v1/auth/otp/verify', { data: { destination, code } });
    expect(verified.status(), await verified.text()).toBe(200);
  }

  it('teases the sale on the store home, and brings a visitor back to it after signing in', async () => {
    const sale = await createSale({ startsIn: 3_600_000, units: 120 });
    const visitor = await openPhone();
    await visitor.goto('/renault');
    const teaser = visitor.getByTestId('campaign-teaser');
    await teaser.waitFor();
    expect(await teaser.getAttribute('data-state')).toBe('upcoming');
    expect(await teaser.textContent()).toContain('限量 120 台');
    await teaser.click();
    await visitor.waitForURL((url) => url.pathname === sale.landing);

    await visitor.getByRole('heading', { level: 1, name: sale.name }).waitFor();
    expect(await visitor.getByTestId('campaign-price').textContent()).toBe('¥238,800');
    expect(await visitor.getByTestId('campaign-countdown').textContent()).toMatch(/^00:59:\d\d$|^01:00:00$/);
    await visitor.getByRole('link', { name: '登录后参与抢购' }).click();
    await visitor.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === sale.landing);
    await visitor.getByLabel('手机号或邮箱').fill(DEMO.buyer.email);
    await visitor.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await visitor.getByRole('button', { name: '登录', exact: true }).click();
    await visitor.waitForURL((url) => url.pathname === sale.landing);
    const claim = visitor.getByTestId('campaign-claim');
    await claim.waitFor();
    expect(await claim.isDisabled()).toBe(true);
    expect(await claim.textContent()).toMatch(/后开抢$/);
  });

  it('lists what the edition is built with once each, in the language the visitor switches to', async () => {
    const sale = await createSale({ startsIn: 3_600_000, units: 120 });
    const visitor = await openPhone();
    await visitor.goto(sale.landing);
    const parts = visitor.locator('.campaign-story__edition li');
    await parts.first().waitFor();
    // The paint is the edition's colour and one of its options: one line, not two.
    expect(await parts.allTextContents()).toEqual(['紫晶黑', '18英寸铝合金轮毂', 'BOSE音响包（12扬声器）', '智能驾驶辅助包（AEB/ACC/盲点/车道偏离）', '电动全景天窗', '行车记录仪']);
    await visitor.getByRole('button', { name: 'Français' }).click();
    await visitor.getByRole('heading', { level: 3, name: "L'édition" }).waitFor();
    await expect.poll(() => parts.allTextContents()).toEqual([
      'Noir Améthyste',
      'Jantes alliage 18"',
      'Pack Son BOSE (12 haut-parleurs)',
      'Pack Aide à la conduite (AEB/ACC/angle mort/franchissement de ligne)',
      'Toit ouvrant panoramique électrique',
      'Caméra embarquée',
    ]);
  });

  it('counts down to the start on the server clock, opens the button at zero, and the winner pays the deposit', async () => {
    const buyer = await openPhone();
    await signInThroughApi(buyer, storefront.server.sent, DEMO.buyer);
    const sale = await createSale({ startsIn: 10_000, units: 2, payMinutes: 15 });
    // This phone's clock is ten minutes fast: by it the sale opened long ago, by the server's it has not.
    await buyer.clock.setSystemTime(Date.now() + 10 * 60_000);
    await buyer.goto('/renault');
    const teaser = buyer.getByTestId('campaign-teaser');
    await teaser.waitFor();
    expect(await teaser.getAttribute('data-state')).toBe('upcoming');
    expect(await teaser.getAttribute('href')).toBe(sale.landing);
    await teaser.click();
    await buyer.waitForURL((url) => url.pathname === sale.landing);

    const countdown = buyer.getByTestId('campaign-countdown');
    await countdown.waitFor();
    expect(await countdown.textContent()).toMatch(/^00:00:(0[1-9]|10)$/);
    expect(await buyer.getByTestId('campaign-remaining').textContent()).toBe('2 / 2 台');
    const dealer = buyer.getByRole('combobox', { name: '取车经销商' });
    await dealer.locator('option[value="sh-01"]').waitFor({ state: 'attached' });
    await dealer.selectOption('sh-01');
    const claim = buyer.getByTestId('campaign-claim');
    expect(await claim.isDisabled()).toBe(true);
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('campaign-1-countdown.png'), fullPage: true });

    // No reload: the page opens the sale itself when its clock reaches the start.
    await expect.poll(() => claim.isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await claim.textContent()).toBe('立即抢购');
    expect(await buyer.getByTestId('campaign-state').textContent()).toBe('抢购中');
    const claimSent = buyer.waitForRequest((request) => request.method() === 'POST' && request.url().includes(`/campaigns/${sale.slug}/claims?`));
    const claimAnswered = buyer.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes(`/campaigns/${sale.slug}/claims?`));
    await claim.click();

    const won = buyer.locator('[data-testid="campaign-result"][data-result="won"]');
    await won.waitFor();
    expect(await won.textContent()).toContain('请在 15 分钟内支付定金 ¥2,018');
    const sent = await claimSent;
    expect(sent.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.postDataJSON()).toEqual({ dealer: 'sh-01', plan: 'cash' });
    const answer = await claimAnswered;
    expect(answer.status()).toBe(201);
    const { id: orderId } = (await answer.json()) as { id: string };
    // The count moves while the page is open: it is asked again every two seconds.
    await expect.poll(() => buyer.getByTestId('campaign-remaining').textContent(), { timeout: 10_000 }).toBe('1 / 2 台');
    await buyer.screenshot({ path: screenshotPath('campaign-2-won.png'), fullPage: true });

    await won.getByRole('button', { name: '支付定金 ¥2,018' }).click();
    await buyer.waitForURL((url) => PAY_PATH.test(url.pathname));
    await buyer.getByRole('button', { name: '确认支付 ¥2,018' }).click();
    await buyer.getByText('支付成功').waitFor();
    const order = await buyer.request.get(`/api/v1/me/orders/${orderId}?locale=zh-CN`);
    expect(order.status()).toBe(200);
    expect(await order.json()).toMatchObject({ id: orderId, status: 'deposit_paid', source: 'campaign' });
    await buyer.getByRole('link', { name: '查看我的订单' }).click();
    await buyer.locator('[data-testid="order"][data-status="deposit_paid"]').waitFor();
    const view = await buyer.request.get(`/api/v1/stores/renault/campaigns/${sale.slug}?locale=zh-CN`);
    expect(await view.json()).toMatchObject({ unitsTotal: 2, remaining: 1, state: 'live' });
  });

  it('lets the buyer pick the edition before the countdown ends, and claims that one', async () => {
    const blue = F1_EDITION.options.map((code) => (code === 'paint-amethyst-black' ? 'paint-cosmos-blue' : code));
    const sale = await createSale({
      startsIn: 8_000,
      units: 2,
      editions: [
        { trim: F1_EDITION.trim, options: F1_EDITION.options },
        { trim: F1_EDITION.trim, options: blue },
      ],
    });
    const buyer = await openPhone();
    await signInAsNewBuyer(buyer, 'blue');
    await buyer.goto(sale.landing);
    const editions = buyer.getByTestId('campaign-editions');
    await editions.waitFor();
    const black = editions.getByRole('button', { name: '紫晶黑' });
    const cosmos = editions.getByRole('button', { name: '宇宙蓝' });
    expect(await black.getAttribute('aria-pressed')).toBe('true');
    expect(await cosmos.getAttribute('aria-pressed')).toBe('false');
    expect(await buyer.getByText('各版本共享 2 台限量名额，价格与定金相同。').count()).toBe(1);
    await cosmos.click();
    expect(await cosmos.getAttribute('aria-pressed')).toBe('true');
    expect(await black.getAttribute('aria-pressed')).toBe('false');
    // The edition's list shows the paint picked.
    expect(await buyer.locator('.campaign-story__edition').textContent()).toContain('宇宙蓝');
    const claim = buyer.getByTestId('campaign-claim');
    expect(await claim.isDisabled()).toBe(true);
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('campaign-6-editions.png'), fullPage: true });

    await expect.poll(() => claim.isEnabled(), { timeout: 15_000 }).toBe(true);
    const dealer = buyer.getByRole('combobox', { name: '取车经销商' });
    await dealer.locator('option[value="sh-01"]').waitFor({ state: 'attached' });
    await dealer.selectOption('sh-01');
    const claimSent = buyer.waitForRequest((request) => request.method() === 'POST' && request.url().includes(`/campaigns/${sale.slug}/claims?`));
    const claimAnswered = buyer.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes(`/campaigns/${sale.slug}/claims?`));
    await claim.click();
    expect((await claimSent).postDataJSON()).toEqual({ dealer: 'sh-01', plan: 'cash', edition: 'paint-cosmos-blue' });
    const answer = await claimAnswered;
    expect(answer.status()).toBe(201);
    const order = (await answer.json()) as { vehicle: { colour: string; options: Array<{ code: string }> } };
    expect(order.vehicle.colour).toBe('宇宙蓝');
    expect(order.vehicle.options.map((o) => o.code)).toContain('paint-cosmos-blue');
    await buyer.locator('[data-testid="campaign-result"][data-result="won"]').waitFor();
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
  });

  it('tells the buyer who tapped for the last unit after another took it that it is sold out', async () => {
    const sale = await createSale({ startsIn: -60_000, units: 1 });
    const buyer = await openPhone();
    await signInThroughApi(buyer, storefront.server.sent, DEMO.buyer);
    // The phone's timers stand still once the page is ready, so it still shows the last unit when the other buyer takes it.
    await buyer.clock.install();
    await buyer.goto(sale.landing);
    const claim = buyer.getByTestId('campaign-claim');
    await expect.poll(() => claim.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await buyer.getByTestId('campaign-remaining').textContent()).toBe('1 / 1 台');
    await buyer.clock.pauseAt(Date.now() + 1_000);

    const other = await openPhone();
    await signInAsNewBuyer(other, 'quicker');
    const taken = await claimThroughApi(other.request, sale.slug);
    expect(taken.status(), await taken.text()).toBe(201);
    await claim.click();

    const lost = buyer.locator('[data-testid="campaign-result"][data-result="soldOut"]');
    await lost.waitFor();
    expect(await lost.textContent()).toBe('很遗憾，已经售罄。');
    expect(await claim.isDisabled()).toBe(true);
    expect(await claim.textContent()).toBe('已售罄');
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
    await buyer.screenshot({ path: screenshotPath('campaign-3-sold-out.png'), fullPage: true });
  });

  it('makes a buyer who tapped too often wait out the server’s Retry-After, then lets them tap again', async () => {
    const sale = await createSale({ startsIn: -60_000, units: 3 });
    const notYet = await createSale({ startsIn: 3_600_000, units: 3 });
    const buyer = await openPhone();
    await signInAsNewBuyer(buyer, 'eager');
    // Ten claims a minute per account: this buyer spends them on a sale not yet open (each a 425).
    for (let tap = 0; tap < 10; tap++) expect((await claimThroughApi(buyer.request, notYet.slug)).status()).toBe(425);
    // Timers under the test's hand: the wait runs out without the minute passing.
    await buyer.clock.install();
    const keys: string[] = [];
    buyer.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes(`/campaigns/${sale.slug}/claims?`)) keys.push(request.headers()['idempotency-key'] ?? '');
    });
    await buyer.goto(sale.landing);
    const claim = buyer.getByTestId('campaign-claim');
    await expect.poll(() => claim.isEnabled(), { timeout: 10_000 }).toBe(true);
    const answered = buyer.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes(`/campaigns/${sale.slug}/claims?`));
    await claim.click();

    const response = await answered;
    expect(response.status()).toBe(429);
    expect(((await response.json()) as { code: string }).code).toBe('RATE_LIMITED');
    const retryAfter = Number(response.headers()['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const waiting = buyer.locator('[data-testid="campaign-result"][data-result="tooManyTries"]');
    await waiting.waitFor();
    const seconds = Number(/^尝试次数太多，请等 (\d+) 秒再试。$/.exec((await waiting.textContent()) ?? '')?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(retryAfter - 1);
    expect(seconds).toBeLessThanOrEqual(retryAfter);
    expect(await claim.isDisabled()).toBe(true);
    await buyer.screenshot({ path: screenshotPath('campaign-4-wait.png'), fullPage: true });

    await buyer.clock.fastForward((retryAfter + 1) * 1_000);
    await expect.poll(() => claim.isEnabled(), { timeout: 5_000 }).toBe(true);
    expect(await waiting.count()).toBe(0);
    const again = buyer.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes(`/campaigns/${sale.slug}/claims?`));
    await claim.click();
    // The server's minute has not passed: refused again, and that tap was a new intent, with its own key.
    expect((await again).status()).toBe(429);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
    expect(await horizontalOverflow(buyer)).toBeLessThanOrEqual(0);
  });

  it('lets the brand create a sale in Shanghai time and yuan, and end it early', async () => {
    const slug = `f1-${RUN}-console`;
    const admin = await openPhone();
    await signInThroughApi(admin, storefront.server.sent, DEMO.brandAdmin);
    await admin.goto('/admin/renault');
    await admin.getByRole('link', { name: '限量发售' }).click();
    await admin.waitForURL((url) => url.pathname === '/admin/renault/campaigns');
    await admin.getByRole('button', { name: '新建限量发售' }).click();

    await admin.getByLabel('地址名').fill(slug);
    for (const [language, name] of [['中文', 'F1 车队版'], ['Français', 'Édition F1'], ['English', 'F1 Team edition']] as const) {
      await admin.getByLabel(`名称（${language}）`).fill(name);
      await admin.getByLabel(`故事（${language}）`).fill(`${name} · 2018`);
    }
    const model = admin.getByLabel('车型');
    await model.locator('option[value="koleos"]').waitFor({ state: 'attached' });
    await model.selectOption('koleos');
    await admin.getByLabel('配置代码').fill('koleos-20-2wd-comfort');
    // A second edition: a copy of the first, then in another paint; a third, added and removed again.
    await admin.getByTestId('admin-add-edition').click();
    await admin.getByTestId('admin-add-edition').click();
    const editionForms = admin.getByTestId('admin-edition');
    expect(await editionForms.count()).toBe(3);
    await editionForms.nth(2).getByRole('button', { name: '删除此版本' }).click();
    expect(await editionForms.count()).toBe(2);
    expect(await editionForms.nth(1).getByLabel('配置代码').inputValue()).toBe('koleos-20-2wd-comfort');
    await editionForms.nth(1).getByLabel('选装代码').fill('paint-cosmos-blue');
    await admin.getByLabel('限量价（元）').fill('169,800');
    await admin.getByLabel('厂商指导价（元）').fill('189800');
    await admin.getByLabel('限量台数').fill('120');
    await admin.getByLabel('开售时间（北京时间）').fill('2030-04-13T10:00');
    await admin.getByLabel('截止时间（北京时间）').fill('2030-04-15T00:30');
    expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
    await admin.screenshot({ path: screenshotPath('campaign-5-admin-form.png'), fullPage: true });
    const createdAnswer = admin.waitForResponse((response) => response.request().method() === 'POST' && /\/api\/v1\/admin\/stores\/renault\/campaigns\?/.test(response.url()));
    await admin.getByRole('button', { name: '创建' }).click();
    expect((await createdAnswer).status()).toBe(201);
    open.push(slug);

    await admin.getByText('已创建。').waitFor();
    const list = await admin.request.get('/api/v1/admin/stores/renault/campaigns?locale=zh-CN');
    const created = ((await list.json()) as { campaigns: { slug: string }[] }).campaigns.find((campaign) => campaign.slug === slug);
    expect(created).toMatchObject({
      name: 'F1 车队版',
      story: 'F1 车队版 · 2018',
      localized: {
        name: { 'zh-CN': 'F1 车队版', fr: 'Édition F1', en: 'F1 Team edition' },
        story: { 'zh-CN': 'F1 车队版 · 2018', fr: 'Édition F1 · 2018', en: 'F1 Team edition · 2018' },
      },
      edition: { model: { slug: 'koleos' }, trim: { code: 'koleos-20-2wd-comfort' }, options: [] },
      editions: [
        { code: 'edition-1', trim: { code: 'koleos-20-2wd-comfort' }, options: [] },
        { code: 'paint-cosmos-blue', name: '宇宙蓝', trim: { code: 'koleos-20-2wd-comfort' }, options: [{ code: 'paint-cosmos-blue', name: '宇宙蓝' }] },
      ],
      price: { amount: 16_980_000, currency: 'CNY' },
      listPrice: { amount: 18_980_000, currency: 'CNY' },
      deposit: { amount: 500_000, currency: 'CNY' },
      unitsTotal: 120,
      perBuyerLimit: 1,
      payMinutes: 30,
      startsAt: '2030-04-13T02:00:00.000Z',
      endsAt: '2030-04-14T16:30:00.000Z',
      endedAt: null,
      state: 'upcoming',
    });
    const rows = admin.getByTestId('admin-campaign').filter({ has: admin.locator(`a[href="/renault/campaigns/${slug}"]`) });
    const row = rows.and(admin.locator('[data-state="upcoming"]'));
    await row.waitFor();
    expect(await row.textContent()).toContain('已售 0 · 待付定金 0 · 剩余 120 / 120');

    admin.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: '提前结束' }).click();
    await admin.getByText('已提前结束。').waitFor();
    await rows.and(admin.locator('[data-state="ended"]')).waitFor();
    expect(await rows.getByRole('button', { name: '提前结束' }).count()).toBe(0);
    const after = await admin.request.get(`/api/v1/admin/stores/renault/campaigns?locale=zh-CN`);
    const ended = ((await after.json()) as { campaigns: { slug: string; state: string; endedAt: string | null }[] }).campaigns.find((campaign) => campaign.slug === slug);
    expect(ended?.state).toBe('ended');
    expect(ended?.endedAt).not.toBeNull();
  });

  it('asks for the count every two seconds while the tab is seen, and nothing while it is hidden', async () => {
    const sale = await createSale({ startsIn: -60_000, units: 120 });
    const buyer = await openPhone();
    const campaignGet = (url: string) => url.includes(`/api/v1/stores/renault/campaigns/${sale.slug}?`);
    const asked: string[] = [];
    buyer.on('request', (request) => {
      if (campaignGet(request.url())) asked.push(request.url());
    });
    await buyer.goto(sale.landing);
    await buyer.getByTestId('campaign-remaining').waitFor();
    await buyer.waitForRequest((request) => campaignGet(request.url()));

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
    const back = buyer.waitForRequest((request) => campaignGet(request.url()));
    await setHidden(false);
    await back;
  });
});
