import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ModelDetail } from '../src/modules/catalog/catalog.service.js';
import { compileModel, fromModelDetail, price } from '../src/modules/configurator/engine/index.js';
import { DEMO, DEMO_PASSWORD } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

const COMFORT = 'koleos-20-2wd-comfort';
const FLAGSHIP = 'koleos-25-4wd-flagship';
const COSMOS_BLUE = 'paint-cosmos-blue';
/** The store's plate fee, which the web app's live estimate uses until the store API exposes it. */
const PLATE_FEE = 50_000;

/** "¥272,800", "¥298,391.59": fen as the storefront shows them in Chinese. */
function yuan(fen: number): string {
  const digits = fen % 100 === 0 ? 0 : 2;
  return new Intl.NumberFormat('zh-CN', {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fen / 100);
}

/** The demo finance assumption, restated: 20% down, 36 months at 4.99% APR, each amount rounded half up to the fen. */
function monthlyPayment(vehiclePrice: number): number {
  const principal = vehiclePrice - Math.round(vehiclePrice * 0.2);
  const rate = 0.0499 / 12;
  return Math.round((principal * rate) / (1 - (1 + rate) ** -36));
}

describe('configurator on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  async function koleos(page: Page): Promise<ModelDetail> {
    const response = await page.request.get('/api/v1/stores/renault/models/koleos?locale=zh-CN');
    expect(response.status()).toBe(200);
    return (await response.json()) as ModelDetail;
  }

  it('filters the range by powertrain and by a search in Chinese, in the address', async () => {
    const page = await openPhone();
    await page.goto('/renault');
    await page.getByRole('link', { name: '科雷傲', exact: true }).waitFor();
    const cards = page.getByRole('article');
    expect(await cards.count()).toBe(5);

    // Only the powertrains the store sells are offered: petrol and electric.
    const powertrains = page.getByRole('group', { name: '动力' });
    expect(await powertrains.getByRole('button').allTextContents()).toEqual(['全部', '燃油', '纯电动']);
    await powertrains.getByRole('button', { name: '纯电动' }).click();
    await page.waitForURL((url) => url.searchParams.get('powertrain') === 'BEV');
    await page.getByText('1 款车型').waitFor();
    expect(await cards.count()).toBe(1);
    await page.getByRole('article', { name: '雷诺City K-ZE' }).waitFor();
    expect(await powertrains.getByRole('button', { name: '纯电动' }).getAttribute('aria-pressed')).toBe('true');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('configurator-range-bev.png'), fullPage: true });

    await powertrains.getByRole('button', { name: '全部' }).click();
    await page.getByText('5 款车型').waitFor();

    await page.getByRole('searchbox', { name: '搜索车型' }).fill('科雷傲');
    await page.waitForURL((url) => url.searchParams.get('q') === '科雷傲');
    await page.getByText('1 款车型').waitFor();
    await page.getByRole('article', { name: '科雷傲' }).waitFor();
    await page.screenshot({ path: screenshotPath('configurator-range-search.png') });

    // The address is the state: a reload, or the link sent to someone, shows the same search.
    await page.reload();
    await page.getByRole('article', { name: '科雷傲' }).waitFor();
    expect(await page.getByRole('searchbox', { name: '搜索车型' }).inputValue()).toBe('科雷傲');
    expect(await cards.count()).toBe(1);

    await page.getByRole('searchbox', { name: '搜索车型' }).fill('拖拉机');
    await page.getByRole('heading', { name: '没有符合条件的车型' }).waitFor();
    await page.screenshot({ path: screenshotPath('configurator-range-empty.png') });
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.getByText('5 款车型').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByRole('searchbox', { name: '搜索车型' }).inputValue()).toBe('');
  });

  it('configures a Koleos, fixes a conflict in one tap, saves it and opens the share link on another phone', async () => {
    const page = await openPhone();
    const detail = await koleos(page);
    const trimPrice = (code: string) => detail.trims.find((trim) => trim.code === code)!.price.amount;
    const paints = detail.optionGroups.find((group) => group.code === 'paint')!.options;
    const cosmos = paints.find((option) => option.code === COSMOS_BLUE)!;

    // The model page compares the trims side by side; each one opens the configurator.
    await page.goto('/renault/models/koleos');
    await page.getByRole('heading', { level: 1, name: '科雷傲' }).waitFor();
    expect(await page.getByRole('heading', { level: 3 }).allTextContents()).toEqual(detail.trims.map((trim) => trim.name));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('configurator-1-model.png'), fullPage: true });
    await page.getByRole('link', { name: '定制2.0L 两驱舒适版' }).click();
    await page.waitForURL((url) => url.pathname === '/renault/models/koleos/configure' && url.searchParams.get('trim') === COMFORT);

    const priceBar = page.getByRole('region', { name: '价格' });
    await priceBar.getByText(yuan(trimPrice(COMFORT)), { exact: true }).waitFor();
    await page.getByRole('heading', { level: 2, name: /车身颜色/ }).waitFor();
    await page.screenshot({ path: screenshotPath('configurator-2-paint.png') });

    // A paint that is not standard: the price moves by its catalog price, the address keeps it.
    await page.getByRole('button', { name: /宇宙蓝/ }).click();
    const withBlue = trimPrice(COMFORT) + cosmos.price.amount;
    await priceBar.getByText(yuan(withBlue), { exact: true }).waitFor();
    await priceBar.getByText(`月供 ${yuan(monthlyPayment(withBlue))} 起*`, { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('o')).toBe(COSMOS_BLUE);
    expect(await page.getByRole('button', { name: /宇宙蓝/ }).getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: screenshotPath('configurator-3-paint-chosen.png') });

    await page.getByRole('button', { name: '下一步：内饰' }).click();
    await page.getByRole('heading', { level: 2, name: /内饰/ }).waitFor();
    await page.getByRole('button', { name: '下一步：轮毂' }).click();
    await page.getByRole('heading', { level: 2, name: /轮毂/ }).waitFor();

    // The 19-inch wheels are only homologated on the flagship: the conflict explains why and offers the switch.
    const wheels19 = page.getByRole('button', { name: /19英寸双色铝合金轮毂/ });
    await wheels19.click();
    const conflict = page.getByRole('alert');
    await conflict.getByText('选择19英寸双色铝合金轮毂需要切换至2.5L 四驱旗舰版。').waitFor();
    await conflict.getByText('19英寸双色铝合金轮毂需要2.5L 四驱旗舰版。').waitFor();
    const withFlagship = trimPrice(FLAGSHIP) + cosmos.price.amount;
    await conflict.getByText(yuan(withFlagship), { exact: true }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('configurator-4-conflict.png') });

    // Dismissed, nothing changed; tapped again and fixed, the trim and the price follow.
    await conflict.getByRole('button', { name: '保留原选择' }).click();
    await conflict.waitFor({ state: 'detached' });
    await priceBar.getByText(yuan(withBlue), { exact: true }).waitFor();
    await wheels19.click();
    await page.getByRole('alert').getByRole('button', { name: '切换至2.5L 四驱旗舰版' }).click();
    await priceBar.getByText(yuan(withFlagship), { exact: true }).waitFor();
    await page.getByText('已切换至2.5L 四驱旗舰版。').waitFor();
    await page.waitForURL((url) => url.searchParams.get('trim') === FLAGSHIP);
    expect(await wheels19.getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: screenshotPath('configurator-5-fixed.png') });

    // Undo goes back to the comfort trim; the fix is one tap away again.
    await page.getByRole('button', { name: '撤销' }).click();
    await priceBar.getByText(yuan(withBlue), { exact: true }).waitFor();
    await wheels19.click();
    await page.getByRole('alert').getByRole('button', { name: '切换至2.5L 四驱旗舰版' }).click();
    await priceBar.getByText(yuan(withFlagship), { exact: true }).waitFor();

    // The address holds the configuration: a reload keeps it.
    await page.reload();
    await priceBar.getByText(yuan(withFlagship), { exact: true }).waitFor();
    await page.getByText('2.5L 四驱旗舰版', { exact: true }).first().waitFor();

    // The summary: the engine's on-the-road estimate for China.
    await page.getByRole('navigation', { name: '定制步骤' }).getByRole('button', { name: /总览/ }).click();
    await page.getByRole('heading', { level: 2, name: /配置总览/ }).waitFor();
    const selection = { trim: FLAGSHIP, options: new URL(page.url()).searchParams.get('o')!.split(',') };
    const estimate = price(compileModel(fromModelDetail(detail)), selection, { plateFee: PLATE_FEE });
    expect(estimate.listPrice).toBe(withFlagship);
    const onTheRoad = page.getByRole('definition').filter({ hasText: yuan(estimate.onTheRoad) });
    await onTheRoad.waitFor();
    await page.getByText(yuan(estimate.purchaseTax), { exact: true }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // Viewport shots: a full-page one would paint the sticky bars mid-page.
    await page.getByRole('heading', { level: 3, name: '落地价估算' }).evaluate((heading) => heading.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: screenshotPath('configurator-6-summary.png') });

    await page.getByRole('button', { name: '保存并分享' }).click();
    const code = (await page.locator('.share__code').textContent())!.trim();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const shareLink = page.getByRole('link', { name: new RegExp(`/renault/c/${code}$`) });
    const shareUrl = (await shareLink.textContent())!.trim();
    expect(shareUrl).toBe(`${storefront.server.url}/renault/c/${code}`);
    await page.getByRole('img', { name: '扫码查看此配置' }).locator('svg').waitFor();
    await page.waitForTimeout(600); // the share panel scrolls into view
    await page.screenshot({ path: screenshotPath('configurator-7-saved.png') });

    // The server kept the same car and the same price as the engine showed.
    const saved = await (await page.request.get(`/api/v1/stores/renault/configurations/${code}?locale=zh-CN`)).json();
    expect(saved.trim.code).toBe(FLAGSHIP);
    expect(saved.price.list.amount).toBe(estimate.listPrice);
    expect(saved.price.onTheRoad.amount).toBe(estimate.onTheRoad);

    // Another phone, nothing in common with this one, opens the link and sees the same car.
    const friend = await openPhone();
    await friend.goto(shareUrl);
    await friend.getByRole('heading', { level: 1, name: '科雷傲' }).waitFor();
    await friend.getByText(`2.5L 四驱旗舰版 · ${cosmos.name}`, { exact: true }).waitFor();
    await friend.getByText(`配置码 ${code}`, { exact: true }).waitFor();
    await friend.getByText(yuan(withFlagship), { exact: true }).first().waitFor();
    await friend.getByText(yuan(estimate.onTheRoad), { exact: true }).waitFor();
    // The drawing wears the saved paint.
    await friend.locator(`svg.car-placeholder path[fill="${cosmos.swatch}"]`).first().waitFor();
    expect(await horizontalOverflow(friend)).toBeLessThanOrEqual(0);
    await friend.screenshot({ path: screenshotPath('configurator-8-shared.png'), fullPage: true });

    // "Configure this car" opens the configurator on that selection.
    await friend.getByRole('link', { name: '按此配置定制' }).click();
    await friend.waitForURL((url) => url.pathname === '/renault/models/koleos/configure' && url.searchParams.get('trim') === FLAGSHIP);
    await friend.getByRole('region', { name: '价格' }).getByText(yuan(withFlagship), { exact: true }).waitFor();
  });

  it('steps back through the configurator with Back, keeping every choice', async () => {
    const page = await openPhone();
    const detail = await koleos(page);
    const cosmos = detail.optionGroups.find((group) => group.code === 'paint')!.options.find((option) => option.code === COSMOS_BLUE)!;
    const withBlue = detail.trims.find((trim) => trim.code === COMFORT)!.price.amount + cosmos.price.amount;
    const priceBar = page.getByRole('region', { name: '价格' });
    const stepOf = () => new URL(page.url()).searchParams.get('step');
    const optionsOf = () => new URL(page.url()).searchParams.get('o');

    // Arriving from the model page: Back at the first step goes back there.
    await page.goto('/renault/models/koleos');
    await page.getByRole('link', { name: '定制2.0L 两驱舒适版' }).click();
    await page.getByRole('heading', { level: 2, name: /车身颜色/ }).waitFor();
    await page.getByRole('button', { name: /宇宙蓝/ }).click();
    await priceBar.getByText(yuan(withBlue), { exact: true }).waitFor();
    await page.getByRole('button', { name: '下一步：内饰' }).click();
    await page.getByRole('heading', { level: 2, name: /内饰/ }).waitFor();
    await page.getByRole('button', { name: '下一步：轮毂' }).click();
    await page.getByRole('heading', { level: 2, name: /轮毂/ }).waitFor();
    expect(stepOf()).toBe('wheels');

    await page.goBack();
    await page.getByRole('heading', { level: 2, name: /内饰/ }).waitFor();
    expect(stepOf()).toBe('interior');
    await page.goBack();
    await page.getByRole('heading', { level: 2, name: /车身颜色/ }).waitFor();
    // The paint chosen on this step is still chosen: Back moves between steps, it does not undo.
    expect(optionsOf()).toBe(COSMOS_BLUE);
    expect(await page.getByRole('button', { name: /宇宙蓝/ }).getAttribute('aria-pressed')).toBe('true');
    await priceBar.getByText(yuan(withBlue), { exact: true }).waitFor();

    // Forward again, a choice made on a later step survives going back past it.
    await page.goForward();
    await page.getByRole('heading', { level: 2, name: /内饰/ }).waitFor();
    await page.goForward();
    await page.getByRole('heading', { level: 2, name: /轮毂/ }).waitFor();
    const wheels18 = page.getByRole('button', { name: /18英寸/ }).first();
    await wheels18.click();
    await page.waitForURL((url) => (url.searchParams.get('o') ?? '').split(',').length === 2);
    const withWheels = optionsOf();
    await page.goBack();
    await page.getByRole('heading', { level: 2, name: /内饰/ }).waitFor();
    await page.waitForURL((url) => url.searchParams.get('o') === withWheels);
    expect(stepOf()).toBe('interior');

    await page.goBack();
    await page.getByRole('heading', { level: 2, name: /车身颜色/ }).waitFor();
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/renault/models/koleos');
    await page.getByRole('heading', { level: 1, name: '科雷傲' }).waitFor();
  });

  it('signs in from the configurator and comes back to the same car, with a keypad for a mobile number', async () => {
    const page = await openPhone();
    const detail = await koleos(page);
    const cosmos = detail.optionGroups.find((group) => group.code === 'paint')!.options.find((option) => option.code === COSMOS_BLUE)!;
    const withBlue = detail.trims.find((trim) => trim.code === COMFORT)!.price.amount + cosmos.price.amount;
    await page.goto(`/renault/models/koleos/configure?trim=${COMFORT}`);
    await page.getByRole('button', { name: /宇宙蓝/ }).click();
    await page.getByRole('button', { name: '下一步：内饰' }).click();
    await page.getByRole('heading', { level: 2, name: /内饰/ }).waitFor();
    const configured = new URL(page.url());

    await page.getByRole('link', { name: '登录', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe(`${configured.pathname}${configured.search}`);

    // Most buyers sign in with their mobile: the field opens the phone's keypad, one tap gives the email keyboard.
    const identifier = page.getByLabel('手机号或邮箱');
    expect(await identifier.getAttribute('inputmode')).toBe('tel');
    expect(await identifier.getAttribute('type')).toBe('tel');
    await page.getByRole('button', { name: '改用邮箱' }).click();
    expect(await identifier.getAttribute('inputmode')).toBe('email');
    await page.getByRole('button', { name: '改用手机号' }).click();
    expect(await identifier.getAttribute('inputmode')).toBe('tel');
    // An address typed or filled in anyway switches the keyboard by itself.
    await identifier.fill(DEMO.buyer.email);
    expect(await identifier.getAttribute('inputmode')).toBe('email');
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();

    await page.waitForURL((url) => url.pathname === configured.pathname && url.search === configured.search);
    await page.getByRole('heading', { level: 2, name: /内饰/ }).waitFor();
    await page.getByRole('region', { name: '价格' }).getByText(yuan(withBlue), { exact: true }).waitFor();
    await page.getByRole('link', { name: '我的账户' }).waitFor();
  });

  it('says once what is wrong with a link naming an option the model does not have', async () => {
    const page = await openPhone();
    await page.goto('/renault/models/koleos/configure?o=nothing');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getByText('科雷傲没有“nothing”这一选装项。').count()).toBe(1);
    expect(await page.getByText('科雷傲没有“nothing”这一选装项。').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('configurator-unknown-option.png') });
  });

  it('says so when a shared code is unknown', async () => {
    const page = await openPhone();
    await page.goto('/renault/c/ABCDEFGH');
    await page.getByRole('heading', { level: 1, name: '找不到该配置' }).waitFor();
  });

  it('says so when the store of a link does not exist', async () => {
    const page = await openPhone();
    await page.goto('/no-such-store/c/ABCDEFGH');
    await page.getByRole('heading', { level: 1, name: '店铺不存在' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Store not found' }).waitFor();
  });
});
