import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn } from '../helpers/auth.js';
import { recordingStatements } from '../helpers/statements.js';

// The marketplace hall across brands, store branding and status, and how the site opens.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

type HallModel = { slug: string; store: string };
const hall = async (query = '') => {
  const res = await ctx.app.inject({ url: `/api/v1/models?locale=en${query}` });
  expect(res.statusCode).toBe(200);
  return res.json() as { locale: string; stores: Array<{ slug: string }>; models: HallModel[] };
};
const listed = (body: { models: HallModel[] }) => body.models.map((m) => `${m.store}/${m.slug}`);
const setStatus = (slug: string, status: 'active' | 'inactive') =>
  ctx.connection.db.updateTable('store').set({ status }).where('slug', '=', slug).execute();

describe('store branding', () => {
  it('comes with every store summary, localized', async () => {
    const { stores } = (await ctx.app.inject({ url: '/api/v1/stores?locale=fr' })).json();
    expect(stores.map((s: { slug: string; branding: unknown; hero: unknown }) => [s.slug, s.branding, s.hero])).toEqual([
      [
        'alpine',
        { mark: 'A', primaryColor: '#1d4f9c', accentColor: '#e4002b' },
        { title: 'Alpine A110', subtitle: 'Une berlinette de 1,1 tonne à moteur central, construite à Dieppe' },
      ],
      [
        'renault',
        { mark: 'R', primaryColor: '#1a1a1a', accentColor: '#ffcc33' },
        {
          title: 'La gamme Renault 2018',
          subtitle: 'Configurez et réservez en ligne, prenez livraison chez votre concessionnaire',
        },
      ],
    ]);
    const one = (await ctx.app.inject({ url: '/api/v1/stores/renault?locale=zh-CN' })).json();
    expect(one.hero).toEqual({ title: '雷诺2018全系车型', subtitle: '在线配置，在线预订，到店提车' });
    expect(one.branding.mark).toBe('R');
  });

  it('falls back to the brand initial, neutral colours and the store name for a store without branding', async () => {
    await ctx.connection.db
      .updateTable('store')
      .set({ brand_mark: null, primary_color: null, accent_color: null, hero: null })
      .where('slug', '=', 'alpine')
      .execute();
    try {
      const alpine = (await ctx.app.inject({ url: '/api/v1/stores/alpine?locale=en' })).json();
      expect(alpine.branding).toEqual({ mark: 'A', primaryColor: '#1f2933', accentColor: '#9aa5b1' });
      expect(alpine.hero).toEqual({ title: 'Alpine China', subtitle: 'French lightweight sports cars since 1955' });
    } finally {
      await ctx.connection.db
        .updateTable('store')
        .set({
          brand_mark: 'A',
          primary_color: '#1d4f9c',
          accent_color: '#e4002b',
          hero: JSON.stringify({
            title: { 'zh-CN': 'Alpine A110', fr: 'Alpine A110', en: 'Alpine A110' },
            subtitle: {
              'zh-CN': '1.1吨的中置引擎双座跑车，法国迪耶普制造',
              fr: 'Une berlinette de 1,1 tonne à moteur central, construite à Dieppe',
              en: 'A 1.1-tonne mid-engined two-seater, built in Dieppe',
            },
          }),
        })
        .where('slug', '=', 'alpine')
        .execute();
    }
  });
});

