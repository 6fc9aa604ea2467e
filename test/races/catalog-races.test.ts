import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { releasedTogether } from '../helpers/races.js';

/*
 * Concurrent brand-console edits, fired together so that on PostgreSQL they run on separate
 * pooled connections at the same time. Each would have broken the catalog before every change
 * locked the store and the model first (src/db/tx.ts).
 */

let ctx: TestContext;
let admin: Caller;
beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
});
afterAll(async () => {
  await ctx.close();
});

const base = '/api/v1/admin/stores/renault/models';
const t = (en: string) => ({ 'zh-CN': en, fr: en, en });
const put = (url: string, payload: object) => ctx.app.inject({ method: 'PUT', url, headers: admin.headers, payload });

describe('concurrent catalog edits', () => {
  it('never publishes a model that lint rejects when two edits each pass alone (write skew)', async () => {
    // A new accessory for every trim. A rule tying it to the 2.0L Luxury, or closing it on that
    // trim, is fine alone; both together leave an option no buyer can reach.
    const created = await put(`${base}/koleos/options/acc-race-rack`, { group: 'accessories', name: t('Race rack'), price: 120_000 });
    expect(created.statusCode, created.body).toBe(200);
    const rules = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/koleos' })).json().rules.map(
      ({ kind, option, targets }: { kind: string; option: string; targets: string[] }) => ({ kind, option, targets }),
    );
    expect(rules).toHaveLength(5);

    const [tieRule, closeOption] = await releasedTogether(ctx, 'renault', 2, () =>
      Promise.all([
        put(`${base}/koleos/rules`, { rules: [...rules, { kind: 'requires', option: 'acc-race-rack', targets: ['koleos-20-2wd-luxury'] }] }),
        put(`${base}/koleos/options/acc-race-rack`, { availability: { 'koleos-20-2wd-luxury': 'unavailable' } }),
      ]),
    );
    const statuses = [tieRule.statusCode, closeOption.statusCode].sort();
    expect(statuses).toEqual([200, 422]);
    const refused = tieRule.statusCode === 422 ? tieRule : closeOption;
    expect(refused.json().code).toBe('CATALOG_LINT_FAILED');

    const lint = (await ctx.app.inject({ url: `${base}/koleos/lint?locale=en`, headers: admin.headers })).json();
    expect(lint.publishable).toBe(true);
    expect(lint.unreachableOptions).toEqual([]);
    const saved = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/stores/renault/configurations',
      payload: { model: 'koleos', trim: 'koleos-20-2wd-luxury', options: [] },
    });
    expect(saved.statusCode, saved.body).toBe(201);
  });

  it('applies concurrent edits of one option’s availability one after the other', async () => {
    const edits = ['koleos-20-2wd-comfort', 'koleos-20-2wd-luxury', 'koleos-25-4wd-luxury', 'koleos-25-4wd-flagship'].map((trim, i) =>
      () => put(`${base}/koleos/options/acc-towbar`, { availability: { [trim]: i % 2 === 0 ? 'standard' : 'optional' } }),
    );
    const answers = await releasedTogether(ctx, 'renault', edits.length, () => Promise.all(edits.map((edit) => edit())));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);

    const detail = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/koleos?locale=en' })).json();
    const towbar = detail.optionGroups
      .flatMap((g: { options: Array<{ code: string; availability: Record<string, string> }> }) => g.options)
      .find((o: { code: string }) => o.code === 'acc-towbar');
    // Each edit named one trim, so all of them stand whatever order they ran in.
    expect(towbar.availability).toEqual({
      'koleos-20-2wd-comfort': 'standard',
      'koleos-20-2wd-luxury': 'optional',
      'koleos-25-4wd-luxury': 'standard',
      'koleos-25-4wd-flagship': 'optional',
    });
  });

  it('answers every one of ten identical concurrent rule replacements, and keeps one rule set', async () => {
    const rules = [
      { kind: 'requires', option: 'wh-19', targets: ['koleos-25-4wd-flagship'] },
      { kind: 'excludes', option: 'pk-roof', targets: ['acc-roofbox'] },
    ];
    const answers = await releasedTogether(ctx, 'renault', 10, () => Promise.all(Array.from({ length: 10 }, () => put(`${base}/koleos/rules`, { rules }))));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200));

    const stored = await ctx.connection.db
      .selectFrom('option_rule')
      .innerJoin('model', 'model.id', 'option_rule.model_id')
      .where('model.slug', '=', 'koleos')
      .select(['option_rule.option_code', 'option_rule.position'])
      .orderBy('option_rule.position')
      .execute();
    expect(stored).toEqual([
      { option_code: 'wh-19', position: 0 },
      { option_code: 'pk-roof', position: 1 },
    ]);
  });

  it('creates a model once when the same new model is posted twice at once', async () => {
    const model = {
      slug: 'latitude',
      name: t('Latitude'),
      tagline: t('The saloon'),
      body: 'sedan',
      powertrain: 'ICE',
      seats: 5,
      nev: false,
      origin: 'import',
    };
    const answers = await releasedTogether(ctx, 'renault', 3, () =>
      Promise.all([0, 1, 2].map(() => ctx.app.inject({ method: 'POST', url: base, headers: admin.headers, payload: model }))),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
    for (const answer of answers.filter((a) => a.statusCode === 409)) expect(answer.json().code).toBe('CATALOG_ALREADY_EXISTS');
    const groups = await ctx.connection.db
      .selectFrom('option_group')
      .innerJoin('model', 'model.id', 'option_group.model_id')
      .where('model.slug', '=', 'latitude')
      .select('option_group.code')
      .execute();
    expect(groups).toHaveLength(5);
  });
});

