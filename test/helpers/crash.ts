import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import type { Connection } from '../../src/db/connect.js';
import type { Db } from '../../src/db/database.js';
import { createSharedTestDatabase } from './app.js';
import type { Caller } from './auth.js';
import { sandboxCallback } from './orders.js';
import { freePort, serverProcessEnv, startServerProcess, stopServerProcess, type ServerProcess } from './server-process.js';

/*
 * What the crash tests share: the real server in a child process on the run's database, killed
 * with SIGKILL once it has answered a given number of requests and started again on the same
 * database, and clients that retry as real ones do (buyers with their Idempotency-Keys, the
 * provider with its signed callbacks) until each has an answer that stands.
 */

export interface Answer {
  status: number;
  body: any;
}

export interface CrashServer {
  /** The test's own connection to the server's database, for setting up and checking. */
  readonly db: Db;
  readonly base: string;
  /** Every server process started so far, the killed one first. */
  readonly started: ServerProcess[];
  start(): Promise<void>;
  /** SIGKILL, then what a minute would do to the dead process's leases, then a new process. */
  crashAndRestart(): Promise<void>;
  /** Ends the current process with the signal and answers how it exited. */
  stop(signal: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
  /** What the current process printed, for a failure's message. */
  output(): string;
  /** A request before the traffic (setting up), sent again while the server just started sheds load (503). */
  request(method: string, url: string, headers: Record<string, string>, payload: unknown): Promise<Answer>;
}

/** Opens a fresh shared database before the file's tests, and kills every server it started after them. */
export function crashServer(prefix: string): CrashServer {
  let dir = '';
  let connection: Connection | undefined;
  let databaseUrl = '';
  let port = 0;
  let base = '';
  let current: ServerProcess | undefined;
  const started: ServerProcess[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `vitrine-${prefix}-`));
    const shared = await createSharedTestDatabase(dir);
    connection = shared.open();
    databaseUrl = shared.url;
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
  }, 60_000);

  afterAll(async () => {
    for (const child of started) await stopServerProcess(child, 'SIGKILL');
    await connection?.db.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const db = () => {
    if (!connection) throw new Error('the crash server is used before its beforeAll ran');
    return connection.db;
  };

  async function start(): Promise<void> {
    current = await startServerProcess(serverProcessEnv({ databaseUrl, dataDir: dir, port }), base);
    started.push(current);
  }

  return {
    get db() {
      return db();
    },
    get base() {
      return base;
    },
    started,
    start,
    async crashAndRestart() {
      await stopServerProcess(current, 'SIGKILL');
      // The dead process's leases (60 s on idempotency claims and jobs) stand for time passing:
      // without this the clients' retries would wait a minute for their keys.
      const past = new Date(Date.now() - 1_000).toISOString();
      await db().updateTable('idempotency_key').set({ locked_until: past }).where('status', '=', 'in_flight').execute();
      await db().updateTable('job').set({ locked_until: past }).where('status', '=', 'running').execute();
      await start();
    },
    stop: (signal) => stopServerProcess(current, signal),
    output: () => current?.output() ?? '',
    async request(method, url, headers, payload) {
      for (let tries = 1; ; tries++) {
        const res = await fetch(`${base}${url}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
        const text = await res.text();
        if (res.status !== 503 || tries === 50) return { status: res.status, body: text === '' ? null : JSON.parse(text) };
        await delay(200);
      }
    },
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const TRANSIENT_CODES = ['CONCURRENT_UPDATE', 'IDEMPOTENCY_REQUEST_IN_PROGRESS'];

/** What a client takes as an answer: not a 5xx, not a 429, not a 409 that says to try again. */
export const standingAnswer = (a: Answer) => a.status < 500 && a.status !== 429 && !(a.status === 409 && TRANSIENT_CODES.includes(a.body?.code));

export interface CrashTraffic {
  /** What went wrong in the traffic, by whom: the test expects none. */
  readonly problems: string[];
  /** When every request must have had its answer (ms since the epoch). */
  readonly deadline: number;
  /** One HTTP attempt; throws on a network error (the server is down or was killed mid-request). */
  attempt(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Answer>;
  /** Sends again what a client sends again (no answer, 5xx, 429, a transient 409) until `done` says the answer stands. */
  untilAnswered(label: string, send: () => Promise<Answer>, done: (a: Answer) => boolean): Promise<Answer>;
  /** A buyer's request under one Idempotency-Key (a fresh one unless given), however often it must be sent. */
  asBuyer(label: string, caller: Caller, method: string, url: string, payload?: unknown, key?: string): Promise<Answer>;
  /**
   * The sandbox's callback on a payment started through the API (its transaction is `sbx-` and
   * the payment's id), signed once and sent again as it is until acknowledged; anything but a
   * 204 is a problem.
   */
  asProvider(label: string, payment: { id: string; amount: number }, status: 'paid' | 'failed'): Promise<void>;
  /** Runs one client's work, keeping its failure as a problem rather than ending the others. */
  guarded(label: string, work: () => Promise<void>): Promise<void>;
  /**
   * Resolves once each kill the traffic reached is over (the server is back), with how many
   * requests were in flight at each: fewer entries than kills when the traffic fell short of some.
   */
  crashed(): Promise<{ inFlightAtKills: number[] }>;
}

/**
 * Traffic to the server that kills it right after it has answered the `kills`-th request (counting
 * answers of every process): wherever its work then stands, the requests in flight are cut.
 */
export function crashTraffic(server: CrashServer, options: { kills: number[]; deadlineMs: number }): CrashTraffic {
  const deadline = Date.now() + options.deadlineMs;
  const problems: string[] = [];
  const kills = [...options.kills].sort((a, b) => a - b);
  let sent = 0;
  let settled = 0;
  let answers = 0;
  const inFlightAtKills: number[] = [];
  /** The kills and restarts, one after the other: a kill that falls due while the server restarts comes once it is back. */
  let restarts = Promise.resolve();

  function killWhenDue(): void {
    if (kills.length === 0 || answers < kills[0]!) return;
    kills.shift();
    restarts = restarts
      .then(() => delay(5))
      .then(() => {
        inFlightAtKills.push(sent - settled);
        return server.crashAndRestart();
      })
      .catch((error: unknown) => void problems.push(`the restart failed: ${String(error)}`));
  }

  async function attempt(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
    sent += 1;
    try {
      const res = await fetch(`${server.base}${url}`, { method, headers, body, signal: AbortSignal.timeout(15_000) });
      const text = await res.text();
      answers += 1;
      killWhenDue();
      return { status: res.status, body: text === '' ? null : JSON.parse(text) };
    } finally {
      settled += 1;
    }
  }

  async function untilAnswered(label: string, send: () => Promise<Answer>, done: (a: Answer) => boolean): Promise<Answer> {
    let last = 'no answer';
    for (let tries = 1; Date.now() < deadline; tries++) {
      try {
        const answer = await send();
        if (done(answer)) return answer;
        last = `${answer.status} ${JSON.stringify(answer.body)}`;
      } catch (error) {
        last = String(error);
      }
      await delay(Math.min(500, 50 * tries));
    }
    throw new Error(`${label}: still unanswered at the deadline; last: ${last}`);
  }

  return {
    problems,
    deadline,
    attempt,
    untilAnswered,
    asBuyer(label, caller, method, url, payload = {}, key = randomUUID()) {
      const headers = { ...caller.headers, 'content-type': 'application/json', 'idempotency-key': key };
      const body = method === 'GET' ? undefined : JSON.stringify(payload);
      return untilAnswered(label, () => attempt(method, url, headers, body), standingAnswer);
    },
    async asProvider(label, payment, status) {
      const fields = { paymentId: payment.id, transactionId: `sbx-${payment.id}`, status, amount: payment.amount };
      const callback = sandboxCallback(fields, Math.floor(Date.now() / 1000));
      const answer = await untilAnswered(
        label,
        () => attempt('POST', '/api/v1/payments/sandbox/notify', callback.headers, callback.body),
        (a) => (a.status >= 200 && a.status < 300) || (a.status >= 400 && a.status < 500 && a.status !== 409 && a.status !== 429),
      );
      if (answer.status !== 204) problems.push(`${label}: the callback was refused with ${answer.status} ${JSON.stringify(answer.body)}`);
    },
    guarded: (label, work) => work().catch((error: unknown) => void problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`)),
    async crashed() {
      await restarts;
      return { inFlightAtKills };
    },
  };
}

/** What the provider tells of a payment, whatever it pays for, and in what order. */
export const CALLBACK_PLANS = [
  'pay', // one paid callback
  'pay-twice', // the same paid callback twice at once
  'paid-then-failed', // a late 'failed' after the 'paid'
  'failed-then-paid',
  'two-payments', // the first payment fails, a second is started, then both are paid: one kept, the other refunded
  'fail', // only a 'failed': it stays unpaid
] as const;
export type CallbackPlan = (typeof CALLBACK_PLANS)[number];

export const isCallbackPlan = (plan: string): plan is CallbackPlan => (CALLBACK_PLANS as readonly string[]).includes(plan);

/**
 * The provider's callbacks on a subject's first payment (and, for 'two-payments', on the second,
 * which `startAnother` starts through the API and adds to `payments`), as the plan says.
 */
export async function providerTells(
  traffic: CrashTraffic,
  subject: { name: string; payments: Array<{ id: string; amount: number }> },
  plan: CallbackPlan,
  startAnother: () => Promise<void>,
): Promise<void> {
  const paid = (n = 0) => traffic.asProvider(`${subject.name}: paid #${n}`, subject.payments[n]!, 'paid');
  const failed = () => traffic.asProvider(`${subject.name}: failed`, subject.payments[0]!, 'failed');
  switch (plan) {
    case 'pay':
      return paid();
    case 'pay-twice':
      await Promise.all([paid(), paid()]);
      return;
    case 'paid-then-failed':
      await paid();
      return failed();
    case 'failed-then-paid':
      await failed();
      return paid();
    case 'two-payments':
      // The first attempt fails at the provider, so the buyer starts another (an open one would
      // be answered again); then the first's "paid" turns up after all, beside the second's.
      await failed();
      await startAnother();
      await Promise.all([paid(0), paid(1)]);
      return;
    case 'fail':
      return failed();
  }
}

/** Polls until `ready` holds, failing at the deadline with what it waited for. */
export async function waitUntil(what: string, deadline: number, ready: () => Promise<boolean>): Promise<void> {
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`still waiting at the deadline: ${what}`);
    await delay(200);
  }
}

/** The refund jobs run in the server: waits until none is pending. */
export async function refundsSettled(db: Db, deadline: number): Promise<void> {
  await waitUntil('refunds still pending', deadline, async () => (await db.selectFrom('refund').select('id').where('status', '=', 'pending').execute()).length === 0);
}

/** Money facts the ledger and the payments must never hold twice, whatever they are about. */
export async function moneyFactsTwice(db: Db) {
  const capturedTwice = await sql`
    select source, reference, count(*) as n from ledger_entry where kind = 'captured' group by source, reference having count(*) > 1`.execute(db);
  const transactionOnTwoPayments = await sql`
    select provider, transaction_id, count(*) as n from payment where transaction_id is not null group by provider, transaction_id having count(*) > 1`.execute(db);
  return { capturedTwice: capturedTwice.rows, transactionOnTwoPayments: transactionOnTwoPayments.rows };
}
