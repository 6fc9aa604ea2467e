import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { anonymous, DEMO, signIn, type Caller } from '../helpers/auth.js';

/*
 * Generated from the OpenAPI document: every operation, called by every kind of caller,
 * in its own tenant and in another. Callers the operation's x-access admits must get past
 * the policy; all others get 401, 403 or 404, a status the operation documents, with a problem
 * body and no data. An operation without x-access fails here, and the app refuses to start with
 * an API route lacking one.
 */

type AccessKind = 'public' | 'signedIn' | 'store' | 'dealer';
interface XAccess {
  kind: AccessKind;
  roles: string[];
  sessionOnly?: boolean;
}
interface Operation {
  method: string;
  path: string;
  access: XAccess | undefined;
  /** The statuses the document lists for it. */
  documented: Set<number>;
}
interface MatrixCaller extends Caller {
  role: string | null;
  store: string | null;
  dealer: string | null;
  viaToken: boolean;
}

let ctx: TestContext;
let operations: Operation[];
let callers: MatrixCaller[];

// Path values for "own tenant" (Renault, Shanghai dealer sh-01) and "another tenant".
const RENAULT = { store: 'renault', model: 'koleos', trim: 'koleos-20-2wd-comfort', option: 'pk-roof' };
const TARGETS = {
  own: { ...RENAULT, dealer: 'sh-01' },
  other: { store: 'alpine', model: 'a110', trim: 'a110-pure', option: 'pk-brakes', dealer: 'alp-sh-01' },
  otherDealerSameStore: { ...RENAULT, dealer: 'bj-01' },
};
type Target = (typeof TARGETS)['own'];

/** The tenants a path is called in: every dealer kind for a dealer's path, both stores for a store's. */
function targetsOf(path: string): Target[] {
  if (path.includes('{dealer}')) return [TARGETS.own, TARGETS.other, TARGETS.otherDealerSameStore];
  return path.includes('{store}') ? [TARGETS.own, TARGETS.other] : [TARGETS.own];
}

beforeAll(async () => {
  ctx = await createTestApp();
  const document = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
  operations = Object.entries<Record<string, { 'x-access'?: XAccess; responses: Record<string, unknown> }>>(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      access: op['x-access'],
      documented: new Set(Object.keys(op.responses).map(Number)),
    })),
  );

  const as = async (email: string, role: string, store: string | null, dealer: string | null): Promise<MatrixCaller> => ({
    ...(await signIn(ctx.app, email)),
    role,
    store,
    dealer,
    viaToken: false,
  });
  const admin = await as(DEMO.renaultAdmin, 'brand_admin', 'renault', null);
  const token = (
    await ctx.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: admin.headers, payload: { name: 'matrix' } })
  ).json().token as string;
  callers = [
    { ...anonymous, role: null, store: null, dealer: null, viaToken: false },
    await as(DEMO.buyer, 'buyer', null, null),
    await as(DEMO.staffShanghai, 'dealer_staff', 'renault', 'sh-01'),
    admin,
    await as(DEMO.platformAdmin, 'platform_admin', null, null),
    {
      name: 'renault brand API token',
      headers: { authorization: `Bearer ${token}` },
      role: 'brand_admin',
      store: 'renault',
      dealer: null,
      viaToken: true,
    },
  ];
});

afterAll(async () => {
  await ctx.close();
});

/** The codes a denial may carry, by status: the policy's own, never a leak of what lies behind it. */
const DENIAL_CODES: Record<number, string[]> = {
  401: ['AUTH_REQUIRED'],
  403: ['ACCESS_FORBIDDEN'],
  404: ['ACCESS_NOT_FOUND'],
};

/** What the policy must answer, worked out independently of the server's own code. */
function expectedAllowed(access: XAccess, caller: MatrixCaller, target: Target): boolean {
  if (access.kind === 'public') return true;
  if (caller.role === null) return false;
  if (!access.roles.includes(caller.role)) return false;
  if (access.kind === 'signedIn') return !(access.sessionOnly && caller.viaToken);
  if (caller.role === 'platform_admin') return true;
  if (access.kind === 'store') return caller.store === target.store;
  if (caller.role === 'brand_admin') return caller.store === target.store;
  return caller.store === target.store && caller.dealer === target.dealer;
}

