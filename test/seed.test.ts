import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../src/db/connect.js';
import { isValidVin } from '../src/modules/inventory/vin.js';
import { Value } from 'typebox/value';
import { TrimSpecsSchema } from '../src/modules/catalog/catalog.specs.js';
import { loadDemoData } from '../src/seed/demo-data.js';
import { seedDemo } from '../src/seed/seed-demo.js';
import { fixedClock } from '../src/shared/clock.js';
import { createTestDatabase } from './helpers/app.js';
import { TEST_NOW } from './helpers/clock.js';

const { renault, extras } = loadDemoData();
const TABLES = [
  'store',
  'model',
  'trim',
  'option_group',
  'option',
  'trim_option',
  'option_rule',
  'dealer',
  'vehicle_unit',
  'campaign',
  'sales_target',
  'market_figure',
  'user_account',
] as const;

let connection: Connection;
beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(async () => {
  await connection.db.destroy();
});

async function snapshot() {
  const result: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await connection.db.selectFrom(table).selectAll().execute();
    result[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return result;
}

describe('demo seed', () => {
  it('loads the whole demo range, both stores', async () => {
    const { db } = connection;
    const stores = await db.selectFrom('store').select('slug').orderBy('slug').execute();
    expect(stores.map((s) => s.slug)).toEqual(['alpine', 'renault']);
    const renaultModels = renault.models.length;
    const trims = renault.models.reduce((n, m) => n + m.trims.length, 0);
    expect(renaultModels).toBe(5);
    expect(trims).toBe(17);
    const count = async (table: (typeof TABLES)[number]) =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('model')).toBe(renaultModels + extras.secondStore.models.length);
    expect(await count('trim')).toBe(trims + extras.secondStore.models.reduce((n, m) => n + m.trims.length, 0));
    expect(await count('dealer')).toBe(renault.dealers.length + extras.secondStore.dealers.length);
    expect(await count('campaign')).toBe(1);
  });

  it('gives every vehicle unit a valid, unique VIN at a dealer of its own store', async () => {
    const units = await connection.db
      .selectFrom('vehicle_unit')
      .innerJoin('dealer', 'dealer.id', 'vehicle_unit.dealer_id')
      .select(['vehicle_unit.vin', 'vehicle_unit.store_id', 'dealer.store_id as dealer_store_id', 'vehicle_unit.status'])
      .execute();
    expect(units.length).toBeGreaterThanOrEqual(300);
    expect(new Set(units.map((u) => u.vin)).size).toBe(units.length);
    for (const unit of units) {
      expect(isValidVin(unit.vin), unit.vin).toBe(true);
      expect(unit.dealer_store_id).toBe(unit.store_id);
      expect(unit.status).toBe('available');
    }
  });

  it('sets the F1 Team edition flash sale: 120 units at its price and deposit', async () => {
    const campaign = await connection.db.selectFrom('campaign').selectAll().executeTakeFirstOrThrow();
    expect(campaign).toMatchObject({
      slug: 'f1-team-edition',
      units_total: 120,
      price: renault.campaign.price,
      deposit: renault.campaign.deposit,
    });
  });

  it('salts every demo account’s password hash on its own', async () => {
    const hashes = (await connection.db.selectFrom('user_account').select('password_hash').where('email', 'like', '%example.com').execute()).map(
      (row) => row.password_hash,
    );
    expect(hashes).toHaveLength(6);
    expect(new Set(hashes).size).toBe(6);
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot();
    const report = await seedDemo(connection.db, fixedClock(new Date(TEST_NOW.getTime() + 86_400_000)));
    expect(Object.keys(report.inserted).length).toBeGreaterThan(5);
    expect(Object.values(report.inserted).filter((n) => n !== 0)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('brands stores seeded before branding existed, and leaves a brand’s own choice alone', async () => {
    const { db } = connection;
    await db.updateTable('store').set({ brand_mark: null, primary_color: null, accent_color: null, hero: null }).where('slug', '=', 'renault').execute();
    await db.updateTable('store').set({ primary_color: '#0a0a0a' }).where('slug', '=', 'alpine').execute();
    const report = await seedDemo(db, fixedClock(TEST_NOW));
    expect(report.inserted.store_branding).toBe(1);
    const stores = await db.selectFrom('store').select(['slug', 'brand_mark', 'primary_color', 'accent_color', 'hero', 'status']).orderBy('slug').execute();
    expect(stores.map(({ hero, ...rest }) => ({ ...rest, heroTitle: (JSON.parse(hero!) as { title: { en: string } }).title.en }))).toEqual([
      { slug: 'alpine', brand_mark: 'A', primary_color: '#0a0a0a', accent_color: '#e4002b', status: 'active', heroTitle: 'Alpine A110' },
      { slug: 'renault', brand_mark: 'R', primary_color: '#1a1a1a', accent_color: '#ffcc33', status: 'active', heroTitle: 'The 2018 Renault range' },
    ]);
    expect((await seedDemo(db, fixedClock(TEST_NOW))).inserted.store_branding).toBe(0);
  });

  it('gives trims only the specifications the demo data states', () => {
    // The figures come from the City K-ZE's engine line and from its source note, nowhere else.
    const kze = renault.models.find((m) => m.slug === 'city-k-ze')!;
    for (const trim of kze.trims) expect(trim.engine).toBe('BEV, ~27 kWh, ~250-270 km NEDC, 2WD');
    expect(renault.sources.some((s) => s.what.includes('0-80% in 50 min'))).toBe(true);
    const withSpecs = Object.entries(extras.models).filter(([, model]) => model.trimSpecs);
    expect(withSpecs.map(([slug]) => slug)).toEqual(['city-k-ze']);
    expect(extras.models['city-k-ze']!.trimSpecs).toEqual({
      battery: { value: 27000, unit: 'Wh', approximate: true },
      electricRange: { min: 250, max: 270, unit: 'km', cycle: 'NEDC', approximate: true },
      charging: { value: 50, unit: 'min', fromPercent: 0, toPercent: 80 },
    });
    expect(Value.Check(TrimSpecsSchema, extras.models['city-k-ze']!.trimSpecs)).toBe(true);
  });

  it('fills the specifications of demo trims seeded before they had any, and keeps a brand’s own', async () => {
    const { db } = connection;
    await db.updateTable('trim').set({ specs: '{}' }).where('code', '=', 'kze-life').execute();
    await db.updateTable('trim').set({ specs: '{"power":{"value":33,"unit":"kW"}}' }).where('code', '=', 'kze-zen').execute();
    const report = await seedDemo(db, fixedClock(TEST_NOW));
    expect(report.inserted.trim_specs).toBe(1);
    const rows = await db.selectFrom('trim').select(['code', 'specs']).where('code', 'in', ['kze-life', 'kze-zen']).orderBy('code').execute();
    expect(rows.map((r) => [r.code, Object.keys(JSON.parse(r.specs) as object)])).toEqual([
      ['kze-life', ['battery', 'electricRange', 'charging']],
      ['kze-zen', ['power']],
    ]);
    expect((await seedDemo(db, fixedClock(TEST_NOW))).inserted.trim_specs ?? 0).toBe(0);
  });

  it('fills dealer profiles seeded before they existed, and keeps the Alpine dealer', async () => {
    const { db } = connection;
    await db.updateTable('dealer').set({ city_code: null, opening_hours: null }).where('code', 'in', ['sh-01', 'alp-sh-01']).execute();
    const report = await seedDemo(db, fixedClock(TEST_NOW));
    expect(report.inserted.dealer_profile).toBe(2);
    const rows = await db
      .selectFrom('dealer')
      .innerJoin('store', 'store.id', 'dealer.store_id')
      .select(['store.slug', 'dealer.code', 'dealer.city_code', 'dealer.opening_hours'])
      .where('dealer.code', 'in', ['sh-01', 'alp-sh-01'])
      .orderBy('dealer.code')
      .execute();
    expect(rows.map((r) => [r.slug, r.code, r.city_code, (JSON.parse(r.opening_hours!) as Record<string, string[]>).mon])).toEqual([
      ['alpine', 'alp-sh-01', 'shanghai', ['08:30', '18:00']],
      ['renault', 'sh-01', 'shanghai', ['08:30', '18:00']],
    ]);
    expect((await seedDemo(db, fixedClock(TEST_NOW))).inserted.dealer_profile).toBe(0);
  });
});
