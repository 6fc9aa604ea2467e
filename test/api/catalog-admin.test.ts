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

const slugs = async () =>
  (await ctx.app.inject({ url: '/api/v1/stores/renault/models?locale=en' })).json().models.map((m: { slug: string }) => m.slug);

describe('brand console catalog changes', () => {
  it('retiring a model removes it from the storefront at once, with a new ETag', async () => {
    const before = await ctx.app.inject({ url: '/api/v1/stores/renault/models?locale=en' });
    expect(await slugs()).toContain('espace');
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/stores/renault/models/espace',
      headers: admin.headers,
      payload: { status: 'retired' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('retired');

    const after = await ctx.app.inject({
      url: '/api/v1/stores/renault/models?locale=en',
      headers: { 'if-none-match': before.headers.etag as string },
    });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(await slugs()).not.toContain('espace');
    const retired = await ctx.app.inject({ url: '/api/v1/stores/renault/models/espace' });
    expect(retired.statusCode).toBe(404);
    expect(retired.json().code).toBe('CATALOG_MODEL_NOT_FOUND');

    const admins = (await ctx.app.inject({ url: '/api/v1/admin/stores/renault/models', headers: admin.headers })).json().models;
    expect(admins.find((m: { slug: string }) => m.slug === 'espace').status).toBe('retired');
  });

  it('rejects an unknown model and bad changes without touching the catalog', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const version = async () =>
      (await ctx.connection.db.selectFrom('store').select('catalog_version').where('slug', '=', 'renault').executeTakeFirstOrThrow()).catalog_version;
    const start = await version();
    const unknown = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/stores/renault/models/clio',
      headers: admin.headers,
      payload: { status: 'retired' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'CATALOG_MODEL_NOT_FOUND', model: 'clio' });
    const bad = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/stores/renault/models/koleos',
      headers: admin.headers,
      payload: { status: 'sold-out' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('REQUEST_VALIDATION_FAILED');
    const empty = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/admin/stores/renault/models/koleos', headers: admin.headers, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('REQUEST_VALIDATION_FAILED');
    expect(await version()).toBe(start);
  });
});