function fillPath(path: string, target: Target): string {
  return path
    .replace('{store}', target.store)
    .replace('{dealer}', target.dealer)
    .replace('{model}', target.model)
    .replace('{trim}', target.trim)
    .replace('{option}', target.option)
    .replace('{id}', '00000000-0000-7000-8000-000000000000')
    .replace('{code}', 'ABCDEFGH')
    .replace('{campaign}', 'f1-team-edition');
}

const PROBLEM_KEYS = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'errors', 'retryAfterSeconds']);

describe('authorization matrix', () => {
  it('covers every operation, each stating its access', () => {
    expect(operations.length).toBeGreaterThan(15);
    const undeclared = operations.filter((op) => !op.access).map((op) => `${op.method} ${op.path}`);
    expect(undeclared).toEqual([]);
  });

  it('refuses to start with an API route that declares no access', async () => {
    const app = await buildApp({ db: ctx.connection.db, dialect: ctx.connection.dialect });
    expect(() =>
      app.get('/api/v1/forgotten', { schema: { response: { 200: Type.Object({}) } } }, async () => ({})),
    ).toThrow(/declares no access policy/);
    await app.close().catch(() => {});
  });

  it('admits exactly the callers the policy names, in every tenant', async () => {
    const failures: string[] = [];
    let checks = 0;
    for (const op of operations) {
      for (const target of targetsOf(op.path)) {
        for (const caller of callers) {
          const url = fillPath(op.path, target);
          // Logging out would end the caller's session for the rest of the matrix.
          if (op.path === '/api/v1/auth/logout' && caller.role !== null && !caller.viaToken) continue;
          const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
          const res = await ctx.app.inject({
            method: op.method as 'GET',
            url,
            headers: hasBody ? { ...caller.headers, 'content-type': 'application/json' } : caller.headers,
            ...(hasBody ? { payload: '{}' } : {}),
          });
          checks++;
          const allowed = expectedAllowed(op.access!, caller, target);
          const where = `${op.method} ${url} as ${caller.name}`;
          if (allowed) {
            // Through the policy: a read answers, or finds no such object; a write with an
            // empty body gets as far as input validation.
            const names = /\{(id|code|campaign)\}/.test(op.path);
            // An action on an object the path names (a job to retry) may find no such object, or
            // find it in a state that refuses the action (a sale already over), with its module's
            // own code, never the policy's.
            const noSuchObject = names && (res.statusCode === 404 || res.statusCode === 409) && res.json().code !== 'ACCESS_NOT_FOUND';
            const ok = hasBody
              ? res.statusCode < 300 || res.statusCode === 400 || res.statusCode === 422 || noSuchObject
              : // A read that needs a query (order terms name a car) is told so: a 400, past the policy.
                res.statusCode < 300 || res.statusCode === 400 || (names && res.statusCode === 404);
            if (!ok) failures.push(`${where}: expected through, got ${res.statusCode} ${res.body.slice(0, 200)}`);
          } else {
            if (![401, 403, 404].includes(res.statusCode)) {
              failures.push(`${where}: expected 401/403/404, got ${res.statusCode}`);
            } else if (!op.documented.has(res.statusCode)) {
              failures.push(`${where}: denial ${res.statusCode} is not in the operation's documented responses`);
            } else if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
              failures.push(`${where}: denial is not problem+json`);
            } else {
              const extra = Object.keys(res.json()).filter((key) => !PROBLEM_KEYS.has(key));
              if (extra.length > 0) failures.push(`${where}: denial carries data (${extra.join(', ')})`);
              const code = res.json().code;
              if (!DENIAL_CODES[res.statusCode]?.includes(code)) failures.push(`${where}: denial ${res.statusCode} has code ${code}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThan(100);
    // Hundreds of requests in a row: the default 5 s is too tight on a busy machine.
  }, 30_000);

  it('shuts a switched-off dealer’s staff out of every operation, at their own dealer too, and lets their cookie browse as anyone', async () => {
    const session = await signIn(ctx.app, DEMO.staffBeijing);
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: session.headers, payload: { name: 'matrix' } });
    const token = { authorization: `Bearer ${created.json().token as string}` };
    const admin = callers.find((caller) => caller.role === 'brand_admin' && !caller.viaToken)!;
    const switchBeijing = (status: 'active' | 'inactive') =>
      ctx.app.inject({ method: 'PATCH', url: '/api/v1/admin/stores/renault/dealers/bj-01', headers: admin.headers, payload: { status } });
    expect((await switchBeijing('inactive')).statusCode).toBe(200);

    const failures: string[] = [];
    let checks = 0;
    try {
      for (const op of operations) {
        // bj-01, the staff member's own dealer, is TARGETS.otherDealerSameStore.
        for (const target of targetsOf(op.path)) {
          const url = fillPath(op.path, target);
          const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
          const send = (headers: Record<string, string>) =>
            ctx.app.inject({
              method: op.method as 'GET',
              url,
              headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
              ...(hasBody ? { payload: '{}' } : {}),
            });
          const where = `${op.method} ${url}`;
          checks++;
          if (op.access?.kind === 'public') {
            // The cookie is no session: the caller gets what anyone gets. A presented token is
            // refused with its reason where the route reads its caller, else ignored like the cookie.
            const expected = (await send(anonymous.headers)).statusCode;
            const bySession = await send(session.headers);
            if (bySession.statusCode !== expected) failures.push(`${where} by session: ${bySession.statusCode}, anyone gets ${expected}`);
            const byToken = await send(token);
            const refused = byToken.statusCode === 403 && byToken.json().code === 'AUTH_DEALER_SWITCHED_OFF';
            if (byToken.statusCode !== expected && !refused) failures.push(`${where} by token: ${byToken.statusCode}, anyone gets ${expected}`);
            if (refused && !op.documented.has(403)) failures.push(`${where} by token: 403 is not in the operation's documented responses`);
            // A token the route cannot read is refused as unknown, also documented.
            const unknown = await send({ authorization: 'Bearer not-a-token' });
            if (unknown.statusCode !== expected && !(unknown.statusCode === 401 && unknown.json().code === 'AUTH_TOKEN_INVALID')) {
              failures.push(`${where} by an unknown token: ${unknown.statusCode}, anyone gets ${expected}`);
            }
            if (unknown.statusCode === 401 && !op.documented.has(401)) failures.push(`${where} by an unknown token: 401 is not in the operation's documented responses`);
            continue;
          }
          for (const [how, headers, status, code] of [
            ['session', session.headers, 401, 'AUTH_REQUIRED'],
            ['token', token, 403, 'AUTH_DEALER_SWITCHED_OFF'],
          ] as const) {
            const res = await send(headers);
            if (res.statusCode !== status || res.json().code !== code) {
              failures.push(`${where} by ${how}: expected ${status} ${code}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
            } else if (!op.documented.has(status)) {
              failures.push(`${where} by ${how}: ${status} is not in the operation's documented responses`);
            } else if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
              failures.push(`${where} by ${how}: refusal is not problem+json`);
            } else {
              const extra = Object.keys(res.json()).filter((key) => !PROBLEM_KEYS.has(key));
              if (extra.length > 0) failures.push(`${where} by ${how}: refusal carries data (${extra.join(', ')})`);
            }
          }
        }
      }
    } finally {
      expect((await switchBeijing('active')).statusCode).toBe(200);
    }
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThan(100);
    // Switched on again, the same session reaches its dealer.
    expect((await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/bj-01/orders', headers: session.headers })).statusCode).toBe(200);
  }, 30_000);
});
