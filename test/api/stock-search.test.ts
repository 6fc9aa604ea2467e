import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { seriesVin } from '../helpers/stock.js';
import { recordingStatements } from '../helpers/statements.js';

/*
 * The buyer's stock search. The seeded Espace units are marked sold first, so the only
 * available Espaces are the ones this file places, and every expected order is known.
 */

let ctx: TestContext;
let admin: Caller;
let code: string;
const PEOPLES_SQUARE = '31.2304,121.4737';

/** The test's own great-circle distance (atan2 form), mean Earth radius. */
function greatCircleKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const toRad = (deg: number) => (deg * Math.PI) / 180;
  const h = Math.sin(toRad(b.lat - a.lat) / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(toRad(b.lng - a.lng) / 2) ** 2;
  return 6371 * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
}

const U = {
  exactBeijing: seriesVin('S', 1),
  exactShanghaiCheaper: seriesVin('S', 2),
  otherColour: seriesVin('S', 3),
  otherTrim: seriesVin('S', 4),
  held: seriesVin('S', 5),
  inactiveDealer: seriesVin('S', 6),
  extraOption: seriesVin('S', 7),
};

async function place(dealer: string, vin: string, trim: string, options: string[], extra: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/dealer/stores/renault/dealers/${dealer}/stock`,
    headers: admin.headers,
    payload: { vin, model: 'espace', trim, options, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
}

// Sign-in hashes a password and the setup writes through the API: a generous time on a busy host.
beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
  const db = ctx.connection.db;
  const espace = await db.selectFrom('model').select('id').where('slug', '=', 'espace').executeTakeFirstOrThrow();
  await db.updateTable('vehicle_unit').set({ status: 'sold' }).where('model_id', '=', espace.id).where('purpose', '=', 'sale').execute();
  const saved = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/stores/renault/configurations',
    payload: { model: 'espace', trim: 'espace-18t-luxury', options: ['paint-cosmos-blue', 'pk-bose'] },
  });
  code = saved.json().code;
  // Luxury ¥359,800 + cosmos blue ¥4,000 + Bose ¥8,000.
  expect(saved.json().price.vehicle.amount).toBe(37_180_000);
  await place('bj-01', U.exactBeijing, 'espace-18t-luxury', ['paint-cosmos-blue', 'pk-bose']);
  await place('sh-02', U.exactShanghaiCheaper, 'espace-18t-luxury', ['pk-bose', 'paint-cosmos-blue'], { price: 36_900_000 });
  await place('sh-01', U.otherColour, 'espace-18t-luxury', ['paint-glacier-white', 'pk-bose']);
  // The premium trim has Bose as standard: only the trim differs.
  await place('sh-01', U.otherTrim, 'espace-18t-premium', ['paint-cosmos-blue']);
  await place('sh-01', U.held, 'espace-18t-luxury', ['paint-cosmos-blue', 'pk-bose'], { status: 'held' });
  await place('cd-01', U.inactiveDealer, 'espace-18t-luxury', ['paint-cosmos-blue', 'pk-bose']);
  await place('sh-03', U.extraOption, 'espace-18t-luxury', ['paint-cosmos-blue', 'pk-bose', 'acc-floor-mats']);
  await db.updateTable('dealer').set({ status: 'inactive' }).where('code', '=', 'cd-01').execute();
}, 60_000);
afterAll(async () => {
  await ctx.close();
});

interface Hit {
  vin: string;
  dealer: { code: string; name: string; city: string };
  distanceKm?: number;
  price: { amount: number };
  match?: {
    exact: boolean;
    trim: { wanted: { code: string }; actual: { code: string } } | null;
    colour: { wanted: { code: string } | null; actual: { code: string } | null } | null;
    added: Array<{ code: string }>;
    missing: Array<{ code: string }>;
    priceDifference: { amount: number };
  };
}
const search = async (query: string) => {
  const res = await ctx.app.inject({ url: `/api/v1/stores/renault/stock?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; nearby: number | null; units: Hit[] };
};

