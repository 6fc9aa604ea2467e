import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { codeSentTo, cookiesFrom, DEMO, signIn } from '../helpers/auth.js';
import { totpCode } from '../helpers/totp.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const PLATFORM_PHONE = '+8613900000105';
const login = (identifier: string, password = 'vitrine2018') =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier, password } });
const secondFactor = (challenge: string, code: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge, code } });
const sessionCount = async () => Number((await ctx.connection.db.selectFrom('session').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

describe('staff sign-in with a second factor', () => {
  it('answers the right password with a challenge and an SMS code, and no session yet', async () => {
    const sessionsBefore = await sessionCount();
    const sentBefore = ctx.sent.length;
    const res = await login(DEMO.platformAdmin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      secondFactor: 'required',
      challenge: expect.stringMatching(/^vc_[A-Za-z0-9_-]{43}$/),
      methods: ['sms'],
      destination: '+86139****0105',
      expiresInSeconds: 300,
    });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await sessionCount()).toBe(sessionsBefore);
    expect(ctx.sent.slice(sentBefore).map((m) => ({ channel: m.channel, to: m.to }))).toEqual([{ channel: 'sms', to: PLATFORM_PHONE }]);

    const code = codeSentTo(ctx.sent, PLATFORM_PHONE, sentBefore);
    const done = await secondFactor(res.json().challenge, code);
    expect(done.statusCode).toBe(200);
    expect(done.json().account).toMatchObject({ role: 'platform_admin', email: DEMO.platformAdmin });
    const cookie = `vitrine_session=${cookiesFrom(done.headers['set-cookie']).vitrine_session}`;
    expect((await ctx.app.inject({ url: '/api/v1/admin/audit-events', headers: { cookie } })).statusCode).toBe(200);

    // Single use: the same challenge and code sign nobody in again.
    const again = await secondFactor(res.json().challenge, code);
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('AUTH_CHALLENGE_INVALID');
  });

  it('refuses a wrong password without sending any code', async () => {
    const sentBefore = ctx.sent.length;
    const res = await login(DEMO.renaultAdmin, 'not-the-password');
    expect(res.statusCode).toBe(401);
    expect(ctx.sent.length).toBe(sentBefore);
  });

  it('allows 5 tries per challenge: the right code after 5 wrong ones fails', async () => {
    const sentBefore = ctx.sent.length;
    const { challenge } = (await login(DEMO.platformAdmin)).json();
    const code = codeSentTo(ctx.sent, PLATFORM_PHONE, sentBefore);
    for (let i = 0; i < 5; i++) {
      const res = await secondFactor(challenge, wrongCode(code));
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('AUTH_CODE_INVALID');
    }
    expect((await secondFactor(challenge, code)).statusCode).toBe(401);
  });

  it('locks the account’s second factor after 5 wrong codes, across fresh challenges', async () => {
    const phone = '+8613900000104';
    const challengeWithCode = async () => {
      const sentBefore = ctx.sent.length;
      const { challenge } = (await login(DEMO.alpineAdmin)).json();
      return { challenge, code: codeSentTo(ctx.sent, phone, sentBefore) };
    };
    for (let i = 0; i < 5; i++) {
      const { challenge, code } = await challengeWithCode();
      expect((await secondFactor(challenge, wrongCode(code))).statusCode).toBe(401);
    }
    const locked = await challengeWithCode();
    const refused = await secondFactor(locked.challenge, locked.code);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('AUTH_LOCKED');
    expect(refused.headers['retry-after']).toBe('60');
    ctx.clock.advance(60_000);
    const after = await challengeWithCode();
    expect((await secondFactor(after.challenge, after.code)).statusCode).toBe(200);
  });

  it('expires a challenge after 5 minutes', async () => {
    const sentBefore = ctx.sent.length;
    const { challenge } = (await login(DEMO.platformAdmin)).json();
    const code = codeSentTo(ctx.sent, PLATFORM_PHONE, sentBefore);
    ctx.clock.advance(5 * 60_000 + 1);
    expect((await secondFactor(challenge, code)).statusCode).toBe(401);
  });

  it('lets only one of many parallel answers with the right code sign in', async () => {
    const sentBefore = ctx.sent.length;
    const { challenge } = (await login(DEMO.staffBeijing)).json();
    const code = codeSentTo(ctx.sent, '+8613900000102', sentBefore);
    const sessionsBefore = await sessionCount();
    const answers = await Promise.all(Array.from({ length: 4 }, () => secondFactor(challenge, code)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401, 401, 401]);
    expect(await sessionCount()).toBe(sessionsBefore + 1);
  });

  it('refuses a code alone for staff, by phone or by email, and keeps signing buyers in by code', async () => {
    for (const destination of ['13900000105', DEMO.platformAdmin]) {
      const sessionsBefore = await sessionCount();
      const sentBefore = ctx.sent.length;
      expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { destination } })).statusCode).toBe(202);
      const to = destination.includes('@') ? destination : `+86${destination}`;
      const code = codeSentTo(ctx.sent, to, sentBefore);
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/otp/verify', payload: { destination, code } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('AUTH_STAFF_NEED_PASSWORD');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(await sessionCount()).toBe(sessionsBefore);
    }
    const sentBefore = ctx.sent.length;
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { destination: '13800138000' } });
    const code = codeSentTo(ctx.sent, '+8613800138000', sentBefore);
    const buyer = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/otp/verify', payload: { destination: '13800138000', code } });
    expect(buyer.statusCode).toBe(200);
    expect(buyer.json().account.role).toBe('buyer');
  });
});

