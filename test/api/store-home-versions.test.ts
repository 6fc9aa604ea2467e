import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { salesVersion } from '../../src/modules/campaigns/campaigns.service.js';
import { offersVersion } from '../../src/modules/vouchers/vouchers.service.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { f1SaleBody } from '../helpers/campaigns.js';
import { TEST_NOW } from '../helpers/clock.js';
import { buyVoucher, createOffer } from '../helpers/vouchers.js';

/*
 * The versions a rendered store home is kept under: one for the store's flash sales, one for its
 * voucher offers, which the database bumps in the transaction of each change to them, on each
 * database. A claim or a purchase, which only moves a unit counter, leaves them alone, and one
 * store's changes leave another's alone.
 */

let ctx: TestContext;
let admin: Caller;
const storeIds: Record<'renault' | 'alpine', string> = { renault: '', alpine: '' };

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
  for (const row of await ctx.connection.db.selectFrom('store').select(['id', 'slug']).where('slug', 'in', ['renault', 'alpine']).execute()) {
    storeIds[row.slug as 'renault' | 'alpine'] = row.id;
  }
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(() => {
  ctx.clock.set(TEST_NOW);
});

const versions = async () => ({
  sales: await salesVersion(ctx.connection.db, storeIds.renault),
  offers: await offersVersion(ctx.connection.db, storeIds.renault),
  alpine: [await salesVersion(ctx.connection.db, storeIds.alpine), await offersVersion(ctx.connection.db, storeIds.alpine)],
});

let made = 0;
/** A sale of three F1 editions from ten minutes after the tests' clock, for a day. */
function saleBody() {
  return f1SaleBody(`home-sale-${(made += 1)}`, { startsAt: '2026-03-02T02:10:00.000Z', endsAt: '2026-03-03T02:00:00.000Z' });
}
const addSale = () => ctx.app.inject({ method: 'POST', url: '/api/v1/admin/stores/renault/campaigns', headers: admin.headers, payload: saleBody() });

describe('a store home’s versions', () => {
  it('change with each sale added, changed or ended, not with its claims, and only in its store', async () => {
    const start = await versions();
    const added = await addSale();
    expect(added.statusCode, added.body).toBe(201);
    const slug = added.json().slug as string;
    const afterAdd = await versions();
    expect(afterAdd.sales).not.toBe(start.sales);

    const changed = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/admin/stores/renault/campaigns/${slug}`, headers: admin.headers, payload: { unitsTotal: 4 } });
    expect(changed.statusCode, changed.body).toBe(200);
    const afterChange = await versions();
    expect(afterChange.sales).not.toBe(afterAdd.sales);

    // The sale opens; a claim, and the buyer's cancellation that gives the unit back, move only counters.
    ctx.clock.set(new Date('2026-03-02T02:10:00.000Z'));
    const [buyer] = await makeBuyers(ctx, 1, 'home-claim');
    const claimed = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/stores/renault/campaigns/${slug}/claims`,
      headers: { ...buyer!.headers, 'idempotency-key': randomUUID() },
      payload: { dealer: 'sh-01' },
    });
    expect(claimed.statusCode, claimed.body).toBe(201);
    const cancelled = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/me/orders/${claimed.json().id as string}/cancel`,
      headers: { ...buyer!.headers, 'idempotency-key': randomUUID() },
      payload: {},
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const units = await ctx.connection.db.selectFrom('campaign').select(['units_held', 'units_sold']).where('slug', '=', slug).executeTakeFirstOrThrow();
    expect([Number(units.units_held), Number(units.units_sold)]).toEqual([0, 0]);
    expect(await versions()).toEqual(afterChange);

    const ended = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/renault/campaigns/${slug}/end`, headers: admin.headers, payload: {} });
    expect(ended.statusCode, ended.body).toBe(200);
    const afterEnd = await versions();
    expect(afterEnd.sales).not.toBe(afterChange.sales);
    expect(afterEnd.offers).toBe(start.offers);
    expect(afterEnd.alpine).toEqual(start.alpine);
  });

  it('change with each voucher offer added or ended, not with its purchases, and only in its store', async () => {
    const start = await versions();
    const offer = await createOffer(ctx, admin);
    const afterAdd = await versions();
    expect(afterAdd.offers).not.toBe(start.offers);

    const [buyer] = await makeBuyers(ctx, 1, 'home-voucher');
    const bought = await buyVoucher(ctx, buyer!, offer);
    expect(bought.statusCode, bought.body).toBe(201);
    const taken = await ctx.connection.db.selectFrom('voucher_offer').select('units_taken').where('slug', '=', offer).executeTakeFirstOrThrow();
    expect(Number(taken.units_taken)).toBe(1);
    expect(await versions()).toEqual(afterAdd);

    const ended = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/renault/voucher-offers/${offer}/end`, headers: admin.headers, payload: {} });
    expect(ended.statusCode, ended.body).toBe(200);
    const afterEnd = await versions();
    expect(afterEnd.offers).not.toBe(afterAdd.offers);
    expect(afterEnd.sales).toBe(start.sales);
    expect(afterEnd.alpine).toEqual(start.alpine);
  });

  it('count every one of sales added at once: none is lost to another’s commit', async () => {
    const before = await salesVersion(ctx.connection.db, storeIds.renault);
    const answers = await Promise.all(Array.from({ length: 8 }, addSale));
    expect(answers.map((res) => res.statusCode)).toEqual(Array(8).fill(201));
    expect(await salesVersion(ctx.connection.db, storeIds.renault)).toBe(before + 8);
  });
});