describe('stock search with a configuration', () => {
  it('puts exact matches first, nearest first, then the closest matches saying what differs', async () => {
    const result = await search(`configuration=${code}&near=${PEOPLES_SQUARE}`);
    expect(result.units.map((u) => u.vin)).toEqual([U.exactShanghaiCheaper, U.exactBeijing, U.otherColour, U.extraOption, U.otherTrim]);
    const [cheaper, beijing, colour, extra, trim] = result.units as [Hit, Hit, Hit, Hit, Hit];
    expect(cheaper.match).toMatchObject({ exact: true, trim: null, colour: null, added: [], missing: [], priceDifference: { amount: -280_000 } });
    expect(beijing.match).toMatchObject({ exact: true, priceDifference: { amount: 0 } });
    expect(colour.match).toMatchObject({ exact: false, colour: { wanted: { code: 'paint-cosmos-blue' }, actual: { code: 'paint-glacier-white' } } });
    expect(colour.match!.priceDifference.amount).toBe(-400_000);
    expect(extra.match).toMatchObject({ exact: false, added: [{ code: 'acc-floor-mats' }], missing: [] });
    expect(trim.match).toMatchObject({ exact: false, trim: { wanted: { code: 'espace-18t-luxury' }, actual: { code: 'espace-18t-premium' } }, added: [], missing: [] });
    expect(cheaper.dealer.code).toBe('sh-02');
    expect(cheaper.distanceKm).toBeCloseTo(greatCircleKm({ lat: 31.2304, lng: 121.4737 }, { lat: 31.2154, lng: 121.4637 }), 1);
    expect(beijing.distanceKm!).toBeGreaterThan(1_000);
  });

  it('without a position, ranks equal matches by how close their price is', async () => {
    const result = await search(`configuration=${code}`);
    expect(result.units.slice(0, 2).map((u) => u.vin)).toEqual([U.exactBeijing, U.exactShanghaiCheaper]);
    expect(result.units.every((u) => u.distanceKm === undefined)).toBe(true);
    expect(result.nearby).toBeNull();
  });

  it('counts the available units, and those near the buyer', async () => {
    const result = await search(`model=espace&near=${PEOPLES_SQUARE}&radiusKm=50`);
    // Held, at an inactive dealer, or demo cars are not for sale here.
    expect(result.total).toBe(5);
    expect(result.nearby).toBe(4);
    const vins = result.units.map((u) => u.vin);
    expect(vins).not.toContain(U.held);
    expect(vins).not.toContain(U.inactiveDealer);
    const distances = result.units.map((u) => u.distanceKm!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('without a model, searches the whole range, nearest first', async () => {
    const range = await search(`near=${PEOPLES_SQUARE}&limit=50`);
    const espace = await search(`model=espace&near=${PEOPLES_SQUARE}`);
    const koleos = await search(`model=koleos&near=${PEOPLES_SQUARE}`);
    expect(range.total).toBeGreaterThan(espace.total + koleos.total);
    expect(range.units).toHaveLength(50);
    const distances = range.units.map((u) => u.distanceKm!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(new Set(range.units.map((u) => (u as Hit & { model: { code: string } }).model.code)).size).toBeGreaterThan(1);
  });

  it('with a position, lists across the range the cars each model\'s own search lists, merged nearest first, then cheapest', async () => {
    const slugs = ((await ctx.app.inject({ url: '/api/v1/stores/renault/models' })).json().models as Array<{ slug: string }>).map((m) => m.slug);
    expect(slugs).toHaveLength(5);
    for (const query of [`near=${PEOPLES_SQUARE}&limit=50`, `near=${PEOPLES_SQUARE}&limit=7&radiusKm=300`, 'near=30.66,104.06&limit=33']) {
      const range = await search(query);
      const perModel = await Promise.all(slugs.map((slug) => search(`model=${slug}&${query}`)));
      const merged = perModel
        .flatMap((result) => result.units)
        .sort((a, b) => a.distanceKm! - b.distanceKm! || a.price.amount - b.price.amount || (a.vin < b.vin ? -1 : 1))
        .slice(0, range.units.length);
      expect(range.units.length, query).toBe(Number(/limit=(\d+)/.exec(query)![1]));
      expect(range.units.map((u) => u.vin), query).toEqual(merged.map((u) => u.vin));
      expect(range.total, query).toBe(perModel.reduce((n, result) => n + result.total, 0));
      expect(range.nearby, query).toBe(perModel.reduce((n, result) => n + result.nearby!, 0));
    }
  });

  // Each statement costs the process CPU (about 2 ms on PostgreSQL): the whole range is read in as
  // many statements as one model is, with or without a position.
  it('reads the whole range in a fixed number of statements, however many models the store has', async () => {
    const { db, statements } = recordingStatements(ctx.connection.db);
    const counting = await buildApp({
      db,
      dialect: ctx.connection.dialect,
      clock: ctx.clock,
    });
    const statementsFor = async (url: string) => {
      // The first answer also reads the models' catalogs into the cache.
      expect((await counting.inject({ url })).statusCode, url).toBe(200);
      statements.length = 0;
      const res = await counting.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.json().units.length, url).toBeGreaterThan(0);
      return statements.length;
    };
    try {
      expect((await ctx.app.inject({ url: '/api/v1/stores/renault/models' })).json().models).toHaveLength(5);
      expect((await ctx.app.inject({ url: '/api/v1/stores/alpine/models' })).json().models).toHaveLength(1);
      for (const query of ['', '?limit=50', `?near=${PEOPLES_SQUARE}`, `?near=${PEOPLES_SQUARE}&limit=50`]) {
        const renault = await statementsFor(`/api/v1/stores/renault/stock${query}`);
        // The store, its dealers, its models, the counts, the units.
        expect(renault, `renault${query}`).toBeLessThanOrEqual(5);
        expect(await statementsFor(`/api/v1/stores/alpine/stock${query}`), `alpine${query}`).toBe(renault);
      }
    } finally {
      await counting.close();
    }
  });

  it('filters by trim and bounds the answer', async () => {
    const premium = await search('model=espace&trim=espace-18t-premium');
    expect(premium.units.map((u) => u.vin)).toEqual([U.otherTrim]);
    expect((await search('model=espace&limit=2')).units).toHaveLength(2);
    const tooMany = await ctx.app.inject({ url: '/api/v1/stores/renault/stock?model=espace&limit=51' });
    expect(tooMany.statusCode).toBe(400);
  });

  it('refuses a search without a model, a model that contradicts the configuration, and unknown ones', async () => {
    const cases: Array<[string, number, string]> = [
      ['trim=espace-18t-luxury', 400, 'STOCK_MODEL_REQUIRED'],
      [`model=koleos&configuration=${code}`, 422, 'STOCK_MODEL_MISMATCH'],
      ['model=twingo', 422, 'CONFIGURATOR_UNKNOWN_MODEL'],
      ['model=espace&trim=nope', 422, 'STOCK_UNKNOWN_TRIM'],
      ['model=espace&near=91,0', 400, 'DEALER_INVALID_COORDINATES'],
    ];
    for (const [query, status, problem] of cases) {
      const res = await ctx.app.inject({ url: `/api/v1/stores/renault/stock?${query}` });
      expect(res.statusCode, query).toBe(status);
      expect(res.json().code).toBe(problem);
    }
    // Another store's configuration code is not one of this store's.
    const alpine = await ctx.app.inject({ url: `/api/v1/stores/alpine/stock?configuration=${code}` });
    expect(alpine.statusCode).toBe(404);
  });
});
