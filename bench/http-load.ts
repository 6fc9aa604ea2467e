/**
 * The load generator of `npm run bench`, in a process of its own: autocannon shares no event
 * loop (nor CPU time slice) with the runner or the servers, which would flatter a slow server.
 *
 * Usage: node --import tsx bench/http-load.ts SPEC.json
 * SPEC: see HttpLoadSpec. Prints {"event":"started"} when the first request is about to go out,
 * then one JSON line {"event":"done","result":…} with autocannon's result. Every request comes
 * from another client address (X-Forwarded-For, to a server trusting one proxy hop), as a crowd
 * of buyers behind a load balancer rather than one address the per-IP limits would stop.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';
import { nextClientIp, skipClientIps } from './processes.js';

export interface HttpLoadSpec {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  connections: number;
  duration: number;
  /** Client addresses earlier runs used: this run's crowd starts after them. */
  firstClient: number;
}

const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as HttpLoadSpec;

skipClientIps(spec.firstClient);
const instance = autocannon({
  url: spec.url,
  method: spec.method,
  headers: spec.headers,
  ...(spec.body !== undefined ? { body: spec.body } : {}),
  connections: spec.connections,
  duration: spec.duration,
  requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'x-forwarded-for': nextClientIp() } }) }],
});
process.stdout.write(`${JSON.stringify({ event: 'started' })}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => instance.stop());

const result = await instance;
process.stdout.write(`${JSON.stringify({ event: 'done', result })}\n`);
