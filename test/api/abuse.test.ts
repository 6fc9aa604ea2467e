import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSender } from '../../src/modules/accounts/sender.js';
import { buildApp, type VitrineApp } from '../../src/app.js';
import type { Connection } from '../../src/db/connect.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createTestDatabase } from '../helpers/app.js';
import { DEMO } from '../helpers/auth.js';
import { TEST_NOW } from '../helpers/clock.js';

let connection: Connection;
let app: VitrineApp;
/** The app on a real socket: the race tests send truly parallel HTTP requests. */
let baseUrl: string;
const clock = fixedClock(TEST_NOW);
const sender = consoleSender({ info: () => {} });

beforeAll(async () => {
  connection = await createTestDatabase();
  app = await buildApp({ db: connection.db, dialect: connection.dialect, clock, sender });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app.close();
  await connection.db.destroy();
});

let ipCounter = 0;
/** Each scenario comes from its own address, so per-IP limits of one do not leak into another. */
const freshIp = () => `198.51.100.${++ipCounter}`;

const login = (identifier: string, password: string, ip: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier, password }, remoteAddress: ip });

describe('sign-in lockout', () => {
  it('locks after 5 failures, doubles, and releases as documented', async () => {
    const ip = freshIp();
    for (let i = 1; i <= 4; i++) expect((await login(DEMO.staffBeijing, 'wrong-guess', ip)).statusCode).toBe(401);
    expect((await login(DEMO.staffBeijing, 'wrong-guess', ip)).statusCode).toBe(401);

    // Locked for 1 minute: even the right password is refused, with Retry-After.
    const locked = await login(DEMO.staffBeijing, 'vitrine2018', ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('AUTH_LOCKED');
    expect(locked.headers['retry-after']).toBe('60');

    clock.advance(61_000);
    // Released; a sixth failure locks for 2 minutes.
    expect((await login(DEMO.staffBeijing, 'wrong-again', ip)).statusCode).toBe(401);
    expect((await login(DEMO.staffBeijing, 'vitrine2018', ip)).headers['retry-after']).toBe('120');
    clock.advance(121_000);

    // The right password clears the count.
    expect((await login(DEMO.staffBeijing, 'vitrine2018', ip)).statusCode).toBe(200);
    expect((await login(DEMO.staffBeijing, 'wrong-once', ip)).statusCode).toBe(401);
    expect((await login(DEMO.staffBeijing, 'vitrine2018', ip)).statusCode).toBe(200);
  });

  it('answers an unknown account exactly as a known one', async () => {
    const known: Awaited<ReturnType<typeof login>>[] = [];
    const unknown: Awaited<ReturnType<typeof login>>[] = [];
    const ip = freshIp();
    for (let i = 0; i < 6; i++) {
      known.push(await login(DEMO.alpineAdmin, 'not-it', ip));
      unknown.push(await login('nobody@example.com', 'not-it', ip));
    }
    const shape = (r: Awaited<ReturnType<typeof login>>) => ({ status: r.statusCode, code: r.json().code, detail: r.json().detail, retry: r.headers['retry-after'] });
    expect(known.map(shape)).toEqual(unknown.map(shape));
    expect(shape(known[5]!).code).toBe('AUTH_LOCKED');
    clock.advance(3_600_000);
  });

  it('limits attempts per IP across accounts', async () => {
    const ip = freshIp();
    const statuses = [];
    for (let i = 0; i < 31; i++) statuses.push((await login(`spray${i}@example.com`, 'password1', ip)).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    clock.advance(15 * 60_000);
  });
});

/** One JSON POST over HTTP; answers the status, the problem code and the cookies set. */
async function post(path: string, body: object, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as { code?: string; csrfToken?: string };
  return { status: res.status, code: json.code, json, setCookie: res.headers.getSetCookie() };
}

describe('lockout under parallel attack', () => {
  it('checks at most 5 passwords when 11 wrong and 1 right arrive at once', async () => {
    const attempts = [...Array.from({ length: 11 }, (_, i) => `wrong-guess-${i}`), 'vitrine2018'];
    const answers = await Promise.all(attempts.map((password) => post('/auth/login', { identifier: DEMO.buyer, password })));
    const checked = answers.filter((a) => a.status === 401 || a.status === 200);
    const locked = answers.filter((a) => a.status === 429);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(locked.length).toBeGreaterThanOrEqual(7);
    expect(locked.every((a) => a.code === 'AUTH_LOCKED')).toBe(true);
    expect(checked.length + locked.length).toBe(12);
    clock.advance(3_600_000);
  });

  it('locks the current password of POST /me/password: 60 parallel guesses, then the right one, are refused', async () => {
    const signedIn = await post('/auth/login', { identifier: '13800138000', password: 'vitrine2018' });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.setCookie.map((line) => line.split(';')[0]).join('; ');
    const headers = { cookie, 'x-csrf-token': signedIn.json.csrfToken! };
    const guesses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => post('/me/password', { currentPassword: `guess-${i}-wrong`, newPassword: 'taken-over-2026' }, headers)),
    );
    const checked = guesses.filter((a) => a.status === 422);
    expect(checked).toHaveLength(5);
    expect(checked.every((a) => a.code === 'AUTH_WRONG_PASSWORD')).toBe(true);
    expect(guesses.filter((a) => a.status === 429)).toHaveLength(55);
    expect(new Set(guesses.filter((a) => a.status === 429).map((a) => a.code))).toEqual(new Set(['AUTH_LOCKED', 'AUTH_RATE_LIMITED']));

    const right = await post('/me/password', { currentPassword: 'vitrine2018', newPassword: 'taken-over-2026' }, headers);
    expect(right.status).toBe(429);
    const old = await connection.db.selectFrom('user_account').select('password_hash').where('email', '=', DEMO.buyer).executeTakeFirstOrThrow();
    expect(old.password_hash).toMatch(/^\$argon2id\$/);
    expect((await post('/auth/login', { identifier: DEMO.buyer, password: 'taken-over-2026' })).status).toBe(401);
    clock.advance(3_600_000);
  });
});

