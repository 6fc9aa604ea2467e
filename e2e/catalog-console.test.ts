import type { ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

/*
 * The brand console's catalog on a phone: Renault's admin changes a Kadjar trim's price in yuan
 * (stored in fen), then a rule the check refuses; the refusal shows beside the rule and the
 * option it breaks, and the published model stays as it was.
 */

const MODEL = 'kadjar';
const TRIM = 'kadjar-20-2wd-comfort';
const RULES_URL = `/api/v1/admin/stores/renault/models/${MODEL}/rules`;

/**
 * The page's console errors, but for the refusals the test provokes on purpose (the browser logs
 * them as failed resources): the 422 of a change the check refuses at `refusedAt`, and any other
 * address and status the test names.
 */
function consoleErrors(page: Page, refusedAt: string, ...also: Array<{ path: string; status: number }>): string[] {
  const expected = [{ path: refusedAt, status: 422 }, ...also];
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const url = new URL(message.location().url, 'http://localhost');
    if (expected.some(({ path, status }) => url.pathname === path && message.text().includes(String(status)))) return;
    errors.push(`${message.text()} (${message.location().url})`);
  });
  return errors;
}

interface AdminModel {
  status: string;
  trims: { code: string; price: number; name: Record<string, string> }[];
  groups: { code: string; options: { code: string; price: number; name: Record<string, string>; availability: Record<string, string> }[] }[];
  rules: { kind: string; option: string; targets: string[] }[];
}

