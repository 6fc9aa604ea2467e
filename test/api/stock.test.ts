import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { saleCounts, seriesVin, sum, testVin } from '../helpers/stock.js';

// The dealer console's VIN stock: adding units, status changes, transfers, lists, and conservation.

let ctx: TestContext;
let staff: Caller;
let renaultAdmin: Caller;
// Sign-in hashes a password and the setup writes through the API: a generous time on a busy host.
beforeAll(async () => {
  ctx = await createTestApp();
  staff = await signIn(ctx.app, DEMO.staffShanghai);
  renaultAdmin = await signIn(ctx.app, DEMO.renaultAdmin);
}, 60_000);
afterAll(async () => {
  await ctx.close();
});

const STOCK = '/api/v1/dealer/stores/renault/dealers/sh-01/stock';
const add = (payload: Record<string, unknown>, caller: Caller = staff) => ctx.app.inject({ method: 'POST', url: STOCK, headers: caller.headers, payload });
const patch = (vin: string, payload: Record<string, unknown>, caller: Caller = staff) =>
  ctx.app.inject({ method: 'PATCH', url: `${STOCK}/${vin}`, headers: caller.headers, payload });
const transfer = (vin: string, payload: Record<string, unknown>, caller: Caller = staff) =>
  ctx.app.inject({ method: 'POST', url: `${STOCK}/${vin}/transfers`, headers: caller.headers, payload });
const COSMOS_COMFORT = { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['paint-cosmos-blue'] };

/** Conservation: the statuses add up to the units there are, none negative, before and after. */
async function expectConserved(before: Record<string, number>, added: number) {
  const after = await saleCounts(ctx);
  expect(Object.values(after).every((n) => n >= 0)).toBe(true);
  expect(sum(after)).toBe(sum(before) + added);
  const listed = (await ctx.app.inject({ url: '/api/v1/admin/stores/renault/stock?limit=1', headers: renaultAdmin.headers })).json().counts;
  expect(listed).toEqual({ ...after, total: sum(after) });
  return after;
}

