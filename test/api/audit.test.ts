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

type Event = { action: string; storeId: string | null; ip: string; actor: { role: string; name: string | null }; target: { id: string | null } };

describe('audit log', () => {
  it('records security events and console changes with who, what, when and from where', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: DEMO.renaultAdmin, password: 'wrong-password' },
      remoteAddress: '203.0.113.9',
    });
    const change = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/stores/renault/models/captur',
      headers: admin.headers,
      payload: { status: 'retired' },
      remoteAddress: '203.0.113.7',
    });
    expect(change.statusCode).toBe(200);

    const res = await ctx.app.inject({ url: '/api/v1/admin/stores/renault/audit-events', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const events: Event[] = res.json().events;
    const [latest] = events;
    expect(latest).toMatchObject({
      action: 'catalog.model_updated',
      ip: '203.0.113.7',
      actor: { role: 'brand_admin', name: 'Renault China' },
      target: { id: 'captur' },
    });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed']));
    expect(events.find((e) => e.action === 'auth.login_failed')!.ip).toBe('203.0.113.9');
  });

  it('shows a brand admin only their store’s events; the platform admin sees all', async () => {
    const alpine = await signIn(ctx.app, DEMO.alpineAdmin);
    const renault = await signIn(ctx.app, DEMO.renaultAdmin);
    const renaultStoreId = (await ctx.connection.db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow()).id;
    const alpineEvents: Event[] = (await ctx.app.inject({ url: '/api/v1/admin/stores/alpine/audit-events', headers: alpine.headers })).json().events;
    expect(alpineEvents.length).toBeGreaterThan(0);
    expect(alpineEvents.every((e) => e.storeId !== renaultStoreId)).toBe(true);

    const renaultEvents: Event[] = (await ctx.app.inject({ url: '/api/v1/admin/stores/renault/audit-events', headers: renault.headers })).json().events;
    expect(renaultEvents.every((e) => e.storeId === renaultStoreId)).toBe(true);

    const platform = await signIn(ctx.app, DEMO.platformAdmin);
    const all: Event[] = (await ctx.app.inject({ url: '/api/v1/admin/audit-events?limit=200', headers: platform.headers })).json().events;
    const stores = new Set(all.map((e) => e.storeId));
    expect(stores.has(renaultStoreId)).toBe(true);
    expect(stores.size).toBeGreaterThanOrEqual(3);
  });

  it('pages backwards with before', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const first: Event[] = (await ctx.app.inject({ url: '/api/v1/admin/stores/renault/audit-events?limit=2', headers: admin.headers })).json().events;
    expect(first).toHaveLength(2);
    const last = first[1] as unknown as { at: string };
    const next: Array<{ at: string }> = (
      await ctx.app.inject({ url: `/api/v1/admin/stores/renault/audit-events?limit=2&before=${encodeURIComponent(last.at)}`, headers: admin.headers })
    ).json().events;
    expect(next.every((e) => e.at < last.at)).toBe(true);
  });
});
