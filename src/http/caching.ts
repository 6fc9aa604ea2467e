import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Catalog reads are cacheable: their ETag is derived from the store's catalog version,
 * which every catalog change bumps, so it is known before any heavy query runs.
 */
export function catalogEtag(catalogVersion: number, ...parts: string[]): string {
  const digest = createHash('sha1').update(parts.join('\0')).digest('base64url').slice(0, 12);
  return `W/"c${catalogVersion}-${digest}"`;
}

/** The ETag of a small answer computed on every request: a digest of its own text. */
export function contentEtag(json: string): string {
  return `W/"s-${createHash('sha1').update(json).digest('base64url').slice(0, 16)}"`;
}

/** A response computed once per catalog version: its JSON text and its ETag. */
export interface CachedJson {
  etag: string;
  json: string;
}

/** True when the client already holds this version; the reply is then a bodiless 304. */
export function notModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag);
  reply.header('cache-control', 'public, max-age=60, stale-while-revalidate=300');
  reply.header('vary', 'Accept-Language');
  const ifNoneMatch = request.headers['if-none-match'];
  if (!ifNoneMatch) return false;
  const weak = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || weak(tag) === weak(etag));
}

/**
 * Answers from a cached entry: 304 when the client's ETag matches, else the stored JSON text
 * as is (a string with a JSON content type skips Fastify's serializer).
 */
export function sendCachedJson(request: FastifyRequest, reply: FastifyReply, entry: CachedJson): FastifyReply {
  if (notModified(request, reply, entry.etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(entry.json);
}
