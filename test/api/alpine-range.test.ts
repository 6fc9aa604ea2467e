import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn } from '../helpers/auth.js';

// The Alpine store's A110 range: a second brand that is bought the way the first one is.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const save = (payload: object) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/stores/alpine/configurations?locale=en', payload });

describe('the Alpine A110', () => {
  it('has three trims with estimated prices, localized', async () => {
    const fr = (await ctx.app.inject({ url: '/api/v1/stores/alpine/models/a110?locale=fr' })).json();
    expect(fr.trims.map((t: { code: string; name: string; price: { amount: number }; priceIsEstimate: boolean }) => [t.code, t.name, t.price.amount, t.priceIsEstimate])).toEqual([
      ['a110-pure', 'Pure', 55_800_000, true],
      ['a110-legende', 'Légende', 61_800_000, true],
      ['a110-premiere-edition', 'Première Édition', 65_800_000, true],
    ]);
    expect(fr).toMatchObject({ seats: 2, nev: false, origin: 'import', powertrain: 'ICE', body: 'coupe' });
    expect(fr.optionGroups.map((g: { code: string }) => g.code)).toEqual(['paint', 'interior', 'wheels', 'packs', 'accessories']);
    const paints = fr.optionGroups[0].options.map((o: { name: string }) => o.name);
    expect(paints).toEqual(['Blanc Glacier', 'Bleu Alpine', 'Noir Profond', 'Gris Tonnerre']);
    const zh = (await ctx.app.inject({ url: '/api/v1/stores/alpine/models/a110?locale=zh-CN' })).json();
    expect(zh.trims[2].name).toBe('首发版');
    expect(zh.rules[2]).toEqual({ kind: 'requires', option: 'wh-18-fuchs', targets: ['a110-premiere-edition'], note: 'Fuchs风格锻造轮毂为首发版专属。' });
  });

  it('passes lint: every option reachable, no contradiction, cars counted per trim', async () => {
    const admin = await signIn(ctx.app, DEMO.alpineAdmin);
    const res = await ctx.app.inject({ url: '/api/v1/admin/stores/alpine/models/a110/lint?locale=en', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    // Pure: 4 paints × Sabelt × (17" without the big brakes, or 18" Légende with or without them) × Focal or not × 4 accessory sets
    //   = 4 × (2 + 4) × 4 = 96. Légende: 4 paints × (Sabelt, leather, leather + heating) × brakes or not × 4 = 96.
    // Première Édition: 3 paints × 4 = 12.
    expect(res.json()).toEqual({
      publishable: true,
      complete: true,
      countsComplete: true,
      unreachableOptions: [],
      contradictoryRules: [],
      validConfigurationsByTrim: { 'a110-pure': 96, 'a110-legende': 96, 'a110-premiere-edition': 12 },
    });
  });

  it('prices a Légende to the fen: purchase tax, insurance for 2 seats, the store’s plate fee', async () => {
    const res = await save({
      model: 'a110',
      trim: 'a110-legende',
      options: ['paint-noir-profond', 'int-comfort-leather', 'wh-18-legende', 'pk-brakes'],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/api/v1/stores/alpine/configurations/${body.code}`);
    // ¥618,000 + Noir Profond ¥12,000 + Brembo brakes ¥12,000; the leather, wheels and Focal audio are standard.
    expect(body.price.list).toEqual({ amount: 64_200_000, currency: 'CNY' });
    // 64,200,000 × 10 / 113 = 5,681,415.93… fen
    expect(body.price.purchaseTax.amount).toBe(5_681_416);
    expect(body.price.compulsoryInsurance.amount).toBe(95_000);
    expect(body.price.plateFee.amount).toBe(50_000);
    expect(body.price.onTheRoad.amount).toBe(70_026_416);
    expect(body.options.map((o: { code: string; standard: boolean }) => [o.code, o.standard])).toEqual([
      ['paint-noir-profond', false],
      ['int-comfort-leather', true],
      ['wh-18-legende', true],
      ['pk-brakes', false],
      ['pk-focal', true],
    ]);

    const again = await ctx.app.inject({ url: `/api/v1/stores/alpine/configurations/${body.code}?locale=en` });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(body);
    // A configuration belongs to the store it was saved in.
    expect((await ctx.app.inject({ url: `/api/v1/stores/renault/configurations/${body.code}` })).statusCode).toBe(404);
  });

  it('prices the Première Édition with its standard forged wheels', async () => {
    const res = await save({ model: 'a110', trim: 'a110-premiere-edition', options: ['acc-luggage'] });
    expect(res.statusCode).toBe(201);
    const { price } = res.json();
    // ¥658,000 + luggage ¥9,800 = 66,780,000 fen; × 10 / 113 = 5,909,734.51… fen
    expect(price.list.amount).toBe(66_780_000);
    expect(price.purchaseTax.amount).toBe(5_909_735);
    expect(price.onTheRoad.amount).toBe(72_834_735);
  });

  it('keeps the Fuchs wheels to the Première Édition, and proposes switching trim', async () => {
    const res = await save({ model: 'a110', trim: 'a110-pure', options: ['wh-18-fuchs'], intent: 'wh-18-fuchs' });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('CONFIGURATOR_INVALID_SELECTION');
    expect(body.violations).toEqual([
      {
        code: 'CONFIGURATOR_REQUIRES_UNMET',
        options: ['wh-18-fuchs'],
        message: 'The 18-inch Fuchs-style forged wheels require the Première Édition trim.',
        rule: { kind: 'requires', option: 'wh-18-fuchs', targets: ['a110-premiere-edition'] },
      },
    ]);
    expect(body.resolution.selection).toEqual({ trim: 'a110-premiere-edition', options: ['wh-18-fuchs'] });
  });
});
