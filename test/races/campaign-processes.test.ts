import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connect.js';
import { createSharedTestDatabase } from '../helpers/app.js';
import type { Caller } from '../helpers/auth.js';
import { insertBuyers } from '../helpers/buyers.js';
import { campaignTally, insertCampaign } from '../helpers/campaigns.js';
import { freePort, serverProcessEnv, startServerProcess, stopServerProcess, type ServerProcess } from '../helpers/server-process.js';

/*
 * Two real server processes on one database (one SQLite file, or one PostgreSQL database), and a
 * crowd of buyers over real HTTP split between them: once sharing Redis as the admission gate,
 * once without it, each process then turning the crowd away with a gate of its own in memory,
 * which knows nothing of what the other sells until it reads the database again.
 * Each buyer comes from an address of their own (behind one trusted proxy hop), as a crowd does,
 * so the per-address limit does not stand in for the sale's own rules.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
/** Every exchange here is bounded: a request still unanswered by then fails the test. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A /16 of this run's own: two runs at once (SQLite and PostgreSQL) never share a counter. */
const net = `10.${Math.floor(Math.random() * 250) + 1}`;
let addresses = 0;

interface Processes {
  connection: Connection;
  bases: string[];
}

/** Two servers on one fresh database, with Redis as their gate when redisUrl is given. */
function twoProcesses(redisUrl: string | undefined): Processes {
  const running = { bases: [] } as unknown as Processes;
  let dir: string;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-flash-'));
    const shared = await createSharedTestDatabase(dir);
    running.connection = shared.open();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env = serverProcessEnv({ databaseUrl: shared.url, dataDir: dir, port, redisUrl, more: { TRUST_PROXY: '1' } });
      servers.push(await startServerProcess(env, base));
      running.bases.push(base);
    }
  }, 90_000);

  afterAll(async () => {
    for (const server of servers) await stopServerProcess(server, 'SIGTERM');
    await running.connection?.db.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return running;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function nextAddress(): string {
  addresses += 1;
  return `${net}.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
}

interface Answer {
  status: number;
  code: string | undefined;
  /** The order of a 201. */
  id: string | undefined;
  /** The Idempotency-Key it was sent with. */
  key: string;
}

/** One claim as a browser sends it; a 503 (a process shedding load) is retried, as a client would. */
async function claim(base: string, buyer: Caller, slug: string, address = nextAddress(), key: string = randomUUID()): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}/api/v1/stores/renault/campaigns/${slug}/claims`, {
      method: 'POST',
      headers: { ...buyer.headers, 'content-type': 'application/json', 'idempotency-key': key, 'x-forwarded-for': address },
      body: JSON.stringify({ dealer: 'sh-01' }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await res.json()) as { code?: string; id?: string };
    if (res.status !== 503 || attempt === 20) return { status: res.status, code: body.code, id: body.id, key };
    await delay(50);
  }
}

/** The campaign's page; a 503 (a process shedding load, as one just started may) is retried, as a browser would. */
async function page(base: string, slug: string): Promise<{ remaining: number; state: string }> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}/api/v1/stores/renault/campaigns/${slug}`, {
      headers: { 'x-forwarded-for': nextAddress() },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await res.json()) as { remaining: number; state: string };
    if (res.status !== 503 || attempt === 20) return body;
    await delay(100);
  }
}

/** Waits, boundedly, until the check holds; the test fails on its own assertion if it never does. */
async function until(check: () => Promise<boolean>, tries = 100): Promise<void> {
  for (let i = 0; i < tries && !(await check()); i++) await delay(200);
}

function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.status === 201 ? '201' : `${a.status} ${a.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Every 201 names an order the database holds, live, of that campaign: no winner told of an order that was rolled back. */
async function expectWinnersCommitted(connection: Connection, campaignId: string, answers: Answer[]): Promise<void> {
  const won = answers.filter((a) => a.status === 201).map((a) => a.id);
  const live = await connection.db
    .selectFrom('customer_order')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'pending_deposit')
    .execute();
  expect(won.length).toBeGreaterThan(0);
  expect(live.map((o) => o.id).filter((id) => won.includes(id))).toHaveLength(won.length);
  expect(answers.filter((a) => a.status >= 500)).toEqual([]);
}

describe.each([
  ['sharing Redis as the admission gate', REDIS_URL],
  ['each with its own admission gate in memory (no Redis)', undefined],
] as Array<[string, string | undefined]>)('a flash sale served by two processes %s', { timeout: 120_000 }, (_name, redisUrl) => {
  const running = twoProcesses(redisUrl);

  it('gives 10 units to exactly 10 of 400 buyers, and units whose holds ran out to new winners', async () => {
    const { connection, bases } = running;
    const db = connection.db;
    const now = new Date();
    const id = await insertCampaign(db, { slug: 'two-processes', units: 10, startsAt: new Date(now.getTime() - 60_000), endsAt: new Date(now.getTime() + 3_600_000) });
    const buyers = await insertBuyers(db, now, 400, 'two-processes');
    for (const base of bases) expect((await page(base, 'two-processes')).remaining).toBe(10);

    const answers = await Promise.all(buyers.map((buyer, i) => claim(bases[i % 2]!, buyer, 'two-processes')));
    expect(tally(answers)).toEqual({ '201': 10, '409 CAMPAIGN_SOLD_OUT': 390 });
    expect(await campaignTally(db, id)).toEqual({ held: 10, sold: 0, liveOrders: 10, mostByOneBuyer: 1 });
    await expectWinnersCommitted(connection, id, answers);

    // A winner whose answer was lost asks again with the same key, at the other process, after the
    // sell-out: that process knows them as a winner (at the latest once it reads the campaign again) and replays the 201.
    const winner = answers.findIndex((a) => a.status === 201);
    const retry = () => claim(bases[(winner + 1) % 2]!, buyers[winner]!, 'two-processes', nextAddress(), answers[winner]!.key);
    let replayed = await retry();
    await until(async () => replayed.status === 201 || (replayed = await retry()).status === 201, 25);
    expect(replayed).toMatchObject({ status: 201, id: answers[winner]!.id });
    expect(await campaignTally(db, id)).toEqual({ held: 10, sold: 0, liveOrders: 10, mostByOneBuyer: 1 });

    // Three winners never pay: their holds run out, and the runner in either process expires them.
    const lapsed = await db.selectFrom('customer_order').select('id').where('campaign_id', '=', id).orderBy('id').limit(3).execute();
    const past = new Date(Date.now() - 1000).toISOString();
    await db.updateTable('customer_order').set({ hold_expires_at: past }).where('id', 'in', lapsed.map((o) => o.id)).execute();
    await db.updateTable('job').set({ run_at: past }).where('dedupe_key', 'in', lapsed.map((o) => `order.expire:${o.id}`)).execute();
    await until(async () => (await campaignTally(db, id)).held === 7);
    expect(await campaignTally(db, id)).toEqual({ held: 7, sold: 0, liveOrders: 7, mostByOneBuyer: 1 });
    // Each process sees the units back within a second, and the gate is resynced with them.
    await until(async () => (await Promise.all(bases.map((base) => page(base, 'two-processes')))).every((p) => p.remaining === 3));

    const latecomers = await insertBuyers(db, new Date(), 60, 'two-processes-late');
    const again = await Promise.all(latecomers.map((buyer, i) => claim(bases[i % 2]!, buyer, 'two-processes')));
    expect(tally(again)).toEqual({ '201': 3, '409 CAMPAIGN_SOLD_OUT': 57 });
    expect(await campaignTally(db, id)).toEqual({ held: 10, sold: 0, liveOrders: 10, mostByOneBuyer: 1 });
    await expectWinnersCommitted(connection, id, again);
  });

  it('holds one buyer firing 20 claims at both processes to the limit of 1', async () => {
    const { connection, bases } = running;
    const db = connection.db;
    const now = new Date();
    const id = await insertCampaign(db, { slug: 'one-buyer-two-processes', units: 10, startsAt: new Date(now.getTime() - 60_000), endsAt: new Date(now.getTime() + 3_600_000) });
    const [buyer] = await insertBuyers(db, now, 1, 'one-buyer-two-processes');
    for (const base of bases) await page(base, 'one-buyer-two-processes');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => claim(bases[i % 2]!, buyer!, 'one-buyer-two-processes')));
    const counts = tally(answers);
    expect(counts['201']).toBe(1);
    // The rest are refused by the limit, or by the per-account rate limit (10 a minute) before it.
    expect(Object.keys(counts).filter((k) => k !== '201' && k !== '409 CAMPAIGN_LIMIT_REACHED' && k !== '429 RATE_LIMITED')).toEqual([]);
    expect(await campaignTally(db, id)).toEqual({ held: 1, sold: 0, liveOrders: 1, mostByOneBuyer: 1 });
    await expectWinnersCommitted(connection, id, answers);
  });
});