describe('GET /api/v1/models (the hall)', () => {
  it('lists every active store’s range, by store slug then the store’s order, with those stores', async () => {
    const body = await hall();
    expect(body.locale).toBe('en');
    expect(body.stores.map((s) => s.slug)).toEqual(['alpine', 'renault']);
    expect(listed(body)).toEqual([
      'alpine/a110',
      'renault/koleos',
      'renault/kadjar',
      'renault/captur',
      'renault/espace',
      'renault/city-k-ze',
    ]);
    const a110 = body.models[0];
    expect(a110).toEqual({
      slug: 'a110',
      name: 'A110',
      tagline: 'Lightweight mid-engined two-seater, built in Dieppe',
      body: 'coupe',
      bodies: ['coupe'],
      powertrain: 'ICE',
      seats: 2,
      nev: false,
      origin: 'import',
      fromPrice: { amount: 55_800_000, currency: 'CNY' },
      priceIsEstimate: true,
      trimCount: 3,
      swatch: '#f2f3f1',
      store: 'alpine',
    });
  });

  it('filters like a store’s range: every SUV under ¥200,000, every NEV, free text', async () => {
    // The City K-ZE, a city SUV drawn as a crossover, is an SUV too.
    expect(listed(await hall('&body=suv&maxPrice=20000000'))).toEqual(['renault/koleos', 'renault/kadjar', 'renault/city-k-ze']);
    const nev = await hall('&nev=true');
    expect(listed(nev)).toEqual(['renault/city-k-ze']);
    // A store with nothing to show under the filters is left out of the stores too.
    expect(nev.stores.map((s) => s.slug)).toEqual(['renault']);
    expect(listed(await hall('&nev=false&powertrain=ICE&maxPrice=14000000'))).toEqual(['renault/captur']);
    expect(listed(await hall('&q=alpine'))).toEqual(['alpine/a110']);
    const none = await hall('&powertrain=PHEV');
    expect(none).toEqual({ locale: 'en', stores: [], models: [] });
  });

  it('takes nev on one store’s range too', async () => {
    const slugs = async (query: string) =>
      (await ctx.app.inject({ url: `/api/v1/stores/renault/models?${query}` })).json().models.map((m: { slug: string }) => m.slug);
    expect(await slugs('nev=true')).toEqual(['city-k-ze']);
    expect(await slugs('nev=false&body=crossover')).toEqual(['captur']);
    const bad = await ctx.app.inject({ url: '/api/v1/stores/renault/models?nev=maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['querystring.nev']);
  });

  it('never lists a draft or retired model', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const draft = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stores/renault/models',
      headers: admin.headers,
      payload: {
        slug: 'zoe',
        name: { 'zh-CN': 'ZOE', fr: 'ZOE', en: 'ZOE' },
        tagline: { 'zh-CN': '纯电小车', fr: 'Citadine électrique', en: 'Electric city car' },
        body: 'hatchback',
        powertrain: 'BEV',
        seats: 5,
        nev: true,
        origin: 'import',
      },
    });
    expect(draft.statusCode).toBe(201);
    await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/stores/renault/models/zoe/trims/zoe-life',
      headers: admin.headers,
      payload: { name: { 'zh-CN': 'Life', fr: 'Life', en: 'Life' }, engine: 'R90', price: 19_800_000 },
    });
    const retired = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/stores/renault/models/espace',
      headers: admin.headers,
      payload: { status: 'retired' },
    });
    expect(retired.statusCode).toBe(200);
    try {
      const body = await hall();
      expect(listed(body)).toEqual(['alpine/a110', 'renault/koleos', 'renault/kadjar', 'renault/captur', 'renault/city-k-ze']);
    } finally {
      await ctx.app.inject({
        method: 'PATCH',
        url: '/api/v1/admin/stores/renault/models/espace',
        headers: admin.headers,
        payload: { status: 'active' },
      });
    }
    expect(listed(await hall())).toContain('renault/espace');
    expect(listed(await hall())).not.toContain('renault/zoe');
  });

  it('never shows a switched-off store, whose storefront then answers 404', async () => {
    await setStatus('alpine', 'inactive');
    try {
      const body = await hall();
      expect(body.stores.map((s) => s.slug)).toEqual(['renault']);
      expect(body.models.every((m) => m.store === 'renault')).toBe(true);
      const stores = (await ctx.app.inject({ url: '/api/v1/stores' })).json().stores;
      expect(stores.map((s: { slug: string }) => s.slug)).toEqual(['renault']);
      for (const url of [
        '/api/v1/stores/alpine',
        '/api/v1/stores/alpine/models',
        '/api/v1/stores/alpine/models/a110',
      ]) {
        const res = await ctx.app.inject({ url });
        expect(res.statusCode, url).toBe(404);
        expect(res.json().code, url).toBe('CATALOG_STORE_NOT_FOUND');
      }
      const save = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/stores/alpine/configurations',
        payload: { model: 'a110', trim: 'a110-pure', options: [] },
      });
      expect(save.statusCode).toBe(404);
      expect(save.json().code).toBe('CATALOG_STORE_NOT_FOUND');
    } finally {
      await setStatus('alpine', 'active');
    }
    expect((await ctx.app.inject({ url: '/api/v1/stores/alpine' })).statusCode).toBe(200);
  });

  it('changes its ETag when any store’s catalog changes, and when a store is switched off', async () => {
    const first = await ctx.app.inject({ url: '/api/v1/models?locale=en' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"s-/);
    expect(first.headers['cache-control']).toContain('public');
    const same = await ctx.app.inject({ url: '/api/v1/models?locale=en', headers: { 'if-none-match': etag } });
    expect(same.statusCode).toBe(304);

    const admin = await signIn(ctx.app, DEMO.alpineAdmin);
    const edit = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/stores/alpine/models/a110/trims/a110-pure',
      headers: admin.headers,
      payload: { price: 54_800_000 },
    });
    expect(edit.statusCode).toBe(200);
    const afterEdit = await ctx.app.inject({ url: '/api/v1/models?locale=en', headers: { 'if-none-match': etag } });
    expect(afterEdit.statusCode).toBe(200);
    expect(afterEdit.headers.etag).not.toBe(etag);
    const a110 = afterEdit.json().models.find((m: HallModel) => m.slug === 'a110');
    expect(a110.fromPrice).toEqual({ amount: 54_800_000, currency: 'CNY' });

    const edited = afterEdit.headers.etag as string;
    await setStatus('alpine', 'inactive');
    try {
      const afterSwitchOff = await ctx.app.inject({ url: '/api/v1/models?locale=en', headers: { 'if-none-match': edited } });
      expect(afterSwitchOff.statusCode).toBe(200);
      expect(afterSwitchOff.headers.etag).not.toBe(edited);
    } finally {
      await setStatus('alpine', 'active');
    }
  });

  it('reads the catalog in a fixed number of queries, whatever the number of stores', async () => {
    const { db, statements: queries } = recordingStatements(ctx.connection.db);
    const counting = await buildApp({
      db,
      dialect: ctx.connection.dialect,
      clock: ctx.clock,
    });
    const third = { id: 'store-dacia', slug: 'dacia' };
    try {
      const res = await counting.inject({ url: '/api/v1/models?locale=fr&q=a' });
      expect(res.statusCode).toBe(200);
      expect(res.json().stores.length).toBe(2);
      // One for the stores' versions (the cache key), one for the stores, one for every model.
      expect(queries.map((statement) => statement.split(' ')[0])).toEqual(['select', 'select', 'select']);

      await ctx.connection.db
        .insertInto('store')
        .values({
          ...third,
          brand: 'Dacia',
          name: JSON.stringify({ 'zh-CN': '达契亚', fr: 'Dacia', en: 'Dacia' }),
          tagline: JSON.stringify({ 'zh-CN': '达契亚', fr: 'Dacia', en: 'Dacia' }),
          currency: 'CNY',
          timezone: 'Asia/Shanghai',
          created_at: '2026-03-02T02:00:00.000Z',
        })
        .execute();
      queries.length = 0;
      expect((await counting.inject({ url: '/api/v1/models?locale=fr&q=a' })).statusCode).toBe(200);
      expect(queries.map((statement) => statement.split(' ')[0])).toEqual(['select', 'select', 'select']);
    } finally {
      await ctx.connection.db.deleteFrom('store').where('id', '=', third.id).execute();
      await counting.close();
    }
  });

  it('refuses unknown and malformed filters', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/models?maxPrice=abc&store=renault' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('REQUEST_VALIDATION_FAILED');
    const paths = res.json().errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['querystring.maxPrice']);
  });
});

describe('GET /api/v1/site', () => {
  it('opens the hall when no DEFAULT_STORE is set, for anyone', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/site' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ defaultStore: null });
    expect(res.headers['cache-control']).toContain('public');
    const again = await ctx.app.inject({ url: '/api/v1/site', headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('names the DEFAULT_STORE of a single-brand deployment, and the hall once that store is switched off', async () => {
    const single = await buildApp({ db: ctx.connection.db, dialect: ctx.connection.dialect, clock: ctx.clock, defaultStore: 'alpine' });
    try {
      const res = await single.inject({ url: '/api/v1/site' });
      expect(res.json()).toEqual({ defaultStore: 'alpine' });
      await setStatus('alpine', 'inactive');
      const off = await single.inject({ url: '/api/v1/site', headers: { 'if-none-match': res.headers.etag as string } });
      expect(off.statusCode).toBe(200);
      expect(off.json()).toEqual({ defaultStore: null });
    } finally {
      await setStatus('alpine', 'active');
      await single.close();
    }
  });
});
