import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { anonymous, DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { TEST_NOW } from '../helpers/clock.js';
import { placeOrder } from '../helpers/orders.js';

/*
 * The store policy of the brand console, on each database: every section read with its version,
 * changed, and seen to take effect on the next order, quote, plate-fee list and booking;
 * bad values refused field by field, stale versions refused, and the change in the audit log.
 * The tests' clock stands at Monday 2 March 2026, 02:00 UTC (10:00 in Shanghai).
 */

let ctx: TestContext;
let admin: Caller;
let platform: Caller;
let alpineAdmin: Caller;
let staff: Caller;
let buyer: Caller;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
  platform = await signIn(ctx.app, DEMO.platformAdmin);
  alpineAdmin = await signIn(ctx.app, DEMO.alpineAdmin);
  staff = await signIn(ctx.app, DEMO.staffShanghai);
  buyer = await signIn(ctx.app, DEMO.buyer);
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(() => {
  ctx.clock.set(TEST_NOW);
});

const BASE = '/api/v1/admin/stores/renault';
type Section = 'deposits' | 'order-policy' | 'finance-policy' | 'plate-fees' | 'test-drive-policy';

async function read(section: Section, caller: Caller = admin) {
  const res = await ctx.app.inject({ url: `${BASE}/${section}?locale=en`, headers: caller.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
function put(section: Section, payload: Record<string, unknown>, caller: Caller = admin, store = 'renault') {
  return ctx.app.inject({ method: 'PUT', url: `/api/v1/admin/stores/${store}/${section}?locale=en`, headers: caller.headers, payload });
}
async function auditOf(action: string) {
  return ctx.connection.db.selectFrom('audit_event').select(['actor_role', 'target_id', 'details']).where('action', '=', action).orderBy('id').execute();
}
async function saveConfiguration(model: string, trim: string) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/configurations', payload: { model, trim, options: [] } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { code: string; price: { vehicle: { amount: number } } };
}

describe('deposits per model', () => {
  it('lists each model’s deposit and its ceiling, 20% of its cheapest trim', async () => {
    const body = await read('deposits');
    expect(body.version).toMatch(/^[0-9a-f]{16}$/);
    expect(body.capBasisPoints).toBe(2_000);
    const captur = body.models.find((m: { model: string }) => m.model === 'captur');
    // Captur 1.2T Comfort, ¥139,800: 20% is ¥27,960.
    expect(captur).toEqual({
      model: 'captur',
      name: expect.any(String),
      amount: { amount: 500_000, currency: 'CNY' },
      custom: false,
      fromPrice: { amount: 13_980_000, currency: 'CNY' },
      maxAmount: { amount: 2_796_000, currency: 'CNY' },
    });
    expect(body.models.map((m: { model: string }) => m.model)).toEqual(expect.arrayContaining(['koleos', 'kadjar', 'captur', 'espace', 'city-k-ze']));
  });

  it('asks the next order for the new deposit, and records who changed it', async () => {
    const { version } = await read('deposits');
    const res = await put('deposits', { version, deposits: [{ model: 'captur', amount: 800_000 }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().version).not.toBe(version);
    expect(res.json().models.find((m: { model: string }) => m.model === 'captur')).toMatchObject({ amount: { amount: 800_000 }, custom: true });

    const [orderer] = await makeBuyers(ctx, 1, 'policy-deposit');
    const configuration = await saveConfiguration('captur', 'captur-12t-comfort');
    const placed = await placeOrder(ctx, orderer!, { configuration: configuration.code, dealer: 'sh-01', plan: 'cash' });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().price.deposit).toEqual({ amount: 800_000, currency: 'CNY' });

    const audit = await auditOf('store_policy.deposits.updated');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_role).toBe('brand_admin');
    expect(JSON.parse(audit[0]!.details)).toEqual({ deposits: { captur: { from: null, to: 800_000 } } });

    // Back on the default: the next order asks ¥5,000 again.
    const back = await put('deposits', { version: res.json().version, deposits: [{ model: 'captur', amount: null }] });
    expect(back.statusCode, back.body).toBe(200);
    const again = await placeOrder(ctx, orderer!, { configuration: configuration.code, dealer: 'sh-01', plan: 'cash' });
    expect(again.json().price.deposit.amount).toBe(500_000);
  });

  it('takes a deposit of exactly 20% of the cheapest trim, and refuses a fen more, naming the field and the ceiling', async () => {
    const { version } = await read('deposits');
    const over = await put('deposits', { version, deposits: [{ model: 'koleos', amount: 100_000 }, { model: 'captur', amount: 2_796_001 }] });
    expect(over.statusCode).toBe(422);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(over.json()).toMatchObject({ code: 'STORE_POLICY_INVALID', errors: [{ path: 'body.deposits[1].amount' }], limits: [{ path: 'body.deposits[1].amount', max: 2_796_000 }] });
    // Nothing half-written: Koleos kept its deposit too.
    expect((await read('deposits')).version).toBe(version);

    const exact = await put('deposits', { version, deposits: [{ model: 'captur', amount: 2_796_000 }] });
    expect(exact.statusCode, exact.body).toBe(200);
    const reset = await put('deposits', { version: exact.json().version, deposits: [{ model: 'captur', amount: null }] });
    expect(reset.statusCode).toBe(200);
  });

  it('refuses another store’s model, a model named twice, and bad amounts', async () => {
    const { version } = await read('deposits');
    const alien = await put('deposits', { version, deposits: [{ model: 'a110', amount: 100_000 }, { model: 'koleos', amount: 100_000 }, { model: 'koleos', amount: 200_000 }] });
    expect(alien.statusCode).toBe(422);
    expect(alien.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.deposits[0].model', 'body.deposits[2].model']);
    for (const amount of [-1, 50, 1.5, '100000', 100_000_000_01]) {
      const bad = await put('deposits', { version, deposits: [{ model: 'koleos', amount }] });
      expect(bad.statusCode, String(amount)).toBe(400);
      expect(bad.json().errors[0].path).toMatch(/^body\.deposits\[0\]\.amount/);
    }
  });
});

describe('checkout rules', () => {
  it('holds the next order’s car for the new number of minutes', async () => {
    const before = await read('order-policy');
    expect(before).toEqual({ version: expect.any(String), holdMinutes: 15, refundWindowDays: 7, buildWeeks: 8, pickupMaxAttempts: 5 });
    const res = await put('order-policy', { version: before.version, holdMinutes: 45, refundWindowDays: 14, buildWeeks: 10, pickupMaxAttempts: 3 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ holdMinutes: 45, refundWindowDays: 14, buildWeeks: 10, pickupMaxAttempts: 3 });

    const [orderer] = await makeBuyers(ctx, 1, 'policy-hold');
    const configuration = await saveConfiguration('kadjar', 'kadjar-20-2wd-comfort');
    const placed = await placeOrder(ctx, orderer!, { configuration: configuration.code, dealer: 'sh-01', plan: 'cash' });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().holdExpiresAt).toBe('2026-03-02T02:45:00.000Z');
    expect((await auditOf('store_policy.order_policy.updated')).length).toBe(1);

    const reset = await put('order-policy', { version: res.json().version, holdMinutes: 15, refundWindowDays: 7, buildWeeks: 8, pickupMaxAttempts: 5 });
    expect(reset.statusCode).toBe(200);
  });

  it('refuses a stale version with 409 and writes nothing', async () => {
    const { version } = await read('order-policy');
    const first = await put('order-policy', { version, holdMinutes: 20, refundWindowDays: 7, buildWeeks: 8, pickupMaxAttempts: 5 });
    expect(first.statusCode).toBe(200);
    const second = await put('order-policy', { version, holdMinutes: 30, refundWindowDays: 7, buildWeeks: 8, pickupMaxAttempts: 5 });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'STORE_POLICY_STALE', currentVersion: first.json().version });
    expect((await read('order-policy')).holdMinutes).toBe(20);
    await put('order-policy', { version: first.json().version, holdMinutes: 15, refundWindowDays: 7, buildWeeks: 8, pickupMaxAttempts: 5 });
  });

  it('refuses values out of bounds with the field’s path', async () => {
    const { version } = await read('order-policy');
    const res = await put('order-policy', { version, holdMinutes: 2, refundWindowDays: 7, buildWeeks: 8, pickupMaxAttempts: 5 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.holdMinutes');
    const missing = await put('order-policy', { holdMinutes: 20, refundWindowDays: 7, buildWeeks: 8, pickupMaxAttempts: 5 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('body.version');
  });
});

describe('finance rates', () => {
  const quote = () =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/finance-quotes', payload: { plan: 'loan', model: 'koleos', price: 17_980_000 } });

  it('starts from today’s demo rates and quotes the next loan at the new ones', async () => {
    const before = await read('finance-policy');
    expect(before).toEqual({
      version: expect.any(String),
      loan: { aprBasisPoints: 499, minDownBasisPoints: 2000, nevMinDownBasisPoints: 1500, minMonths: 12, maxMonths: 60 },
      lease: { aprBasisPoints: 799, downBasisPoints: 1000, balloonBasisPoints: 6000, months: 12, keepRentingMonths: 36 },
    });
    expect((await quote()).json()).toMatchObject({ aprBasisPoints: 499, minDownPayment: 3_596_000 });
    const res = await put('finance-policy', { version: before.version, loan: { ...before.loan, aprBasisPoints: 388, minDownBasisPoints: 3000 }, lease: before.lease });
    expect(res.statusCode, res.body).toBe(200);
    // 30% of ¥179,800 is ¥53,940.
    expect((await quote()).json()).toMatchObject({ aprBasisPoints: 388, minDownPayment: 5_394_000 });
    const audit = await auditOf('store_policy.finance_policy.updated');
    expect(JSON.parse(audit[0]!.details).after.loan.aprBasisPoints).toBe(388);
    await put('finance-policy', { version: res.json().version, loan: before.loan, lease: before.lease });
  });

  it('refuses bounds out of order and shares above the price, field by field', async () => {
    const before = await read('finance-policy');
    const res = await put('finance-policy', {
      version: before.version,
      loan: { ...before.loan, minMonths: 48, maxMonths: 24, minDownBasisPoints: 10_000 },
      lease: { ...before.lease, downBasisPoints: 5000, balloonBasisPoints: 6000 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.loan.maxMonths', 'body.loan.minDownBasisPoints', 'body.lease.balloonBasisPoints']);
    expect((await read('finance-policy')).version).toBe(before.version);
  });
});

describe('plate fees by city', () => {
  it('shows the new fees on the public list, and a city left out takes the flat fee', async () => {
    const before = await read('plate-fees');
    expect(before.default).toEqual({ amount: 50_000, currency: 'CNY' });
    const shanghai = before.cities.find((c: { code: string }) => c.code === 'shanghai');
    expect(shanghai).toMatchObject({ name: 'Shanghai', ice: { amount: 8_800_000 }, nev: { amount: 0 }, estimate: true, served: true });
    const cities = before.cities
      .filter((c: { code: string }) => c.code !== 'zhengzhou')
      .map((c: { code: string; ice: { amount: number }; nev: { amount: number } }) => ({ code: c.code, ice: c.code === 'shanghai' ? 9_100_000 : c.ice.amount, nev: c.nev.amount }));
    const res = await put('plate-fees', { version: before.version, default: 60_000, cities });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().otherServedCities).toEqual([{ code: 'zhengzhou', name: expect.any(String) }]);

    const list = (await ctx.app.inject({ url: '/api/v1/stores/renault/plate-fees?locale=en' })).json();
    expect(list.default).toEqual({ amount: 60_000, currency: 'CNY' });
    const byCity = Object.fromEntries(list.cities.map((c: { city: { code: string } }) => [c.city.code, c]));
    expect(byCity.shanghai).toMatchObject({ ice: { amount: 9_100_000 }, estimate: true });
    expect(byCity.shanghai.note).toMatch(/auction/);
    expect(byCity.zhengzhou).toBeUndefined();
    // A configuration priced for Zhengzhou now takes the flat fee.
    const priced = await ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/configurations?locale=en', payload: { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [], city: 'zhengzhou' } });
    expect(priced.statusCode, priced.body).toBe(201);
    expect(priced.json().price.plateFee.amount).toBe(60_000);

    // Zhengzhou back, with its name from the dealers, not an estimate.
    const back = await put('plate-fees', { version: res.json().version, default: 50_000, cities: [...cities, { code: 'zhengzhou', ice: 50_000, nev: 50_000 }] });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().cities.find((c: { code: string }) => c.code === 'zhengzhou')).toMatchObject({ ice: { amount: 50_000 }, estimate: false, served: true });
    expect((await auditOf('store_policy.plate_fees.updated')).length).toBe(2);
  });

  it('refuses a city the store neither lists nor serves, and a city named twice', async () => {
    const { version } = await read('plate-fees');
    const res = await put('plate-fees', { version, default: 50_000, cities: [{ code: 'lhasa', ice: 1, nev: 1 }, { code: 'beijing', ice: 1, nev: 1 }, { code: 'beijing', ice: 2, nev: 2 }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.cities[0].code', 'body.cities[2].code']);
    expect((await read('plate-fees')).version).toBe(version);
  });
});

describe('test-drive caps', () => {
  const book = (caller: Caller, model: string, start: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/test-drives', headers: caller.headers, payload: { dealer: 'sh-01', model, start } });

  it('refuses the booking beyond a lowered cap', async () => {
    const before = await read('test-drive-policy');
    expect(before).toEqual({ version: expect.any(String), maxUpcomingPerModel: 1, maxUpcoming: 2, maxInWindow: 5, windowDays: 60, leadMinutes: 120, horizonDays: 14, slotMinutes: 30 });
    const res = await put('test-drive-policy', { version: before.version, maxUpcomingPerModel: 1, maxUpcoming: 1, maxInWindow: 5, windowDays: 60, leadMinutes: 120, horizonDays: 14 });
    expect(res.statusCode, res.body).toBe(200);

    const [driver] = await makeBuyers(ctx, 1, 'policy-caps');
    expect((await book(driver!, 'captur', '2026-03-03T02:00:00Z')).statusCode).toBe(201);
    const extra = await book(driver!, 'kadjar', '2026-03-04T02:00:00Z');
    expect(extra.statusCode).toBe(409);
    expect(extra.json()).toMatchObject({ code: 'TEST_DRIVE_LIMIT_REACHED', limit: 'upcoming', max: 1 });

    const raised = await put('test-drive-policy', { ...before, version: res.json().version, slotMinutes: undefined });
    expect(raised.statusCode, raised.body).toBe(200);
    expect((await book(driver!, 'kadjar', '2026-03-04T02:00:00Z')).statusCode).toBe(201);
  });

  it('refuses caps that do not nest, naming the field', async () => {
    const { version } = await read('test-drive-policy');
    const res = await put('test-drive-policy', { version, maxUpcomingPerModel: 3, maxUpcoming: 2, maxInWindow: 1, windowDays: 60, leadMinutes: 120, horizonDays: 14 });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.maxUpcomingPerModel', 'body.maxUpcoming']);
    const slot = await put('test-drive-policy', { version, maxUpcomingPerModel: 1, maxUpcoming: 2, maxInWindow: 5, windowDays: 60, leadMinutes: 120, horizonDays: 14, slotMinutes: 60 });
    expect(slot.statusCode).toBe(400);
    expect(slot.json().errors[0]).toEqual({ path: 'body.slotMinutes', message: 'is not a known field' });
  });
});

describe('who may change the store policy', () => {
  const sections: Section[] = ['deposits', 'order-policy', 'finance-policy', 'plate-fees', 'test-drive-policy'];

  it('lets a platform admin read and change it, audited under their role', async () => {
    const { version, ...values } = await read('order-policy', platform);
    const res = await put('order-policy', { version, ...values, buildWeeks: 9 }, platform);
    expect(res.statusCode, res.body).toBe(200);
    const audit = await auditOf('store_policy.order_policy.updated');
    expect(audit.at(-1)!.actor_role).toBe('platform_admin');
    await put('order-policy', { version: res.json().version, ...values }, platform);
  });

  it('refuses Alpine’s admin (as if Renault did not exist), dealer staff, a buyer and the signed-out, and writes nothing', async () => {
    const versions = Object.fromEntries(await Promise.all(sections.map(async (s) => [s, (await read(s)).version] as const)));
    const cases: Array<[Caller, number]> = [
      [alpineAdmin, 404],
      [staff, 403],
      [buyer, 403],
      [anonymous, 401],
    ];
    for (const [caller, status] of cases) {
      for (const section of sections) {
        const got = await ctx.app.inject({ url: `${BASE}/${section}`, headers: caller.headers });
        expect(got.statusCode, `${caller.name} GET ${section}`).toBe(status);
        const body = section === 'deposits' ? { version: versions[section], deposits: [{ model: 'koleos', amount: 100_000 }] } : { version: versions[section] };
        const res = await put(section, body, caller);
        expect([res.statusCode, caller.name, section]).toEqual([status === 404 ? 404 : status, caller.name, section]);
      }
    }
    for (const section of sections) expect((await read(section)).version).toBe(versions[section]);
  });

  it('keeps Alpine’s admin to Alpine’s own policy', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/admin/stores/alpine/deposits?locale=en', headers: alpineAdmin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().models.map((m: { model: string }) => m.model)).toEqual(['a110']);
  });
});
