import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { connect } from '../../src/db/connect.js';
import { createTestApp, testDialect, type TestContext } from '../helpers/app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

describe('operations endpoints', () => {
  it('/healthz answers while the process lives', async () => {
    const res = await ctx.app.inject({ url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database', async () => {
    const res = await ctx.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: testDialect });
  });

  it('/metrics exposes request durations by route template', async () => {
    await ctx.app.inject({ url: '/api/v1/stores/renault/models' });
    const res = await ctx.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/stores\/:store\/models",status_code="200"\} [1-9]/,
    );
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });

  it('gives every response a request id, keeping a sane one from the caller', async () => {
    const mine = await ctx.app.inject({ url: '/healthz', headers: { 'x-request-id': 'lb-42' } });
    expect(mine.headers['x-request-id']).toBe('lb-42');
    const odd = await ctx.app.inject({ url: '/healthz', headers: { 'x-request-id': 'two words; and more' } });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness when the database is gone', () => {
  it('/readyz is a 503 problem, /healthz still ok', async () => {
    // Nothing listens on port 1: the database is unreachable from the start.
    const unreachable = connect({ dialect: 'postgres', url: 'postgres://postgres@127.0.0.1:1/vitrine' });
    const app = await buildApp({ db: unreachable.db, dialect: unreachable.dialect });
    const res = await app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('DATABASE_UNAVAILABLE');
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await app.close();
    await unreachable.db.destroy();
  });
});
