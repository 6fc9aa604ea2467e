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
