import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

/** Each cell of one row of the specifications table, as [text, columns it spans]. */
async function rowCells(page: Page, spec: string): Promise<Array<[string, number]>> {
  return page
    .locator(`.specs__table tr[data-spec="${spec}"] td`)
    .evaluateAll((cells) => cells.map((cell) => [cell.textContent ?? '', Number(cell.getAttribute('colspan') ?? 1)] as [string, number]));
}

describe('key specifications on the model page', () => {
  const storefront = useStorefront();

  it('shows the City K-ZE’s published figures on a phone, and says which ones are not published', async () => {
    const page = await storefront.openPhone();
    await page.goto('/renault/models/city-k-ze');
    const table = page.getByRole('region', { name: '主要参数' });
    await table.waitFor();
    await table.scrollIntoViewIfNeeded();

    // The three trims share every figure the data gives: one cell across the three columns.
    expect(await rowCells(page, 'battery')).toEqual([['约27 kWh', 3]]);
    expect(await rowCells(page, 'electricRange')).toEqual([['约250–270 km NEDC', 3]]);
    expect(await rowCells(page, 'charging')).toEqual([['0–80%：50 分钟', 3]]);
    expect(await rowCells(page, 'seats')).toEqual([['4 座', 3]]);
    // What the data does not give is said to be missing, never filled in.
    for (const spec of ['power', 'torque', 'dimensions']) expect(await rowCells(page, spec)).toEqual([['未公布', 3]]);
    // An electric car has no fuel use row.
    expect(await page.locator('.specs__table tr[data-spec="fuelConsumption"]').count()).toBe(0);
    await page.getByText('“未公布”：品牌未公布此项数据，本店不作估算。“约”：来源给出的近似值。').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await table.screenshot({ path: screenshotPath('specs-kze-phone.png') });
  });

  it('compares four Koleos trims in a compact table that scrolls sideways inside the page, in English', async () => {
    const page = await storefront.openPhone();
    await page.goto('/renault/models/koleos');
    await page.getByRole('button', { name: 'English' }).click();
    const table = page.getByRole('region', { name: 'Key specifications' });
    await table.waitFor();
    await table.scrollIntoViewIfNeeded();

    const headers = await page.locator('.specs__table thead th').allTextContents();
    expect(headers).toEqual(['2.0L 2WD Comfort', '2.0L 2WD Luxury', '2.5L 4WD Luxury', '2.5L 4WD Flagship']);
    expect(await rowCells(page, 'engine')).toEqual([
      ['2.0L CVT 2WD', 2],
      ['2.5L CVT 4WD', 2],
    ]);
    expect(await rowCells(page, 'seats')).toEqual([['5 seats', 4]]);
    for (const spec of ['power', 'torque', 'dimensions', 'fuelConsumption']) expect(await rowCells(page, spec)).toEqual([['Not published', 4]]);
    expect(await page.locator('.specs__table tr[data-spec="battery"]').count()).toBe(0);

    // The table scrolls within its own frame; the page itself never gets wider than the phone.
    const frame = await page.locator('.specs__scroll').evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth }));
    expect(frame.clientWidth).toBeLessThanOrEqual(390);
    expect(frame.scrollWidth).toBeGreaterThan(frame.clientWidth);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // Scrolled to the last trim, the labels stay in view.
    await page.locator('.specs__scroll').evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
    const label = await page.locator('.specs__table tr[data-spec="power"] th').boundingBox();
    expect(label!.x).toBeGreaterThanOrEqual(0);
    expect(label!.x).toBeLessThan(40);
    // and a figure all four trims share stays readable beside them.
    const shared = await page.locator('.specs__table tr[data-spec="power"] td span').boundingBox();
    expect(shared!.x).toBeGreaterThan(label!.x + label!.width - 1);
    expect(shared!.x + shared!.width).toBeLessThanOrEqual(390);
    await table.screenshot({ path: screenshotPath('specs-koleos-phone.png') });
  });

  it('puts the trims side by side without scrolling on a desktop', async () => {
    const page = await storefront.openDesktop();
    await page.goto('/renault/models/koleos');
    const table = page.getByRole('region', { name: '主要参数' });
    await table.waitFor();
    const frame = await page.locator('.specs__scroll').evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth }));
    expect(frame.scrollWidth).toBeLessThanOrEqual(frame.clientWidth);
    expect(await rowCells(page, 'power')).toEqual([['未公布', 4]]);
    await table.screenshot({ path: screenshotPath('specs-koleos-desktop.png') });
  });
});
