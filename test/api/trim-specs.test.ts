import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn } from '../helpers/auth.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

interface Trim {
  code: string;
  specs: Record<string, unknown>;
}

const trimsOf = async (store: string, model: string, locale = 'en'): Promise<Trim[]> => {
  const res = await ctx.app.inject({ url: `/api/v1/stores/${store}/models/${model}?locale=${locale}` });
  expect(res.statusCode).toBe(200);
  return res.json().trims;
};

/** What the demo data says of every City K-ZE trim: "~27 kWh, ~250-270 km NEDC", and "0-80% in 50 min". */
const KZE_SPECS = {
  battery: { value: 27000, unit: 'Wh', approximate: true },
  electricRange: { min: 250, max: 270, unit: 'km', cycle: 'NEDC', approximate: true },
  charging: { value: 50, unit: 'min', fromPercent: 0, toPercent: 80 },
};

describe('GET /api/v1/stores/{store}/models/{model}: trim specifications', () => {
  it('gives the City K-ZE trims the battery, range and charging time the data states, and nothing it does not', async () => {
    for (const locale of ['zh-CN', 'fr', 'en']) {
      const trims = await trimsOf('renault', 'city-k-ze', locale);
      expect(trims.map((t) => t.code)).toEqual(['kze-life', 'kze-zen', 'kze-intens']);
      for (const trim of trims) expect(trim.specs).toEqual(KZE_SPECS);
    }
  });

  it('publishes no figure for a trim whose data states none, in both stores', async () => {
    const models = [
      ['renault', 'koleos', 4],
      ['renault', 'kadjar', 4],
      ['renault', 'captur', 3],
      ['renault', 'espace', 3],
      ['alpine', 'a110', 3],
    ] as const;
    for (const [store, model, count] of models) {
      const trims = await trimsOf(store, model);
      expect(trims).toHaveLength(count);
      for (const trim of trims) expect(trim.specs, `${model} ${trim.code}`).toEqual({});
    }
  });

  it('keeps every field a trim had, and only adds its specs', async () => {
    const [trim] = await trimsOf('renault', 'koleos', 'zh-CN');
    expect(Object.keys(trim!).sort()).toEqual(['code', 'engine', 'name', 'price', 'priceIsEstimate', 'specs']);
    expect(trim).toMatchObject({ code: 'koleos-20-2wd-comfort', engine: '2.0L CVT 两驱', price: { amount: 17_980_000, currency: 'CNY' }, priceIsEstimate: true });
  });
});

