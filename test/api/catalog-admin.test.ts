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
    expect((await ctx.app.inject({ url: '/api/v1/stores/renault/models/espace' })).statusCode).toBe(404);

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
    const bad = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/stores/renault/models/koleos',
      headers: admin.headers,
      payload: { status: 'sold-out' },
    });
    expect(bad.statusCode).toBe(400);
    const empty = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/admin/stores/renault/models/koleos', headers: admin.headers, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(await version()).toBe(start);
  });
});
