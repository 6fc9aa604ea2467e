import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adversarialCatalog } from '../../src/modules/configurator/adversarial.js';
import type { ConfigModel } from '../../src/modules/configurator/engine/index.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';

/*
 * Bounded work on every request: catalog size limits, a model too complex to lint refused with
 * the rules that make it so, and a configuration on a model too hard to fix answered without a fix.
 * Work is counted in steps by the engine; nothing here measures time.
 */

let ctx: TestContext;
let admin: Caller;
const base = '/api/v1/admin/stores/renault/models';
const t = (en: string) => ({ 'zh-CN': en, fr: en, en });

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
});
afterAll(async () => {
  await ctx.close();
});

const send = (method: 'POST' | 'PUT' | 'PATCH' | 'GET', url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: admin.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

/** Builds a draft model through the brand console, as an admin would, with every rule of `model`. */
async function buildDraft(model: ConfigModel): Promise<void> {
  const created = await send('POST', base, {
    slug: model.slug,
    name: model.name,
    tagline: t('Built to be hard'),
    body: 'suv',
    powertrain: 'ICE',
    seats: 5,
    nev: false,
    origin: 'local',
  });
  expect(created.statusCode, created.body).toBe(201);
  for (const trim of model.trims) {
    const res = await send('PUT', `${base}/${model.slug}/trims/${trim.code}`, { name: trim.name, engine: '2.0L', price: trim.price });
    expect(res.statusCode, res.body).toBe(200);
  }
  for (const group of model.groups) {
    for (const option of group.options) {
      const standard = Object.fromEntries(Object.entries(option.availability).filter(([, a]) => a !== 'optional'));
      const res = await send('PUT', `${base}/${model.slug}/options/${option.code}`, {
        group: group.code,
        name: option.name,
        price: option.price,
        ...(Object.keys(standard).length > 0 ? { availability: standard } : {}),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  }
  const rules = await send('PUT', `${base}/${model.slug}/rules`, { rules: model.rules });
  expect(rules.statusCode, rules.body).toBe(200);
}

describe('a model as large as the limits allow, with a cycle of includes rules', () => {
  const { model, selection, intent } = adversarialCatalog('includes-cycle', 'hard');

  it('is built as a draft, then refused more trims, options or rule targets with the limit named', async () => {
    await buildDraft(model);

    const trim = await send('PUT', `${base}/hard/trims/t20`, { name: t('One too many'), engine: '2.0L', price: 10_000_000 });
    expect(trim.statusCode).toBe(422);
    expect(trim.json()).toMatchObject({ code: 'CATALOG_LIMIT_EXCEEDED', limit: 'trims', max: 20, count: 21 });

    const option = await send('PUT', `${base}/hard/options/acc-85`, { group: 'accessories', name: t('One too many'), price: 100 });
    expect(option.statusCode).toBe(422);
    expect(option.json()).toMatchObject({ code: 'CATALOG_LIMIT_EXCEEDED', limit: 'options', max: 200, count: 201 });
    expect(option.json().detail).toBe('A model may have at most 200 options; this change would make 201.');

    // Changing what exists is no creation: still allowed at the limit.
    expect((await send('PUT', `${base}/hard/options/acc-84`, { price: 200 })).statusCode).toBe(200);

    const targets = Array.from({ length: 21 }, (_, i) => `pk-${i}`);
    const rules = await send('PUT', `${base}/hard/rules`, { rules: [{ kind: 'requires', option: 'acc-0', targets }] });
    expect(rules.statusCode).toBe(422);
    expect(rules.json()).toMatchObject({ code: 'CATALOG_LIMIT_EXCEEDED', limit: 'targetsPerRule', max: 20, count: 21 });
  }, 120_000);

  it('passes lint with too many cars to count, and is published', async () => {
    const lint = await send('GET', `${base}/hard/lint?locale=en`);
    expect(lint.statusCode, lint.body).toBe(200);
    expect(lint.json()).toMatchObject({ publishable: true, complete: true, countsComplete: false, unreachableOptions: [], contradictoryRules: [] });
    const published = await send('PATCH', `${base}/hard`, { status: 'active' });
    expect(published.statusCode, published.body).toBe(200);
  }, 60_000);

  it('answers a configuration it cannot fix within budget with the violations and no fix', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/stores/renault/configurations?locale=en',
      payload: { model: 'hard', ...selection, intent },
    });
    expect(res.statusCode).toBe(422);
    const problem = res.json();
    expect(problem.code).toBe('CONFIGURATOR_INVALID_SELECTION');
    expect(problem.resolution).toBeNull();
    expect(problem.resolutionExhausted).toBe(true);
    expect(problem.violations.map((v: { code: string }) => v.code)).toEqual(
      expect.arrayContaining(['CONFIGURATOR_GROUP_CONFLICT', 'CONFIGURATOR_EXCLUDES_CONFLICT']),
    );

    // A selection within reach still gets its fix on the same model.
    const small = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/stores/renault/configurations?locale=en',
      payload: { model: 'hard', trim: 't0', options: ['paint-1', 'paint-2'] },
    });
    expect(small.statusCode).toBe(422);
    expect(small.json().resolution.changes).toHaveLength(1);
    expect(small.json().resolutionExhausted).toBeUndefined();
  }, 60_000);

  it('refuses a change that would make the published model too complex, and keeps its rules', async () => {
    const harder = adversarialCatalog('requires-cycle').model.rules;
    const refused = await send('PUT', `${base}/hard/rules`, { rules: harder });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('CATALOG_MODEL_TOO_COMPLEX');
    const rules = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/hard' })).json().rules as { kind: string }[];
    expect(rules.filter((r) => r.kind === 'includes')).toHaveLength(85);
  }, 60_000);
});

describe('a model as large as the limits allow, with a cycle of wide requires rules', () => {
  const { model } = adversarialCatalog('requires-cycle', 'harder');

  it('is refused publication as too complex to lint, naming the rules, and stays a draft', async () => {
    await buildDraft(model);
    const version = async () =>
      (await ctx.connection.db.selectFrom('store').select('catalog_version').where('slug', '=', 'renault').executeTakeFirstOrThrow()).catalog_version;
    const before = await version();

    const preview = await send('GET', `${base}/harder/lint?locale=en`);
    expect(preview.statusCode).toBe(422);
    expect(preview.json().code).toBe('CATALOG_MODEL_TOO_COMPLEX');

    const refused = await send('PATCH', `${base}/harder`, { status: 'active' });
    expect(refused.statusCode).toBe(422);
    const problem = refused.json();
    expect(problem.code).toBe('CATALOG_MODEL_TOO_COMPLEX');
    expect(problem.cycles).toHaveLength(1);
    expect(problem.cycles[0]).toHaveLength(85);
    expect(problem.largestComponent).toMatchObject({ options: 170, rules: 169 });
    expect(problem.detail).toContain('go round in a cycle through acc-0, acc-1, acc-2, acc-3, acc-4, acc-5, acc-6, acc-7, acc-8, acc-9 and 75 more.');

    expect(await version()).toBe(before);
    const models = (await send('GET', base)).json().models as { slug: string; status: string }[];
    expect(models.find((m) => m.slug === 'harder')?.status).toBe('draft');
  }, 120_000);
});