describe('one-time codes', () => {
  const phone = '13912345678';
  const lastCode = () => /(\d{6})/.exec(sender.sent.at(-1)!.text)![1]!;
  const requestCode = (destination: string, ip: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { destination }, remoteAddress: ip });
  const verify = (destination: string, code: string, ip: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/otp/verify', payload: { destination, code }, remoteAddress: ip });

  it('answers the same for a known and an unknown number, and throttles resends', async () => {
    const ip = freshIp();
    const known = await requestCode('13800138000', ip);
    const unknown = await requestCode(phone, ip);
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(Object.keys(known.json())).toEqual(Object.keys(unknown.json()));
    expect(sender.sent.at(-1)).toMatchObject({ channel: 'sms', to: '+8613912345678' });

    const again = await requestCode(phone, ip);
    expect(again.statusCode).toBe(429);
    expect(again.json().code).toBe('AUTH_RATE_LIMITED');
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    clock.advance(60_000);
    expect((await requestCode(phone, ip)).statusCode).toBe(202);
  });

  it('caps tries at 5 per code: the right code after 5 wrong ones fails', async () => {
    const ip = freshIp();
    clock.advance(60_000);
    await requestCode(phone, ip);
    const code = lastCode();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await verify(phone, wrong, ip)).statusCode).toBe(401);
    const late = await verify(phone, code, ip);
    expect(late.statusCode).toBe(401);
    expect(late.json().code).toBe('AUTH_CODE_INVALID');
  });

  it('signs in with a fresh code, creating the buyer account once; a code works once', async () => {
    const ip = freshIp();
    clock.advance(60_000);
    await requestCode(phone, ip);
    const code = lastCode();
    const first = await verify(phone, code, ip);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ created: true, account: { role: 'buyer', phone: '+8613912345678', hasPassword: false } });
    expect((await verify(phone, code, ip)).statusCode).toBe(401);
  });

  it('expires codes after 5 minutes', async () => {
    const ip = freshIp();
    clock.advance(60_000);
    await requestCode(phone, ip);
    const code = lastCode();
    clock.advance(5 * 60_000 + 1);
    expect((await verify(phone, code, ip)).statusCode).toBe(401);
  });

  it('registers with a password only with a code proving the address', async () => {
    const ip = freshIp();
    const email = 'new.buyer@example.com';
    const noCode = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { identifier: email, code: '123456', password: 'long-enough-1' },
      remoteAddress: ip,
    });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('AUTH_CODE_INVALID');
    await requestCode(email, ip);
    expect(sender.sent.at(-1)).toMatchObject({ channel: 'email', to: email });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { identifier: email, code: lastCode(), password: 'long-enough-1', displayName: 'Chloé' },
      remoteAddress: ip,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().account).toMatchObject({ email, displayName: 'Chloé', hasPassword: true });
    expect((await login(email, 'long-enough-1', ip)).statusCode).toBe(200);
  });

  it('rejects identifiers that are neither a mainland mobile nor an email', async () => {
    const res = await requestCode('+1 415 555 0100', freshIp());
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('AUTH_INVALID_IDENTIFIER');
  });
});
