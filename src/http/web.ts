import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic, { type FastifyStaticOptions } from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { notFoundProblem, sendProblem } from '../shared/http-errors.js';
import { negotiateLocale } from '../shared/locale.js';
import { cookiesOf } from './auth.js';
import { DOCUMENT_ONLY_HEADERS } from './security-headers.js';
import {
  appShellsByLocale,
  createFirstViewPages,
  loadFirstViewRenderer,
  LOCALE_COOKIE,
  renderedPageShells,
  type FirstViewPages,
  type FirstViewRenderer,
} from './first-view.js';

/** Vite names what it bundles `assets/NAME-HASH.EXT`: a new build gives changed files new names. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(?:\.br|\.gz)?$/;
const HTML = /\.html(?:\.br|\.gz)?$/;

/** The path is the file sent, which may be the .br or .gz copy of the one asked for. */
function cacheControlOf(filePath: string): string {
  if (HASHED_ASSET.test(filePath)) return 'public, max-age=31536000, immutable';
  // A page names the hashed assets of one build: it must be checked on every visit.
  if (HTML.test(filePath)) return 'no-cache';
  return 'public, max-age=300';
}

/** The build's files as they are: each in the encoding the client accepts, cached by its name. */
function staticFiles(webDir: string): FastifyStaticOptions {
  return {
    root: webDir,
    wildcard: false,
    index: false,
    preCompressed: true,
    // The copies are other encodings of a file, not files of their own: no route of their own.
    globIgnore: ['**/*.br', '**/*.gz'],
    // @fastify/send would overwrite setHeaders' cache-control with its own "max-age=0".
    cacheControl: false,
    // A file's name changes with its content: its ETag is enough, and no one asks for a range of a script.
    lastModified: false,
    acceptRanges: false,
    setHeaders(res, filePath) {
      res.setHeader('cache-control', cacheControlOf(filePath));
      // The same URL answers in br, gzip or identity: caches must key on what the client accepts.
      res.setHeader('vary', 'Accept-Encoding');
    },
  };
}

/**
 * Serves the built React app. Hashed assets are immutable for a year; index.html and every
 * page route are `no-cache`, so a new build reaches browsers on their next visit. Text files
 * go out as the .br or .gz copy the build made beside them when the client accepts it
 * (build/precompress.ts); any other GET that asks for HTML gets index.html, so /dealer or
 * /configure/koleos load the app, which routes itself. The hall, a store's home and a model page
 * come rendered with their content (http/first-view.ts) when the server build of the app is there.
 */
export async function registerWebApp(
  app: FastifyInstance,
  webDir: string | undefined,
  firstView: { db: Db; defaultStore: string | null; renderer?: FirstViewRenderer | undefined },
): Promise<boolean> {
  if (!webDir || !fs.existsSync(path.join(webDir, 'index.html'))) return false;
  const indexHtml = fs.readFileSync(path.join(webDir, 'index.html'));
  const template = indexHtml.toString('utf8');
  const appShells = appShellsByLocale(template);
  // Loaded once listening, or by the first page asked before: the start does not wait for React's server side.
  let pages: Promise<FirstViewPages | undefined> | undefined;
  const firstViewPages = () =>
    (pages ??= (firstView.renderer ? Promise.resolve(firstView.renderer) : loadFirstViewRenderer(webDir)).then(
      (renderer) => renderer && createFirstViewPages(app, { ...firstView, renderer, shells: renderedPageShells(template, webDir, renderer.pagesOnDemand) }),
      (error: unknown) => {
        app.log.error({ err: error }, 'the server build of the web app does not load: pages render in the browser');
        return undefined;
      },
    ));
  app.addHook('onListen', async () => {
    setImmediate(() => void firstViewPages());
  });
  await app.register(async (files) => {
    // The build's own files, one route each: the hashed ones are no documents (security-headers.ts).
    files.addHook('onRequest', (request, reply, done) => {
      if (HASHED_ASSET.test(request.routeOptions.url ?? '') && !HTML.test(request.routeOptions.url ?? '')) {
        for (const name of DOCUMENT_ONLY_HEADERS) reply.removeHeader(name);
      }
      done();
    });
    await files.register(fastifyStatic, staticFiles(webDir));
  });
  const sendIndex = async (request: FastifyRequest, reply: FastifyReply) => {
    const rendered = await firstViewPages();
    const answer = rendered ? await rendered.send(request, reply) : 'app';
    if (answer === 'sent') return reply;
    if (answer === 'app-not-found') reply.code(404);
    // The language the app will most likely start in: the one the buyer picked (kept in a cookie), else the browser's.
    const locale = negotiateLocale(cookiesOf(request)[LOCALE_COOKIE], request.headers['accept-language']);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'Accept-Language, Cookie')
      .send(appShells.get(locale) ?? indexHtml);
  };
  app.get('/', { schema: { hide: true } }, sendIndex);
  // With wildcard off, @fastify/static has a route for each built file; this catches the rest.
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const isApi = request.url === '/api' || request.url.startsWith('/api/');
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (isApi || !wantsHtml) return sendProblem(reply, notFoundProblem(request));
    return sendIndex(request, reply);
  });
  return true;
}