describe('adding the same trim or option from two consoles at once', () => {
  const post = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: admin.headers, payload });
  const rowsOf = (table: 'trim' | 'option', code: string) =>
    ctx.connection.db
      .selectFrom(table)
      .innerJoin('model', 'model.id', `${table}.model_id`)
      .where('model.slug', '=', 'kadjar')
      .where(`${table}.code`, '=', code)
      .select([`${table}.name`])
      .execute();
  const auditsOf = (action: string, code: string) =>
    ctx.connection.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', action)
      .where('target_id', '=', 'kadjar')
      .execute()
      .then((rows) => rows.filter((row) => (JSON.parse(row.details) as { code?: string }).code === code));

  it('creates a trim once when three admins add the same code, and keeps the winner’s fields', async () => {
    const versionBefore = (await ctx.connection.db.selectFrom('store').select('catalog_version').where('slug', '=', 'renault').executeTakeFirstOrThrow()).catalog_version;
    const answers = await releasedTogether(ctx, 'renault', 3, () =>
      Promise.all(['A', 'B', 'C'].map((who) => post(`${base}/kadjar/trims`, { code: 'kadjar-race', name: t(`Race ${who}`), engine: '1.2T', price: 14_000_000 }))),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) expect(refused.json()).toMatchObject({ code: 'CATALOG_ALREADY_EXISTS', catalogCode: 'kadjar-race' });
    const winner = ['A', 'B', 'C'][answers.findIndex((a) => a.statusCode === 201)]!;
    const rows = await rowsOf('trim', 'kadjar-race');
    expect(rows.map((row) => JSON.parse(row.name).en)).toEqual([`Race ${winner}`]);
    expect(await auditsOf('catalog.trim_created', 'kadjar-race')).toHaveLength(1);
    const versionAfter = (await ctx.connection.db.selectFrom('store').select('catalog_version').where('slug', '=', 'renault').executeTakeFirstOrThrow()).catalog_version;
    expect(versionAfter).toBe(versionBefore + 1);
  });

  it('creates an option once when three admins add the same code', async () => {
    const answers = await releasedTogether(ctx, 'renault', 3, () =>
      Promise.all(['A', 'B', 'C'].map((who) => post(`${base}/kadjar/options`, { code: 'acc-race', group: 'accessories', name: t(`Race ${who}`), price: 80_000 }))),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) expect(refused.json()).toMatchObject({ code: 'CATALOG_ALREADY_EXISTS', catalogCode: 'acc-race' });
    const winner = ['A', 'B', 'C'][answers.findIndex((a) => a.statusCode === 201)]!;
    expect((await rowsOf('option', 'acc-race')).map((row) => JSON.parse(row.name).en)).toEqual([`Race ${winner}`]);
    expect(await auditsOf('catalog.option_created', 'acc-race')).toHaveLength(1);
  });
});

