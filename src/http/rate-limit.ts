import type { FastifyRequest } from 'fastify';
import { hit, type CounterStore, type Limit } from '../shared/counters.js';
import { DomainError } from '../shared/errors.js';

/**
 * A route's limits: per client IP (as resolved under TRUST_PROXY) and, when the caller is
 * signed in or uses an API token, per account, so neither a botnet of one account nor one
 * address with many accounts goes unbounded.
 */
export interface RateLimitRule {
  /** Names the counter, so two routes may share one budget or keep their own. */
  name: string;
  perIp?: Limit;
  perAccount?: Limit;
}

export const rateLimitErrors = {
  exceeded: (retryAfterMs: number) =>
    new DomainError('rate_limited', 'RATE_LIMITED', 'Too many requests. Try again later.', {
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    }),
};

/**
 * A preHandler that counts the request against the rule and answers 429 with Retry-After
 * once over it. It runs after the access check and validation, and before the handler, so
 * a refused request writes nothing. Counters live in the app's store: Redis across instances.
 */
export function rateLimit(counters: CounterStore, rule: RateLimitRule) {
  return async function rateLimited(request: FastifyRequest): Promise<void> {
    const checks: Array<Promise<{ allowed: boolean; retryAfterMs: number }>> = [];
    if (rule.perIp) checks.push(hit(counters, `rl:${rule.name}:ip:${request.ip}`, rule.perIp));
    const principal = request.principal;
    if (rule.perAccount && principal && principal.kind !== 'anonymous') {
      checks.push(hit(counters, `rl:${rule.name}:user:${principal.userId}`, rule.perAccount));
    }
    const refused = (await Promise.all(checks)).filter((result) => !result.allowed);
    if (refused.length > 0) throw rateLimitErrors.exceeded(Math.max(...refused.map((r) => r.retryAfterMs)));
  };
}
