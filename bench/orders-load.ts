/**
 * The load generator of `npm run bench:orders`, in a process of its own: neither the servers
 * nor the orchestrator's own work share its event loop.
 *
 * Usage: node --import tsx bench/orders-load.ts SPEC.json
 * SPEC: { base, seconds, connections, configuration, secret, buyers: [{ headers }] }. Each of
 * `connections` workers runs iterations back to back, each as a buyer of its own share of the
 * pool: place a built-to-order order, start its sandbox payment, post the signed callback.
 * Prints one JSON line: the iterations finished, the time taken, every latency and the errors.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { signSandboxCallback } from '../src/modules/payments/providers/sandbox.js';

export interface LoadSpec {
  base: string;
  seconds: number;
  connections: number;
  configuration: string;
  secret: string;
  buyers: Array<{ headers: Record<string, string> }>;
}

export interface LoadResult {
  iterations: number;
  elapsedS: number;
  /** Milliseconds of each finished iteration: the whole, and each of its three requests. */
  total: number[];
  place: number[];
  payment: number[];
  callback: number[];
  /** "step status code" (or "step network …") → how many times. */
  errors: Record<string, number>;
}

const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
const result: LoadResult = { iterations: 0, elapsedS: 0, total: [], place: [], payment: [], callback: [], errors: {} };

// node:http with kept-alive sockets, one per worker: fetch costs this process several times more per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });

function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any = null;
        try {
          json = text === '' ? null : JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
      res.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(body);
  });
}

function failed(step: string, answer: { status: number; json: any }): void {
  const key = `${step} ${answer.status}${answer.json?.code ? ` ${answer.json.code}` : ''}`;
  result.errors[key] = (result.errors[key] ?? 0) + 1;
}

async function iteration(buyer: { headers: Record<string, string> }): Promise<void> {
  const headers = { ...buyer.headers, 'content-type': 'application/json' };
  const t0 = performance.now();
  const placed = await post(
    `${spec.base}/api/v1/stores/renault/orders?locale=en`,
    { ...headers, 'idempotency-key': randomUUID() },
    JSON.stringify({ configuration: spec.configuration, dealer: 'sh-01', plan: 'cash' }),
  );
  const t1 = performance.now();
  if (placed.status !== 201) return failed('place', placed);
  const started = await post(`${spec.base}/api/v1/orders/${placed.json.id}/payments`, { ...headers, 'idempotency-key': randomUUID() }, JSON.stringify({ provider: 'sandbox' }));
  const t2 = performance.now();
  if (started.status !== 201) return failed('payment', started);
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    paymentId: started.json.id,
    transactionId: `bench-${started.json.id}`,
    status: 'paid',
    amount: started.json.amount.amount,
    currency: started.json.amount.currency,
    paidAt: new Date().toISOString(),
  });
  const acknowledged = await post(
    `${spec.base}/api/v1/payments/sandbox/notify`,
    { 'content-type': 'application/json', 'x-sandbox-timestamp': String(timestamp), 'x-sandbox-signature': signSandboxCallback(spec.secret, body, timestamp) },
    body,
  );
  const t3 = performance.now();
  if (acknowledged.status !== 204) return failed('callback', acknowledged);
  result.iterations += 1;
  result.total.push(t3 - t0);
  result.place.push(t1 - t0);
  result.payment.push(t2 - t1);
  result.callback.push(t3 - t2);
}

const started = performance.now();
const end = started + spec.seconds * 1000;
await Promise.all(
  Array.from({ length: spec.connections }, async (_, worker) => {
    // Each worker has its own buyers, taken in turn: a buyer never has two unpaid orders at once.
    for (let n = 0; performance.now() < end; n++) {
      const buyer = spec.buyers[(worker + n * spec.connections) % spec.buyers.length]!;
      try {
        await iteration(buyer);
      } catch (error) {
        const key = `network ${(error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : 'error')}`;
        result.errors[key] = (result.errors[key] ?? 0) + 1;
      }
    }
  }),
);
result.elapsedS = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify(result)}\n`);
