/**
 * The crowd of `npm run bench:flash`, in a process of its own: neither the servers nor the
 * orchestrator share its event loop.
 *
 * Usage: node --import tsx bench/flash-load.ts SPEC.json
 * SPEC: see FlashLoadSpec. Opens `connections` kept-alive sockets (split evenly across the
 * servers) before the start, waits for the start, then `connections` workers claim back to back:
 * attempt n is buyer n mod buyers (so each buyer tries about attempts ÷ buyers times, spread over
 * the run), each with its own Idempotency-Key and from the buyer's own forwarded address. Stops
 * after `attempts` attempts or `maxSeconds`, whichever comes first. Prints one JSON line.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface FlashLoadSpec {
  bases: string[];
  store: string;
  slug: string;
  dealer: string;
  /** Epoch milliseconds of the sale's start: the first claim is sent then. */
  startsAtMs: number;
  attempts: number;
  connections: number;
  maxSeconds: number;
  buyers: Array<{ headers: Record<string, string>; address: string }>;
}

export interface FlashLoadResult {
  attempts: number;
  answered: number;
  /** Milliseconds from the start: the first claim sent, the last answer received. */
  firstSentMs: number;
  lastAnsweredMs: number;
  /** Milliseconds from the start at which each 201 arrived, in order. */
  wins: number[];
  /** Milliseconds of every answered attempt. */
  latencies: number[];
  /** "201", "409 CAMPAIGN_SOLD_OUT", … → how many. */
  statuses: Record<string, number>;
  /** "network ECONNRESET", … → how many: attempts with no HTTP answer. */
  errors: Record<string, number>;
  fiveHundreds: number;
  /** Sockets the warm-up opened before the start. */
  warmed: number;
  /** How long before the start the crowd was ready, ms; negative when it was late. */
  readyBeforeStartMs: number;
}

const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as FlashLoadSpec;
const perBase = Math.ceil(spec.connections / spec.bases.length);
const agents = spec.bases.map(() => new http.Agent({ keepAlive: true, maxSockets: perBase, keepAliveMsecs: 60_000 }));
const result: FlashLoadResult = { attempts: 0, answered: 0, firstSentMs: Number.NaN, lastAnsweredMs: 0, wins: [], latencies: [], statuses: {}, errors: {}, fiveHundreds: 0, warmed: 0, readyBeforeStartMs: 0 };

function send(base: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; code: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${spec.bases[base]}${path}`,
      { method, agent: agents[base], headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          let code: string | undefined;
          if (res.statusCode !== 201) {
            try {
              code = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: string }).code;
            } catch {
              code = undefined;
            }
          }
          resolve({ status: res.statusCode ?? 0, code });
        });
        res.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(body);
  });
}

// Every socket opened before the start, as a crowd sitting on the countdown page would have.
await Promise.all(
  Array.from({ length: perBase * spec.bases.length }, async (_, i) => {
    const base = i % spec.bases.length;
    const answer = await send(base, 'GET', '/healthz', { 'x-forwarded-for': spec.buyers[i % spec.buyers.length]!.address }).catch(() => null);
    if (answer?.status === 200) result.warmed += 1;
  }),
);

const wait = spec.startsAtMs - Date.now();
result.readyBeforeStartMs = wait;
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
const startedAt = Date.now();
const stopAt = startedAt + spec.maxSeconds * 1000;
const path = `/api/v1/stores/${spec.store}/campaigns/${spec.slug}/claims?locale=en`;
const body = JSON.stringify({ dealer: spec.dealer });
let next = 0;

await Promise.all(
  Array.from({ length: perBase * spec.bases.length }, async (_, worker) => {
    const base = worker % spec.bases.length;
    while (next < spec.attempts && Date.now() < stopAt) {
      const n = next++;
      const buyer = spec.buyers[n % spec.buyers.length]!;
      const sent = performance.now();
      if (Number.isNaN(result.firstSentMs)) result.firstSentMs = Date.now() - spec.startsAtMs;
      result.attempts += 1;
      try {
        const answer = await send(base, 'POST', path, { ...buyer.headers, 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-forwarded-for': buyer.address }, body);
        const now = Date.now();
        result.answered += 1;
        result.lastAnsweredMs = now - spec.startsAtMs;
        result.latencies.push(performance.now() - sent);
        const key = answer.status === 201 ? '201' : `${answer.status} ${answer.code ?? ''}`.trim();
        result.statuses[key] = (result.statuses[key] ?? 0) + 1;
        if (answer.status === 201) result.wins.push(now - spec.startsAtMs);
        if (answer.status >= 500) result.fiveHundreds += 1;
      } catch (error) {
        const key = `network ${(error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : 'error')}`;
        result.errors[key] = (result.errors[key] ?? 0) + 1;
      }
    }
  }),
);
for (const agent of agents) agent.destroy();
process.stdout.write(`${JSON.stringify(result)}\n`);
