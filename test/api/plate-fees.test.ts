import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';

// Plate fees by the buyer's city: the list, the configurator's estimate per city and powertrain,
// unknown cities refused, and saved configurations that keep the fee they were priced with.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const KOLEOS = { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] as string[] };
const KZE = { model: 'city-k-ze', trim: 'kze-life', options: [] as string[] };

interface Priced {
  code: string;
  city: { code: string; name: string; plateFeeNote: string | null; estimate: boolean } | null;
  price: Record<'vehicle' | 'purchaseTax' | 'compulsoryInsurance' | 'plateFee' | 'onTheRoad', { amount: number; currency: string }>;
}

async function save(body: Record<string, unknown>, locale = 'en') {
  return ctx.app.inject({ method: 'POST', url: `/api/v1/stores/renault/configurations?locale=${locale}`, payload: body });
}
async function priced(body: Record<string, unknown>, locale = 'en'): Promise<Priced> {
  const res = await save(body, locale);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Priced;
}

describe('GET /stores/{store}/plate-fees', () => {
  it('lists every city of the store’s dealers with its fees for conventional cars and NEVs, marked as estimates', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/stores/renault/plate-fees?locale=en' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.default).toEqual({ amount: 50_000, currency: 'CNY' });
    const byCity = Object.fromEntries(body.cities.map((c: { city: { code: string } }) => [c.city.code, c]));
    expect(Object.keys(byCity)).toEqual([
      'beijing', 'changsha', 'chengdu', 'chongqing', 'guangzhou', 'hangzhou', 'nanjing', 'qingdao',
      'shanghai', 'shenyang', 'shenzhen', 'suzhou', 'tianjin', 'wuhan', 'xian', 'zhengzhou',
    ]);
    expect(byCity.shanghai).toMatchObject({
      city: { code: 'shanghai', name: 'Shanghai' },
      ice: { amount: 8_800_000, currency: 'CNY' },
      nev: { amount: 0, currency: 'CNY' },
      estimate: true,
    });
    expect(byCity.shanghai.note).toMatch(/auction/);
    expect(byCity.beijing.note).toMatch(/lottery/);
    expect(byCity.zhengzhou).toMatchObject({ ice: { amount: 50_000 }, nev: { amount: 50_000 } });
    expect(body.cities.every((c: { estimate: boolean }) => c.estimate)).toBe(true);
    const zh = (await ctx.app.inject({ url: '/api/v1/stores/renault/plate-fees?locale=zh-CN' })).json();
    expect(zh.cities.find((c: { city: { code: string } }) => c.city.code === 'shanghai').city.name).toBe('上海');
  });

  it('keeps each store’s policy to itself, and a switched-off store has none', async () => {
    const alpine = (await ctx.app.inject({ url: '/api/v1/stores/alpine/plate-fees' })).json();
    expect(alpine.cities.map((c: { city: { code: string } }) => c.city.code)).toEqual(['beijing', 'shanghai']);
    expect((await ctx.app.inject({ url: '/api/v1/stores/nowhere/plate-fees' })).statusCode).toBe(404);
  });
});