describe('adding a unit', () => {
  it('prices it as its configuration and takes its colour from the paint', async () => {
    const before = await saleCounts(ctx);
    const vin = seriesVin('A', 1);
    const res = await add({ vin, ...COSMOS_COMFORT });
    expect(res.statusCode).toBe(201);
    const unit = res.json();
    // Comfort ¥179,800 + cosmos blue ¥3,000, in fen.
    expect(unit.price).toEqual({ amount: 18_280_000, currency: 'CNY' });
    expect(unit.colour.code).toBe('paint-cosmos-blue');
    expect(unit).toMatchObject({ vin, status: 'available', purpose: 'sale', inTransit: false, eta: null, dealer: { code: 'sh-01' } });
    const after = await expectConserved(before, 1);
    expect(after.available).toBe(before.available! + 1);
  });

  it('takes a given price, status and ETA, and accepts a lower-case VIN', async () => {
    const vin = seriesVin('A', 2);
    const res = await add({ vin: vin.toLowerCase(), ...COSMOS_COMFORT, price: 17_500_000, status: 'held', eta: '2018-05-01' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ vin, status: 'held', inTransit: true, eta: '2018-05-01T00:00:00.000Z', price: { amount: 17_500_000 } });
  });

  it('refuses VINs of the wrong length, with I, O or Q, or a wrong check digit, saying which', async () => {
    const good = seriesVin('A', 3);
    const wrongDigit = good.slice(0, 8) + (good[8] === '5' ? '6' : '5') + good.slice(9);
    const cases: Array<[string, string]> = [
      [good.slice(0, 16), 'length'],
      [`${good}1`, 'length'],
      [good.slice(0, 11) + 'O' + good.slice(12), 'characters'],
      [good.slice(0, 11) + 'I' + good.slice(12), 'characters'],
      [good.slice(0, 11) + 'Q' + good.slice(12), 'characters'],
      [wrongDigit, 'check_digit'],
    ];
    for (const [vin, problem] of cases) {
      const res = await add({ vin, ...COSMOS_COMFORT });
      expect(res.statusCode, vin).toBe(422);
      expect(res.json()).toMatchObject({ code: 'STOCK_INVALID_VIN', problem });
    }
    const res = await add({ vin: wrongDigit, ...COSMOS_COMFORT });
    expect(res.json().expectedCheckDigit).toBe(good[8]);
    // A published VIN whose check digit is X.
    expect(testVin('1M8GDM9A', 'KP042788')).toBe('1M8GDM9AXKP042788');
  });

  it('refuses a VIN registered before, an unknown model and an invalid configuration, writing nothing', async () => {
    const before = await saleCounts(ctx);
    const taken = await add({ vin: seriesVin('A', 1), ...COSMOS_COMFORT });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('STOCK_VIN_EXISTS');
    const unknown = await add({ vin: seriesVin('A', 4), model: 'twingo', trim: 'x', options: [] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('CONFIGURATOR_UNKNOWN_MODEL');
    // 19-inch wheels need the flagship trim.
    const invalid = await add({ vin: seriesVin('A', 4), model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['wh-19'] });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().code).toBe('STOCK_INVALID_CONFIGURATION');
    expect(invalid.json().violations.length).toBeGreaterThan(0);
    await expectConserved(before, 0);
  });
});

describe('status changes', () => {
  it('follows available → held → available → sold → delivered, conserving stock at every step', async () => {
    const vin = seriesVin('B', 1);
    expect((await add({ vin, ...COSMOS_COMFORT })).statusCode).toBe(201);
    let counts = await saleCounts(ctx);
    for (const status of ['held', 'available', 'sold', 'delivered']) {
      const res = await patch(vin, { status });
      expect(res.statusCode, status).toBe(200);
      expect(res.json().status).toBe(status);
      counts = await expectConserved(counts, 0);
    }
  });

  it('answers 409 to every illegal edge and changes nothing', async () => {
    const vin = seriesVin('B', 2);
    await add({ vin, ...COSMOS_COMFORT });
    const illegal: Record<string, string[]> = {
      available: ['available', 'delivered'],
      held: ['held', 'delivered'],
      sold: ['available', 'held', 'sold'],
      delivered: ['available', 'held', 'sold', 'delivered'],
    };
    const path: Record<string, string[]> = { available: [], held: ['held'], sold: ['sold'], delivered: ['sold', 'delivered'] };
    for (const [from, targets] of Object.entries(illegal)) {
      const unit = seriesVin('C', Object.keys(illegal).indexOf(from) + 1);
      await add({ vin: unit, ...COSMOS_COMFORT });
      for (const step of path[from]!) expect((await patch(unit, { status: step })).statusCode).toBe(200);
      for (const to of targets) {
        const res = await patch(unit, { status: to });
        expect(res.statusCode, `${from} → ${to}`).toBe(409);
        expect(res.json()).toMatchObject({ code: 'STOCK_ILLEGAL_TRANSITION', from, to });
      }
      const row = await ctx.connection.db.selectFrom('vehicle_unit').select('status').where('vin', '=', unit).executeTakeFirstOrThrow();
      expect(row.status).toBe(from);
    }
  });

  it('delivers a unit only once it has arrived', async () => {
    const vin = seriesVin('B', 3);
    await add({ vin, ...COSMOS_COMFORT, status: 'sold', eta: '2018-04-20T10:00:00+08:00' });
    const early = await patch(vin, { status: 'delivered' });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('STOCK_UNIT_IN_TRANSIT');
    const arrived = await patch(vin, { eta: null });
    expect(arrived.json()).toMatchObject({ inTransit: false, eta: null, status: 'sold' });
    expect((await patch(vin, { status: 'delivered' })).statusCode).toBe(200);
  });

  it('refuses an ETA that is not a date', async () => {
    const res = await patch(seriesVin('B', 1), { eta: '2018-02-30' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('STOCK_INVALID_ETA');
  });

  it('records each change in the audit log', async () => {
    const vin = seriesVin('B', 1);
    const events = await ctx.connection.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('target_id', '=', vin)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['stock.unit_added', 'stock.unit_changed', 'stock.unit_changed', 'stock.unit_changed', 'stock.unit_changed']);
    expect(JSON.parse(events[3]!.details)).toMatchObject({ from: 'available', to: 'sold' });
  });
});

describe('transfers', () => {
  it('moves an available unit to another dealer of the store, which then owns it', async () => {
    const before = await saleCounts(ctx);
    const vin = seriesVin('D', 1);
    await add({ vin, ...COSMOS_COMFORT });
    const res = await transfer(vin, { dealer: 'sh-02', eta: '2018-04-16' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ vin, dealer: { code: 'sh-02' }, inTransit: true });
    // Gone from sh-01: its staff can no longer change it.
    expect((await patch(vin, { status: 'held' })).statusCode).toBe(404);
    const sh02 = await ctx.app.inject({ url: '/api/v1/admin/stores/renault/stock?dealer=sh-02&inTransit=true&limit=200', headers: renaultAdmin.headers });
    expect(sh02.json().units.map((u: { vin: string }) => u.vin)).toContain(vin);
    const audit = await ctx.connection.db.selectFrom('audit_event').select('details').where('action', '=', 'stock.unit_transferred').where('target_id', '=', vin).execute();
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ from: 'sh-01', to: 'sh-02', eta: '2018-04-16T00:00:00.000Z' }]);
    await expectConserved(before, 1);
  });

  it('refuses the same dealer, unknown ones and another store’s (422), and units not available here (409)', async () => {
    const vin = seriesVin('D', 2);
    await add({ vin, ...COSMOS_COMFORT });
    for (const dealer of ['sh-01', 'xx-99', 'alp-sh-01']) {
      const res = await transfer(vin, { dealer });
      expect(res.statusCode, dealer).toBe(422);
      expect(res.json().code).toBe(dealer === 'sh-01' ? 'STOCK_SAME_DEALER' : 'STOCK_UNKNOWN_DEALER');
    }
    await patch(vin, { status: 'held' });
    const held = await transfer(vin, { dealer: 'sh-02' });
    expect(held.statusCode).toBe(409);
    expect(held.json().code).toBe('STOCK_NOT_TRANSFERABLE');
    const transit = seriesVin('D', 3);
    await add({ vin: transit, ...COSMOS_COMFORT, eta: '2018-05-01' });
    expect((await transfer(transit, { dealer: 'sh-02' })).statusCode).toBe(409);
    const row = await ctx.connection.db.selectFrom('vehicle_unit as u').innerJoin('dealer as d', 'd.id', 'u.dealer_id').select('d.code').where('u.vin', '=', vin).executeTakeFirstOrThrow();
    expect(row.code).toBe('sh-01');
  });
});

