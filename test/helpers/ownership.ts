import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from './app.js';
import { anonymous, DEMO, signIn, type Caller } from './auth.js';

/*
 * Object-level access, as a harness. A resource names its owner, the callers who must be
 * refused, the requests to try, and a snapshot of what those requests could change.
 * Every intruder gets 401, 403 or 404 and the snapshot stays the same; then the owner
 * succeeds. A new resource joins with one entry in test/api/ownership.test.ts.
 */

export type CallerKey =
  | 'anonymous'
  | 'buyer'
  | 'otherBuyer'
  | 'staffShanghai'
  | 'staffBeijing'
  | 'renaultAdmin'
  | 'alpineAdmin'
  | 'platformAdmin';

export interface OwnershipContext extends TestContext {
  callers: Record<CallerKey, Caller>;
}

export interface Attempt {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  payload?: unknown;
  /** For a body that is not JSON: the payload is then sent as the text it is. */
  contentType?: string;
  /** Sent by every caller alike, e.g. an Idempotency-Key. */
  headers?: Record<string, string>;
}

export interface OwnedResource {
  name: string;
  owner: CallerKey;
  intruders: CallerKey[];
  /** Makes the owner's object if needed; returns the requests to try and what they could change. */
  setup(ctx: OwnershipContext): Promise<{ attempts: Attempt[]; snapshot(): Promise<unknown> }>;
}

async function otherBuyer(ctx: TestContext): Promise<Caller> {
  const destination = 'other.buyer@example.com';
  await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { destination } });
  const code = /(\d{6})/.exec(ctx.sent.at(-1)!.text)![1]!;
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/otp/verify', payload: { destination, code } });
  const token = /vitrine_session=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
  return { name: destination, headers: { cookie: `vitrine_session=${token}`, 'x-csrf-token': res.json().csrfToken } };
}

export function describeOwnership(resources: OwnedResource[]): void {
  describe('object-level access', () => {
    let ctx: OwnershipContext;
    beforeAll(async () => {
      const base = await createTestApp();
      ctx = {
        ...base,
        callers: {
          anonymous,
          buyer: await signIn(base.app, DEMO.buyer),
          otherBuyer: await otherBuyer(base),
          staffShanghai: await signIn(base.app, DEMO.staffShanghai),
          staffBeijing: await signIn(base.app, DEMO.staffBeijing),
          renaultAdmin: await signIn(base.app, DEMO.renaultAdmin),
          alpineAdmin: await signIn(base.app, DEMO.alpineAdmin),
          platformAdmin: await signIn(base.app, DEMO.platformAdmin),
        },
      };
    });
    afterAll(async () => {
      await ctx.close();
    });

    for (const resource of resources) {
      it(`${resource.name}: only ${resource.owner} gets through`, async () => {
        const { attempts, snapshot } = await resource.setup(ctx);
        const before = await snapshot();
        const send = (caller: Caller, attempt: Attempt) =>
          ctx.app.inject({
            method: attempt.method,
            url: attempt.url,
            headers: { ...caller.headers, ...attempt.headers, ...(attempt.contentType ? { 'content-type': attempt.contentType } : {}) },
            ...(attempt.payload === undefined ? {} : { payload: attempt.payload as object | string }),
          });
        for (const intruder of resource.intruders) {
          for (const attempt of attempts) {
            const res = await send(ctx.callers[intruder], attempt);
            expect([401, 403, 404], `${attempt.method} ${attempt.url} as ${intruder}: ${res.body}`).toContain(res.statusCode);
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(res.json().code, `${attempt.method} ${attempt.url} as ${intruder}`).toMatch(/^[A-Z]+(_[A-Z0-9]+)+$/);
          }
        }
        expect(await snapshot(), 'intruders changed nothing').toEqual(before);
        for (const attempt of attempts) {
          const res = await send(ctx.callers[resource.owner], attempt);
          expect(res.statusCode, `${attempt.method} ${attempt.url} as owner: ${res.body}`).toBeLessThan(300);
        }
      });
    }
  });
}
