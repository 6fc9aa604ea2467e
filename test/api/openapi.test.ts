import zlib from 'node:zlib';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await ctx.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const document = res.json();
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every API route with its request and response schemas', async () => {
    const document = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
    const paths = Object.keys(document.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/stores',
        '/api/v1/stores/{store}',
        '/api/v1/stores/{store}/models',
        '/api/v1/stores/{store}/models/{model}',
        '/healthz',
        '/readyz',
      ]),
    );
    for (const [path, operations] of Object.entries<Record<string, { responses: Record<string, unknown> }>>(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status));
        expect(success, `${method.toUpperCase()} ${path} documents its success`).not.toEqual([]);
      }
    }
  });

  it('serves Swagger UI', async () => {
    const res = await ctx.app.inject({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });

  // About 1 MB: made once, then sent as it is, compressed to clients that take gzip, and not at all to one that has it.
  it.each(['/api/openapi.json', '/api/docs/json', '/api/docs/yaml'])('%s answers 304 to the ETag it gave, and gzip to who accepts it', async (url) => {
    const plain = await ctx.app.inject({ url });
    expect(plain.statusCode).toBe(200);
    const etag = plain.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(plain.headers['cache-control']).toBe('no-cache');

    const again = await ctx.app.inject({ url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const compressed = await ctx.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(zlib.gunzipSync(compressed.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('Swagger UI reads the same document as /api/openapi.json', async () => {
    const served = await ctx.app.inject({ url: '/api/openapi.json' });
    const docs = await ctx.app.inject({ url: '/api/docs/json' });
    expect(docs.headers['content-type']).toMatch(/^application\/json/);
    expect(docs.json()).toEqual(served.json());
    expect(docs.headers.etag).toBe(served.headers.etag);
  });
});