async function adminModel(page: Page, model = MODEL): Promise<AdminModel> {
  const response = await page.request.get(`/api/v1/admin/stores/renault/models/${model}?locale=zh-CN`);
  if (!response.ok()) throw new Error(`the admin model answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as AdminModel;
}

/** A write through the API as the page's signed-in browser would send it. */
async function send(page: Page, method: 'POST' | 'PUT', url: string, data: object): Promise<void> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'vitrine_csrf');
  if (!csrf) throw new Error('not signed in: no CSRF cookie');
  const response = await page.request.fetch(url, { method, data, headers: { 'x-csrf-token': csrf.value } });
  if (!response.ok()) throw new Error(`${method} ${url} answered ${response.status()}: ${await response.text()}`);
}

const RUN = Date.now().toString(36);

describe('the catalog in the brand console', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  it('changes a trim price in yuan, and shows the check refusing a breaking rule inline without publishing it', async () => {
    const page = await openPhone();
    const errors = consoleErrors(page, RULES_URL);
    await signInThroughApi(page, storefront.server.sent, DEMO.brandAdmin);
    const before = await adminModel(page);
    expect(before.status).toBe('active');
    expect(before.trims.find((trim) => trim.code === TRIM)?.price).toBe(15_980_000);
    const publishedBefore = await (await page.request.get(`/api/v1/stores/renault/models/${MODEL}?locale=zh-CN`)).json();

    // The models, each with its state, from the console's navigation.
    await page.goto('/admin/renault');
    await page.getByRole('link', { name: '车型目录' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/renault/catalog');
    const row = page.getByTestId('catalog-models').locator(`[data-model="${MODEL}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await row.getByTestId('catalog-status').textContent()).toBe('已发布');
    for (const other of ['koleos', 'captur']) await page.getByTestId('catalog-models').locator(`[data-model="${other}"]`).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('catalog-console-1-models.png'), fullPage: true });

    // A new list price, typed in yuan with a thousands separator.
    await row.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === `/admin/renault/catalog/${MODEL}`);
    const trim = page.locator(`[data-testid="catalog-trim"][data-trim="${TRIM}"]`);
    const price = trim.getByLabel('指导价（元）');
    await price.waitFor();
    expect(await price.inputValue()).toBe('159800');
    // What is not an amount is refused beside the box, and nothing is sent.
    let sent = 0;
    page.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().includes(`/trims/${TRIM}`)) sent += 1;
    });
    await price.fill('16万');
    await trim.getByRole('button', { name: '保存' }).click();
    expect(await trim.getByRole('alert').textContent()).toBe('请填写金额（元），最多两位小数。');
    expect(await price.getAttribute('aria-invalid')).toBe('true');
    expect(sent).toBe(0);

    await price.fill('162,800.50');
    const savedAnswer = page.waitForResponse((response) => response.request().method() === 'PUT' && response.url().includes(`/trims/${TRIM}`));
    await trim.getByRole('button', { name: '保存' }).click();
    expect((await savedAnswer).status()).toBe(200);
    expect(sent).toBe(1);
    await trim.getByRole('status').filter({ hasText: '已保存。' }).waitFor();
    await expect.poll(() => price.inputValue()).toBe('162800.50');
    expect((await adminModel(page)).trims.find((candidate) => candidate.code === TRIM)?.price).toBe(16_280_050);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('catalog-console-2-price-saved.png'), fullPage: true });
    await trim.screenshot({ path: screenshotPath('catalog-console-2-trim-saved.png') });

    // A rule that contradicts "the panoramic roof excludes the roof box": no car could have the roof.
    const rules = page.getByTestId('catalog-rules');
    expect(await rules.getByTestId('catalog-rule').count()).toBe(before.rules.length);
    await rules.getByTestId('catalog-add-rule').click();
    const added = rules.getByTestId('catalog-rule').last();
    await added.getByLabel('选装', { exact: true }).selectOption('pk-roof');
    await added.getByLabel('关系').selectOption('requires');
    await added.getByLabel('对象代码').fill('acc-roofbox');
    const refusedAnswer = page.waitForResponse((response) => response.request().method() === 'PUT' && new URL(response.url()).pathname === RULES_URL);
    await rules.getByRole('button', { name: '保存规则' }).click();
    const refused = await refusedAnswer;
    expect(refused.status()).toBe(422);
    expect((await refused.json()).code).toBe('CATALOG_LINT_FAILED');

    // Inline: under the rules, beside the new rule and the rule it contradicts, and beside the option.
    expect(await rules.getByTestId('catalog-refusal').textContent()).toBe('检查未通过，修改被拒绝，车型保持原样。');
    await added.getByTestId('catalog-finding').waitFor();
    expect(await added.getAttribute('data-invalid')).toBe('true');
    expect(await added.getByTestId('catalog-finding').textContent()).toContain('排斥');
    const flagged = rules.locator('[data-testid="catalog-rule"][data-invalid]');
    expect(await flagged.count()).toBe(2);
    const roof = page.locator('[data-testid="catalog-option"][data-option="pk-roof"]');
    expect(await roof.getByTestId('catalog-finding').textContent()).toContain('永远无法选装');
    await added.scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('catalog-console-3-lint-refused.png'), fullPage: true });
    await rules.screenshot({ path: screenshotPath('catalog-console-3-rules-refused.png') });
    await roof.screenshot({ path: screenshotPath('catalog-console-3-option-refused.png') });

    // Nothing was published: the rules are as they were, for the console and for buyers, and the model still passes the check.
    const after = await adminModel(page);
    expect(after.rules).toEqual(before.rules);
    expect(after.status).toBe('active');
    const publishedAfter = await (await page.request.get(`/api/v1/stores/renault/models/${MODEL}?locale=zh-CN`)).json();
    expect(publishedAfter.rules).toEqual(publishedBefore.rules);
    const check = page.getByTestId('catalog-check');
    await check.getByRole('button', { name: '检查' }).click();
    await check.getByTestId('catalog-check-verdict').waitFor();
    expect(await check.getByTestId('catalog-check-verdict').textContent()).toBe('检查通过，可以发布。');

    expect(errors).toEqual([]);
  }, 120_000);

  it('refuses to publish a draft the check fails, inline, and publishes it once fixed', async () => {
    const slug = `talisman-${RUN}`;
    const base = `/api/v1/admin/stores/renault/models/${slug}`;
    const page = await openPhone();
    const errors = consoleErrors(page, base);
    await signInThroughApi(page, storefront.server.sent, DEMO.brandAdmin);
    const text = (en: string, zh = en) => ({ 'zh-CN': zh, fr: en, en });
    await send(page, 'POST', '/api/v1/admin/stores/renault/models', {
      slug,
      name: text('Talisman', '塔利斯曼'),
      tagline: text('The executive saloon', '行政轿车'),
      body: 'sedan',
      powertrain: 'ICE',
      seats: 5,
      nev: false,
      origin: 'import',
    });
    const trim = `${slug}-intens`;
    await send(page, 'PUT', `${base}/trims/${trim}`, { name: text('1.8T Intens', '1.8T 豪华版'), engine: '1.8T EDC7', price: 25_980_000 });
    for (const [group, code] of [['paint', 'paint-white'], ['interior', 'int-cloth'], ['wheels', 'wh-18']] as const) {
      await send(page, 'PUT', `${base}/options/${code}`, { group, name: text(code), price: 0, availability: { [trim]: 'standard' } });
    }
    // A pack no trim offers: the check refuses the model while it is so.
    await send(page, 'PUT', `${base}/options/pk-ghost`, { group: 'packs', name: text('Ghost pack', '幽灵选装包'), price: 100_000, availability: { [trim]: 'unavailable' } });

    await page.goto(`/admin/renault/catalog/${slug}`);
    const editor = page.getByTestId('catalog-model');
    await editor.waitFor();
    expect(await editor.getAttribute('data-status')).toBe('draft');
    const check = page.getByTestId('catalog-check');
    await check.getByRole('button', { name: '检查' }).click();
    expect(await check.getByTestId('catalog-check-verdict').textContent()).toBe('检查未通过，请先修改下面列出的问题。');
    const ghost = page.locator('[data-testid="catalog-option"][data-option="pk-ghost"]');
    expect(await ghost.getByTestId('catalog-finding').textContent()).toContain('幽灵选装包');

    const refusedAnswer = page.waitForResponse((response) => response.request().method() === 'PATCH' && new URL(response.url()).pathname === base);
    await check.getByRole('button', { name: '发布' }).click();
    const refused = await refusedAnswer;
    expect(refused.status()).toBe(422);
    expect((await refused.json()).code).toBe('CATALOG_LINT_FAILED');
    expect(await check.getByTestId('catalog-refusal').textContent()).toBe('检查未通过，修改被拒绝，车型保持原样。');
    expect(await check.getByTestId('catalog-check-findings').textContent()).toContain('幽灵选装包');
    expect((await adminModel(page, slug)).status).toBe('draft');
    expect((await page.request.get(`/api/v1/stores/renault/models/${slug}`)).status()).toBe(404);
    await page.screenshot({ path: screenshotPath('catalog-console-4-publish-refused.png'), fullPage: true });

    // Offered on the trim, the pack passes: the model publishes.
    await ghost.getByLabel('1.8T 豪华版').selectOption('optional');
    const savedAnswer = page.waitForResponse((response) => response.request().method() === 'PUT' && response.url().includes('/options/pk-ghost'));
    await ghost.getByRole('button', { name: '保存' }).click();
    expect((await savedAnswer).status()).toBe(200);
    await ghost.getByRole('status').filter({ hasText: '已保存。' }).waitFor();
    await check.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => editor.getAttribute('data-status')).toBe('active');
    expect(await editor.getByTestId('catalog-status').first().textContent()).toBe('已发布');
    expect((await page.request.get(`/api/v1/stores/renault/models/${slug}`)).status()).toBe(200);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  it('refuses a new option price saved with a change that leaves the option on no car, inline, and keeps the price', async () => {
    const option = 'pk-roof';
    const url = `/api/v1/admin/stores/renault/models/${MODEL}/options/${option}`;
    const page = await openPhone();
    const errors = consoleErrors(page, url);
    await signInThroughApi(page, storefront.server.sent, DEMO.brandAdmin);
    const before = await adminModel(page);
    const roofBefore = before.groups.flatMap((group) => group.options).find((candidate) => candidate.code === option)!;
    expect(roofBefore.price).toBeGreaterThan(0);

    await page.goto(`/admin/renault/catalog/${MODEL}`);
    const roof = page.locator(`[data-testid="catalog-option"][data-option="${option}"]`);
    const price = roof.getByLabel('选装价（元）');
    await price.waitFor();
    expect(await price.inputValue()).toBe(String(roofBefore.price / 100));
    // A new price, and the roof closed on every trim: alone the price would pass, together no car can have the roof.
    await price.fill('12,800');
    const trims = roof.locator('fieldset select');
    expect(await trims.count()).toBe(before.trims.length);
    for (let i = 0; i < before.trims.length; i += 1) await trims.nth(i).selectOption('unavailable');
    const refusedAnswer = page.waitForResponse((response) => response.request().method() === 'PUT' && new URL(response.url()).pathname === url);
    await roof.getByRole('button', { name: '保存' }).click();
    const refused = await refusedAnswer;
    expect(refused.status()).toBe(422);
    expect(refused.request().postDataJSON()).toMatchObject({ price: 1_280_000 });
    expect((await refused.json()).code).toBe('CATALOG_LINT_FAILED');

    // Inline, on the option's own row: the refusal under its button, and the check's finding naming it.
    await roof.getByTestId('catalog-refusal').waitFor();
    expect(await roof.getByTestId('catalog-refusal').textContent()).toBe('检查未通过，修改被拒绝，车型保持原样。');
    expect(await roof.getByTestId('catalog-finding').textContent()).toContain(roofBefore.name['zh-CN']);
    expect(await price.inputValue()).toBe('12,800');
    await roof.scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('catalog-console-5-price-refused.png'), fullPage: true });
    await roof.screenshot({ path: screenshotPath('catalog-console-5-option-refused.png') });

    // Neither the price nor the availability changed, for the console or for buyers.
    const roofAfter = (await adminModel(page)).groups.flatMap((group) => group.options).find((candidate) => candidate.code === option);
    expect(roofAfter).toEqual(roofBefore);
    const published = await (await page.request.get(`/api/v1/stores/renault/models/${MODEL}?locale=zh-CN`)).json();
    const sold = published.optionGroups.flatMap((group: { options: { code: string; price: { amount: number } }[] }) => group.options).find((candidate: { code: string }) => candidate.code === option);
    expect(sold.price.amount).toBe(roofBefore.price);
    expect(errors).toEqual([]);
  });

  it('creates a model with a trim and an option in the console, refuses to publish it incomplete, then publishes it to the storefront', async () => {
    const slug = `zoe-${RUN}`;
    const name = `雷诺ZOE ${RUN}`;
    const base = `/api/v1/admin/stores/renault/models/${slug}`;
    const page = await openPhone();
    const errors = consoleErrors(page, base, { path: '/api/v1/admin/stores/renault/models', status: 409 });
    await signInThroughApi(page, storefront.server.sent, DEMO.brandAdmin);
    await page.goto('/admin/renault/catalog');
    await page.getByTestId('catalog-models').waitFor();

    const creator = page.getByTestId('catalog-new-model');
    await creator.getByText('新建车型', { exact: true }).click();
    const slugBox = creator.getByLabel('车型代码（用于网址）');
    // Checked before sending: a code with capitals and a space, and empty names.
    let posted = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/admin/stores/renault/models') posted += 1;
    });
    await slugBox.fill('ZOE 2018');
    await creator.getByRole('button', { name: '创建草稿' }).click();
    expect(await slugBox.getAttribute('aria-invalid')).toBe('true');
    await creator.getByText('只能用小写字母、数字和连字符，以字母或数字开头。').waitFor();
    expect(await creator.getByLabel('名称（中文）').getAttribute('aria-invalid')).toBe('true');
    expect(posted).toBe(0);

    const fill = async (scope: typeof creator, label: string, texts: { zh: string; fr: string; en: string }) => {
      await scope.getByLabel(`${label}（中文）`).fill(texts.zh);
      await scope.getByLabel(`${label}（Français）`).fill(texts.fr);
      await scope.getByLabel(`${label}（English）`).fill(texts.en);
    };
    await fill(creator, '名称', { zh: name, fr: `Zoe ${RUN}`, en: `Zoe ${RUN}` });
    await fill(creator, '标语', { zh: '城市纯电小车', fr: 'La citadine électrique', en: 'The electric city car' });
    await creator.getByLabel('动力').selectOption('BEV');
    expect(await creator.getByLabel('新能源汽车（免征购置税）').isChecked()).toBe(true);
    // A code the store already uses: the server's 409 shows beside the code box.
    await slugBox.fill('koleos');
    const takenAnswer = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/admin/stores/renault/models');
    await creator.getByRole('button', { name: '创建草稿' }).click();
    expect((await takenAnswer).status()).toBe(409);
    await creator.getByText('这个代码已经有人用了，请换一个。').waitFor();
    expect(await slugBox.getAttribute('aria-invalid')).toBe('true');
    await slugBox.fill(slug);
    await creator.getByRole('button', { name: '创建草稿' }).click();
    await page.waitForURL((url) => url.pathname === `/admin/renault/catalog/${slug}`);
    const editor = page.getByTestId('catalog-model');
    await editor.waitFor();
    expect(await editor.getAttribute('data-status')).toBe('draft');

    // The trim form is open on a model without trims.
    const trim = `${slug}-life`;
    const newTrim = page.getByTestId('catalog-new-trim');
    await newTrim.getByLabel('配置代码').fill(trim);
    await fill(newTrim, '名称', { zh: '时尚版', fr: 'Life', en: 'Life' });
    await newTrim.getByLabel('动力总成').fill('41 kWh, 300 km');
    await newTrim.getByLabel('指导价（元）').fill('149,800');
    await newTrim.getByRole('button', { name: '添加配置' }).click();
    await page.locator(`[data-testid="catalog-trim"][data-trim="${trim}"]`).waitFor();

    const newOption = page.getByTestId('catalog-new-option');
    const addOption = async (group: string, code: string, texts: { zh: string; fr: string; en: string }) => {
      if ((await newOption.getAttribute('open')) === null) await newOption.getByText('新增选装', { exact: true }).click();
      await newOption.getByLabel('所属分组').selectOption(group);
      await newOption.getByLabel('选装代码').fill(code);
      await fill(newOption, '名称', texts);
      await newOption.getByLabel('选装价（元）').fill('0');
      await newOption.getByLabel('时尚版').selectOption('standard');
      await newOption.getByRole('button', { name: '添加选装' }).click();
      await page.locator(`[data-testid="catalog-option"][data-option="${code}"]`).waitFor();
    };
    await addOption('paint', 'paint-white', { zh: '冰川白', fr: 'Blanc glacier', en: 'Glacier white' });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // One trim and one paint: interior and wheels have nothing to offer, so no car can be built, and publishing is refused.
    const check = page.getByTestId('catalog-check');
    const refusedAnswer = page.waitForResponse((response) => response.request().method() === 'PATCH' && new URL(response.url()).pathname === base);
    await check.getByRole('button', { name: '发布' }).click();
    const refused = await refusedAnswer;
    expect(refused.status()).toBe(422);
    expect((await refused.json()).code).toBe('CATALOG_LINT_FAILED');
    expect(await check.getByTestId('catalog-refusal').textContent()).toBe('检查未通过，修改被拒绝，车型保持原样。');
    const gaps = check.getByTestId('catalog-check-gaps');
    await gaps.waitFor();
    expect(await gaps.locator('li').allTextContents()).toEqual(['“内饰”是必选分组，但还没有可选的选装。', '“轮毂”是必选分组，但还没有可选的选装。']);
    expect(await editor.getAttribute('data-status')).toBe('draft');
    expect((await page.request.get(`/api/v1/stores/renault/models/${slug}`)).status()).toBe(404);
    await check.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('catalog-console-6-incomplete-refused.png'), fullPage: true });

    await addOption('interior', 'int-cloth', { zh: '织物座椅', fr: 'Sellerie tissu', en: 'Cloth seats' });
    await addOption('wheels', 'wh-16', { zh: '16英寸轮毂', fr: 'Jantes 16 pouces', en: '16-inch wheels' });
    await check.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => editor.getAttribute('data-status')).toBe('active');
    expect(await check.getByTestId('catalog-check-gaps').count()).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('catalog-console-7-published.png'), fullPage: true });

    // On the storefront, from its trim's price.
    await page.goto('/renault');
    const card = page.getByRole('article', { name });
    await card.waitFor();
    await card.getByText('¥149,800', { exact: true }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('catalog-console-8-storefront.png') });
    expect(errors).toEqual([]);
  }, 120_000);

  it("lets a platform admin switch stores and stay in the catalog", async () => {
    const page = await openPhone();
    const errors = consoleErrors(page, RULES_URL);
    await signInThroughApi(page, storefront.server.sent, DEMO.platformAdmin);
    await page.goto('/admin/renault/catalog');
    await page.getByTestId('catalog-models').locator(`[data-model="${MODEL}"]`).waitFor();
    await page.getByRole('combobox', { name: '店铺' }).selectOption('alpine');
    await page.waitForURL((url) => url.pathname === '/admin/alpine/catalog');
    await page.getByTestId('catalog-models').locator('[data-model="a110"]').waitFor();
    expect(await page.getByTestId('catalog-models').locator(`[data-model="${MODEL}"]`).count()).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
