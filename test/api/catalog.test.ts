import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/seed/demo-data.js';
import { createTestApp, type TestContext } from '../helpers/app.js';

const { renault } = loadDemoData();

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

describe('GET /api/v1/stores', () => {
  it('lists both demo stores, localized', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/stores?locale=en' });
    expect(res.statusCode).toBe(200);
    const { stores } = res.json();
    expect(stores.map((s: { slug: string }) => s.slug)).toEqual(['alpine', 'renault']);
    expect(stores[1]).toMatchObject({ name: 'Renault China (Dongfeng Renault)', currency: 'CNY', timezone: 'Asia/Shanghai' });
  });
});

describe('GET /api/v1/stores/{store}', () => {
  it('answers in the language Accept-Language asks for', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/stores/renault', headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('Renault Chine (Dongfeng Renault)');
  });

  it('is a problem+json 404 for an unknown store', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/stores/lada' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'CATALOG_STORE_NOT_FOUND' });
  });
});

describe('GET /api/v1/stores/{store}/models', () => {
  it('serves the demo range with from-prices in fen, in zh-CN by default', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/stores/renault/models' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.locale).toBe('zh-CN');
    expect(body.models.map((m: { slug: string }) => m.slug)).toEqual(renault.models.map((m) => m.slug));
    for (const source of renault.models) {
      const model = body.models.find((m: { slug: string }) => m.slug === source.slug);
      const cheapest = Math.min(...source.trims.map((t) => t.basePrice));
      expect(model.name).toBe(source.name['zh-CN']);
      expect(model.fromPrice).toEqual({ amount: cheapest, currency: 'CNY' });
      expect(model.trimCount).toBe(source.trims.length);
      expect(model.swatch).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it('filters by powertrain, body, price and free text in any language', async () => {
    const slugs = async (query: string) =>
      (await ctx.app.inject({ url: `/api/v1/stores/renault/models?${query}` })).json().models.map((m: { slug: string }) => m.slug);
    expect(await slugs('powertrain=BEV')).toEqual(['city-k-ze']);
    expect(await slugs('body=mpv')).toEqual(['espace']);
    expect(await slugs('maxPrice=15000000')).toEqual(['captur', 'city-k-ze']);
    expect(await slugs(`q=${encodeURIComponent('科雷傲')}`)).toEqual(['koleos']);
    expect(await slugs('q=ESPACE&locale=fr')).toEqual(['espace']);
    expect(await slugs('powertrain=PHEV')).toEqual([]);
  });

  it('finds a model by its name in any language on a page in any language, however it is punctuated', async () => {
    const slugs = async (q: string, locale: string) =>
      (await ctx.app.inject({ url: `/api/v1/stores/renault/models?q=${encodeURIComponent(q)}&locale=${locale}` }))
        .json()
        .models.map((m: { slug: string }) => m.slug);
    for (const locale of ['zh-CN', 'fr', 'en']) {
      expect(await slugs('科雷傲', locale), `科雷傲 in ${locale}`).toEqual(['koleos']);
      expect(await slugs('Koleos', locale), `Koleos in ${locale}`).toEqual(['koleos']);
      for (const typed of ['KZE', 'k-ze', 'K ZE', 'City KZE']) {
        expect(await slugs(typed, locale), `${typed} in ${locale}`).toEqual(['city-k-ze']);
      }
    }
    // Only letters and digits count: "K-ZE" is no wider a search than "KZE".
    expect(await slugs('K-ZF', 'en')).toEqual([]);
    // The hall searches the same way across stores.
    const hall = (await ctx.app.inject({ url: `/api/v1/models?q=KZE&locale=fr` })).json();
    expect(hall.models.map((m: { store: string; slug: string }) => `${m.store}/${m.slug}`)).toEqual(['renault/city-k-ze']);
  });

  it('lists a model under every body type its data gives it, and filters by any of them', async () => {
    const models = async (query: string) =>
      (await ctx.app.inject({ url: `/api/v1/stores/renault/models?${query}` })).json().models as Array<{ slug: string; body: string; bodies: string[] }>;
    // The City K-ZE is drawn as a crossover and sold as a city SUV (its own tagline says so).
    expect((await models('')).find((m) => m.slug === 'city-k-ze')).toMatchObject({ body: 'crossover', bodies: ['crossover', 'suv'] });
    expect((await models('')).find((m) => m.slug === 'koleos')).toMatchObject({ body: 'suv', bodies: ['suv'] });
    expect((await models('body=suv')).map((m) => m.slug)).toEqual(['koleos', 'kadjar', 'city-k-ze']);
    expect((await models('body=crossover')).map((m) => m.slug)).toEqual(['captur', 'city-k-ze']);
    const detail = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/city-k-ze' })).json();
    expect(detail.bodies).toEqual(['crossover', 'suv']);
  });

  it('never shows one store the models of another', async () => {
    const alpine = (await ctx.app.inject({ url: '/api/v1/stores/alpine/models' })).json();
    expect(alpine.models.map((m: { slug: string }) => m.slug)).toEqual(['a110']);
    const res = await ctx.app.inject({ url: '/api/v1/stores/alpine/models/koleos' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CATALOG_MODEL_NOT_FOUND');
  });

  it('is cacheable: an ETag, and 304 when it still matches', async () => {
    const first = await ctx.app.inject({ url: '/api/v1/stores/renault/models?locale=en' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"c1-/);
    expect(first.headers['cache-control']).toContain('public');
    const again = await ctx.app.inject({ url: '/api/v1/stores/renault/models?locale=en', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const otherLocale = await ctx.app.inject({
      url: '/api/v1/stores/renault/models?locale=fr',
      headers: { 'if-none-match': etag },
    });
    expect(otherLocale.statusCode).toBe(200);
  });

  it('rejects bad filters with the field named', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/stores/renault/models?maxPrice=-5&powertrain=DIESEL&colour=red' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('REQUEST_VALIDATION_FAILED');
    const paths = res.json().errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['querystring.colour', 'querystring.maxPrice', 'querystring.powertrain']));
  });
});

describe('GET /api/v1/stores/{store}/models/{model}', () => {
  it('gives trims, option groups, per-trim availability and rules', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/stores/renault/models/koleos?locale=en' });
    expect(res.statusCode).toBe(200);
    const model = res.json();
    const source = renault.models.find((m) => m.slug === 'koleos')!;
    expect(model.trims.map((t: { code: string }) => t.code)).toEqual(source.trims.map((t) => t.code));
    expect(model.trims[0].price).toEqual({ amount: source.trims[0]!.basePrice, currency: 'CNY' });
    expect(model.optionGroups.map((g: { code: string }) => g.code)).toEqual(['paint', 'interior', 'wheels', 'packs', 'accessories']);

    const wheels = model.optionGroups.find((g: { code: string }) => g.code === 'wheels');
    const wh19 = wheels.options.find((o: { code: string }) => o.code === 'wh-19');
    expect(wh19.availability).toEqual({
      'koleos-20-2wd-comfort': 'unavailable',
      'koleos-20-2wd-luxury': 'unavailable',
      'koleos-25-4wd-luxury': 'unavailable',
      'koleos-25-4wd-flagship': 'standard',
    });
    const roof = model.optionGroups.find((g: { code: string }) => g.code === 'packs').options.find((o: { code: string }) => o.code === 'pk-roof');
    expect(roof.availability['koleos-20-2wd-comfort']).toBe('optional');
    expect(roof.price).toEqual({ amount: 700000, currency: 'CNY' });

    expect(model.rules).toHaveLength(source.rules.length);
    expect(model.rules[0]).toEqual({
      kind: 'requires',
      option: 'wh-19',
      targets: ['koleos-25-4wd-flagship'],
      note: source.rules[0]!.note,
    });
  });

  it('gives each trim’s engine line in the page’s language', async () => {
    const engines = async (model: string, locale: string) =>
      (await ctx.app.inject({ url: `/api/v1/stores/renault/models/${model}?locale=${locale}` })).json().trims.map((t: { engine: string }) => t.engine);
    expect((await engines('koleos', 'zh-CN'))[0]).toBe('2.0L CVT 两驱');
    expect((await engines('koleos', 'fr'))[0]).toBe('2.0L CVT 4x2');
    expect((await engines('koleos', 'en'))[0]).toBe('2.0L CVT 2WD');
    expect((await engines('city-k-ze', 'zh-CN'))[0]).toBe('纯电动，电池约27 kWh，NEDC续航约250-270 km，两驱');
    expect((await engines('city-k-ze', 'fr'))[0]).toBe('100 % électrique, batterie env. 27 kWh, autonomie NEDC env. 250-270 km, 4x2');
  });

  it('translates rule notes', async () => {
    const zh = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/koleos?locale=zh-CN' })).json();
    expect(zh.rules[0].note).not.toBe(renault.models[0]!.rules[0]!.note);
    expect(zh.rules[0].note).toMatch(/[\u4e00-\u9fff]/);
  });

  it('404s an unknown model with problem+json', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/stores/renault/models/clio' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'CATALOG_MODEL_NOT_FOUND', status: 404 });
  });

  it('rejects a malformed slug before touching the database', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/stores/renault/models/Koleos%20X' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('REQUEST_VALIDATION_FAILED');
    expect(res.json().errors[0].path).toBe('params.model');
  });
});
