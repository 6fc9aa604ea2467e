import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import type { Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { TEST_NOW } from '../helpers/clock.js';

let ctx: TestContext;
let alice: Caller;
let bob: Caller;

beforeAll(async () => {
  ctx = await createTestApp();
  const buyers = await makeBuyers(ctx, 2, 'my-configurations');
  alice = buyers[0]!;
  bob = buyers[1]!;
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(() => {
  ctx.clock.set(TEST_NOW);
});

const save = async (caller: Caller | null, store: string, model: string, trim: string, options: string[] = []) => {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/stores/${store}/configurations?locale=en`,
    headers: caller?.headers ?? {},
    payload: { model, trim, options },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().code as string;
};
const mine = (caller: Caller, query = '') => ctx.app.inject({ url: `/api/v1/me/configurations?locale=en${query}`, headers: caller.headers });
const later = (minutes: number) => ctx.clock.set(new Date(TEST_NOW.getTime() + minutes * 60_000));

describe('GET /api/v1/me/configurations', () => {
  it('lists only the caller’s saves, newest first, with the store to reopen them in', async () => {
    const first = await save(alice, 'renault', 'koleos', 'koleos-20-2wd-comfort', ['pk-roof']);
    later(1);
    await save(bob, 'renault', 'koleos', 'koleos-20-2wd-comfort');
    later(2);
    await save(null, 'renault', 'koleos', 'koleos-20-2wd-comfort');
    later(3);
    const second = await save(alice, 'renault', 'city-k-ze', 'kze-life');

    const res = await mine(alice);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.configurations.map((c: { code: string }) => c.code)).toEqual([second, first]);
    expect(body.configurations[0]).toMatchObject({ store: 'renault', model: { slug: 'city-k-ze' }, createdAt: '2026-03-02T02:03:00.000Z' });
    expect(body.configurations[1]).toMatchObject({
      store: 'renault',
      model: { slug: 'koleos', name: 'Koleos' },
      selection: { trim: 'koleos-20-2wd-comfort', options: ['pk-roof'] },
      createdAt: '2026-03-02T02:00:00.000Z',
    });
    expect(body.nextCursor).toBeNull();

    const bobs = (await mine(bob)).json();
    expect(bobs.configurations).toHaveLength(1);
    expect(bobs.configurations.map((c: { code: string }) => c.code)).not.toContain(first);
    expect(bobs.configurations.map((c: { code: string }) => c.code)).not.toContain(second);
  });

  it('pages with a cursor and refuses one it did not give', async () => {
    const [carol] = await makeBuyers(ctx, 1, 'my-configurations-pages');
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      later(10 + i);
      codes.push(await save(carol!, 'renault', 'koleos', 'koleos-20-2wd-comfort'));
    }
    const page1 = (await mine(carol!, '&limit=2')).json();
    expect(page1.configurations.map((c: { code: string }) => c.code)).toEqual([codes[2], codes[1]]);
    expect(page1.nextCursor).toBe(`2026-03-02T02:11:00.000Z_${codes[1]}`);
    const page2 = (await mine(carol!, `&limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`)).json();
    expect(page2.configurations.map((c: { code: string }) => c.code)).toEqual([codes[0]]);
    expect(page2.nextCursor).toBeNull();

    const bad = await mine(carol!, '&cursor=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('CONFIGURATOR_INVALID_CURSOR');
  });

  it('refuses a signed-in save without the CSRF token', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/stores/renault/configurations',
      headers: { cookie: alice.headers.cookie! },
      payload: { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH_CSRF_FAILED');
  });

  it('asks an anonymous caller to sign in', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/me/configurations' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_REQUIRED');
  });
});
