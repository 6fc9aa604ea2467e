import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDirectory } from '../../build/precompress.js';
import { buildApp, type VitrineApp } from '../../src/app.js';
import type { Connection } from '../../src/db/connect.js';
import { createTestDatabase } from '../helpers/app.js';

/*
 * A web build of our own (a page, a large hashed script, a small hashed stylesheet), put
 * through the build's precompression step, then fetched over real HTTP as browsers and
 * caches would, without the client undoing any encoding.
 */
const SCRIPT = 'assets/index-Dq3xT9aB.js';
const STYLESHEET = 'assets/index-Kp2WmZ7c.css';
const PAGE = '<!doctype html><html><head><script type="module" crossorigin src="/assets/index-Dq3xT9aB.js"></script></head><body><div id="root"></div></body></html>\n';
const script = Buffer.from(
  Array.from({ length: 400 }, (_, i) => `export const price${i} = { model: "koleos", trim: "comfort-${i}", fen: ${17_980_000 + i} };\n`).join(''),
);
const stylesheet = Buffer.from('body{margin:0}\n');

let webDir: string;
let connection: Connection;
let app: VitrineApp;
let base: string;

beforeAll(async () => {
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-web-'));
  fs.mkdirSync(path.join(webDir, 'assets'));
  fs.writeFileSync(path.join(webDir, 'index.html'), PAGE);
  fs.writeFileSync(path.join(webDir, SCRIPT), script);
  fs.writeFileSync(path.join(webDir, STYLESHEET), stylesheet);
  fs.mkdirSync(path.join(webDir, '.vite'));
  fs.writeFileSync(path.join(webDir, '.vite/manifest.json'), JSON.stringify({ 'index.html': { file: SCRIPT } }));
  precompressDirectory(webDir);
  connection = await createTestDatabase();
  app = await buildApp({ db: connection.db, dialect: connection.dialect, webDir });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app?.close();
  await connection?.db.destroy();
  fs.rmSync(webDir, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET whose body comes back exactly as sent: node:http neither asks for nor decodes any encoding. */
function get(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${url}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function varies(res: RawResponse): string[] {
  return String(res.headers.vary ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
}

describe('the build precompresses', () => {
  it('writes brotli and gzip copies of a large text file, and none of a file under 1 KB', () => {
    expect(fs.existsSync(path.join(webDir, `${SCRIPT}.br`))).toBe(true);
    expect(fs.existsSync(path.join(webDir, `${SCRIPT}.gz`))).toBe(true);
    expect(fs.existsSync(path.join(webDir, `${STYLESHEET}.br`))).toBe(false);
    expect(fs.existsSync(path.join(webDir, `${STYLESHEET}.gz`))).toBe(false);
    expect(fs.existsSync(path.join(webDir, 'index.html.br'))).toBe(false);
    // Repetitive source text: both copies are a fraction of the original.
    expect(fs.statSync(path.join(webDir, `${SCRIPT}.br`)).size).toBeLessThan(script.length / 4);
    expect(fs.statSync(path.join(webDir, `${SCRIPT}.gz`)).size).toBeLessThan(script.length / 4);
  });
});

describe('hashed assets', () => {
  it('go out in brotli to a client that prefers it, decoding to the built bytes', async () => {
    const res = await get(`/${SCRIPT}`, { 'accept-encoding': 'gzip, deflate, br;q=1.0, *;q=0.1' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(varies(res)).toContain('accept-encoding');
    expect(res.body.length).toBeLessThan(script.length / 4);
    expect(zlib.brotliDecompressSync(res.body).equals(script)).toBe(true);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // A script keeps the headers that bear on it; a document's own stay off (test/api/security-headers.test.ts).
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeUndefined();
  });

  it('go out in gzip to a client that accepts only gzip', async () => {
    const res = await get(`/${SCRIPT}`, { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(varies(res)).toContain('accept-encoding');
    expect(zlib.gunzipSync(res.body).equals(script)).toBe(true);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('go out as they are to a client that names no encoding, or refuses them all', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }]) {
      const res = await get(`/${SCRIPT}`, headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(varies(res)).toContain('accept-encoding');
      expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
      expect(res.body.equals(script)).toBe(true);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('go out as they are when the build kept no smaller copy, still immutable', async () => {
    const res = await get(`/${STYLESHEET}`, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.equals(stylesheet)).toBe(true);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('have no URL of their own for the compressed copies', async () => {
    const res = await get(`/${SCRIPT}.br`);
    expect(res.status).toBe(404);
  });

  it('keep the build manifest, which the server reads, to the server', async () => {
    for (const url of ['/.vite/manifest.json', '/.vite/manifest.json.br', '/.vite/']) expect((await get(url)).status, url).toBe(404);
  });
});

describe('pages', () => {
  it('are no-cache, at / and at an app route, so a new build is picked up on the next visit', async () => {
    for (const url of ['/', '/renault/models/koleos', '/index.html']) {
      const res = await get(url, { accept: 'text/html', 'accept-encoding': 'br, gzip' });
      expect(res.status, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body.toString(), url).toBe(PAGE);
      expect(res.headers['x-frame-options'], url).toBe('DENY');
    }
  });
});
