import { describe, expect, it } from 'vitest';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

/** "¥4,310.37": fen as the storefront shows them in Chinese. */
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

// The Koleos 2.0 2WD comfort at ¥179,800 on the demo policy: 20% down leaves ¥143,840 to finance
// at 4.99%; the monthly figures were worked out with exact fractions, each rounded half up.
describe('finance calculator on a phone', () => {
  const { openPhone } = useStorefront();

  it('changes the monthly payment with the term, the down payment and the plan', async () => {
    const page = await openPhone();
    await page.goto('/renault/models/koleos/configure?trim=koleos-20-2wd-comfort&step=summary');
    const calculator = page.getByRole('region', { name: '金融方案' });
    const monthly = calculator.getByTestId('finance-monthly');
    await calculator.getByText(yuan(431_037), { exact: true }).waitFor();
    await calculator.getByText('最低首付 ¥35,960（20%）', { exact: true }).waitFor();

    const terms = calculator.getByRole('group', { name: '贷款期数' });
    expect(await terms.getByRole('button').allTextContents()).toEqual(['12 期', '24 期', '36 期', '48 期', '60 期']);
    await terms.getByRole('button', { name: '12 期' }).click();
    await calculator.getByText(yuan(1_231_312), { exact: true }).waitFor();
    expect(await monthly.textContent()).toBe(yuan(1_231_312));
    await terms.getByRole('button', { name: '60 期' }).click();
    await calculator.getByText(yuan(271_378), { exact: true }).waitFor();

    // The schedule opens under the figures, one line a month.
    await calculator.getByText('查看还款计划（60 期）').click();
    expect(await calculator.getByRole('table').getByRole('row').count()).toBe(61);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // The down payment cannot go under the minimum; ¥1,000 more lowers the 36-month payment.
    await terms.getByRole('button', { name: '36 期' }).click();
    await calculator.getByText(yuan(431_037), { exact: true }).waitFor();
    expect(await calculator.getByRole('button', { name: '首付减少 ¥1,000' }).isDisabled()).toBe(true);
    await calculator.getByRole('button', { name: '首付增加 ¥1,000' }).click();
    await calculator.getByText(yuan(428_040), { exact: true }).waitFor();

    // Lease-to-own: 10% down, 12 rents, then buy for the balloon, keep paying or swap.
    await calculator.getByRole('button', { name: '先租后买' }).click();
    await calculator.getByText(yuan(541_021), { exact: true }).waitFor();
    await calculator.getByText(`付清尾款 ${yuan(10_788_000)}，车归你`, { exact: true }).waitFor();
    await calculator.getByText(`继续分期：${yuan(338_007)} × 36 期`, { exact: true }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await calculator.evaluate((section) => section.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('finance-calculator-lease.png') });
  });
});
