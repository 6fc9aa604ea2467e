import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { authenticateSession, getAccount, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../src/modules/accounts/accounts.service.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { codeSentTo, cookiesFrom, DEMO, signIn } from '../helpers/auth.js';
import { recordingStatements } from '../helpers/statements.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const me = (headers: Record<string, string>) => ctx.app.inject({ url: '/api/v1/me', headers });

describe('sessions', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and stores only its hash', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: DEMO.buyer, password: 'vitrine2018' },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = setCookie.find((c) => c.startsWith('vitrine_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i);
    const token = cookiesFrom(setCookie).vitrine_session!;
    const stored = await ctx.connection.db.selectFrom('session').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash === token)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
  });

  it('marks the cookie Secure behind an https load balancer it trusts', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: DEMO.buyer, password: 'vitrine2018' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    // Without TRUST_PROXY the forwarded header is ignored: plain http, no Secure flag.
    expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).join()).not.toMatch(/Secure/);

    // Behind a trusted load balancer that terminated https, the cookie is Secure.
    const behindProxy = await buildApp({ db: ctx.connection.db, dialect: ctx.connection.dialect, clock: ctx.clock, trustProxy: 1 });
    const secure = await behindProxy.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: DEMO.buyer, password: 'vitrine2018' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    const cookies = ([] as string[]).concat(secure.headers['set-cookie'] ?? []);
    expect(cookies.find((c) => c.startsWith('vitrine_session='))).toMatch(/; Secure/);
    await behindProxy.close();
  });

  it('revokes a planted session token at sign-in, so it cannot ride the new one (fixation)', async () => {
    const planted = await signIn(ctx.app, DEMO.buyer);
    expect((await me(planted.headers)).statusCode).toBe(200);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: DEMO.buyer, password: 'vitrine2018' },
      headers: { cookie: `vitrine_session=${planted.token}` },
    });
    expect(res.statusCode).toBe(200);
    const fresh = cookiesFrom(res.headers['set-cookie']).vitrine_session!;
    expect(fresh).not.toBe(planted.token);
    expect((await me(planted.headers)).statusCode).toBe(401);
    const signedIn = await me({ cookie: `vitrine_session=${fresh}` });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().account.email).toBe('buyer@example.com');
  });

  it('expires after the idle timeout, and after the absolute one even when used', async () => {
    const caller = await signIn(ctx.app, DEMO.buyer);
    expect((await me(caller.headers)).statusCode).toBe(200);
    ctx.clock.advance(SESSION_IDLE_MS + 1000);
    expect((await me(caller.headers)).statusCode).toBe(401);

    const busy = await signIn(ctx.app, DEMO.buyer);
    for (let elapsed = 0; elapsed < SESSION_ABSOLUTE_MS; elapsed += SESSION_IDLE_MS / 2) {
      ctx.clock.advance(SESSION_IDLE_MS / 2);
      const res = await me(busy.headers);
      if (elapsed + SESSION_IDLE_MS / 2 < SESSION_ABSOLUTE_MS) expect(res.statusCode).toBe(200);
    }
    ctx.clock.advance(SESSION_IDLE_MS / 2);
    expect((await me(busy.headers)).statusCode).toBe(401);
  });

  it('logout revokes the session server-side', async () => {
    const caller = await signIn(ctx.app, DEMO.buyer);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: caller.headers });
    expect(out.statusCode).toBe(204);
    expect((await me(caller.headers)).statusCode).toBe(401);
  });

  it('a password change revokes every other session and API token, renews this one, and retires the old password', async () => {
    const here = await signIn(ctx.app, DEMO.staffShanghai);
    const elsewhere = await signIn(ctx.app, DEMO.staffShanghai);
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: here.headers, payload: { name: 'DMS' } });
    const bearer = { authorization: `Bearer ${created.json().token}` };
    expect((await me(bearer)).statusCode).toBe(200);

    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: here.headers,
      payload: { currentPassword: 'vitrine2018', newPassword: 'a-new-secret-2026' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ revokedSessions: 1, revokedApiTokens: 1 });
    expect((await me(elsewhere.headers)).statusCode).toBe(401);
    const tokenAfter = await me(bearer);
    expect(tokenAfter.statusCode).toBe(401);
    expect(tokenAfter.json().code).toBe('AUTH_TOKEN_INVALID');

    // This browser's session is replaced: the old cookie is dead, the new cookie and CSRF token work.
    expect((await me(here.headers)).statusCode).toBe(401);
    const renewed = cookiesFrom(res.headers['set-cookie']);
    expect(renewed.vitrine_session).not.toBe(here.token);
    expect(res.json().csrfToken).not.toBe(here.csrf);
    expect(renewed.vitrine_csrf).toBe(res.json().csrfToken);
    const write = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: `vitrine_session=${renewed.vitrine_session}`, 'x-csrf-token': res.json().csrfToken },
      payload: { displayName: '王芳' },
    });
    expect(write.statusCode).toBe(200);

    const old = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: DEMO.staffShanghai, password: 'vitrine2018' },
    });
    expect(old.statusCode).toBe(401);
    expect(old.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    await signIn(ctx.app, DEMO.staffShanghai, 'a-new-secret-2026');
  });

  it('refuses a cookie-authenticated write without the CSRF header, changing nothing', async () => {
    const caller = await signIn(ctx.app, DEMO.buyer);
    const noHeader = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: caller.headers.cookie! },
      payload: { displayName: 'Mallory' },
    });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe('AUTH_CSRF_FAILED');
    const wrong = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: caller.headers.cookie!, 'x-csrf-token': 'forged' },
      payload: { displayName: 'Mallory' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('AUTH_CSRF_FAILED');
    expect((await me(caller.headers)).json().account.displayName).toBe('李明');

    const ok = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: caller.headers, payload: { displayName: '李明明' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().account.displayName).toBe('李明明');
  });

  it('lists and revokes its own sessions, not another account’s', async () => {
    const mine = await signIn(ctx.app, DEMO.renaultAdmin);
    const other = await signIn(ctx.app, DEMO.alpineAdmin);
    const list = (await ctx.app.inject({ url: '/api/v1/me/sessions', headers: other.headers })).json().sessions;
    const otherSessionId = list.find((s: { current: boolean }) => s.current).id;
    const steal = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${otherSessionId}`, headers: mine.headers });
    expect(steal.statusCode).toBe(404);
    expect(steal.json().code).toBe('AUTH_SESSION_NOT_FOUND');
    expect((await me(other.headers)).statusCode).toBe(200);
    const own = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${otherSessionId}`, headers: other.headers });
    expect(own.statusCode).toBe(204);
    expect((await me(other.headers)).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('act with the creator’s role and store, are hashed at rest, and stop at revocation', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/me/api-tokens',
      headers: admin.headers,
      payload: { name: 'DMS sync' },
    });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json();
    const bearer = { authorization: `Bearer ${token}` };
    const stored = await ctx.connection.db.selectFrom('api_token').select('token_hash').where('id', '=', apiToken.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    expect((await ctx.app.inject({ url: '/api/v1/admin/stores/renault/models', headers: bearer })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/v1/admin/stores/alpine/models', headers: bearer })).statusCode).toBe(404);
    // A token cannot manage its owner's credentials.
    expect((await ctx.app.inject({ url: '/api/v1/me/sessions', headers: bearer })).statusCode).toBe(403);

    const revoked = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/me/api-tokens/${apiToken.id}`, headers: admin.headers });
    expect(revoked.statusCode).toBe(204);
    const after = await ctx.app.inject({ url: '/api/v1/admin/stores/renault/models', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('AUTH_TOKEN_INVALID');
  });

  it('expire after 90 days unless told otherwise, and never later than a year', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const make = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: admin.headers, payload });
    const now = ctx.clock.now().getTime();
    const byDefault = await make({ name: 'default' });
    expect(byDefault.statusCode).toBe(201);
    expect(Date.parse(byDefault.json().apiToken.expiresAt) - now).toBe(90 * 86_400_000);
    const week = await make({ name: 'week', expiresInDays: 7 });
    expect(Date.parse(week.json().apiToken.expiresAt) - now).toBe(7 * 86_400_000);
    expect((await make({ name: 'year', expiresInDays: 365 })).statusCode).toBe(201);
    expect((await make({ name: 'too long', expiresInDays: 366 })).statusCode).toBe(400);

    const bearer = { authorization: `Bearer ${week.json().token}` };
    expect((await me(bearer)).statusCode).toBe(200);
    ctx.clock.advance(7 * 86_400_000);
    expect((await me(bearer)).statusCode).toBe(401);
    ctx.clock.advance(-7 * 86_400_000);
  });

  it('show their last use, written at most once a minute', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const created = (await ctx.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: admin.headers, payload: { name: 'ERP' } })).json();
    const bearer = { authorization: `Bearer ${created.token}` };
    const lastUsed = async () =>
      (await ctx.app.inject({ url: '/api/v1/me/api-tokens', headers: admin.headers }))
        .json()
        .apiTokens.find((t: { id: string }) => t.id === created.apiToken.id).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const start = ctx.clock.now();
    await me(bearer);
    expect(await lastUsed()).toBe(start.toISOString());
    ctx.clock.advance(59_000);
    await me(bearer);
    expect(await lastUsed()).toBe(start.toISOString());
    ctx.clock.advance(2_000);
    await me(bearer);
    expect(await lastUsed()).toBe(new Date(start.getTime() + 61_000).toISOString());
  });

  it('are not issued to buyers', async () => {
    const buyer = await signIn(ctx.app, DEMO.buyer);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: buyer.headers, payload: { name: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('ACCESS_FORBIDDEN');
    expect(await ctx.connection.db.selectFrom('api_token').select('id').where('name', '=', 'x').execute()).toEqual([]);
  });
});

describe('the signed-in account', () => {
  it('names the store and dealer a staff member works for, by slug and code, and none for a buyer', async () => {
    // The tests above change demo passwords: these accounts are fresh.
    const fresh = await createTestApp();
    const tenancy = async (who: string) => {
      const { headers } = await signIn(fresh.app, who);
      const { account } = (await fresh.app.inject({ url: '/api/v1/me', headers })).json();
      return [account.role, account.storeSlug, account.dealerCode];
    };
    expect(await tenancy(DEMO.staffShanghai)).toEqual(['dealer_staff', 'renault', 'sh-01']);
    expect(await tenancy(DEMO.alpineAdmin)).toEqual(['brand_admin', 'alpine', null]);
    expect(await tenancy(DEMO.platformAdmin)).toEqual(['platform_admin', null, null]);
    expect(await tenancy(DEMO.buyer)).toEqual(['buyer', null, null]);
    await fresh.close();
  });
});

describe('the account’s dealer code', () => {
  it('comes from the dealers module for staff only: the account’s own read joins no dealer, and buyers and admins pay that one query', async () => {
    const fresh = await createTestApp();
    try {
      const queriesOfAccount = async (who: string) => {
        const principal = await authenticateSession(fresh.connection.db, fresh.clock, (await signIn(fresh.app, who)).token);
        if (!principal || principal.kind === 'anonymous') throw new Error(`${who} is not signed in`);
        const { db: recorded, statements } = recordingStatements(fresh.connection.db);
        const account = await getAccount(recorded, principal);
        return { dealerCode: account.dealerCode, statements };
      };
      const readsDealer = (statement: string) => /\b(from|join) "dealer"/.test(statement);

      for (const who of [DEMO.buyer, DEMO.renaultAdmin, DEMO.platformAdmin]) {
        const { dealerCode, statements } = await queriesOfAccount(who);
        expect(dealerCode).toBeNull();
        expect(statements).toHaveLength(1);
        expect(readsDealer(statements[0]!)).toBe(false);
      }
      const staff = await queriesOfAccount(DEMO.staffBeijing);
      expect(staff.dealerCode).toBe('bj-01');
      expect(staff.statements).toHaveLength(2);
      expect(staff.statements.map(readsDealer)).toEqual([false, true]);
      expect(staff.statements[1]).toMatch(/^select .* from "dealer" where/);
    } finally {
      await fresh.close();
    }
  });
});

describe('the session probe', () => {
  // The tests above change demo passwords: these accounts are fresh.
  let fresh: TestContext;
  beforeAll(async () => {
    fresh = await createTestApp();
  });
  afterAll(async () => {
    await fresh.close();
  });
  const probe = (headers: Record<string, string> = {}) => fresh.app.inject({ url: '/api/v1/auth/session', headers });

  it('answers a signed-out caller with no account rather than a 401', async () => {
    const res = await probe();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ account: null, csrfToken: null });
    expect(res.headers['set-cookie']).toBeUndefined();
    // /me still refuses: it is for callers who need an account.
    expect((await fresh.app.inject({ url: '/api/v1/me' })).statusCode).toBe(401);
  });

  it('answers a signed-in caller with the account and the session’s CSRF token', async () => {
    const caller = await signIn(fresh.app, DEMO.staffShanghai);
    const res = await probe({ cookie: caller.headers.cookie! });
    expect(res.statusCode).toBe(200);
    expect(res.json().account).toMatchObject({ email: DEMO.staffShanghai, role: 'dealer_staff' });
    expect(res.json().csrfToken).toBe(caller.csrf);
  });

  it('drops a session cookie the server no longer knows, with its CSRF twin', async () => {
    const caller = await signIn(fresh.app, DEMO.staffBeijing);
    const logout = await fresh.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: caller.headers });
    expect(logout.statusCode).toBe(204);
    const res = await probe({ cookie: caller.headers.cookie! });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ account: null, csrfToken: null });
    const cleared = cookiesFrom(res.headers['set-cookie']);
    expect(cleared).toEqual({ vitrine_session: '', vitrine_csrf: '' });
  });
});

describe('an account created by SMS code', () => {
  it('goes by "user" and the phone’s last four digits, not by its masked number', async () => {
    const before = ctx.sent.length;
    const sent = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { destination: '13912340777', locale: 'zh-CN' } });
    expect(sent.statusCode).toBe(202);
    const code = codeSentTo(ctx.sent, '+8613912340777', before);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/otp/verify', payload: { destination: '13912340777', code, locale: 'zh-CN' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toBe(true);
    expect(res.json().account).toMatchObject({ phone: '+8613912340777', displayName: '用户0777' });
  });
});
