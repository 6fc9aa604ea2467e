import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { TEST_NOW } from '../helpers/clock.js';
import { addUnit, ledgerOf, payThroughSandbox, placeOrder, runJobs, unitStatus } from '../helpers/orders.js';

/*
 * The whole online-to-offline path, on each database: configure → order → pay the deposit →
 * the dealer allocates a matching VIN → the balance → inspection → ready → handover with the
 * buyer's pickup code. The tests' clock stands at 2 March 2026, 10:00 in Shanghai.
 */

let ctx: TestContext;
let staff: Caller;
let staffBeijing: Caller;

beforeAll(async () => {
  ctx = await createTestApp();
  staff = await signIn(ctx.app, DEMO.staffShanghai);
  staffBeijing = await signIn(ctx.app, DEMO.staffBeijing);
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(() => {
  ctx.clock.set(TEST_NOW);
});

const dealerUrl = (id: string, step = '') => `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${id}${step ? `/${step}` : ''}?locale=en`;
const step = (caller: Caller, id: string, name: string, payload: unknown = {}) =>
  ctx.app.inject({ method: 'POST', url: dealerUrl(id, name), headers: caller.headers, payload: payload as object });
const myOrder = (buyer: Caller, id: string) => ctx.app.inject({ url: `/api/v1/me/orders/${id}?locale=en`, headers: buyer.headers });

async function saveConfiguration(options: string[]) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/stores/renault/configurations?locale=en',
    payload: { model: 'koleos', trim: 'koleos-20-2wd-comfort', options },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { code: string; price: { vehicle: { amount: number } }; options: Array<{ code: string; group: string }> };
}

describe('from a configuration to the keys', () => {
  it('walks every step, with money and stock accounted for at each', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'o2o');
    const configuration = await saveConfiguration(['pk-roof']);
    const price = configuration.price.vehicle.amount;

    const placed = await placeOrder(ctx, buyer!, { configuration: configuration.code, dealer: 'sh-01', plan: 'cash', phone: '13800138000' });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json();
    expect(placed.headers.location).toBe(`/api/v1/me/orders/${order.id}`);
    expect(order).toMatchObject({
      status: 'pending_deposit',
      source: 'configuration',
      plan: 'cash',
      configurationCode: configuration.code,
      vin: null,
      dealer: { code: 'sh-01' },
      price: { vehicle: { amount: price, currency: 'CNY' }, deposit: { amount: 500_000, currency: 'CNY' } },
      holdExpiresAt: '2026-03-02T02:15:00.000Z',
      estimatedDelivery: '2026-04-27',
      refundRules: { windowDays: 7, refundWindowEndsAt: null, ifBuyerCancelsNow: 'nothing_paid' },
      pickupCode: null,
      payable: { purpose: 'deposit', amount: { amount: 500_000, currency: 'CNY' } },
    });

    await payThroughSandbox(ctx, buyer!, order.id);
    const paid = (await myOrder(buyer!, order.id)).json();
    expect(paid).toMatchObject({
      status: 'deposit_paid',
      depositPaidAt: '2026-03-02T02:00:00.000Z',
      refundRules: { refundWindowEndsAt: '2026-03-09T02:00:00.000Z', ifBuyerCancelsNow: 'refund' },
      balance: { captured: { amount: 500_000 }, refunded: { amount: 0 }, due: { amount: price - 500_000 } },
      payable: null,
    });
    expect(paid.pickupCode).toMatch(/^\d{6}$/);

    // The dealer sees it, with the phone the buyer left, and cannot skip ahead.
    const seen = await ctx.app.inject({ url: dealerUrl(order.id), headers: staff.headers });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ buyer: { phone: '+8613800138000' }, next: ['allocated', 'cancelled'] });
    expect(seen.json()).not.toHaveProperty('pickupCode');
    expect((await step(staff, order.id, 'ready')).json().code).toBe('ORDER_TRANSITION_NOT_ALLOWED');
    expect((await step(staff, order.id, 'confirm')).json().confirmedAt).toBe('2026-03-02T02:00:00.000Z');

    const colour = configuration.options.find((o) => o.group === 'paint')?.code ?? null;
    const codes = configuration.options.map((o) => o.code);
    const wrong = await addUnit(ctx, { dealer: 'sh-01', model: 'koleos', trim: 'koleos-20-2wd-comfort', options: codes.filter((c) => c !== 'pk-roof'), colour, price });
    const refused = await step(staff, order.id, 'allocate', { vin: wrong });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'ORDER_VIN_MISMATCH', differences: ['options'] });
    expect(await unitStatus(ctx, wrong)).toBe('available');

    const vin = await addUnit(ctx, { dealer: 'sh-01', model: 'koleos', trim: 'koleos-20-2wd-comfort', options: codes, colour, price });
    const allocated = await step(staff, order.id, 'allocate', { vin });
    expect(allocated.statusCode, allocated.body).toBe(200);
    expect(allocated.json()).toMatchObject({ status: 'allocated', vin, allocatedAt: '2026-03-02T02:00:00.000Z' });
    expect(await unitStatus(ctx, vin)).toBe('held');

    expect((await step(staff, order.id, 'ready')).json().code).toBe('ORDER_TRANSITION_NOT_ALLOWED');
    const settled = await step(staff, order.id, 'balance', { method: 'dealer' });
    expect(settled.statusCode, settled.body).toBe(200);
    expect(settled.json()).toMatchObject({ status: 'paid', balanceMethod: 'dealer', balance: { captured: { amount: price }, due: { amount: 0 } } });
    expect(await unitStatus(ctx, vin)).toBe('sold');

    const early = await step(staff, order.id, 'ready');
    expect(early.statusCode).toBe(409);
    expect(early.json().reasons.map((r: { code: string }) => r.code)).toEqual(['ORDER_INSPECTION_INCOMPLETE', 'ORDER_APPOINTMENT_REQUIRED']);
    const items = settled.json().inspection.map((i: { code: string }) => i.code);
    expect(items).toEqual(['exterior', 'fluids', 'electronics', 'road_test', 'documents']);
    expect((await step(staff, order.id, 'inspection', { done: ['exterior', 'nonsense'] })).json().code).toBe('ORDER_INSPECTION_ITEM_UNKNOWN');
    expect((await step(staff, order.id, 'inspection', { done: items.slice(0, 4) })).statusCode).toBe(200);
    expect((await step(staff, order.id, 'appointment', { at: '2026-03-01T06:00:00.000Z' })).json().code).toBe('ORDER_APPOINTMENT_IN_PAST');
    expect((await step(staff, order.id, 'appointment', { at: '2026-03-02T08:00:00.000Z' })).statusCode).toBe(200);
    expect((await step(staff, order.id, 'ready')).json().reasons).toEqual([{ code: 'ORDER_INSPECTION_INCOMPLETE', message: expect.any(String) }]);
    expect((await step(staff, order.id, 'inspection', { done: items })).statusCode).toBe(200);
    const ready = await step(staff, order.id, 'ready');
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready_for_handover', handoverAt: '2026-03-02T08:00:00.000Z', next: ['delivered', 'cancelled'] });

    // Handover, at half past midnight in Shanghai (still the day before in UTC): a wrong code is
    // refused and counted, the right one hands the car over. A temporary plate's 30 days count
    // from the Shanghai day the dealer lives in.
    ctx.clock.set(new Date('2026-03-02T16:30:00.000Z'));
    const code = (await myOrder(buyer!, order.id)).json().pickupCode as string;
    const wrongCode = code === '000000' ? '111111' : '000000';
    const miss = await step(staff, order.id, 'handover', { pickupCode: wrongCode });
    expect(miss.statusCode).toBe(422);
    expect(miss.json()).toMatchObject({ code: 'ORDER_PICKUP_CODE_WRONG', attemptsLeft: 4 });
    const tooLong = await step(staff, order.id, 'handover', { pickupCode: code, tempPlate: { number: '沪A·T1234', expiresOn: '2026-04-03' } });
    expect(tooLong.json().code).toBe('ORDER_TEMP_PLATE_TOO_LONG');
    const handed = await step(staff, order.id, 'handover', { pickupCode: code, tempPlate: { number: '沪A·T1234', expiresOn: '2026-04-02' } });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json()).toMatchObject({ status: 'delivered', deliveredAt: '2026-03-02T16:30:00.000Z', tempPlate: { number: '沪A·T1234', expiresOn: '2026-04-02' } });
    expect(await unitStatus(ctx, vin)).toBe('delivered');

    const final = (await myOrder(buyer!, order.id)).json();
    expect(final.status).toBe('delivered');
    expect(final.pickupCode).toBeNull();
    expect(final.timeline.filter((e: { kind: string }) => e.kind === 'status').map((e: { to: string }) => e.to)).toEqual([
      'pending_deposit',
      'deposit_paid',
      'allocated',
      'paid',
      'ready_for_handover',
      'delivered',
    ]);
    expect(final.timeline.filter((e: { kind: string }) => e.kind === 'pickup_refused')).toHaveLength(1);
    // The car is now the buyer's, and no one else's.
    const garage = await ctx.app.inject({ url: '/api/v1/me/vehicles?locale=en', headers: buyer!.headers });
    expect(garage.json().vehicles).toEqual([
      expect.objectContaining({ vin, orderId: order.id, store: 'renault', model: { slug: 'koleos', name: 'Koleos' }, deliveredAt: '2026-03-02T16:30:00.000Z', tempPlate: { number: '沪A·T1234', expiresOn: '2026-04-02' } }),
    ]);
    const [stranger] = await makeBuyers(ctx, 1, 'o2o-stranger');
    expect((await ctx.app.inject({ url: '/api/v1/me/vehicles', headers: stranger!.headers })).json().vehicles).toEqual([]);

    const money = await ledgerOf(ctx, order.id);
    expect(money.ledger).toEqual({ authorized: 0, captured: price, refunded: 0 });
    expect(money.order).toEqual(money.ledger);

    // The buyer heard of each step, in English (the account's language).
    const texts = await ctx.connection.db
      .selectFrom('job')
      .select(['payload'])
      .where('kind', '=', 'notification.send')
      .where('payload', 'like', `%${buyer!.id}%`)
      .orderBy('created_at')
      .execute();
    expect(texts.map((j) => JSON.parse(j.payload).template)).toEqual(['order.depositReceived', 'order.vinAllocated', 'order.ready', 'order.delivered']);
  });

  it('counts the build weeks from the Shanghai day the order is placed on, not the UTC one', async () => {
    const buyers = await makeBuyers(ctx, 2, 'delivery-day');
    const configuration = await saveConfiguration([]);
    const estimateAt = async (instant: string, buyer: Caller) => {
      ctx.clock.set(new Date(instant));
      const placed = await placeOrder(ctx, buyer, { configuration: configuration.code, dealer: 'sh-01', plan: 'cash' });
      expect(placed.statusCode, placed.body).toBe(201);
      return placed.json().estimatedDelivery as string;
    };
    // 23:30 on 2 March in Shanghai: eight weeks from 2 March.
    expect(await estimateAt('2026-03-02T15:30:00.000Z', buyers[0]!)).toBe('2026-04-27');
    // 00:30 on 3 March in Shanghai, while UTC still says 2 March: eight weeks from 3 March.
    expect(await estimateAt('2026-03-02T16:30:00.000Z', buyers[1]!)).toBe('2026-04-28');
  });

  it('keeps dealer staff to their own dealer’s orders', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'o2o-scope');
    const configuration = await saveConfiguration([]);
    const order = (await placeOrder(ctx, buyer!, { configuration: configuration.code, dealer: 'sh-01', plan: 'loan' })).json();
    const other = await ctx.app.inject({ url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${order.id}`, headers: staffBeijing.headers });
    expect([403, 404]).toContain(other.statusCode);
    const viaOwnDealer = await ctx.app.inject({ url: `/api/v1/dealer/stores/renault/dealers/bj-01/orders/${order.id}`, headers: staffBeijing.headers });
    expect(viaOwnDealer.statusCode).toBe(404);
    const list = (await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/bj-01/orders', headers: staffBeijing.headers })).json();
    expect(list.orders.map((o: { id: string }) => o.id)).not.toContain(order.id);
  });
});

describe('a car from stock', () => {
  it('holds the VIN until the deposit is paid, and the expiry job puts it back on sale', async () => {
    const [first, second] = await makeBuyers(ctx, 2, 'stock');
    const vin = await addUnit(ctx, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 });
    const placed = await placeOrder(ctx, first!, { vin, dealer: 'sh-01', plan: 'cash' });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({ source: 'stock_unit', vin, price: { vehicle: { amount: 13_980_000 }, deposit: { amount: 500_000 } } });
    expect(await unitStatus(ctx, vin)).toBe('held');
    // The dealer cannot hand the ordered car back to the shelf from the stock console.
    const byHand = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/dealer/stores/renault/dealers/sh-01/stock/${vin}`,
      headers: staff.headers,
      payload: { status: 'available' },
    });
    expect([byHand.statusCode, byHand.json().code]).toEqual([409, 'STOCK_UNIT_ON_ORDER']);

    const taken = await placeOrder(ctx, second!, { vin, dealer: 'sh-01', plan: 'cash' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('ORDER_VIN_NOT_AVAILABLE');
    expect((await placeOrder(ctx, second!, { vin, dealer: 'bj-01', plan: 'cash' })).json().code).toBe('ORDER_VIN_AT_OTHER_DEALER');

    ctx.clock.advance(15 * 60_000 + 1);
    await runJobs(ctx);
    expect((await myOrder(first!, placed.json().id)).json().status).toBe('expired');
    expect(await unitStatus(ctx, vin)).toBe('available');
    const again = await placeOrder(ctx, second!, { vin, dealer: 'sh-01', plan: 'cash' });
    expect(again.statusCode, again.body).toBe(201);
  });

  it('lets the next buyer take a hold that ran out before the expiry job came round', async () => {
    const [first, second] = await makeBuyers(ctx, 2, 'lapse');
    const vin = await addUnit(ctx, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 });
    const earlier = (await placeOrder(ctx, first!, { vin, dealer: 'sh-01', plan: 'cash' })).json();
    ctx.clock.advance(16 * 60_000);
    const later = await placeOrder(ctx, second!, { vin, dealer: 'sh-01', plan: 'cash' });
    expect(later.statusCode, later.body).toBe(201);
    expect((await myOrder(first!, earlier.id)).json().status).toBe('expired');
    // The late deposit of the expired order is taken and given back, never kept.
    const live = await ctx.connection.db.selectFrom('customer_order').select(['id']).where('vin', '=', vin).where('status', '=', 'pending_deposit').execute();
    expect(live).toEqual([{ id: later.json().id }]);
  });

  it('refuses what is not for sale, and names what is wrong', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'refusals');
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ dealer: 'sh-01', plan: 'cash' }, 400, 'ORDER_ONE_SOURCE'],
      [{ vin: 'LVSHTEST0JO000001', configuration: 'ABCDEFGH', dealer: 'sh-01', plan: 'cash' }, 400, 'ORDER_ONE_SOURCE'],
      [{ vin: 'LVSHTEST1JO000001', dealer: 'sh-01', plan: 'cash' }, 422, 'ORDER_VIN_INVALID'],
      [{ configuration: 'ZZZZZZZZ', dealer: 'sh-01', plan: 'cash' }, 404, 'ORDER_CONFIGURATION_NOT_FOUND'],
      [{ configuration: 'ZZZZZZZZ', dealer: 'alp-sh-01', plan: 'cash' }, 404, 'ORDER_DEALER_NOT_FOUND'],
      [{ configuration: 'ZZZZZZZZ', dealer: 'sh-01', plan: 'barter' }, 400, 'REQUEST_VALIDATION_FAILED'],
      [{ configuration: 'ZZZZZZZZ', dealer: 'sh-01', plan: 'cash', phone: '12345' }, 422, 'ORDER_PHONE_INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const res = await placeOrder(ctx, buyer!, body);
      expect([res.statusCode, res.json().code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await ctx.connection.db.selectFrom('customer_order').select('id').where('buyer_id', '=', buyer!.id).execute()).toEqual([]);
  });

  it('asks the model’s deposit, but never more than 20% of the car’s price', async () => {
    const [buyer, other] = await makeBuyers(ctx, 2, 'deposit-cap');
    const captur = await ctx.connection.db
      .selectFrom('model')
      .innerJoin('store', 'store.id', 'model.store_id')
      .select(['model.id', 'model.store_id'])
      .where('store.slug', '=', 'renault')
      .where('model.slug', '=', 'captur')
      .executeTakeFirstOrThrow();
    await ctx.connection.db
      .insertInto('model_deposit')
      .values({ model_id: captur.id, store_id: captur.store_id, amount: 3_000_000, updated_at: TEST_NOW.toISOString() })
      .execute();
    try {
      const cheap = await addUnit(ctx, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 });
      const dear = await addUnit(ctx, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-flagship', options: [], colour: null, price: 16_980_000 });
      // 20% of ¥139,800 is ¥27,960, below the model's ¥30,000; 20% of ¥169,800 is ¥33,960, above it.
      expect((await placeOrder(ctx, buyer!, { vin: cheap, dealer: 'sh-01', plan: 'cash' })).json().price.deposit.amount).toBe(2_796_000);
      expect((await placeOrder(ctx, other!, { vin: dear, dealer: 'sh-01', plan: 'cash' })).json().price.deposit.amount).toBe(3_000_000);
    } finally {
      await ctx.connection.db.deleteFrom('model_deposit').where('model_id', '=', captur.id).execute();
    }
  });

  it('lets a buyer hold at most two unpaid orders at once', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'unpaid-cap');
    const configuration = await saveConfiguration([]);
    const body = { configuration: configuration.code, dealer: 'sh-01', plan: 'cash' };
    expect((await placeOrder(ctx, buyer!, body)).statusCode).toBe(201);
    expect((await placeOrder(ctx, buyer!, body)).statusCode).toBe(201);
    const third = await placeOrder(ctx, buyer!, body);
    expect([third.statusCode, third.json().code, third.json().limit]).toEqual([422, 'ORDER_TOO_MANY_UNPAID', 2]);
    // Once one hold has run out, there is room again.
    ctx.clock.advance(15 * 60_000 + 1);
    expect((await placeOrder(ctx, buyer!, body)).statusCode).toBe(201);
  });

  it('places one order per Idempotency-Key: a retry replays it, another body with the key is refused', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'idem');
    const configuration = await saveConfiguration([]);
    const body = { configuration: configuration.code, dealer: 'sh-01', plan: 'cash' };
    const first = await placeOrder(ctx, buyer!, body, 'reserve-koleos-1');
    const retry = await placeOrder(ctx, buyer!, body, 'reserve-koleos-1');
    expect([first.statusCode, retry.statusCode]).toEqual([201, 201]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(first.json().id);
    const changed = await placeOrder(ctx, buyer!, { ...body, plan: 'lease' }, 'reserve-koleos-1');
    expect([changed.statusCode, changed.json().code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const missing = await ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/orders', headers: buyer!.headers, payload: body });
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    expect(await ctx.connection.db.selectFrom('customer_order').select('id').where('buyer_id', '=', buyer!.id).execute()).toHaveLength(1);
  });

  it('takes the balance online once the dealer says so, and the car is then sold', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'balance-online');
    const vin = await addUnit(ctx, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 });
    const order = (await placeOrder(ctx, buyer!, { vin, dealer: 'sh-01', plan: 'cash' })).json();
    await payThroughSandbox(ctx, buyer!, order.id);
    expect((await step(staff, order.id, 'allocate', {})).json().status).toBe('allocated');
    expect((await step(staff, order.id, 'balance', { method: 'online' })).json()).toMatchObject({ status: 'allocated', balanceMethod: 'online' });
    expect((await myOrder(buyer!, order.id)).json().payable).toEqual({ purpose: 'balance', amount: { amount: 13_480_000, currency: 'CNY' } });
    await payThroughSandbox(ctx, buyer!, order.id);
    expect((await myOrder(buyer!, order.id)).json()).toMatchObject({ status: 'paid', payable: null, balance: { captured: { amount: 13_980_000 }, due: { amount: 0 } } });
    expect(await unitStatus(ctx, vin)).toBe('sold');
    const money = await ledgerOf(ctx, order.id);
    expect(money.ledger).toEqual({ authorized: 0, captured: 13_980_000, refunded: 0 });
    expect(money.order).toEqual(money.ledger);
  });
});
