import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../shared/errors.js';

export interface LoadShedding {
  /** Mean event-loop delay, in ms, above which new requests are refused; 0 turns the check off. */
  maxEventLoopDelayMs: number;
  /** Event-loop utilization (0..1) above which new requests are refused; 0 turns the check off. */
  maxEventLoopUtilization: number;
  /** What Retry-After tells a refused client. */
  retryAfterSeconds: number;
  /** How often the process measures itself, in ms. */
  sampleIntervalMs?: number;
}

/** Liveness must say the process lives even while it sheds: a restart would only add load. */
const NEVER_SHED = new Set(['/healthz', '/metrics']);

export const loadSheddingErrors = {
  overloaded: (retryAfterSeconds: number) =>
    new DomainError('unavailable', 'SERVER_OVERLOADED', 'The server is too busy to answer now. Try again shortly.', { retryAfterSeconds }),
};

/**
 * Refuses new requests with 503 + Retry-After while the event loop lags, instead of queueing
 * them behind work that is already late; another instance or a later retry does better.
 */
export async function registerLoadShedding(app: FastifyInstance, options: LoadShedding): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    maxEventLoopUtilization: options.maxEventLoopUtilization,
    retryAfter: options.retryAfterSeconds,
    ...(options.sampleIntervalMs ? { sampleInterval: options.sampleIntervalMs } : {}),
    pressureHandler: async (request) => {
      if (NEVER_SHED.has(request.routeOptions.url ?? '')) return;
      throw loadSheddingErrors.overloaded(options.retryAfterSeconds);
    },
  });
}