describe('lists', () => {
  it('pages a dealer’s stock in VIN order with a cursor, every unit once', async () => {
    const all = (await ctx.app.inject({ url: `${STOCK}?limit=200`, headers: staff.headers })).json();
    expect(all.units.length).toBeGreaterThan(5);
    expect(all.units.every((u: { dealer: { code: string } }) => u.dealer.code === 'sh-01')).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { units: Array<{ vin: string }>; nextCursor: string | null } = (
        await ctx.app.inject({ url: `${STOCK}?limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: staff.headers })
      ).json();
      expect(page.units.length).toBeLessThanOrEqual(3);
      seen.push(...page.units.map((u) => u.vin));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.units.map((u: { vin: string }) => u.vin));
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters by model, trim, status and transit', async () => {
    const held = (await ctx.app.inject({ url: `${STOCK}?status=held&model=koleos&trim=koleos-20-2wd-comfort`, headers: staff.headers })).json();
    expect(held.units.map((u: { vin: string }) => u.vin)).toEqual(expect.arrayContaining([seriesVin('A', 2), seriesVin('D', 2)]));
    expect(held.units.every((u: { status: string; trim: { code: string } }) => u.status === 'held' && u.trim.code === 'koleos-20-2wd-comfort')).toBe(true);
    const transit = (await ctx.app.inject({ url: `${STOCK}?inTransit=true`, headers: staff.headers })).json();
    expect(transit.units.length).toBeGreaterThan(0);
    expect(transit.units.every((u: { inTransit: boolean }) => u.inTransit)).toBe(true);
  });

  it('bounds the page size and refuses a cursor it never gave', async () => {
    expect((await ctx.app.inject({ url: `${STOCK}?limit=201`, headers: staff.headers })).statusCode).toBe(400);
    const bad = await ctx.app.inject({ url: `${STOCK}?cursor=zz`, headers: staff.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('STOCK_INVALID_CURSOR');
  });

  it('lets a brand admin work any dealer of the store through the dealer route', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/bj-01/stock?limit=1', headers: renaultAdmin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().units[0].dealer.code).toBe('bj-01');
  });
});
