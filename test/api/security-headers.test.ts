import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type VitrineApp } from '../../src/app.js';
import { DOCUMENT_ONLY_HEADERS } from '../../src/http/security-headers.js';
import type { Connection } from '../../src/db/connect.js';
import { createTestDatabase } from '../helpers/app.js';

const webDir = path.resolve('dist/web');
let connection: Connection;
let app: VitrineApp;
let proxied: VitrineApp;

beforeAll(async () => {
  connection = await createTestDatabase();
  app = await buildApp({ db: connection.db, dialect: connection.dialect, webDir });
  proxied = await buildApp({ db: connection.db, dialect: connection.dialect, trustProxy: 1 });
  await Promise.all([app.ready(), proxied.ready()]);
});
afterAll(async () => {
  await app.close();
  await proxied.close();
  await connection.db.destroy();
});

type Response = Awaited<ReturnType<VitrineApp['inject']>>;

function expectSecurityHeaders(res: Response) {
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['x-powered-by']).toBeUndefined();
  // Plain http: no HSTS, which would pin a developer's browser to https.
  expect(res.headers['strict-transport-security']).toBeUndefined();
}

describe('security headers', () => {
  it('are on an API answer', async () => {
    const res = await app.inject({ url: '/api/v1/stores' });
    expect(res.statusCode).toBe(200);
    expectSecurityHeaders(res);
  });

  it('are on a problem answer', async () => {
    const missing = await app.inject({ url: '/api/v1/stores/lada' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CATALOG_STORE_NOT_FOUND');
    expectSecurityHeaders(missing);
    const invalid = await app.inject({ url: '/api/v1/stores/renault/models?maxPrice=cheap' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('REQUEST_VALIDATION_FAILED');
    expectSecurityHeaders(invalid);
  });

  it('are on the web app, whose CSP allows no inline script or style but its own, by hash', async () => {
    const res = await app.inject({ url: '/renault', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expectSecurityHeaders(res);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    // The built page fits that policy: no inline script but data, and no inline style.
    const html = fs.readFileSync(path.join(webDir, 'index.html'), 'utf8');
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\//);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    // The page itself comes rendered (when dist/web-ssr is built), with its stylesheet and the
    // script that starts the app inline: each allowed by its hash, and nothing else inline runs.
    const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const inlineScripts = [...res.body.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    for (const script of inlineScripts) expect(csp).toContain(hashOf(script));
    for (const [, sheet = ''] of res.body.matchAll(/<style>([\s\S]*?)<\/style>/g)) expect(csp).toContain(hashOf(sheet));
    // The first page asked loads the server side of the web app, which takes a few seconds on a busy machine.
  }, 30_000);

  it('leave a document’s own headers off the build’s scripts and stylesheets, and keep them on its pages', async () => {
    const html = fs.readFileSync(path.join(webDir, 'index.html'), 'utf8');
    const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
    expect(files.some((file) => file.endsWith('.js')) && files.some((file) => file.endsWith('.css'))).toBe(true);
    for (const file of files) {
      for (const encoding of ['br', 'identity']) {
        const res = await app.inject({ url: file, headers: { 'accept-encoding': encoding } });
        expect(res.statusCode, file).toBe(200);
        for (const name of DOCUMENT_ONLY_HEADERS) expect(res.headers[name], `${file} ${name}`).toBeUndefined();
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['last-modified']).toBeUndefined();
      }
    }
    // The build's HTML is a document wherever it is asked for, and so is the app at an address under /assets.
    for (const url of ['/index.html', '/assets/nothing-here-12345678.js']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expectSecurityHeaders(res);
    }
    expectSecurityHeaders(await app.inject({ url: '/assets/nothing-here-12345678.js' }));
  });

  it('give Swagger UI its own policy, still not frameable', async () => {
    const res = await app.inject({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('add HSTS only when the request came over https through a trusted proxy', async () => {
    const https = await proxied.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const http = await proxied.inject({ url: '/healthz' });
    expect(http.headers['strict-transport-security']).toBeUndefined();
    // A client talking straight to an app that trusts no proxy cannot claim https.
    const forged = await app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(forged.headers['strict-transport-security']).toBeUndefined();
  });
});