describe('authenticator app (TOTP)', () => {
  it('takes one TOTP code once, even when two sign-ins race with it', async () => {
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    const { secret } = (await ctx.app.inject({ method: 'POST', url: '/api/v1/me/second-factor/totp', headers: staff.headers })).json();
    ctx.clock.advance(30_000);
    const confirm = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/me/second-factor/totp/confirm',
      headers: staff.headers,
      payload: { code: totpCode(secret, ctx.clock.now()) },
    });
    expect(confirm.statusCode).toBe(200);
    ctx.clock.advance(30_000);
    const challenges = await Promise.all([login(DEMO.staffShanghai), login(DEMO.staffShanghai)]);
    const code = totpCode(secret, ctx.clock.now());
    const answers = await Promise.all(challenges.map((c) => secondFactor(c.json().challenge, code)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401]);
  });

  it('enrols with a confirmed code; then sign-in asks the app, not SMS, and never takes a code twice', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    expect((await ctx.app.inject({ url: '/api/v1/me/second-factor', headers: admin.headers })).json()).toEqual({
      method: 'sms',
      totpEnabled: false,
      smsDestination: '+86139****0103',
    });
    const started = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/second-factor/totp', headers: admin.headers });
    expect(started.statusCode).toBe(201);
    const { secret, uri } = started.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(`otpauth://totp/Vitrine:admin%40renault.example.com?issuer=Vitrine&secret=${secret}&algorithm=SHA1&digits=6&period=30`);

    const confirm = (code: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/me/second-factor/totp/confirm', headers: admin.headers, payload: { code } });
    const now = () => ctx.clock.now();
    const wrong = await confirm(wrongCode(totpCode(secret, now())));
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('AUTH_TOTP_CODE_WRONG');
    const confirmed = await confirm(totpCode(secret, now()));
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toEqual({ method: 'totp', totpEnabled: true, smsDestination: '+86139****0103' });

    // The code used to confirm is spent: a sign-in in the same 30 seconds must wait for the next one.
    const sentBefore = ctx.sent.length;
    const first = (await login(DEMO.renaultAdmin)).json();
    expect(first).toMatchObject({ secondFactor: 'required', methods: ['totp'], destination: null });
    expect(ctx.sent.length).toBe(sentBefore);
    const replay = await secondFactor(first.challenge, totpCode(secret, now()));
    expect(replay.statusCode).toBe(401);

    ctx.clock.advance(30_000);
    const code = totpCode(secret, now());
    const done = await secondFactor(first.challenge, code);
    expect(done.statusCode).toBe(200);
    expect(done.json().account.email).toBe(DEMO.renaultAdmin);

    const second = (await login(DEMO.renaultAdmin)).json();
    expect((await secondFactor(second.challenge, code)).statusCode).toBe(401);
  });

  it('is for staff: a buyer cannot enrol', async () => {
    const buyer = await signIn(ctx.app, DEMO.buyer);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/second-factor/totp', headers: buyer.headers });
    expect(res.statusCode).toBe(403);
  });
});
