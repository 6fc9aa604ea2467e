import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type VitrineApp } from '../../src/app.js';
import { concurrentUpdate } from '../../src/db/errors.js';
import { rateLimitErrors } from '../../src/http/rate-limit.js';
import { access } from '../../src/modules/access/access.policy.js';
import { consoleSender } from '../../src/modules/accounts/sender.js';
import { canonicalJson, purgeExpiredIdempotencyKeys, requestFingerprint } from '../../src/modules/idempotency/idempotency.service.js';
import { DomainError } from '../../src/shared/errors.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';

/*
 * The Idempotency-Key mechanism, proved on routes that exist only in this file: a widget
 * maker that counts its runs, answers as its script says, and can be held in flight.
 */

type Outcome = 'created' | 'hold' | 'sold_out' | 'taken' | 'crash' | 'concurrent' | 'rate_limited';

const harness = {
  runs: 0,
  script: [] as Outcome[],
  held: [] as Array<() => void>,
  keysSeen: [] as Array<string | undefined>,
  /** When set, requests wait after the access check until this many have arrived, then all go on at once. */
  barrier: undefined as { size: number; waiting: Array<() => void> } | undefined,
};

/** Lines requests up just before their body is validated and their key claimed. */
async function lineUp() {
  const barrier = harness.barrier;
  if (!barrier) return;
  await new Promise<void>((pass) => {
    barrier.waiting.push(pass);
    if (barrier.waiting.length === barrier.size) for (const go of barrier.waiting.splice(0)) go();
  });
}

