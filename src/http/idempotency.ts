import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Db } from '../db/database.js';
import { accessErrors } from '../modules/access/access.policy.js';
import {
  claimIdempotencyKey,
  parseIdempotencyKey,
  purgeExpiredIdempotencyKeys,
  releaseIdempotencyClaim,
  requestFingerprint,
  settleIdempotencyClaim,
  type HeldClaim,
  type StoredResponse,
} from '../modules/idempotency/idempotency.service.js';
import type { Clock } from '../shared/clock.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route requires an Idempotency-Key and replays its first answer to a retry (src/http/idempotency.ts). */
    idempotency?: boolean;
  }
  interface FastifyRequest {
    /** The Idempotency-Key this request holds, on a route with `idempotency: true`; else undefined. */
    idempotencyKey: string | undefined;
    /**
     * True when this request took over the claim of an earlier one under its key whose lease ran
     * out (its process died): that run may have done its work without its answer being kept.
     */
    idempotencyRerun: boolean;
  }
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A process purges expired keys at most this often, piggybacked on a new claim. */
const PURGE_INTERVAL_MS = 60 * 1000;

/**
 * Stripe's Idempotency-Key on the routes whose config says `idempotency: true`. It runs as a
 * preHandler: after the access decision and the CSRF check (preValidation, src/http/auth.ts)
 * and after body validation, so a refused or malformed request neither reads nor writes a
 * key. The first answer the handler gives is kept and replayed for 24 hours.
 */
export async function registerIdempotency(app: FastifyInstance, deps: { db: Db; clock: Clock }): Promise<void> {
  const { db, clock } = deps;
  const held = new WeakMap<FastifyRequest, HeldClaim>();
  let nextPurgeAt = 0;

  app.decorateRequest('idempotencyKey', undefined);
  app.decorateRequest('idempotencyRerun', false);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.config?.idempotency) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.some((method) => !UNSAFE_METHODS.has(method))) {
      throw new Error(`${String(route.method)} ${route.url} asks for idempotency, which only unsafe methods take`);
    }
    // Keys belong to an account: a route anyone may call has no one to scope them to.
    if (!route.config.access || route.config.access.kind === 'public') {
      throw new Error(`${String(route.method)} ${route.url} asks for idempotency on a route open to anonymous callers`);
    }
    // Only these routes carry the hooks, first of their own: other requests never run them.
    route.preHandler = [claim, ...hooksOf(route.preHandler)];
    route.onSend = [keep, ...hooksOf(route.onSend)];
  });

  const claim = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = request.principal;
    if (!principal || principal.kind === 'anonymous') throw accessErrors.unauthenticated();
    const key = parseIdempotencyKey(request.headers[IDEMPOTENCY_KEY_HEADER]);
    const fingerprint = requestFingerprint({
      method: request.method,
      route: request.routeOptions.url ?? request.url,
      params: request.params,
      body: request.body,
    });
    const outcome = await claimIdempotencyKey(db, clock.now(), { userId: principal.userId, key, fingerprint });
    if (outcome.kind === 'replay') return replay(reply, outcome.response);
    held.set(request, outcome.claim);
    request.idempotencyKey = key;
    request.idempotencyRerun = !outcome.fresh;
    if (outcome.fresh) await purgeWhenDue(request);
  };

  // Stored before the answer leaves, so a client that retries the moment it hears gets the replay.
  const keep = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const claim = held.get(request);
    if (!claim) return payload;
    held.delete(request);
    const body = bodyText(payload);
    try {
      if (body === undefined) {
        request.log.warn('an idempotent route answered with a stream, which cannot be replayed: its key is released');
        await releaseIdempotencyClaim(db, claim);
      } else {
        const outcome = await settleIdempotencyClaim(db, claim, {
          status: reply.statusCode,
          type: headerText(reply.getHeader('content-type')),
          location: headerText(reply.getHeader('location')),
          body,
        });
        if (outcome === 'lost') request.log.warn('an idempotency claim outlived its lease and was taken over; its answer is not kept');
      }
    } catch (error) {
      // The answer stands; the claim's lease runs out and a retry runs the handler again.
      request.log.error({ err: error }, 'could not store the answer to an idempotent request');
    }
    return payload;
  };

  async function purgeWhenDue(request: FastifyRequest): Promise<void> {
    const now = clock.now();
    if (now.getTime() < nextPurgeAt) return;
    nextPurgeAt = now.getTime() + PURGE_INTERVAL_MS;
    try {
      await purgeExpiredIdempotencyKeys(db, now);
    } catch (error) {
      request.log.warn({ err: error }, 'could not purge expired idempotency keys');
    }
  }
}

function hooksOf<T>(hooks: T | T[] | undefined): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}

function replay(reply: FastifyReply, response: StoredResponse): FastifyReply {
  reply.code(response.status).header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  if (response.type !== null) reply.header('content-type', response.type);
  if (response.location !== null) reply.header('location', response.location);
  return reply.send(response.body ?? undefined);
}

/** The answer as text, as it goes on the wire; undefined for a stream. */
function bodyText(payload: unknown): string | null | undefined {
  if (payload === null || payload === undefined) return null;
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return undefined;
}

function headerText(value: string | number | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
}