describe('POST /stores/{store}/configurations with the buyer’s city', () => {
  it('puts Shanghai’s auction price into a conventional car’s estimate, differing from a small city by exactly the fee difference', async () => {
    const shanghai = await priced({ ...KOLEOS, city: 'shanghai' });
    const zhengzhou = await priced({ ...KOLEOS, city: 'zhengzhou' });
    expect(shanghai.price.plateFee).toEqual({ amount: 8_800_000, currency: 'CNY' });
    expect(zhengzhou.price.plateFee).toEqual({ amount: 50_000, currency: 'CNY' });
    expect(shanghai.price.vehicle).toEqual(zhengzhou.price.vehicle);
    expect(shanghai.price.onTheRoad.amount - zhengzhou.price.onTheRoad.amount).toBe(8_750_000);
    expect(shanghai.city).toMatchObject({ code: 'shanghai', name: 'Shanghai', estimate: true });
    expect(shanghai.city?.plateFeeNote).toMatch(/auction/);
    expect(zhengzhou.city).toMatchObject({ code: 'zhengzhou', name: 'Zhengzhou' });
  });

  it('gives an NEV Shanghai’s free green plate and a conventional car the auction price', async () => {
    const nev = await priced({ ...KZE, city: 'shanghai' });
    const nevElsewhere = await priced({ ...KZE, city: 'zhengzhou' });
    const ice = await priced({ ...KOLEOS, city: 'shanghai' });
    expect(nev.price.plateFee.amount).toBe(0);
    expect(nevElsewhere.price.plateFee.amount).toBe(50_000);
    expect(nevElsewhere.price.onTheRoad.amount - nev.price.onTheRoad.amount).toBe(50_000);
    expect(ice.price.plateFee.amount).toBe(8_800_000);
  });

  it('names the city in the buyer’s language', async () => {
    const zh = await priced({ ...KOLEOS, city: 'shanghai' }, 'zh-CN');
    expect(zh.city?.name).toBe('上海');
    expect(zh.city?.plateFeeNote).toMatch(/拍卖/);
  });

  it('uses the store’s flat fee without a city, and for a served city without a row of its own', async () => {
    const none = await priced(KOLEOS);
    expect(none.city).toBeNull();
    expect(none.price.plateFee.amount).toBe(50_000);
    await ctx.connection.db.updateTable('store').set({ plate_fee: 70_000 }).where('slug', '=', 'renault').execute();
    const row = await ctx.connection.db.selectFrom('plate_fee').selectAll().where('city_code', '=', 'wuhan').executeTakeFirstOrThrow();
    await ctx.connection.db.deleteFrom('plate_fee').where('store_id', '=', row.store_id).where('city_code', '=', 'wuhan').execute();
    try {
      const wuhan = await priced({ ...KOLEOS, city: 'wuhan' });
      expect(wuhan.price.plateFee.amount).toBe(70_000);
      expect(wuhan.city).toEqual({ code: 'wuhan', name: 'Wuhan', plateFeeNote: null, estimate: false });
    } finally {
      await ctx.connection.db.insertInto('plate_fee').values(row).execute();
      await ctx.connection.db.updateTable('store').set({ plate_fee: 50_000 }).where('slug', '=', 'renault').execute();
    }
  });

  it('refuses a city the store neither serves nor prices, and a malformed one, saving nothing', async () => {
    const before = await ctx.connection.db.selectFrom('configuration').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const unknown = await save({ ...KOLEOS, city: 'atlantis' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.json().code).toBe('PLATE_FEE_UNKNOWN_CITY');
    // Alpine has no dealer in Wuhan: another store's cities are not its own.
    const elsewhere = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/stores/alpine/configurations',
      payload: { model: 'a110', trim: 'a110-pure', options: [], city: 'wuhan' },
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().code).toBe('PLATE_FEE_UNKNOWN_CITY');
    for (const city of ['Shanghai', '', 'shang hai', 'x'.repeat(64), 42]) {
      expect((await save({ ...KOLEOS, city })).statusCode).toBe(400);
    }
    const after = await ctx.connection.db.selectFrom('configuration').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps a saved configuration’s figures after the city’s fee changes; a new save takes the new fee', async () => {
    const saved = await priced({ ...KOLEOS, city: 'shanghai' });
    const url = `/api/v1/stores/renault/configurations/${saved.code}?locale=en`;
    const shown = (await ctx.app.inject({ url })).json();
    const storeId = (await ctx.connection.db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow()).id;
    await ctx.connection.db.updateTable('plate_fee').set({ ice_fee: 9_300_000 }).where('store_id', '=', storeId).where('city_code', '=', 'shanghai').execute();
    try {
      const again = (await ctx.app.inject({ url })).json();
      expect(again).toEqual(shown);
      expect(again.price.plateFee.amount).toBe(8_800_000);
      expect(again.city.code).toBe('shanghai');
      const fresh = await priced({ ...KOLEOS, city: 'shanghai' });
      expect(fresh.price.plateFee.amount).toBe(9_300_000);
      expect(fresh.price.onTheRoad.amount - saved.price.onTheRoad.amount).toBe(500_000);
    } finally {
      await ctx.connection.db.updateTable('plate_fee').set({ ice_fee: 8_800_000 }).where('store_id', '=', storeId).where('city_code', '=', 'shanghai').execute();
    }
  });
});