describe('building and publishing a model', () => {
  const t = (en: string) => ({ 'zh-CN': en, fr: en, en });
  const base = '/api/v1/admin/stores/renault/models';

  it('creates a draft, fills it, refuses to publish while lint fails, then publishes', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const send = (method: 'POST' | 'PUT' | 'PATCH' | 'GET', url: string, payload?: unknown) =>
      ctx.app.inject({ method, url, headers: admin.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

    const talisman = {
      slug: 'talisman',
      name: { 'zh-CN': '塔利斯曼', fr: 'Talisman', en: 'Talisman' },
      tagline: t('The executive saloon'),
      body: 'sedan',
      powertrain: 'ICE',
      seats: 5,
      nev: false,
      origin: 'import',
    };
    const created = await send('POST', base, talisman);
    expect(created.statusCode).toBe(201);
    expect(created.json().status).toBe('draft');
    // The taken slug is a detail of the error; it never stands in for the error's own code.
    const again = await send('POST', base, { ...talisman, slug: 'koleos' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ status: 409, code: 'CATALOG_ALREADY_EXISTS', catalogCode: 'koleos' });
    expect(await slugs()).not.toContain('talisman');

    expect((await send('PUT', `${base}/talisman/trims/talisman-18t-intens`, { name: t('1.8T Intens'), engine: '1.8T EDC7', price: 25_980_000 })).statusCode).toBe(200);
    for (const [group, code, price] of [
      ['paint', 'paint-white', 0],
      ['interior', 'int-cloth', 0],
      ['wheels', 'wh-18', 0],
      ['packs', 'pk-night', 500_000],
    ] as const) {
      const res = await send('PUT', `${base}/talisman/options/${code}`, {
        group,
        name: t(code),
        price,
        ...(group === 'packs' ? {} : { availability: { 'talisman-18t-intens': 'standard' } }),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    // A pack nobody can fit: unavailable on the only trim.
    await send('PUT', `${base}/talisman/options/pk-ghost`, { group: 'packs', name: t('Ghost pack'), price: 100, availability: { 'talisman-18t-intens': 'unavailable' } });

    const lint = (await send('GET', `${base}/talisman/lint?locale=en`)).json();
    expect(lint.publishable).toBe(false);
    expect(lint.unreachableOptions.map((o: { option: string }) => o.option)).toEqual(['pk-ghost']);

    const refused = await send('PATCH', `${base}/talisman`, { status: 'active' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('CATALOG_LINT_FAILED');
    expect(await slugs()).not.toContain('talisman');

    await send('PUT', `${base}/talisman/options/pk-ghost`, { status: 'retired' });
    const published = await send('PATCH', `${base}/talisman`, { status: 'active' });
    expect(published.statusCode, published.body).toBe(200);
    expect(await slugs()).toContain('talisman');
    const detail = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/talisman?locale=en' })).json();
    expect(detail.fromPrice.amount).toBe(25_980_000);
    expect(detail.optionGroups.flatMap((g: { options: { code: string }[] }) => g.options.map((o) => o.code))).not.toContain('pk-ghost');
  });

  it('refuses a change that breaks a published model, and keeps it as it was', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const before = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/kadjar?locale=en' })).json();
    // The only roof-rack option made unavailable everywhere: a published model may not carry a dead option.
    const res = await ctx.app.inject({
      method: 'PUT',
      url: `${base}/kadjar/options/${before.optionGroups[0].options[1].code}`,
      headers: admin.headers,
      payload: { availability: Object.fromEntries(before.trims.map((trim: { code: string }) => [trim.code, 'unavailable'])) },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('CATALOG_LINT_FAILED');
    const after = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/kadjar?locale=en' })).json();
    expect(after).toEqual(before);
  });

  it('changes a price for new quotes and audits it', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const res = await ctx.app.inject({
      method: 'PUT',
      url: `${base}/captur/trims/captur-12t-comfort`,
      headers: admin.headers,
      payload: { price: 13_580_000 },
    });
    expect(res.statusCode).toBe(200);
    const captur = (await ctx.app.inject({ url: '/api/v1/stores/renault/models?locale=en' })).json().models.find((m: { slug: string }) => m.slug === 'captur');
    expect(captur.fromPrice.amount).toBe(13_580_000);
    const events = (await ctx.app.inject({ url: '/api/v1/admin/stores/renault/audit-events', headers: admin.headers })).json().events;
    expect(events[0]).toMatchObject({ action: 'catalog.trim_saved', target: { id: 'captur' } });
  });

  it('shows a model to the console with its trims, options, availability and rules, and hides it from other stores', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const res = await ctx.app.inject({ url: `${base}/koleos?locale=en`, headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    const koleos = res.json();
    const published = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/koleos?locale=en' })).json();
    expect(koleos).toMatchObject({ slug: 'koleos', status: 'active', currency: 'CNY' });
    expect(koleos.trims.map((trim: { code: string }) => trim.code)).toEqual(published.trims.map((trim: { code: string }) => trim.code));
    expect(koleos.trims.every((trim: { price: number }) => Number.isInteger(trim.price) && trim.price > 0)).toBe(true);
    expect(koleos.groups.map((group: { code: string }) => group.code)).toContain('paint');
    expect(koleos.rules).toHaveLength(5);
    const missing = await ctx.app.inject({ url: `${base}/clio`, headers: admin.headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CATALOG_MODEL_NOT_FOUND');
    const buyer = await ctx.app.inject({ url: `${base}/koleos` });
    expect(buyer.statusCode).toBe(401);
  });

  it('refuses rules naming unknown codes', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const res = await ctx.app.inject({
      method: 'PUT',
      url: `${base}/koleos/rules`,
      headers: admin.headers,
      payload: { rules: [{ kind: 'requires', option: 'wh-19', targets: ['no-such-trim'] }] },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CATALOG_NOT_FOUND');
    const rules = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/koleos' })).json().rules;
    expect(rules).toHaveLength(5);
  });
});

describe('adding trims and options from the console', () => {
  const t = (en: string, zh = en) => ({ 'zh-CN': zh, fr: en, en });
  const base = '/api/v1/admin/stores/renault/models';
  const version = async () =>
    (await ctx.connection.db.selectFrom('store').select('catalog_version').where('slug', '=', 'renault').executeTakeFirstOrThrow()).catalog_version;

  it('builds a draft from empty with created trims and options, refuses an incomplete one, then publishes it', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const send = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) =>
      ctx.app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) });
    const created = await send('POST', base, {
      slug: 'fluence',
      name: t('Fluence', '风朗'),
      tagline: t('The saloon'),
      body: 'sedan',
      powertrain: 'BEV',
      seats: 5,
      nev: true,
      origin: 'local',
    });
    expect(created.statusCode, created.body).toBe(201);

    // No trim yet: nothing to sell, so nothing to publish.
    const empty = await send('PATCH', `${base}/fluence`, { status: 'active' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json()).toMatchObject({ code: 'CATALOG_LINT_FAILED', lint: { publishable: false, validConfigurationsByTrim: {} } });

    const trim = await send('POST', `${base}/fluence/trims`, { code: 'fluence-ze', name: t('Z.E.'), engine: '22 kWh, 270 km', price: 16_580_000 });
    expect(trim.statusCode, trim.body).toBe(201);
    expect(trim.json()).toMatchObject({ slug: 'fluence', status: 'draft' });
    const paint = await send('POST', `${base}/fluence/options`, { code: 'paint-blue', group: 'paint', name: t('Blue'), price: 0, swatch: '#1f4e8c', availability: { 'fluence-ze': 'standard' } });
    expect(paint.statusCode, paint.body).toBe(201);

    // One trim and a paint: interior and wheels, both required, have nothing to choose: no car can be built.
    const incomplete = await send('PATCH', `${base}/fluence`, { status: 'active' });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({ code: 'CATALOG_LINT_FAILED', lint: { publishable: false, validConfigurationsByTrim: { 'fluence-ze': 0 } } });
    expect(await slugs()).not.toContain('fluence');

    for (const [group, code] of [['interior', 'int-cloth'], ['wheels', 'wh-16']] as const) {
      const res = await send('POST', `${base}/fluence/options`, { code, group, name: t(code), price: 0, availability: { 'fluence-ze': 'standard' } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const published = await send('PATCH', `${base}/fluence`, { status: 'active' });
    expect(published.statusCode, published.body).toBe(200);
    const detail = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/fluence?locale=zh-CN' })).json();
    expect(detail.name).toBe('风朗');
    expect(detail.fromPrice).toEqual({ amount: 16_580_000, currency: 'CNY' });
    expect(detail.optionGroups.find((g: { code: string }) => g.code === 'paint').options).toEqual([
      { code: 'paint-blue', name: 'Blue', price: { amount: 0, currency: 'CNY' }, swatch: '#1f4e8c', availability: { 'fluence-ze': 'standard' } },
    ]);

    const audit = await ctx.connection.db
      .selectFrom('audit_event')
      .select('action')
      .where('target_type', '=', 'model')
      .where('target_id', '=', 'fluence')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'catalog.model_created',
      'catalog.trim_created',
      'catalog.option_created',
      'catalog.option_created',
      'catalog.option_created',
      'catalog.model_updated',
    ]);
  });

  it('answers 409 for a code the model already has, retired ones included, and overwrites nothing', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const post = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: admin.headers, payload });
    const retire = await ctx.app.inject({ method: 'PUT', url: `${base}/koleos/options/acc-towbar`, headers: admin.headers, payload: { status: 'retired' } });
    expect(retire.statusCode, retire.body).toBe(200);
    const before = (await ctx.app.inject({ url: `${base}/koleos`, headers: admin.headers })).json();
    const start = await version();

    const trim = await post(`${base}/koleos/trims`, { code: 'koleos-20-2wd-comfort', name: t('Again'), engine: '2.0L', price: 1 });
    expect(trim.statusCode).toBe(409);
    expect(trim.json()).toMatchObject({ code: 'CATALOG_ALREADY_EXISTS', catalogCode: 'koleos-20-2wd-comfort' });
    const option = await post(`${base}/koleos/options`, { code: 'pk-roof', group: 'packs', name: t('Again'), price: 1 });
    expect(option.statusCode).toBe(409);
    expect(option.json()).toMatchObject({ code: 'CATALOG_ALREADY_EXISTS', catalogCode: 'pk-roof' });
    const retired = await post(`${base}/koleos/options`, { code: 'acc-towbar', group: 'accessories', name: t('Again'), price: 1 });
    expect(retired.statusCode).toBe(409);
    // A code of the other kind is the existing clash, not a duplicate.
    const clash = await post(`${base}/koleos/options`, { code: 'koleos-20-2wd-comfort', group: 'packs', name: t('Clash'), price: 1 });
    expect(clash.statusCode).toBe(422);
    expect(clash.json().code).toBe('CATALOG_CODE_CLASH');

    expect((await ctx.app.inject({ url: `${base}/koleos`, headers: admin.headers })).json()).toEqual(before);
    expect(await version()).toBe(start);
  });

  it('refuses a new option that a published model could never sell, and one in a group or on a trim it lacks', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const post = (payload: object) => ctx.app.inject({ method: 'POST', url: `${base}/captur/options`, headers: admin.headers, payload });
    const trims = (await ctx.app.inject({ url: `${base}/captur`, headers: admin.headers })).json().trims.map((trim: { code: string }) => trim.code) as string[];
    expect(trims.length).toBeGreaterThan(0);
    const start = await version();

    const dead = await post({ code: 'acc-dead', group: 'accessories', name: t('Dead'), price: 100, availability: Object.fromEntries(trims.map((code) => [code, 'unavailable'])) });
    expect(dead.statusCode).toBe(422);
    expect(dead.json().code).toBe('CATALOG_LINT_FAILED');
    expect(dead.json().lint.unreachableOptions.map((o: { option: string }) => o.option)).toEqual(['acc-dead']);
    const group = await post({ code: 'acc-x', group: 'spoilers', name: t('X'), price: 100 });
    expect(group.statusCode).toBe(404);
    expect(group.json()).toMatchObject({ code: 'CATALOG_NOT_FOUND', catalogCode: 'spoilers' });
    const trim = await post({ code: 'acc-x', group: 'accessories', name: t('X'), price: 100, availability: { 'koleos-20-2wd-comfort': 'standard' } });
    expect(trim.statusCode).toBe(404);
    expect(trim.json()).toMatchObject({ code: 'CATALOG_NOT_FOUND', catalogCode: 'koleos-20-2wd-comfort' });

    const codes = await ctx.connection.db
      .selectFrom('option')
      .innerJoin('model', 'model.id', 'option.model_id')
      .where('model.slug', '=', 'captur')
      .where('option.code', 'in', ['acc-dead', 'acc-x'])
      .select('option.code')
      .execute();
    expect(codes).toEqual([]);
    expect(await version()).toBe(start);
  });

  it('names the field of a bad new trim or option in the problem', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const trim = await ctx.app.inject({
      method: 'POST',
      url: `${base}/koleos/trims`,
      headers: admin.headers,
      payload: { code: 'Koleos X', name: t('X'), engine: '2.0L', price: 1.5 },
    });
    expect(trim.statusCode).toBe(400);
    expect(trim.json().code).toBe('REQUEST_VALIDATION_FAILED');
    const paths = trim.json().errors.map((e: { path: string }) => e.path).join(' ');
    expect(paths).toContain('code');
    expect(paths).toContain('price');
    const option = await ctx.app.inject({
      method: 'POST',
      url: `${base}/koleos/options`,
      headers: admin.headers,
      payload: { code: 'acc-y', group: 'accessories', name: { 'zh-CN': 'Y', fr: 'Y' }, price: 100 },
    });
    expect(option.statusCode).toBe(400);
    expect(option.json().errors.map((e: { path: string }) => e.path).join(' ')).toContain('name');
  });
});
