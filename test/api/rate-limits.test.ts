import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type VitrineApp } from '../../src/app.js';
import type { Connection } from '../../src/db/connect.js';
import { rateLimit } from '../../src/http/rate-limit.js';
import { access } from '../../src/modules/access/access.policy.js';
import { fixedClock } from '../../src/shared/clock.js';
import { memoryCounters } from '../../src/shared/counters.js';
import { createTestDatabase } from '../helpers/app.js';
import { consoleSender } from '../../src/modules/accounts/sender.js';
import { DEMO, readMessagesOf, signIn } from '../helpers/auth.js';
import { TEST_NOW } from '../helpers/clock.js';

let connection: Connection;
let direct: VitrineApp;
let proxied: VitrineApp;
const clock = fixedClock(TEST_NOW);

beforeAll(async () => {
  connection = await createTestDatabase();
  // Staff sign in with an SMS second factor: signIn reads it from the sender.
  const sender = consoleSender({ info: () => {} });
  direct = await buildApp({ db: connection.db, dialect: connection.dialect, clock, sender });
  readMessagesOf(direct, sender.sent);
  // A probe of the reusable hook: 3 calls a minute per account, none per IP.
  direct.post(
    '/api/v1/_per-account',
    { config: { access: access.signedIn() }, preHandler: rateLimit(memoryCounters(clock), { name: 'probe', perAccount: { max: 3, windowMs: 60_000 } }) },
    async () => ({ ok: true }),
  );
  await direct.ready();
  // One proxy in front: only the address it appends is believed.
  proxied = await buildApp({ db: connection.db, dialect: connection.dialect, clock, trustProxy: 1, sender });
  readMessagesOf(proxied, sender.sent);
  await proxied.ready();
});
afterAll(async () => {
  await direct.close();
  await proxied.close();
  await connection.db.destroy();
});

const koleos = { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] };
const saved = async () =>
  Number((await connection.db.selectFrom('configuration').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('configuration saves are limited per IP', () => {
  it('the 61st save in a minute from one address is a 429 with Retry-After, and writes nothing', async () => {
    const save = (remoteAddress: string) =>
      direct.inject({ method: 'POST', url: '/api/v1/stores/renault/configurations', payload: koleos, remoteAddress });
    const start = await saved();
    for (let i = 1; i <= 60; i++) expect((await save('198.51.100.7')).statusCode).toBe(201);
    expect(await saved()).toBe(start + 60);

    const refused = await save('198.51.100.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(refused.headers['retry-after']).toBe('60');
    expect(await saved()).toBe(start + 60);

    // Another address is not held back; the first one is free again after the window.
    expect((await save('198.51.100.8')).statusCode).toBe(201);
    clock.advance(60_001);
    expect((await save('198.51.100.7')).statusCode).toBe(201);
  });

  it('behind one trusted proxy, a forged leftmost X-Forwarded-For does not make a new client', async () => {
    // The proxy (127.0.0.1 here) appends the address it saw; the client wrote everything before it.
    const save = (forged: string, client = '203.0.113.50') =>
      proxied.inject({
        method: 'POST',
        url: '/api/v1/stores/renault/configurations',
        payload: koleos,
        headers: { 'x-forwarded-for': `${forged}, ${client}` },
      });
    for (let i = 1; i <= 60; i++) expect((await save(`10.9.0.${i}`)).statusCode).toBe(201);
    const refused = await save('10.9.1.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('RATE_LIMITED');
    // The client the proxy saw is what counts: another one behind the same proxy still saves.
    expect((await save('10.9.1.1', '203.0.113.51')).statusCode).toBe(201);
  });
});

describe('the rate-limit hook counts per account when the caller is known', () => {
  it('holds one account to its budget whatever address it comes from', async () => {
    const buyer = await signIn(direct, DEMO.buyer);
    const call = (remoteAddress: string) => direct.inject({ method: 'POST', url: '/api/v1/_per-account', headers: buyer.headers, remoteAddress });
    for (let i = 1; i <= 3; i++) expect((await call(`192.0.2.${i}`)).statusCode).toBe(200);
    const refused = await call('192.0.2.99');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('RATE_LIMITED');
    // Another account has its own budget.
    const other = await signIn(direct, DEMO.staffBeijing);
    expect((await direct.inject({ method: 'POST', url: '/api/v1/_per-account', headers: other.headers })).statusCode).toBe(200);
  });

  it('an anonymous caller of that route is refused before any counting', async () => {
    const res = await direct.inject({ method: 'POST', url: '/api/v1/_per-account' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_REQUIRED');
  });
});

describe('the audit log behind a trusted proxy', () => {
  it('records the address the proxy saw, not one the client wrote', async () => {
    const admin = await signIn(proxied, DEMO.renaultAdmin);
    const change = await proxied.inject({
      method: 'PATCH',
      url: '/api/v1/admin/stores/renault/models/captur',
      headers: { ...admin.headers, 'x-forwarded-for': '6.6.6.6, 203.0.113.60' },
      payload: { status: 'retired' },
    });
    expect(change.statusCode).toBe(200);
    const events = (await proxied.inject({ url: '/api/v1/admin/stores/renault/audit-events', headers: admin.headers })).json().events;
    expect(events[0]).toMatchObject({ action: 'catalog.model_updated', ip: '203.0.113.60' });
  });
});

describe('which address is the client', () => {
  async function clientIp(trustProxy: 1 | 2 | string[] | false, forwardedFor: string, remoteAddress = '10.0.0.10') {
    const app = await buildApp({ db: connection.db, dialect: connection.dialect, trustProxy });
    app.get('/api/v1/_ip', { config: { access: access.public } }, async (request) => ({ ip: request.ip }));
    try {
      const res = await app.inject({ url: '/api/v1/_ip', headers: { 'x-forwarded-for': forwardedFor }, remoteAddress });
      return res.json().ip as string;
    } finally {
      await app.close();
    }
  }

  it('is the socket peer when no proxy is trusted', async () => {
    expect(await clientIp(false, '6.6.6.6, 203.0.113.80')).toBe('10.0.0.10');
  });

  it('is the entry the last trusted hop added, by count', async () => {
    expect(await clientIp(1, '6.6.6.6, 203.0.113.80')).toBe('203.0.113.80');
    // Two proxies: the load balancer added the CDN's address, the CDN added the client's.
    expect(await clientIp(2, '6.6.6.6, 203.0.113.80, 198.51.100.4')).toBe('203.0.113.80');
  });

  it('is the first untrusted address, by proxy address', async () => {
    expect(await clientIp(['10.0.0.0/24'], '6.6.6.6, 203.0.113.80')).toBe('203.0.113.80');
    expect(await clientIp(['10.0.0.0/24'], '6.6.6.6, 10.0.0.77, 203.0.113.80')).toBe('203.0.113.80');
    // A peer that is not a listed proxy is the client, whatever it forwards.
    expect(await clientIp(['10.0.0.0/24'], '6.6.6.6', '192.0.2.50')).toBe('192.0.2.50');
  });
});
