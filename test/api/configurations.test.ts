import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/seed/demo-data.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn } from '../helpers/auth.js';

const { renault } = loadDemoData();
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const save = (payload: unknown, locale = 'en') =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/stores/renault/configurations?locale=${locale}`, payload: payload as object });
const configurationCount = async () =>
  Number((await ctx.connection.db.selectFrom('configuration').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('POST /api/v1/stores/{store}/configurations', () => {
  it('prices the F1 Team edition configuration to the fen and saves it under a short code', async () => {
    const campaign = renault.campaign;
    const res = await save({ model: 'koleos', trim: campaign.trim, options: campaign.options });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    expect(res.headers.location).toBe(`/api/v1/stores/renault/configurations/${body.code}`);
    expect(body.price.list).toEqual({ amount: campaign.listPrice, currency: 'CNY' });
    expect(body.price.vehicle.amount).toBe(24_800_000);
    // 24,800,000 × 10 / 113 = 2,194,690.27… fen
    expect(body.price.purchaseTax.amount).toBe(2_194_690);
    expect(body.price.compulsoryInsurance.amount).toBe(95_000); // 5 seats
    expect(body.price.plateFee.amount).toBe(50_000);
    expect(body.price.onTheRoad.amount).toBe(27_139_690);
    expect(body.model.name).toBe('Koleos');
  });

  it('exempts the NEV from purchase tax', async () => {
    const res = await save({ model: 'city-k-ze', trim: 'kze-life', options: [] });
    expect(res.statusCode).toBe(201);
    expect(res.json().price.purchaseTax.amount).toBe(0);
  });

  it('returns a saved configuration unchanged, even after prices change', async () => {
    const created = (await save({ model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['pk-roof'] }, 'zh-CN')).json();
    await ctx.connection.db.updateTable('trim').set({ base_price: 1 }).where('code', '=', 'koleos-20-2wd-comfort').execute();
    await ctx.connection.db.updateTable('store').set((eb) => ({ catalog_version: eb('catalog_version', '+', 1) })).execute();
    const res = await ctx.app.inject({ url: `/api/v1/stores/renault/configurations/${created.code}?locale=zh-CN` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(created);
    expect(res.headers['cache-control']).toContain('immutable');
    const fr = (await ctx.app.inject({ url: `/api/v1/stores/renault/configurations/${created.code}?locale=fr` })).json();
    expect(fr.price).toEqual(created.price);
    expect(fr.trim.name).toBe('2.0L 4x2 Confort');
  });

  it('refuses a rule violation with every violation and the smallest fix, saving nothing', async () => {
    const before = await configurationCount();
    const res = await save({ model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['wh-19', 'pk-roof', 'acc-roofbox'], intent: 'wh-19' });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('CONFIGURATOR_INVALID_SELECTION');
    const codes = body.violations.map((v: { code: string }) => v.code);
    expect(codes).toEqual(expect.arrayContaining(['CONFIGURATOR_UNAVAILABLE_ON_TRIM', 'CONFIGURATOR_EXCLUDES_CONFLICT']));
    expect(body.resolution.selection.options).toContain('wh-19');
    expect(body.resolution.changes.length).toBeGreaterThan(0);
    expect(typeof body.resolution.summary).toBe('string');
    expect(await configurationCount()).toBe(before);
  });

  it.each([
    ['an unknown model', { model: 'clio', trim: 'x', options: [] }, 422, 'CONFIGURATOR_UNKNOWN_MODEL'],
    ['a trim of another model', { model: 'koleos', trim: 'kadjar-20-2wd-comfort', options: [] }, 422, 'CONFIGURATOR_INVALID_SELECTION'],
    ['duplicate options', { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['pk-roof', 'pk-roof'] }, 422, 'CONFIGURATOR_INVALID_SELECTION'],
    ['an option of another model', { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['kze-wifi'] }, 422, 'CONFIGURATOR_INVALID_SELECTION'],
    ['too many options', { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: Array.from({ length: 61 }, (_, i) => `o${i}`) }, 400, 'REQUEST_VALIDATION_FAILED'],
    ['options that are not a list', { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: 'pk-roof' }, 400, 'REQUEST_VALIDATION_FAILED'],
    ['a number for a trim', { model: 'koleos', trim: 7, options: [] }, 400, 'REQUEST_VALIDATION_FAILED'],
    ['an unknown field', { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [], price: 1 }, 400, 'REQUEST_VALIDATION_FAILED'],
    ['a missing trim', { model: 'koleos', options: [] }, 400, 'REQUEST_VALIDATION_FAILED'],
  ])('refuses %s', async (_name, payload, status, code) => {
    const before = await configurationCount();
    const res = await save(payload);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe(code);
    expect(await configurationCount()).toBe(before);
  });

  it('404s an unknown code and an unknown store', async () => {
    const unknown = await ctx.app.inject({ url: '/api/v1/stores/renault/configurations/ABCDEFGH' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'CONFIGURATOR_CONFIGURATION_NOT_FOUND', configurationCode: 'ABCDEFGH' });
    const malformed = await ctx.app.inject({ url: '/api/v1/stores/renault/configurations/abc' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('REQUEST_VALIDATION_FAILED');
    const otherStore = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/stores/lada/configurations',
      payload: { model: 'koleos', trim: 'x', options: [] },
    });
    expect(otherStore.statusCode).toBe(404);
    expect(otherStore.json().code).toBe('CATALOG_STORE_NOT_FOUND');
  });

  it('keeps one store’s configurations out of another', async () => {
    const created = (await save({ model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] })).json();
    const elsewhere = await ctx.app.inject({ url: `/api/v1/stores/alpine/configurations/${created.code}` });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().code).toBe('CONFIGURATOR_CONFIGURATION_NOT_FOUND');
    const buyer = await signIn(ctx.app, DEMO.buyer);
    expect((await ctx.app.inject({ url: `/api/v1/stores/renault/configurations/${created.code}`, headers: buyer.headers })).statusCode).toBe(200);
  });
});