const WidgetBody = Type.Object(
  { name: Type.String({ minLength: 1 }), colour: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

function registerTestRoutes(app: VitrineApp) {
  const config = { access: access.signedIn(['buyer']), idempotency: true };
  app.post('/api/v1/test-only/widgets', { config, preValidation: lineUp, schema: { hide: true, body: WidgetBody } }, async (request, reply) => {
    harness.runs += 1;
    const id = harness.runs;
    harness.keysSeen.push(request.idempotencyKey);
    const outcome = harness.script.shift() ?? 'created';
    if (outcome === 'hold') await new Promise<void>((release) => harness.held.push(release));
    if (outcome === 'sold_out') throw new DomainError('unprocessable', 'WIDGET_SOLD_OUT', 'No widget is left.');
    if (outcome === 'taken') throw new DomainError('conflict', 'WIDGET_TAKEN', 'Someone has this widget.');
    if (outcome === 'crash') throw new Error('the widget press broke');
    if (outcome === 'concurrent') throw concurrentUpdate();
    if (outcome === 'rate_limited') throw rateLimitErrors.exceeded(3_000);
    return reply.code(201).header('location', `/api/v1/test-only/widgets/${id}`).send({ id, name: request.body.name, key: request.idempotencyKey });
  });
  app.post(
    '/api/v1/test-only/widgets/:widget/paint',
    { config, schema: { hide: true, body: WidgetBody, params: Type.Object({ widget: Type.String() }) } },
    async (request) => {
      harness.runs += 1;
      return { painted: request.params.widget, colour: request.body.colour ?? 'none' };
    },
  );
}

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp({ extraRoutes: registerTestRoutes });
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(() => {
  harness.runs = 0;
  harness.script = [];
  harness.held = [];
  harness.keysSeen = [];
  harness.barrier = undefined;
});

let buyersMade = 0;
async function newBuyer(): Promise<Caller & { id: string }> {
  const [buyer] = await makeBuyers(ctx, 1, `idem${(buyersMade += 1)}`);
  return buyer!;
}

function post(caller: Caller, key: string | undefined, payload: object, url = '/api/v1/test-only/widgets') {
  const headers = { ...caller.headers, ...(key === undefined ? {} : { 'idempotency-key': key }) };
  return ctx.app.inject({ method: 'POST', url, headers, payload });
}

async function keyRows(key: string) {
  return ctx.connection.db.selectFrom('idempotency_key').selectAll().where('key', '=', key).execute();
}

/** Waits for the app to reach a state (a handler held in flight); polls, never asserts on time. */
async function until(reached: () => boolean) {
  for (let tries = 0; tries < 2_000 && !reached(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!reached()) throw new Error('the awaited state was never reached');
}

describe('fingerprint', () => {
  it('writes JSON with the keys of every object sorted, at every depth', () => {
    expect(canonicalJson({ b: [2, { d: 4, c: 3 }], a: 'x', skipped: undefined })).toBe('{"a":"x","b":[2,{"c":3,"d":4}]}');
    expect(canonicalJson({ '10': 1, '2': 2, b: null })).toBe('{"10":1,"2":2,"b":null}');
  });

  it('is the SHA-256 of the method, the route pattern, its params and the canonical body', () => {
    const fingerprint = requestFingerprint({
      method: 'post',
      route: '/api/v1/stores/:store/orders',
      params: { store: 'renault' },
      body: { trim: 'zen', options: ['b', 'a'], deposit: 500_000 },
    });
    const text = '["POST","/api/v1/stores/:store/orders",{"store":"renault"},{"deposit":500000,"options":["b","a"],"trim":"zen"}]';
    expect(fingerprint).toBe(createHash('sha256').update(text).digest('hex'));
  });
});

describe('the Idempotency-Key header', () => {
  it('is required on an idempotent route', async () => {
    const buyer = await newBuyer();
    const res = await post(buyer, undefined, { name: 'a' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(harness.runs).toBe(0);
  });

  it.each([
    ['256 characters', 'k'.repeat(256)],
    ['a space', 'order 1'],
    ['a character outside ASCII', 'commande-é'],
    ['nothing', ''],
  ])('refuses a key of %s', async (_what, key) => {
    const buyer = await newBuyer();
    const res = await post(buyer, key, { name: 'a' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(harness.runs).toBe(0);
  });

  it('takes a key of 255 printable characters, which the handler can read', async () => {
    const buyer = await newBuyer();
    const key = `!~${'k'.repeat(253)}`;
    const res = await post(buyer, key, { name: 'a' });
    expect(res.statusCode).toBe(201);
    expect(res.json().key).toBe(key);
    expect(harness.keysSeen).toEqual([key]);
  });
});

describe('replay', () => {
  it('answers a retry with the first answer, byte for byte, without running the handler again', async () => {
    const buyer = await newBuyer();
    const first = await post(buyer, 'replay-1', { name: 'blue widget', colour: 'blue' });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.body).toBe('{"id":1,"name":"blue widget","key":"replay-1"}');
    expect(first.headers.location).toBe('/api/v1/test-only/widgets/1');

    // The same body with its keys in another order is the same request.
    const again = await post(buyer, 'replay-1', { colour: 'blue', name: 'blue widget' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe('{"id":1,"name":"blue widget","key":"replay-1"}');
    expect(again.headers.location).toBe('/api/v1/test-only/widgets/1');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(harness.runs).toBe(1);
  });

  it('replays an error the handler answered (4xx), including a 409 that is not a lost race', async () => {
    const buyer = await newBuyer();
    harness.script = ['sold_out', 'taken'];
    const soldOut = await post(buyer, 'sold-out', { name: 'a' });
    expect(soldOut.statusCode).toBe(422);
    expect(soldOut.json().code).toBe('WIDGET_SOLD_OUT');
    const taken = await post(buyer, 'taken', { name: 'a' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('WIDGET_TAKEN');

    const soldOutAgain = await post(buyer, 'sold-out', { name: 'a' });
    const takenAgain = await post(buyer, 'taken', { name: 'a' });
    expect([soldOutAgain.statusCode, takenAgain.statusCode]).toEqual([422, 409]);
    expect(soldOutAgain.body).toBe(soldOut.body);
    expect(takenAgain.body).toBe(taken.body);
    expect(soldOutAgain.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(takenAgain.headers['idempotent-replayed']).toBe('true');
    expect(harness.runs).toBe(2);
  });

  it('does not keep a refusal of the body, which comes before the endpoint runs', async () => {
    const buyer = await newBuyer();
    const bad = await post(buyer, 'first-try', { name: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('REQUEST_VALIDATION_FAILED');
    expect(await keyRows('first-try')).toHaveLength(0);
    const good = await post(buyer, 'first-try', { name: 'fixed' });
    expect(good.statusCode).toBe(201);
    expect(harness.runs).toBe(1);
  });
});

describe('a key reused for another request', () => {
  it('is a 422 with another body', async () => {
    const buyer = await newBuyer();
    expect((await post(buyer, 'reuse-body', { name: 'a' })).statusCode).toBe(201);
    const res = await post(buyer, 'reuse-body', { name: 'b' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(harness.runs).toBe(1);
  });

  it('is a 422 on another endpoint, or the same endpoint on another resource', async () => {
    const buyer = await newBuyer();
    expect((await post(buyer, 'reuse-route', { name: 'a' })).statusCode).toBe(201);
    const otherRoute = await post(buyer, 'reuse-route', { name: 'a' }, '/api/v1/test-only/widgets/w1/paint');
    expect(otherRoute.statusCode).toBe(422);
    expect(otherRoute.json().code).toBe('IDEMPOTENCY_KEY_REUSED');

    expect((await post(buyer, 'paint', { name: 'a' }, '/api/v1/test-only/widgets/w1/paint')).statusCode).toBe(200);
    const otherWidget = await post(buyer, 'paint', { name: 'a' }, '/api/v1/test-only/widgets/w2/paint');
    expect(otherWidget.statusCode).toBe(422);
    expect(otherWidget.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(harness.runs).toBe(2);
  });

  it('is free to another account, whose requests are its own', async () => {
    const [alice, bob] = [await newBuyer(), await newBuyer()];
    const fromAlice = await post(alice, 'shared-key', { name: 'a' });
    const fromBob = await post(bob, 'shared-key', { name: 'b' });
    expect(fromAlice.json()).toEqual({ id: 1, name: 'a', key: 'shared-key' });
    expect(fromBob.statusCode).toBe(201);
    expect(fromBob.headers['idempotent-replayed']).toBeUndefined();
    expect(fromBob.json()).toEqual({ id: 2, name: 'b', key: 'shared-key' });
    expect((await keyRows('shared-key')).map((row) => row.user_id).sort()).toEqual([alice.id, bob.id].sort());
  });
});

describe('access comes first', () => {
  it('answers an anonymous caller 401 and writes no key', async () => {
    const res = await post({ name: 'anonymous', headers: {} }, 'anon-key', { name: 'a' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_REQUIRED');
    expect(await keyRows('anon-key')).toHaveLength(0);
  });

  it('answers a signed-in caller without the role 403 and writes no key', async () => {
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    const res = await post(staff, 'staff-key', { name: 'a' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('ACCESS_FORBIDDEN');
    expect(await keyRows('staff-key')).toHaveLength(0);
  });

  it('answers a session without its CSRF header 403 and writes no key', async () => {
    const buyer = await newBuyer();
    const res = await post({ name: 'no csrf', headers: { cookie: buyer.headers.cookie! } }, 'csrf-key', { name: 'a' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH_CSRF_FAILED');
    expect(await keyRows('csrf-key')).toHaveLength(0);
    expect(harness.runs).toBe(0);
  });

  it('refuses at start-up to make a route open to anyone idempotent', async () => {
    const app = await buildApp({ db: ctx.connection.db, dialect: ctx.connection.dialect, clock: ctx.clock, sender: consoleSender({ info: () => {} }) });
    try {
      expect(() =>
        app.post('/api/v1/test-only/open', { config: { access: access.public, idempotency: true } }, async () => ({})),
      ).toThrow('asks for idempotency on a route open to anonymous callers');
    } finally {
      await app.close();
    }
  });
});

describe('a request still running', () => {
  it('makes a duplicate wait with 409 and Retry-After, then replays its answer', async () => {
    const buyer = await newBuyer();
    harness.script = ['hold'];
    const first = post(buyer, 'in-flight', { name: 'a' });
    await until(() => harness.held.length === 1);

    const duplicate = await post(buyer, 'in-flight', { name: 'a' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    expect(duplicate.headers['retry-after']).toBe('1');
    // Another request under the key is refused as such even while the first runs.
    expect((await post(buyer, 'in-flight', { name: 'other' })).json().code).toBe('IDEMPOTENCY_KEY_REUSED');

    harness.held[0]!();
    const answered = await first;
    expect(answered.statusCode).toBe(201);
    const replayed = await post(buyer, 'in-flight', { name: 'a' });
    expect(replayed.statusCode).toBe(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toBe(answered.body);
    expect(harness.runs).toBe(1);
  });

  it('runs the handler exactly once for parallel requests over real connections', async () => {
    const buyer = await newBuyer();
    const base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const parallel = 8;
    harness.script = ['hold'];
    harness.barrier = { size: parallel, waiting: [] };
    let answered = 0;
    // The first to claim is held until every other request has had its answer.
    const releaseWhenOthersAnswered = () => {
      if (answered + harness.held.length === parallel) for (const release of harness.held.splice(0)) release();
    };
    const watcher = setInterval(releaseWhenOthersAnswered, 5);
    try {
      const responses = await Promise.all(
        Array.from({ length: parallel }, () =>
          fetch(`${base}/api/v1/test-only/widgets`, {
            method: 'POST',
            headers: { ...buyer.headers, 'content-type': 'application/json', 'idempotency-key': 'parallel' },
            body: JSON.stringify({ name: 'raced' }),
          }).then(async (res) => {
            const outcome = { status: res.status, code: res.status === 409 ? ((await res.json()) as { code: string }).code : undefined };
            answered += 1;
            return outcome;
          }),
        ),
      );
      expect(harness.runs).toBe(1);
      expect(responses.filter((res) => res.status === 201)).toHaveLength(1);
      expect(responses.filter((res) => res.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS')).toHaveLength(parallel - 1);
      expect(await keyRows('parallel')).toMatchObject([{ user_id: buyer.id, status: 'done', response_status: 201 }]);
    } finally {
      clearInterval(watcher);
    }
  });
});

describe('a transient answer', () => {
  it.each([
    ['a server failure (500)', 'crash', 500, 'INTERNAL_ERROR'],
    ['a lost race (409 CONCURRENT_UPDATE)', 'concurrent', 409, 'CONCURRENT_UPDATE'],
    ['a rate limit (429)', 'rate_limited', 429, 'RATE_LIMITED'],
  ] as const)('after %s gives the key back so a retry runs', async (_what, outcome, status, code) => {
    const buyer = await newBuyer();
    harness.script = [outcome];
    const failed = await post(buyer, `transient-${outcome}`, { name: 'a' });
    expect(failed.statusCode).toBe(status);
    expect(failed.json().code).toBe(code);
    expect(await keyRows(`transient-${outcome}`)).toHaveLength(0);

    const retried = await post(buyer, `transient-${outcome}`, { name: 'a' });
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.json()).toEqual({ id: 2, name: 'a', key: `transient-${outcome}` });
    expect(harness.runs).toBe(2);
  });
});

describe('a claim whose process died', () => {
  it('is taken over once its lease has passed, by exactly one retry, whose answer is kept', async () => {
    const buyer = await newBuyer();
    harness.script = ['hold', 'hold'];
    const abandoned = post(buyer, 'lease', { name: 'a' });
    await until(() => harness.held.length === 1);

    ctx.clock.advance(60_000 - 1);
    expect((await post(buyer, 'lease', { name: 'a' })).json().code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');

    // Two retries reach the stale claim together: one takes it over and runs, the other waits.
    ctx.clock.advance(1);
    harness.barrier = { size: 2, waiting: [] };
    const retries = [post(buyer, 'lease', { name: 'a' }), post(buyer, 'lease', { name: 'a' })];
    const refused = await Promise.race(retries);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    await until(() => harness.held.length === 2);
    harness.barrier = undefined;

    // The first request comes back after all: its caller hears its answer, but the key stays the taker's.
    harness.held[0]!();
    expect((await abandoned).json()).toEqual({ id: 1, name: 'a', key: 'lease' });
    expect((await post(buyer, 'lease', { name: 'a' })).json().code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');

    harness.held[1]!();
    const [one, two] = await Promise.all(retries);
    expect([one!.statusCode, two!.statusCode].sort()).toEqual([201, 409]);
    const taker = one!.statusCode === 201 ? one! : two!;
    expect(taker.json()).toEqual({ id: 2, name: 'a', key: 'lease' });
    const replayed = await post(buyer, 'lease', { name: 'a' });
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json()).toEqual({ id: 2, name: 'a', key: 'lease' });
    expect(harness.runs).toBe(2);
  });
});

describe('expiry', () => {
  it('forgets a key 24 hours after it was first sent', async () => {
    const buyer = await newBuyer();
    expect((await post(buyer, 'day-old', { name: 'a' })).statusCode).toBe(201);

    ctx.clock.advance(24 * 3_600_000 - 1);
    const replayed = await post(buyer, 'day-old', { name: 'a' });
    expect(replayed.headers['idempotent-replayed']).toBe('true');

    // Expired, the key is free even for another body.
    ctx.clock.advance(1);
    const anew = await post(buyer, 'day-old', { name: 'b' });
    expect(anew.statusCode).toBe(201);
    expect(anew.headers['idempotent-replayed']).toBeUndefined();
    expect(anew.json()).toEqual({ id: 2, name: 'b', key: 'day-old' });
    expect((await post(buyer, 'day-old', { name: 'b' })).json()).toEqual({ id: 2, name: 'b', key: 'day-old' });
    expect(harness.runs).toBe(2);
  });

  /** Done keys that expired `ago` ms before now, key 0 last and each next one a second earlier. */
  async function insertExpiredKeys(userId: string, count: number, prefix: string, ago: number) {
    const now = ctx.clock.now().getTime();
    const rows = Array.from({ length: count }, (_, i) => ({
      user_id: userId,
      key: `${prefix}-${String(i).padStart(4, '0')}`,
      fingerprint: 'f'.repeat(64),
      status: 'done',
      claim_id: null,
      response_status: 201,
      response_type: 'application/json; charset=utf-8',
      response_location: null,
      response_body: '{}',
      locked_until: null,
      created_at: new Date(now - ago - 24 * 3_600_000 - i * 1_000).toISOString(),
      expires_at: new Date(now - ago - i * 1_000).toISOString(),
    }));
    for (let start = 0; start < rows.length; start += 100) {
      await ctx.connection.db.insertInto('idempotency_key').values(rows.slice(start, start + 100)).execute();
    }
  }

  async function keysLike(prefix: string) {
    const rows = await ctx.connection.db.selectFrom('idempotency_key').select('key').where('key', 'like', `${prefix}-%`).orderBy('key').execute();
    return rows.map((row) => row.key);
  }

  it('purges expired keys by batches of 500, at most once a minute, on a new claim', async () => {
    const buyer = await newBuyer();
    // Older than any key the tests above left to expire, so they are the first to go.
    await insertExpiredKeys(buyer.id, 503, 'stale', 7 * 24 * 3_600_000);
    // The process's last purge may have been under a minute ago: step past its window.
    ctx.clock.advance(60_000);
    expect((await post(buyer, 'live-1', { name: 'a' })).statusCode).toBe(201);
    expect(await keysLike('stale')).toEqual(['stale-0000', 'stale-0001', 'stale-0002']);

    // Within the minute no new purge runs.
    ctx.clock.advance(59_999);
    expect((await post(buyer, 'live-2', { name: 'a' })).statusCode).toBe(201);
    expect(await keysLike('stale')).toHaveLength(3);

    ctx.clock.advance(1);
    expect((await post(buyer, 'live-3', { name: 'a' })).statusCode).toBe(201);
    expect(await keysLike('stale')).toEqual([]);
    expect(await keysLike('live')).toEqual(['live-1', 'live-2', 'live-3']);
  });

  it('deletes the oldest expired keys first and never a live one', async () => {
    const buyer = await newBuyer();
    await insertExpiredKeys(buyer.id, 7, 'batch', 30 * 24 * 3_600_000);
    const now = ctx.clock.now();
    await ctx.connection.db
      .insertInto('idempotency_key')
      .values({
        user_id: buyer.id,
        key: 'batch-live',
        fingerprint: 'f'.repeat(64),
        status: 'done',
        claim_id: null,
        response_status: 201,
        response_type: null,
        response_location: null,
        response_body: null,
        locked_until: null,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + 3_600_000).toISOString(),
      })
      .execute();

    expect(await purgeExpiredIdempotencyKeys(ctx.connection.db, now, 5)).toBe(5);
    // batch-0006 expired longest ago, batch-0000 last.
    expect(await keysLike('batch')).toEqual(['batch-0000', 'batch-0001', 'batch-live']);
  });
});
