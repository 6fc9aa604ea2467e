import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/modules/audit/audit.service.js';
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

  it('pages through events that share one instant with a cursor, losing none and repeating none', async () => {
    const alpineStoreId = (await ctx.connection.db.selectFrom('store').select('id').where('slug', '=', 'alpine').executeTakeFirstOrThrow()).id;
    ctx.clock.set(new Date('2026-03-02T05:00:00.000Z'));
    const actor = { userId: null, role: 'system', ip: '127.0.0.1' };
    for (let i = 0; i < 7; i++) {
      await recordAudit(ctx.connection.db, ctx.clock, actor, { action: 'test.same_instant', targetType: 'test', targetId: `t${i}`, storeId: alpineStoreId });
    }
    const platform = await signIn(ctx.app, DEMO.platformAdmin);
    const all: Array<{ id: string }> = (await ctx.app.inject({ url: '/api/v1/admin/stores/alpine/audit-events?limit=200', headers: platform.headers })).json().events;

    const seen: Array<{ id: string; target: { id: string | null } }> = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const query: string = cursor ? `limit=3&cursor=${cursor}` : 'limit=3';
      const res = await ctx.app.inject({ url: `/api/v1/admin/stores/alpine/audit-events?${query}`, headers: platform.headers });
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().events);
      cursor = res.json().nextCursor;
      if (!cursor) break;
    }
    const sameInstant = seen.filter((e) => e.target.id?.startsWith('t')).map((e) => e.target.id);
    expect(sameInstant.sort()).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
  });

  it('reads before as an instant with its offset, not as text', async () => {
    const platform = await signIn(ctx.app, DEMO.platformAdmin);
    const page = async (before: string) => {
      const res = await ctx.app.inject({
        url: `/api/v1/admin/stores/alpine/audit-events?limit=200&before=${encodeURIComponent(before)}`,
        headers: platform.headers,
      });
      expect(res.statusCode).toBe(200);
      return (res.json().events as Array<{ action: string }>).filter((e) => e.action === 'test.same_instant');
    };
    // The events were recorded at 05:00Z, that is 13:00 in Beijing.
    expect(await page('2026-03-02T13:00:01+08:00')).toHaveLength(7);
    // 12:00+08:00 is 04:00Z, before them; as text "2026-03-02T05…Z" < "2026-03-02T12…" would wrongly keep them.
    expect(await page('2026-03-02T12:00:00+08:00')).toEqual([]);
    const bare = await ctx.app.inject({ url: '/api/v1/admin/audit-events?cursor=bm90LWEtY3Vyc29y', headers: platform.headers });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().code).toBe('AUDIT_INVALID_PAGE');
  });

  it('records a store staff member’s account events in that store’s log', async () => {
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: staff.headers, payload: { name: 'DMS' } });
    expect(created.statusCode).toBe(201);
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const events: Event[] = (await ctx.app.inject({ url: '/api/v1/admin/stores/renault/audit-events?limit=200', headers: admin.headers })).json().events;
    const tokenEvents = events.filter((e) => e.action === 'auth.api_token_created' && e.target.id === created.json().apiToken.id);
    expect(tokenEvents.map((e) => e.actor.name)).toEqual(['王芳']);
  });
});