describe('PUT /api/v1/admin/stores/{store}/models/{model}/trims/{trim}: specs', () => {
  const url = '/api/v1/admin/stores/renault/models/espace/trims/espace-18t-luxury';
  const version = async () =>
    (await ctx.connection.db.selectFrom('store').select('catalog_version').where('slug', '=', 'renault').executeTakeFirstOrThrow()).catalog_version;

  it('sets a trim’s specifications, shows them at once, and clears them with {}', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const specs = {
      power: { value: 165, unit: 'kW' },
      torque: { value: 300, unit: 'N·m' },
      dimensions: { length: 4857, width: 1888, height: 1677, unit: 'mm' },
      fuelConsumption: { value: 6800, unit: 'mL/100km', cycle: 'NEDC' },
    };
    const res = await ctx.app.inject({ method: 'PUT', url, headers: admin.headers, payload: { specs } });
    expect(res.statusCode).toBe(200);
    const espace = await trimsOf('renault', 'espace');
    expect(espace.find((t) => t.code === 'espace-18t-luxury')!.specs).toEqual(specs);
    expect(espace.find((t) => t.code === 'espace-18t-premium')!.specs).toEqual({});

    const cleared = await ctx.app.inject({ method: 'PUT', url, headers: admin.headers, payload: { specs: {} } });
    expect(cleared.statusCode).toBe(200);
    expect((await trimsOf('renault', 'espace')).find((t) => t.code === 'espace-18t-luxury')!.specs).toEqual({});
    // Each change of a published model is linted off the event loop: slow on a busy machine.
  }, 30_000);

  it('refuses a figure in another unit, negative, fractional, huge or unknown, and changes nothing', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const start = await version();
    const bad: Array<[string, unknown]> = [
      ['horsepower', { power: { value: 225, unit: 'hp' } }],
      ['torque without its unit', { torque: { value: 300 } }],
      ['Nm instead of N·m', { torque: { value: 300, unit: 'Nm' } }],
      ['litres where the unit is millilitres', { fuelConsumption: { value: 6.8, unit: 'L/100km', cycle: 'NEDC' } }],
      ['a negative length', { dimensions: { length: -4857, width: 1888, height: 1677, unit: 'mm' } }],
      ['a length in metres', { dimensions: { length: 4.857, width: 1.888, height: 1.677, unit: 'm' } }],
      ['a huge power', { power: { value: 1e30, unit: 'kW' } }],
      ['a power JSON cannot hold', { power: { value: 9007199254740993, unit: 'kW' } }],
      ['a fractional power', { power: { value: 165.5, unit: 'kW' } }],
      ['zero power', { power: { value: 0, unit: 'kW' } }],
      ['a power as text', { power: { value: '165', unit: 'kW' } }],
      ['an unknown test cycle', { electricRange: { min: 250, max: 270, unit: 'km', cycle: 'MAGIC' } }],
      ['a figure nobody asked for', { topSpeed: { value: 180, unit: 'km/h' } }],
      ['an extra field in a figure', { power: { value: 165, unit: 'kW', source: 'guess' } }],
      ['a NUL byte in a unit', { power: { value: 165, unit: 'kW\u0000' } }],
      ['more than 100 %', { charging: { value: 50, unit: 'min', fromPercent: 0, toPercent: 180 } }],
      ['specs as a list', []],
    ];
    for (const [what, specs] of bad) {
      const res = await ctx.app.inject({ method: 'PUT', url, headers: admin.headers, payload: { specs } });
      expect(res.statusCode, what).toBe(400);
      expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
    }
    const incoherent: Array<[string, unknown]> = [
      ['a range that ends before it starts', { electricRange: { min: 270, max: 250, unit: 'km', cycle: 'NEDC' } }],
      ['a charge that goes down', { charging: { value: 50, unit: 'min', fromPercent: 80, toPercent: 20 } }],
    ];
    for (const [what, specs] of incoherent) {
      const res = await ctx.app.inject({ method: 'PUT', url, headers: admin.headers, payload: { specs } });
      expect(res.statusCode, what).toBe(422);
      expect(res.json().code, what).toBe('CATALOG_INVALID_CHANGE');
    }
    expect(await version()).toBe(start);
    expect((await trimsOf('renault', 'espace')).find((t) => t.code === 'espace-18t-luxury')!.specs).toEqual({});
  });

  it('lets a new trim start with its specifications', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const text = { 'zh-CN': '1.8T 测试版', fr: '1.8T Essai', en: '1.8T Test' };
    const res = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/stores/renault/models/espace/trims/espace-18t-test',
      headers: admin.headers,
      payload: { name: text, engine: '1.8T EDC7 2WD', price: 40_000_000, specs: { power: { value: 165, unit: 'kW' } } },
    });
    expect(res.statusCode).toBe(200);
    expect((await trimsOf('renault', 'espace')).find((t) => t.code === 'espace-18t-test')!.specs).toEqual({ power: { value: 165, unit: 'kW' } });
  });

  it('is refused to another brand’s admin and to a buyer', async () => {
    // Another brand's admin is not told the store's catalog exists.
    for (const [who, status] of [[DEMO.alpineAdmin, 404], [DEMO.buyer, 403]] as const) {
      const other = await signIn(ctx.app, who);
      const res = await ctx.app.inject({ method: 'PUT', url, headers: other.headers, payload: { specs: { power: { value: 1, unit: 'kW' } } } });
      expect(res.statusCode, who).toBe(status);
    }
    expect((await trimsOf('renault', 'espace')).find((t) => t.code === 'espace-18t-luxury')!.specs).toEqual({});
  });
});