describe('catalog size limits', () => {
  it('holds a model to 20 trims when new trims arrive at once', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: base,
      headers: admin.headers,
      payload: { slug: 'limit-race', name: t('Limit'), tagline: t('Limit'), body: 'suv', powertrain: 'ICE', seats: 5, nev: false, origin: 'local' },
    });
    expect(created.statusCode).toBe(201);
    for (let i = 0; i < 18; i++) {
      expect((await put(`${base}/limit-race/trims/t${i}`, { name: t(`T${i}`), engine: '2.0L', price: 10_000_000 })).statusCode).toBe(200);
    }
    const answers = await releasedTogether(ctx, 'renault', 4, () =>
      Promise.all([18, 19, 20, 21].map((i) => put(`${base}/limit-race/trims/t${i}`, { name: t(`T${i}`), engine: '2.0L', price: 10_000_000 }))),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 422, 422]);
    for (const refused of answers.filter((a) => a.statusCode === 422)) expect(refused.json().code).toBe('CATALOG_LIMIT_EXCEEDED');
    const model = await ctx.connection.db.selectFrom('model').select('id').where('slug', '=', 'limit-race').executeTakeFirstOrThrow();
    const trims = await ctx.connection.db.selectFrom('trim').select('code').where('model_id', '=', model.id).execute();
    expect(trims).toHaveLength(20);
  });
});

describe('trim and option codes share one namespace', () => {
  it('lets only one of a trim and an option created at once take the same code', async () => {
    const [trim, option] = await releasedTogether(ctx, 'renault', 2, () =>
      Promise.all([
        put(`${base}/koleos/trims/koleos-dual`, { name: t('Dual'), engine: '2.0L', price: 20_000_000 }),
        put(`${base}/koleos/options/koleos-dual`, { group: 'accessories', name: t('Dual'), price: 100 }),
      ]),
    );
    expect([trim.statusCode, option.statusCode].sort()).toEqual([200, 422]);
    expect((trim.statusCode === 422 ? trim : option).json().code).toBe('CATALOG_CODE_CLASH');
    const model = await ctx.connection.db.selectFrom('model').select('id').where('slug', '=', 'koleos').executeTakeFirstOrThrow();
    const trims = await ctx.connection.db.selectFrom('trim').select('code').where('model_id', '=', model.id).where('code', '=', 'koleos-dual').execute();
    const options = await ctx.connection.db.selectFrom('option').select('code').where('model_id', '=', model.id).where('code', '=', 'koleos-dual').execute();
    expect(trims.length + options.length).toBe(1);
  });


  it('refuses an option named like a trim, and a trim named like an option, with 422 naming the clash', async () => {
    const version = async () =>
      (await ctx.connection.db.selectFrom('store').select('catalog_version').where('slug', '=', 'renault').executeTakeFirstOrThrow()).catalog_version;
    const start = await version();

    const option = await put(`${base}/koleos/options/koleos-25-4wd-flagship`, { group: 'packs', name: t('Clash'), price: 100 });
    expect(option.statusCode).toBe(422);
    expect(option.json()).toMatchObject({ code: 'CATALOG_CODE_CLASH', clashingCode: 'koleos-25-4wd-flagship' });

    const trim = await put(`${base}/koleos/trims/pk-bose`, { name: t('Clash'), engine: '2.0L', price: 20_000_000 });
    expect(trim.statusCode).toBe(422);
    expect(trim.json()).toMatchObject({ code: 'CATALOG_CODE_CLASH', clashingCode: 'pk-bose' });

    expect(await version()).toBe(start);
    const lint = await ctx.app.inject({ url: `${base}/koleos/lint?locale=en`, headers: admin.headers });
    expect(lint.statusCode).toBe(200);
  });
});
