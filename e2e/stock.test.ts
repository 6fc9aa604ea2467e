import { describe, expect, it } from 'vitest';
import { seriesVin } from '../test/helpers/stock.js';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

// Stock on a phone: the buyer's stock page, and the dealer console's stock with a CSV import.

/** A list as the page draws it, and the page's globals a measure needs. */
interface ShownList {
  selectedOptions: Array<{ text: string }>;
  clientWidth: number;
}
interface PageGlobals {
  document: { createElement(tag: 'canvas'): { getContext(kind: '2d'): { font: string; measureText(text: string): { width: number } } } };
  getComputedStyle(node: unknown): { fontWeight: string; fontSize: string; fontFamily: string; paddingLeft: string; paddingRight: string };
}

describe('stock on a phone', () => {
  const storefront = useStorefront();
  const { openPhone } = storefront;

  it('lists a model’s cars in stock, nearest first once the buyer shares a position', async () => {
    const page = await openPhone();
    await page.context().grantPermissions(['geolocation']);
    // People's Square, Shanghai.
    await page.context().setGeolocation({ latitude: 31.2304, longitude: 121.4737 });
    await page.goto('/renault/stock?model=koleos');
    await page.getByRole('heading', { level: 1, name: '科雷傲 现车' }).waitFor();
    await page.getByTestId('stock-count').getByText(/^共 \d+ 辆现车$/).waitFor();
    expect(await page.getByTestId('stock-card').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: '使用我的位置' }).click();
    await page.waitForURL((url) => url.searchParams.get('near') === '31.2304,121.4737');
    await page.getByTestId('stock-count').getByText(/公里内$/).waitFor();
    const first = page.getByTestId('stock-card').first();
    await first.getByText(/上海/).waitFor();
    const testDrive = await first.getByRole('link', { name: '预约试驾' }).getAttribute('href');
    expect(testDrive).toMatch(/^\/renault\/test-drive\?dealer=sh-0\d&model=koleos$/);
    expect(await first.getByRole('link', { name: '经销商' }).getAttribute('href')).toMatch(/^\/renault\/dealers\/sh-0\d$/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('stock-page.png'), fullPage: true });

    // The model page then counts the cars near the buyer, and leads back here.
    await page.goto('/renault/models/koleos');
    const link = page.getByTestId('in-stock-near-you');
    await link.getByText(/^附近有 \d+ 辆现车$/).waitFor();
    expect(await link.getAttribute('href')).toBe('/renault/stock?model=koleos&near=31.2304%2C121.4737');
  });

  it('shows the dealer console’s stock filters whole on a phone, in each language', async () => {
    const page = await openPhone();
    await signInThroughApi(page, storefront.server.sent, DEMO.dealerStaff);
    await page.goto('/dealer/renault/sh-01/stock');
    await page.getByTestId('stock-counts').waitFor();
    for (const [language, allModels, anyStatus] of [['中文', '全部车型', '全部状态'], ['Français', 'Tous les modèles', 'Tous les statuts'], ['English', 'All models', 'Any status']] as const) {
      await page.getByRole('button', { name: language }).click();
      const lists = page.locator('.stock-filters select');
      await expect.poll(() => lists.evaluateAll((selects) => selects.map((select) => (select as unknown as ShownList).selectedOptions[0]!.text))).toEqual([allModels, anyStatus]);
      // The chosen option's text, as wide as the list's font draws it, fits inside the list beside its arrow.
      const room = await lists.evaluateAll((selects) => {
        // Runs in the page; the suite's types have no DOM, so the page's globals are reached untyped.
        const page = globalThis as unknown as PageGlobals;
        const pen = page.document.createElement('canvas').getContext('2d');
        return selects.map((element) => {
          const select = element as unknown as ShownList;
          const style = page.getComputedStyle(element);
          pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const arrow = 24;
          return select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow - pen.measureText(select.selectedOptions[0]!.text).width;
        });
      });
      expect(room.every((spare) => spare >= 0), `${language}: ${room.join(', ')}`).toBe(true);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    }
  });

  it('imports a CSV file in the dealer console: a bad line is shown by number, a good file is applied', async () => {
    const page = await openPhone();
    await signInThroughApi(page, storefront.server.sent, DEMO.dealerStaff);
    await page.goto('/dealer/renault/sh-01/stock');
    const counts = page.getByTestId('stock-counts');
    await counts.waitFor();
    const totalBefore = Number(await counts.locator('dd').last().textContent());

    const header = 'vin,model,trim,options,colour,price,status,eta';
    const bad = [header, `${seriesVin('W', 1)},koleos,koleos-20-2wd-comfort,,,,,`, `${seriesVin('W', 2)},koleos,koleos-20-2wd-comfort,wh-19,,,,`].join('\n');
    const file = page.getByLabel('CSV 文件');
    await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: '上传并导入' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.getByText('文件中有 1 处问题，未导入任何车辆：').waitFor();
    expect(await errors.locator('tbody tr td').first().textContent()).toBe('3');

    const good = [header, `${seriesVin('W', 1)},koleos,koleos-20-2wd-comfort,,paint-cosmos-blue,,,`, `${seriesVin('W', 2)},koleos,koleos-20-2wd-luxury,,,,held,2018-05-01`].join('\n');
    await file.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: '上传并导入' }).click();
    await page.getByTestId('import-done').getByText('已导入 2 辆车。').waitFor();
    await counts.locator('dd').last().getByText(String(totalBefore + 2), { exact: true }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('stock-console.png'), fullPage: true });
  });
});
