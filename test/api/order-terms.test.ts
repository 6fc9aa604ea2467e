import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { unitStatus } from '../helpers/orders.js';

/*
 * Checkout shows the deposit and its rules before the buyer pays: the terms are what an order
 * of the same car would ask, and asking holds and writes nothing.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const terms = (query: string) => ctx.app.inject({ url: `/api/v1/stores/renault/order-terms?${query}` });

async function saveComfort(): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/stores/renault/configurations?locale=en',
    payload: { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] },
  });
  expect(res.statusCode, res.body).toBe(201);
  // The Koleos 2.0L 4x2 Comfort with its standard equipment: ¥179,800.
  expect(res.json().price.vehicle.amount).toBe(17_980_000);
  return res.json().code as string;
}

describe('GET /api/v1/stores/{store}/order-terms', () => {
  it('gives a saved configuration’s price, the ¥5,000 deposit, the 7-day refund window and the 15-minute hold', async () => {
    const code = await saveComfort();
    const res = await terms(`configuration=${code}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      vehiclePrice: { amount: 17_980_000, currency: 'CNY' },
      deposit: { amount: 500_000, currency: 'CNY' },
      refundWindowDays: 7,
      holdMinutes: 15,
    });
  });

  it('caps a model’s deposit at 20% of the car’s price', async () => {
    const code = await saveComfort();
    const db = ctx.connection.db;
    const koleos = await db
      .selectFrom('model')
      .innerJoin('store', 'store.id', 'model.store_id')
      .select(['model.id', 'model.store_id'])
      .where('store.slug', '=', 'renault')
      .where('model.slug', '=', 'koleos')
      .executeTakeFirstOrThrow();
    const seeded = await db.selectFrom('model_deposit').selectAll().where('model_id', '=', koleos.id).executeTakeFirst();
    await db.deleteFrom('model_deposit').where('model_id', '=', koleos.id).execute();
    await db
      .insertInto('model_deposit')
      .values({ model_id: koleos.id, store_id: koleos.store_id, amount: 10_000_000, updated_at: '2026-03-01T00:00:00.000Z' })
      .execute();
    try {
      // 20% of ¥179,800 is ¥35,960, below the ¥100,000 set for the model.
      expect((await terms(`configuration=${code}`)).json().deposit).toEqual({ amount: 3_596_000, currency: 'CNY' });
    } finally {
      await db.deleteFrom('model_deposit').where('model_id', '=', koleos.id).execute();
      if (seeded) await db.insertInto('model_deposit').values(seeded).execute();
    }
  });

  it('gives a car in stock at its dealer, and holds nothing', async () => {
    const stock = await ctx.app.inject({ url: '/api/v1/stores/renault/stock?model=koleos&limit=1' });
    const unit = stock.json().units[0] as { vin: string; dealer: { code: string }; price: { amount: number } };
    expect(unit).toBeDefined();
    const res = await terms(`vin=${unit.vin}&dealer=${unit.dealer.code}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ vehiclePrice: { amount: unit.price.amount }, deposit: { amount: 500_000 } });
    expect(await unitStatus(ctx, unit.vin)).toBe('available');

    const elsewhere = await terms(`vin=${unit.vin}&dealer=${unit.dealer.code === 'sh-01' ? 'bj-01' : 'sh-01'}`);
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().code).toBe('ORDER_VIN_AT_OTHER_DEALER');
    const noDealer = await terms(`vin=${unit.vin}`);
    expect(noDealer.statusCode).toBe(400);
    expect(noDealer.json().code).toBe('ORDER_DEALER_REQUIRED');
  });

  it('refuses to guess which car is meant', async () => {
    const neither = await terms('');
    expect(neither.statusCode).toBe(400);
    expect(neither.json().code).toBe('ORDER_ONE_SOURCE');
    const unknown = await terms('configuration=ABCDEFGH');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('ORDER_CONFIGURATION_NOT_FOUND');
  });
});
