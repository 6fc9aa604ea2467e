import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { hostileRequests, operationsOf, type OpenApiOperation } from '../helpers/hostile.js';

/*
 * Every operation of the OpenAPI document, called by a caller the policy admits, with hostile
 * input (test/helpers/hostile.ts). Bad input is a 4xx problem with a stable code, never a 500.
 */

let ctx: TestContext;
let platform: Caller;
let buyer: Caller;
let operations: OpenApiOperation[];

beforeAll(async () => {
  ctx = await createTestApp();
  platform = await signIn(ctx.app, DEMO.platformAdmin);
  buyer = await signIn(ctx.app, DEMO.buyer);
  const document = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
  operations = operationsOf(document);
});
afterAll(async () => {
  await ctx.close();
});

describe('hostile input on every operation', () => {
  // The platform admin passes every staff route; a buyer, the buyer's own (orders, payments…).
  it.each(['platform', 'buyer'] as const)('never answers 5xx to the %s, and every refusal is a problem with a stable code', async (who) => {
    const caller = who === 'platform' ? platform : buyer;
    const failures: string[] = [];
    let requests = 0;
    for (const { method, url, payload } of hostileRequests(operations)) {
      // A fresh key each time, so idempotent routes run rather than replay the first answer.
      const headers = { ...caller.headers, 'idempotency-key': randomUUID() };
      const res = await ctx.app.inject({
        method: method as 'GET',
        url,
        headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(payload === undefined ? {} : { payload }),
      });
      requests += 1;
      const where = `${method} ${url.slice(0, 120)} ${payload?.slice(0, 80) ?? ''}`;
      if (res.statusCode >= 500) failures.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400) {
        if (!String(res.headers['content-type']).startsWith('application/problem+json')) failures.push(`${where}: not a problem`);
        else if (!/^[A-Z][A-Z0-9_]+$/.test(String(res.json().code))) failures.push(`${where}: code ${res.json().code}`);
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(1_000);
  }, 120_000);
});
