import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFoundProblem, sendProblem } from '../shared/http-errors.js';

/**
 * Serves the built React app. Hashed assets are immutable; any other GET that asks for
 * HTML gets index.html, so /dealer or /configure/koleos load the app, which routes itself.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string | undefined): Promise<boolean> {
  if (!webDir || !fs.existsSync(path.join(webDir, 'index.html'))) return false;
  const indexHtml = fs.readFileSync(path.join(webDir, 'index.html'));
  await app.register(fastifyStatic, {
    root: webDir,
    wildcard: false,
    index: false,
    setHeaders(res, filePath) {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    },
  });
  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
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
