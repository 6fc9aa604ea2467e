import net from 'node:net';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type VitrineApp } from '../../src/app.js';
import type { Connection } from '../../src/db/connect.js';
import { access } from '../../src/modules/access/access.policy.js';
import { DomainError } from '../../src/shared/errors.js';
import { createTestDatabase } from '../helpers/app.js';

/*
 * The error contract every route shares. The probe routes below exist only in this
 * test: they give the one error handler a JSON body to validate and a crash to hide.
 */

let connection: Connection;
let app: VitrineApp;

beforeAll(async () => {
  connection = await createTestDatabase();
  app = await buildApp({ db: connection.db, dialect: connection.dialect });
  app.post(
    '/api/v1/_probe',
    {
      config: { access: access.public },
      schema: {
        body: Type.Object(
          {
            model: Type.String({ minLength: 1 }),
            options: Type.Array(Type.String(), { maxItems: 3 }),
            deposit: Type.Integer({ minimum: 0 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ({ received: request.body }),
  );
  app.get('/api/v1/_clash', { config: { access: access.public } }, async () => {
    throw new DomainError('conflict', 'PROBE_CONFLICT', 'Details name fields the problem owns.', {
      code: 'koleos',
      status: 200,
      type: 'about:blank',
      title: 'OK',
      detail: 'forged',
    });
  });
  app.get('/api/v1/_crash', { config: { access: access.public } }, async () => {
    throw new Error('connection to 10.0.0.7 refused: password for vitrine_admin');
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await connection.db.destroy();
});

const post = (payload: string, contentType = 'application/json') =>
  app.inject({ method: 'POST', url: '/api/v1/_probe', payload, headers: { 'content-type': contentType } });

function expectProblem(res: Awaited<ReturnType<typeof post>>, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, code, title: expect.any(String), type: expect.stringContaining('/problems/') });
  expect(typeof body.detail).toBe('string');
  return body;
}

describe('problem+json for bad input', () => {
  it('accepts a valid body as typed', async () => {
    const res = await post(JSON.stringify({ model: 'koleos', options: ['pk-roof'], deposit: 201800 }));
    expect(res.statusCode).toBe(200);
    expect(res.json().received.deposit).toBe(201800);
  });

  it('malformed JSON is a 400', async () => {
    expectProblem(await post('{"model": "koleos",'), 400, 'REQUEST_MALFORMED_JSON');
  });

  it('an empty JSON body is a 400', async () => {
    const body = expectProblem(await post(''), 400, 'REQUEST_EMPTY_BODY');
    expect(body.detail).toBeTruthy();
  });

  it('wrong types are a 400 naming each field, without coercing strings to numbers', async () => {
    const body = expectProblem(
      await post(JSON.stringify({ model: 12, options: 'pk-roof', deposit: '201800' })),
      400,
      'REQUEST_VALIDATION_FAILED',
    );
    const paths = body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['body.deposit', 'body.model', 'body.options']);
  });

  it('an unknown field is a 400 naming it', async () => {
    const body = expectProblem(
      await post(JSON.stringify({ model: 'koleos', options: [], deposit: 0, discount: 100 })),
      400,
      'REQUEST_VALIDATION_FAILED',
    );
    expect(body.errors).toEqual([{ path: 'body.discount', message: 'is not a known field' }]);
  });

  it('a missing field and a bad array item are named by path', async () => {
    const body = expectProblem(
      await post(JSON.stringify({ options: ['a', 7], deposit: 0 })),
      400,
      'REQUEST_VALIDATION_FAILED',
    );
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.model', 'body.options[1]']);
  });

  it('an unsupported content type is a 415', async () => {
    expectProblem(await post('model=koleos', 'application/x-www-form-urlencoded'), 415, 'REQUEST_UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over the limit is a 413', async () => {
    expectProblem(await post(JSON.stringify({ model: 'x'.repeat(300_000), options: [], deposit: 0 })), 413, 'REQUEST_BODY_TOO_LARGE');
  });

  it('an unknown route is a 404', async () => {
    const res = await app.inject({ url: '/api/v1/nowhere' });
    expectProblem(res, 404, 'ROUTE_NOT_FOUND');
  });

  it('details of a domain error never replace its type, title, status, detail or code', async () => {
    const body = expectProblem(await app.inject({ url: '/api/v1/_clash' }), 409, 'PROBE_CONFLICT');
    expect(body).toMatchObject({
      type: 'https://vitrine.dev/problems/probe-conflict',
      title: 'Conflict',
      detail: 'Details name fields the problem owns.',
    });
  });

  it('a crash is a 500 that names the request id and nothing inside', async () => {
    const res = await app.inject({ url: '/api/v1/_crash', headers: { 'x-request-id': 'trace-123' } });
    const body = expectProblem(res, 500, 'INTERNAL_ERROR');
    expect(res.body).not.toMatch(/10\.0\.0\.7|password|vitrine_admin|at .*\.ts/);
    expect(body.detail).toContain('trace-123');
    expect(res.headers['x-request-id']).toBe('trace-123');
  });
});

type Injected = Awaited<ReturnType<VitrineApp['inject']>>;

/** A problem answered by the framework itself still carries the request id and the security headers. */
function expectFrameworkProblem(res: Injected, status: number, code: string) {
  const body = expectProblem(res, status, code);
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  return body;
}

describe('problem+json for errors the framework raises', () => {
  it.each(['/%ff', '/api/v1/stores/%ff', '/api/v1/stores/renault/models/%E0%A4%A', '/api/docs/%c0%af'])(
    'a path that does not decode (%s) is a 400',
    async (url) => {
      const body = expectFrameworkProblem(await app.inject({ url }), 400, 'REQUEST_BAD_URL');
      expect(body.instance).toBeUndefined();
    },
  );

  it('a 10 KB path and a 100 KB query are 414, without echoing them', async () => {
    const longPath = await app.inject({ url: `/api/v1/stores/${'a'.repeat(10_000)}` });
    expectFrameworkProblem(longPath, 414, 'REQUEST_URI_TOO_LONG');
    expect(longPath.body.length).toBeLessThan(400);
    const longQuery = await app.inject({ url: `/api/v1/stores?q=${'a'.repeat(100_000)}` });
    expectFrameworkProblem(longQuery, 414, 'REQUEST_URI_TOO_LONG');
    expect(longQuery.body.length).toBeLessThan(400);
  });

  it('a path segment over the router’s limit is a 414', async () => {
    expectFrameworkProblem(await app.inject({ url: `/api/v1/stores/${'a'.repeat(300)}` }), 414, 'REQUEST_URI_TOO_LONG');
  });

  it('HEAD of an unknown route and a method a route does not take are 404 problems', async () => {
    const head = await app.inject({ method: 'HEAD', url: '/api/v1/nowhere' });
    expect(head.statusCode).toBe(404);
    expect(head.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(head.headers['x-request-id']).toBeDefined();
    expectFrameworkProblem(await app.inject({ method: 'DELETE', url: '/api/v1/stores' }), 404, 'ROUTE_NOT_FOUND');
  });

  it('a text/plain body is a 415, not a string handed to validation', async () => {
    expectFrameworkProblem(await post('{"model":"koleos"}', 'text/plain'), 415, 'REQUEST_UNSUPPORTED_MEDIA_TYPE');
  });

  it('a declared body over the limit is a 413 before it is read', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/_probe',
      payload: '{}',
      headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) },
    });
    expectFrameworkProblem(res, 413, 'REQUEST_BODY_TOO_LARGE');
  });
});

describe('malformed HTTP on a real socket', () => {
  let port = 0;
  beforeAll(async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });

  /** Sends raw bytes and reads until the server closes the connection. */
  const raw = (bytes: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('end', () => resolve(answer));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
      socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
    });

  function parse(answer: string) {
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    const [statusLine = '', ...lines] = head.split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    return { statusLine, headers, body: JSON.parse(body) };
  }

  it('a malformed request line gets a 400 problem, and the server keeps serving', async () => {
    const answer = parse(await raw('GET /api/v1/stores HTTP/1.1 extra\r\nHost: x\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.body).toMatchObject({ status: 400, code: 'REQUEST_MALFORMED_HTTP', title: 'Bad Request' });

    const garbage = parse(await raw('\u0000\u0001 nonsense\r\n\r\n'));
    expect(garbage.body.code).toBe('REQUEST_MALFORMED_HTTP');

    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('headers over Node’s size limit get a 431 problem', async () => {
    const answer = parse(await raw(`GET /api/v1/stores?q=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.body).toMatchObject({ status: 431, code: 'REQUEST_HEADERS_TOO_LARGE' });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});

describe('a request reaching an instance that is shutting down', () => {
  it('gets a 503 problem with Retry-After and Connection: close, after the request in flight is served', async () => {
    const closing = await buildApp({ db: connection.db, dialect: connection.dialect });
    let release: () => void = () => {};
    let started: () => void = () => {};
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    closing.get('/api/v1/_slow', { config: { access: access.public } }, async () => {
      // The instance starts to close while this request is in flight.
      void closing.close();
      started();
      await new Promise<void>((resolve) => (release = resolve));
      return { served: true };
    });
    await closing.listen({ host: '127.0.0.1', port: 0 });
    const address = closing.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /api/v1/_slow HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (answer += chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await inFlight;
    // A second request on the kept-alive connection arrives while the instance drains.
    socket.write('GET /api/v1/stores HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await closed;

    const responses = answer.split(/(?=HTTP\/1\.1 )/);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200 /);
    expect(responses[0]).toContain('{"served":true}');
    expect(responses[1]).toMatch(/^HTTP\/1\.1 503 /);
    expect(responses[1]).toMatch(/content-type: application\/problem\+json/i);
    expect(responses[1]).toMatch(/retry-after: 1/i);
    expect(responses[1]).toMatch(/connection: close/i);
    expect(responses[1]).toMatch(/x-request-id: [0-9a-f-]{36}/i);
    expect(JSON.parse(responses[1]!.slice(responses[1]!.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 503, code: 'SERVER_CLOSING' });
  });
});
