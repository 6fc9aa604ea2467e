import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlCharacterPath } from '../../src/http/validation.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn } from '../helpers/auth.js';

/*
 * PostgreSQL cannot store a NUL byte: before the schema layer refused control characters,
 * every text field that reached the database answered 500 there. Each request below must be
 * a 400 naming the field, on both databases, and change nothing.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const NUL = '\u0000';

function expectRefused(res: { statusCode: number; json(): any }, path: string) {
  expect(res.statusCode).toBe(400);
  const body = res.json();
  expect(body.code).toBe('REQUEST_VALIDATION_FAILED');
  expect(body.errors).toContainEqual({ path, message: 'must not contain control characters' });
}

describe('control characters in text input', () => {
  it('refuses a NUL byte in the sign-in identifier and a code request', async () => {
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier: `buyer${NUL}@example.com`, password: 'whatever-long' } });
    expectRefused(login, 'body.identifier');
    const code = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { destination: `new${NUL}@example.com` } });
    expectRefused(code, 'body.destination');
    expect(ctx.sent).toEqual([]);
  });

  it('refuses NUL in a profile name and an API token name, and keeps the account as it was', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const before = (await ctx.app.inject({ url: '/api/v1/me', headers: admin.headers })).json();
    const profile = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: admin.headers, payload: { displayName: `李${NUL}明` } });
    expectRefused(profile, 'body.displayName');
    const token = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: admin.headers, payload: { name: `ci${NUL}` } });
    expectRefused(token, 'body.name');
    expect((await ctx.app.inject({ url: '/api/v1/me', headers: admin.headers })).json()).toEqual(before);
    const tokens = (await ctx.app.inject({ url: '/api/v1/me/api-tokens', headers: admin.headers })).json().apiTokens;
    expect(tokens).toEqual([]);
  });

  it('refuses NUL and other control characters in catalog text, query strings and paths', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const trim = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/stores/renault/models/koleos/trims/koleos-20-2wd-comfort',
      headers: admin.headers,
      payload: { engine: `2.0L${NUL} CVT` },
    });
    expectRefused(trim, 'body.engine');
    const bell = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/stores/renault/models/koleos/options/pk-bose',
      headers: admin.headers,
      payload: { name: { 'zh-CN': 'Bose', fr: 'Bose\u0007', en: 'Bose' } },
    });
    expectRefused(bell, 'body.name.fr');

    expectRefused(await ctx.app.inject({ url: '/api/v1/stores/renault/models?q=%00koleos' }), 'querystring.q');
    const path = await ctx.app.inject({ url: '/api/v1/stores/renault/models/kol%00eos' });
    expect(path.statusCode).toBe(400);
    expect(path.json().code).toBe('REQUEST_VALIDATION_FAILED');
    const saved = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/stores/renault/configurations',
      payload: { model: 'koleos', trim: `koleos-20-2wd-comfort${NUL}`, options: [] },
    });
    expect(saved.statusCode).toBe(400);
    expect(saved.json().code).toBe('REQUEST_VALIDATION_FAILED');
    expect(await ctx.connection.db.selectFrom('configuration').select('code').execute()).toEqual([]);
  });
});

describe('controlCharacterPath', () => {
  it('points at the first string or key holding a control character, however deep', () => {
    expect(controlCharacterPath({ a: ['ok', { b: `x${NUL}` }] })).toBe('/a/1/b');
    expect(controlCharacterPath({ [`k${NUL}`]: 'v' })).toBe(`/k${NUL}`);
    expect(controlCharacterPath({ 'a/b': '\u001f' })).toBe('/a~1b');
    expect(controlCharacterPath({ note: 'line one\nline two\ttabbed\r\n', n: 3, ok: true, none: null })).toBeUndefined();
    let deep: unknown = `x${NUL}`;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(controlCharacterPath(deep)).toBe('/0'.repeat(100_000));
  });
});
