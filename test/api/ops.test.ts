import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { connect } from '../../src/db/connect.js';
import { createMetrics, startMetricsListener } from '../../src/http/ops.js';
import { createTestApp, createTestDatabase, testDialect, type TestContext } from '../helpers/app.js';
import { consoleSender } from '../../src/modules/accounts/sender.js';
import { DEMO, readMessagesOf, signIn } from '../helpers/auth.js';

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

  it('/metrics is not served on the public listener without a metrics token', async () => {
    const res = await ctx.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('ROUTE_NOT_FOUND');
    expect(res.body).not.toContain('process_cpu');
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

describe('/metrics with a metrics token', () => {
  const token = 'scrape-4f1d0c5e9b2a7d3c8e6f1a0b';

  it('answers the bearer of the token, and nobody else', async () => {
    const connection = await createTestDatabase();
    const sender = consoleSender({ info: () => {} });
    const app = await buildApp({ db: connection.db, dialect: connection.dialect, metricsToken: token, sender });
    readMessagesOf(app, sender.sent);
    try {
      await app.inject({ url: '/api/v1/stores/renault/models' });
      const admin = await signIn(app, DEMO.platformAdmin);
      const apiToken = (
        await app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: admin.headers, payload: { name: 'scraper' } })
      ).json().token as string;
      const refusals = [
        {},
        { authorization: `Bearer ${token.slice(0, -1)}x` },
        { authorization: `Bearer ${token}x` },
        { authorization: `Basic ${Buffer.from(`metrics:${token}`).toString('base64')}` },
        { authorization: `Bearer ${apiToken}` },
        admin.headers,
      ];
      for (const headers of refusals) {
        const res = await app.inject({ url: '/metrics', headers });
        expect(res.statusCode).toBe(401);
        expect(res.json().code).toBe('METRICS_TOKEN_REQUIRED');
        expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(res.body).not.toContain('http_request_duration');
      }

      const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/stores\/:store\/models",status_code="200"\} [1-9]/,
      );
      expect(res.body).toContain('process_cpu_user_seconds_total');
      // Not an API operation: the OpenAPI document does not list it.
      const document = (await app.inject({ url: '/api/openapi.json' })).json();
      expect(Object.keys(document.paths)).not.toContain('/metrics');
    } finally {
      await app.close();
      await connection.db.destroy();
    }
  });
});

describe('the metrics listener', () => {
  it('serves the app’s metrics on its own port, and only them', async () => {
    const connection = await createTestDatabase();
    const metrics = createMetrics();
    const app = await buildApp({ db: connection.db, dialect: connection.dialect, metrics });
    const listener = await startMetricsListener(metrics, '127.0.0.1', 0);
    try {
      await app.inject({ url: '/healthz' });
      const address = listener.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} 1/);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).toBe(404);
      // The public app still does not serve them.
      const hidden = await app.inject({ url: '/metrics' });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().code).toBe('ROUTE_NOT_FOUND');
    } finally {
      await new Promise((resolve) => listener.close(resolve));
      await app.close();
      await connection.db.destroy();
    }
  });
});

describe('load shedding', () => {
  it('answers 503 with Retry-After while the event loop lags, and /healthz still answers', async () => {
    const connection = await createTestDatabase();
    const app = await buildApp({
      db: connection.db,
      dialect: connection.dialect,
      // The mean delay over a 250 ms sample holding a 1 s stall is about 50 ms; an idle loop's is near 0.
      loadShedding: { maxEventLoopDelayMs: 25, maxEventLoopUtilization: 0, retryAfterSeconds: 7, sampleIntervalMs: 250 },
    });
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    try {
      await app.ready();
      // Once a sample of an idle loop has been taken, requests are served.
      let served = await app.inject({ url: '/api/v1/stores' });
      for (let tries = 0; served.statusCode !== 200 && tries < 50; tries++) {
        await pause();
        served = await app.inject({ url: '/api/v1/stores' });
      }
      expect(served.statusCode).toBe(200);

      // Hold the loop for a second, as a runaway computation would, then ask until the sample
      // that saw the stall has been taken.
      const until = Date.now() + 1000;
      while (Date.now() < until);
      let shed = await app.inject({ url: '/api/v1/stores' });
      for (let tries = 0; shed.statusCode !== 503 && tries < 25; tries++) {
        await pause();
        shed = await app.inject({ url: '/api/v1/stores' });
      }
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(shed.headers['retry-after']).toBe('7');
      expect(shed.json()).toMatchObject({ status: 503, code: 'SERVER_OVERLOADED' });
      expect(shed.headers['x-request-id']).toBeDefined();
      const health = await app.inject({ url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
    } finally {
      await app.close();
      await connection.db.destroy();
    }
  });
});
