import { describe, expect, it } from 'vitest';
import { inWriteTransaction } from '../src/db/tx.js';
import { enqueue } from '../src/modules/jobs/jobs.service.js';
import { systemClock } from '../src/shared/clock.js';
import { DEMO, signInThroughApi } from './helpers/accounts.js';
import { horizontalOverflow, useStorefront } from './helpers/phone.js';
import { screenshotPath } from './helpers/browser.js';

describe('the dealer console’s undelivered notifications, on a phone', () => {
  const storefront = useStorefront();

  it('shows a dead notification with its masked recipient and error, and sends it again', async () => {
    const db = storefront.server.db;
    const store = await db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow();
    const dealer = await db.selectFrom('dealer').select('id').where('store_id', '=', store.id).where('code', '=', 'sh-01').executeTakeFirstOrThrow();
    const buyer = await db.selectFrom('user_account').select('id').where('email', '=', 'buyer@example.com').executeTakeFirstOrThrow();
    await inWriteTransaction(db, (tx) =>
      enqueue(tx, systemClock, {
        kind: 'notification.send',
        payload: { userId: buyer.id, template: 'lead.received', params: { dealer: '上海雷诺' } },
        storeId: store.id,
        dealerId: dealer.id,
        dedupeKey: 'e2e-dead-notification',
      }),
    );
    await db
      .updateTable('job')
      .set({ status: 'dead', attempts: 8, last_error: 'Aliyun SMS refused the message (isv.MOBILE_NUMBER_ILLEGAL: 非法手机号)' })
      .where('dedupe_key', '=', 'e2e-dead-notification')
      .execute();

    const page = await storefront.openPhone();
    await signInThroughApi(page, storefront.server.sent, DEMO.dealerStaff);
    await page.goto('/dealer/renault/sh-01/notifications');
    await page.getByRole('heading', { level: 2, name: '发送失败的通知' }).waitFor();
    const item = page.getByRole('listitem').filter({ hasText: '咨询回执' });
    await item.waitFor();
    await item.getByText('收件人 +86138****8000').waitFor();
    await item.getByText('尝试 8 次', { exact: false }).waitFor();
    await item.getByText('isv.MOBILE_NUMBER_ILLEGAL', { exact: false }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('dealer-notifications.png'), fullPage: true });

    await item.getByRole('button', { name: '重新发送：咨询回执' }).click();
    await page.getByText('已重新加入发送队列。').waitFor();
    await page.getByText('没有发送失败的通知。').waitFor();
    const job = await db.selectFrom('job').select(['status', 'attempts']).where('dedupe_key', '=', 'e2e-dead-notification').executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'pending', attempts: 0 });
  });
});
