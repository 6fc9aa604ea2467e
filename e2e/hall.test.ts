import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

/*
 * The marketplace: the hall at `/`, a search across brands, each store in its own colours, and a
 * single-brand deployment (DEFAULT_STORE).
 */

interface Store {
  slug: string;
  name: string;
  brand: string;
  branding: { mark: string; primaryColor: string; accentColor: string };
  hero: { title: string; subtitle: string };
}
interface MarketModel {
  slug: string;
  name: string;
  store: string;
}

/** A custom property as an element computes it, lower-cased. */
async function cssVariable(element: Locator, name: string): Promise<string> {
  // Runs in the page; the suite's types have no DOM, so the page's global is reached untyped.
  const value = await element.evaluate(
    (node, property) => (globalThis as unknown as { getComputedStyle(node: unknown): { getPropertyValue(name: string): string } }).getComputedStyle(node).getPropertyValue(property),
    name,
  );
  return value.trim().toLowerCase();
}

async function apiJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

describe('marketplace hall on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  it('shows every store with its hero, searches across brands in the address, and enters the Alpine store', async () => {
    const page = await openPhone();
    const { stores } = await apiJson<{ stores: Store[] }>(page, '/api/v1/stores?locale=zh-CN');
    expect(stores.map((store) => store.slug)).toEqual(expect.arrayContaining(['renault', 'alpine']));

    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Vitrine 汽车商城' }).waitFor();
    for (const store of stores) {
      const section = page.getByRole('region', { name: store.name, exact: true });
      await section.getByRole('link', { name: store.name, exact: true }).waitFor();
      await section.getByText(store.hero.subtitle, { exact: true }).waitFor();
      // The store's colours are set on its section, as custom properties.
      expect(await cssVariable(section, '--color-brand')).toBe(store.branding.primaryColor.toLowerCase());
    }
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // The filters are the hall's first taps: each chip at least 40 px tall, a thumb's target.
    const chips = page.locator('.chip');
    expect(await chips.count()).toBeGreaterThan(8);
    for (const box of await Promise.all((await chips.all()).map((chip) => chip.boundingBox()))) expect(box!.height).toBeGreaterThanOrEqual(40);
    await page.screenshot({ path: screenshotPath('hall-zh.png'), fullPage: true });

    // Every NEV, whichever brand sells it: grouped by store, as the API finds them.
    const nev = await apiJson<{ models: MarketModel[] }>(page, '/api/v1/models?locale=zh-CN&nev=true');
    expect(nev.models.length).toBeGreaterThan(0);
    await page.getByRole('group', { name: '动力' }).getByRole('button', { name: '新能源' }).click();
    await page.waitForURL((url) => url.searchParams.get('nev') === '1');
    await page.getByRole('heading', { level: 2, name: '搜索结果' }).waitFor();
    for (const model of nev.models) await page.getByRole('article', { name: model.name }).waitFor();
    expect(await page.getByRole('article').count()).toBe(nev.models.length);
    const nevStores = stores.filter((store) => nev.models.some((model) => model.store === store.slug));
    expect(await page.locator('.hall-store__name').allTextContents()).toEqual(
      nevStores.map((store) => `${store.branding?.mark ?? ''}${store.name}`),
    );

    // SUVs under ¥200,000, across brands; the address keeps the search for a reload or a friend.
    await page.getByRole('group', { name: '动力' }).getByRole('button', { name: '全部' }).click();
    await page.getByRole('group', { name: '车身' }).getByRole('button', { name: 'SUV' }).click();
    await page.getByRole('group', { name: '预算' }).getByRole('button', { name: /20万以内|¥200,000以内/ }).click();
    await page.waitForURL((url) => url.searchParams.get('body') === 'suv' && url.searchParams.get('max') === '200000');
    const suvs = await apiJson<{ models: MarketModel[] }>(page, '/api/v1/models?locale=zh-CN&body=suv&maxPrice=20000000');
    expect(suvs.models.length).toBeGreaterThan(0);
    await page.reload();
    for (const model of suvs.models) await page.getByRole('article', { name: model.name }).waitFor();
    expect(await page.getByRole('article').count()).toBe(suvs.models.length);
    await page.screenshot({ path: screenshotPath('hall-search.png'), fullPage: true });

    // Into the Alpine store, in its own colours.
    const alpine = stores.find((store) => store.slug === 'alpine')!;
    await page.goto('/');
    await page.getByRole('link', { name: `进入${alpine.brand}旗舰店` }).click();
    await page.waitForURL((url) => url.pathname === '/alpine');
    await page.getByRole('heading', { level: 1, name: alpine.name }).waitFor();
    await page.locator('.hero__headline', { hasText: alpine.hero.title }).waitFor();
    const frame = page.locator('.store-frame').first();
    expect(await cssVariable(frame, '--color-accent')).toBe(alpine.branding.accentColor.toLowerCase());
    await page.getByRole('link', { name: alpine.brand }).first().waitFor();
    await page.screenshot({ path: screenshotPath('hall-alpine.png'), fullPage: true });
  });

  it('configures an A110, saves it, and opens the Alpine link in a fresh browser', async () => {
    const page = await openPhone();
    const a110 = await apiJson<{ name: string; trims: { code: string; name: string }[] }>(page, '/api/v1/stores/alpine/models/a110?locale=zh-CN');
    const pure = a110.trims.find((trim) => trim.code === 'a110-pure')!;

    await page.goto('/alpine/models/a110');
    await page.getByRole('heading', { level: 1, name: a110.name }).waitFor();
    await page.getByRole('link', { name: `定制${pure.name}` }).click();
    await page.waitForURL((url) => url.pathname === '/alpine/models/a110/configure' && url.searchParams.get('trim') === 'a110-pure');
    await page.goto(`/alpine/models/a110/configure${new URL(page.url()).search.replace(/&?step=[^&]*/, '')}&step=summary`);
    await page.getByRole('button', { name: '保存并分享' }).click();
    const code = (await page.locator('.share__code').textContent())!.trim();
    const shareLink = page.getByRole('link', { name: new RegExp(`/alpine/c/${code}$`) });
    const shareUrl = (await shareLink.textContent())!.trim();
    expect(shareUrl).toBe(`${storefront.server.url}/alpine/c/${code}`);

    const friend = await openPhone();
    await friend.goto(shareUrl);
    await friend.getByRole('heading', { level: 1, name: a110.name }).waitFor();
    await friend.getByText(`配置码 ${code}`, { exact: true }).waitFor();
    await friend.getByText(pure.name, { exact: false }).first().waitFor();
    await friend.getByRole('link', { name: '按此配置定制' }).click();
    await friend.waitForURL((url) => url.pathname === '/alpine/models/a110/configure' && url.searchParams.get('trim') === 'a110-pure');
    expect(await horizontalOverflow(friend)).toBeLessThanOrEqual(0);
  });

  it('switches language on a store page', async () => {
    const page = await openPhone();
    const { stores } = await apiJson<{ stores: Store[] }>(page, '/api/v1/stores?locale=en');
    const alpine = stores.find((store) => store.slug === 'alpine')!;
    await page.goto('/alpine');
    await page.getByRole('link', { name: /A110/ }).first().waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: alpine.name }).waitFor();
    await page.getByText(alpine.hero.subtitle, { exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(new URL(page.url()).pathname).toBe('/alpine');
  });
});

describe('a single-brand deployment on a phone', () => {
  const storefront = useStorefront({ defaultStore: 'alpine' });
  const { openPhone } = storefront;

  it("serves the store's home at /, and store links still work", async () => {
    const page = await openPhone();
    const site = await apiJson<{ defaultStore: string | null }>(page, '/api/v1/site');
    expect(site.defaultStore, 'e2e/helpers/server.ts passes DEFAULT_STORE to the server').toBe('alpine');
    const alpine = await apiJson<Store>(page, '/api/v1/stores/alpine?locale=zh-CN');

    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: alpine.name }).waitFor();
    expect(await page.getByRole('heading', { name: 'Vitrine 汽车商城' }).count()).toBe(0);
    await page.getByRole('link', { name: /A110/ }).first().click();
    await page.waitForURL((url) => url.pathname === '/alpine/models/a110');

    await page.goto('/renault');
    await page.getByRole('heading', { level: 1, name: '雷诺中国（东风雷诺）' }).waitFor();
  });
});
