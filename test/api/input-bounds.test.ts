import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn } from '../helpers/auth.js';

/*
 * Input that schemas of JSON Schema's own types let through: numbers that read as Infinity
 * ("1e309" in a query, 1e309 in JSON) and names made only of blanks.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

function expectInvalid(res: Awaited<ReturnType<TestContext['app']['inject']>>, path: string, message?: string) {
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.code).toBe('REQUEST_VALIDATION_FAILED');
  expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
  if (message) expect(body.errors).toContainEqual({ path, message });
}

describe('numbers that are not finite', () => {
  it.each(['1e309', 'Infinity', '-1e309', '1e400', '10000000001'])('maxPrice=%s is a 400', async (maxPrice) => {
    expectInvalid(await ctx.app.inject({ url: `/api/v1/stores/renault/models?maxPrice=${maxPrice}` }), 'querystring.maxPrice');
  });

  it.each(['0x10', '%20', '1e3', '12.', '+5', '0b1', '1_000'])('maxPrice=%s, a number not in decimal digits, is a 400', async (maxPrice) => {
    expectInvalid(await ctx.app.inject({ url: `/api/v1/stores/renault/models?maxPrice=${maxPrice}` }), 'querystring.maxPrice', 'must be a number in decimal digits');
  });

  it('a plain decimal maxPrice filters the range', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/stores/renault/models?maxPrice=15000000&locale=en' });
    expect(res.statusCode).toBe(200);
    expect(res.json().models.map((m: { slug: string }) => m.slug)).toEqual(['captur', 'city-k-ze']);
  });

  it('a large but finite maxPrice is still taken', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/stores/renault/models?maxPrice=10000000000' });
    expect(res.statusCode).toBe(200);
    expect(res.json().models).toHaveLength(5);
  });

  it('a price of 1e309 in a JSON body is a 400 and changes nothing', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const url = '/api/v1/admin/stores/renault/models/koleos/trims/koleos-20-2wd-comfort';
    const res = await ctx.app.inject({
      method: 'PUT',
      url,
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"price": 1e309}',
    });
    expectInvalid(res, 'body.price');
    const trim = await ctx.connection.db.selectFrom('trim').select('base_price').where('code', '=', 'koleos-20-2wd-comfort').executeTakeFirstOrThrow();
    expect(Number(trim.base_price)).toBe(17_980_000);
  });
});

describe('names made only of blanks', () => {
  it.each([' ', '   ', '\u3000\u3000', '\t\n', '\u200B'])('a display name of %j is a 400', async (displayName) => {
    const buyer = await signIn(ctx.app, DEMO.buyer);
    const res = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: buyer.headers, payload: { displayName } });
    expectInvalid(res, 'body.displayName', 'must not be blank');
    const me = (await ctx.app.inject({ url: '/api/v1/me', headers: buyer.headers })).json();
    expect(me.account.displayName).toBe('李明');
  });

  it('a display name with spaces around a visible character is taken', async () => {
    const buyer = await signIn(ctx.app, DEMO.buyer);
    const res = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: buyer.headers, payload: { displayName: '李明 ' } });
    expect(res.statusCode).toBe(200);
  });

  it('an API token name of blanks is a 400, and no token is made', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: admin.headers, payload: { name: '  ' } });
    expectInvalid(res, 'body.name', 'must not be blank');
    const list = (await ctx.app.inject({ url: '/api/v1/me/api-tokens', headers: admin.headers })).json();
    expect(list.apiTokens).toEqual([]);
  });

  it('a model name blank in one language is a 400, and the model is not made', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const t = (en: string) => ({ 'zh-CN': en, fr: en, en });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stores/renault/models',
      headers: admin.headers,
      payload: {
        slug: 'talisman',
        name: { 'zh-CN': '\u3000', fr: 'Talisman', en: 'Talisman' },
        tagline: t('The executive saloon'),
        body: 'sedan',
        powertrain: 'ICE',
        seats: 5,
        nev: false,
        origin: 'import',
      },
    });
    expectInvalid(res, 'body.name.zh-CN', 'must not be blank');
    const models = (await ctx.app.inject({ url: '/api/v1/admin/stores/renault/models', headers: admin.headers })).json().models;
    expect(models.map((m: { slug: string }) => m.slug)).not.toContain('talisman');
  });

  it('a trim engine of blanks is a 400', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const res = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/stores/renault/models/koleos/trims/koleos-20-2wd-comfort',
      headers: admin.headers,
      payload: { engine: '   ' },
    });
    expectInvalid(res, 'body.engine', 'must not be blank');
  });
});

describe('a refusal costs no more than the request', () => {
  const configure = (payload: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/configurations', headers: { 'content-type': 'application/json' }, payload });

  it('a body of 100,000 wrong array items is refused with a short list, not one problem per item', async () => {
    const payload = `{"model":"koleos","trim":"koleos-20-2wd-comfort","options":[${Array(100_000).fill('1').join(',')}]}`;
    expect(payload.length).toBeLessThan(256 * 1024);
    const res = await configure(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('REQUEST_VALIDATION_FAILED');
    expect(res.json().errors.length).toBeGreaterThan(0);
    expect(res.json().errors.length).toBeLessThanOrEqual(50);
    expect(res.body.length).toBeLessThan(16 * 1024);
  });

  it('a body of 20,000 unknown fields is refused with a short list', async () => {
    const unknown = Array.from({ length: 20_000 }, (_, i) => `"k${i}":1`).join(',');
    const res = await configure(`{${unknown},"model":"koleos","trim":"koleos-20-2wd-comfort","options":[]}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.length).toBeLessThanOrEqual(50);
    expect(res.json().errors[0].message).toBe('is not a known field');
    expect(res.body.length).toBeLessThan(16 * 1024);
  });

  it('a small body still hears of every problem it has', async () => {
    const res = await configure('{"model":1,"trim":"koleos-20-2wd-comfort","options":["pk-bose",2],"colour":"red"}');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.colour', 'body.model', 'body.options[1]']);
  });

  it('a small body with more than 50 problems names the first 50 and counts the rest', async () => {
    const unknown = Array.from({ length: 60 }, (_, i) => `"k${i}":1`).join(',');
    const res = await configure(`{${unknown},"model":"koleos","trim":"koleos-20-2wd-comfort","options":[]}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toHaveLength(50);
    expect(res.json().detail).toMatch(/; and 10 more$/);
  });
});
