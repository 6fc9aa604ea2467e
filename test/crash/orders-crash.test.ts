import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connect.js';
import { createSharedTestDatabase, TEST_SANDBOX_SECRET } from '../helpers/app.js';
import type { Caller } from '../helpers/auth.js';
import { insertBuyers } from '../helpers/buyers.js';
import { insertSaleUnit, sandboxCallback } from '../helpers/orders.js';
import { freePort, startServerProcess, stopServerProcess, type ServerProcess } from '../helpers/server-process.js';

/*
 * The real server in a child process, on the run's database, killed with SIGKILL in the middle
 * of a crowd of buyers and a payment provider, then started again on the same database. The
 * buyers retry with their Idempotency-Keys and the provider retries its signed callbacks until
 * acknowledged, as real ones do; afterwards the test's own SQL checks that no stock and no
 * money was lost, doubled or left without its order.
 *
 * Every plan below ends in a known state whatever the crash interrupted, so the outcome is
 * checked to the row, not only against the invariants.
 */

const STOCK_BUYERS = 40;
const BUILT_ORDERS = 20;
/** The SIGKILL comes right after this many requests of the traffic were sent. */
const KILL_AFTER_REQUESTS = 90;
/** The whole exchange is bounded (it takes about 10 s): a request still unanswered then fails the test. */
const TRAFFIC_DEADLINE_MS = 60_000;

type Plan =
  | 'pay' // one paid callback
  | 'pay-twice' // the same paid callback twice at once
  | 'paid-then-failed' // a late 'failed' after the 'paid'
  | 'failed-then-paid'
  | 'two-payments' // the first payment fails, a second is started, then both are paid: one deposit kept, the other refunded
  | 'fail' // only a 'failed': the order stays unpaid
  | 'pay-then-cancel' // paid, then the buyer cancels within the refund window
  | 'cancel-then-pay' // cancelled while unpaid, then the money arrives anyway
  | 'late-pay' // the hold runs out and the expiry job expires it, then the money arrives
  | 'late-pay-taken'; // the hold runs out, a latecomer orders the VIN (expiring it), then the money arrives

/** One plan per stock VIN (the race's winner follows it) and, twice over, per built-to-order order. */
const STOCK_PLANS: Plan[] = ['pay', 'pay-twice', 'paid-then-failed', 'two-payments', 'cancel-then-pay', 'late-pay', 'late-pay-taken', 'fail'];
const BUILT_PLANS: Plan[] = ['pay', 'pay-twice', 'paid-then-failed', 'failed-then-paid', 'two-payments', 'cancel-then-pay', 'pay-then-cancel', 'late-pay', 'fail', 'pay'];

const LIVE = ['pending_deposit', 'deposit_paid', 'allocated', 'paid', 'ready_for_handover'];
const UNIT_STATUSES = ['available', 'held', 'sold', 'delivered'];

interface Answer {
  status: number;
  body: any;
}

interface Journey {
  name: string;
  plan: Plan;
  buyer: Caller;
  vin: string | null;
  orderId?: string;
  payments: Array<{ id: string; amount: number }>;
}

let dir: string;
let connection: Connection;
let databaseUrl: string;
let port: number;
let base: string;
let server: ServerProcess | undefined;
const started: ServerProcess[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-crash-'));
  const shared = await createSharedTestDatabase(dir);
  connection = shared.open();
  databaseUrl = shared.url;
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
}, 60_000);

afterAll(async () => {
  for (const child of started) await stopServerProcess(child, 'SIGKILL');
  await connection?.db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PAYMENT_PROVIDERS: 'sandbox',
    SANDBOX_PAY_SECRET: TEST_SANDBOX_SECRET,
    PUBLIC_BASE_URL: base,
    JOBS_IN_PROCESS: 'true',
    LOG_LEVEL: 'warn',
  };
  delete env.REDIS_URL;
  return env;
}

async function startServer(): Promise<void> {
  server = await startServerProcess(serverEnv(), base);
  started.push(server);
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('orders and payments through a crash of the server', { timeout: 150_000 }, () => {
  it('loses, doubles and strands no stock and no money when the server is killed mid-traffic', async () => {
    const db = connection.db;
    const now = new Date();
    const stockBuyers = await insertBuyers(db, now, STOCK_BUYERS, 'crash-stock');
    const builtBuyers = await insertBuyers(db, now, BUILT_ORDERS, 'crash-built');
    const [latecomer] = await insertBuyers(db, now, 1, 'crash-late');
    const vins: string[] = [];
    for (let i = 0; i < STOCK_PLANS.length; i++) {
      vins.push(await insertSaleUnit(db, now, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 }));
    }

    await startServer();
    let saved: Response;
    // A server just started may shed load (503) while it warms up.
    for (let tries = 0; ; tries++) {
      saved = await fetch(`${base}/api/v1/stores/renault/configurations?locale=en`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['pk-roof'] }),
      });
      if (saved.status !== 503 || tries === 50) break;
      await delay(200);
    }
    expect(saved.status).toBe(201);
    const configuration = ((await saved.json()) as { code: string }).code;

    // ---- The traffic, its retries, and the crash. ----

    const deadline = Date.now() + TRAFFIC_DEADLINE_MS;
    const problems: string[] = [];
    let sent = 0;
    let answered = 0;
    let inFlightAtKill = -1;
    let crashed: Promise<void> | undefined;

    const crash = async () => {
      inFlightAtKill = sent - answered;
      await stopServerProcess(server, 'SIGKILL');
      // The dead process's leases (60 s on idempotency claims and jobs) stand for time passing:
      // without this the buyers' retries would wait a minute for their keys.
      const past = new Date(Date.now() - 1_000).toISOString();
      await db.updateTable('idempotency_key').set({ locked_until: past }).where('status', '=', 'in_flight').execute();
      await db.updateTable('job').set({ locked_until: past }).where('status', '=', 'running').execute();
      await startServer();
    };

    /** One HTTP attempt; throws on a network error (the server is down or was killed mid-request). */
    async function attempt(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
      sent += 1;
      const pending = fetch(`${base}${url}`, { method, headers, body, signal: AbortSignal.timeout(15_000) });
      if (sent === KILL_AFTER_REQUESTS) {
        crashed = new Promise((resolve) => setTimeout(resolve, 5))
          .then(crash)
          .catch((error: unknown) => void problems.push(`the restart failed: ${String(error)}`));
      }
      try {
        const res = await pending;
        const text = await res.text();
        return { status: res.status, body: text === '' ? null : JSON.parse(text) };
      } finally {
        answered += 1;
      }
    }

    /** Retries what a client retries (no answer, 5xx, 429, a transient 409) until an answer stands. */
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

    const TRANSIENT_CODES = ['CONCURRENT_UPDATE', 'IDEMPOTENCY_REQUEST_IN_PROGRESS'];
    const buyerDone = (a: Answer) => a.status < 500 && a.status !== 429 && !(a.status === 409 && TRANSIENT_CODES.includes(a.body?.code));

    /** A buyer's request under one Idempotency-Key, however often it must be sent. */
    function asBuyer(label: string, buyer: Caller, method: string, url: string, payload: unknown): Promise<Answer> {
      const headers = { ...buyer.headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() } as Record<string, string>;
      const body = JSON.stringify(payload);
      return untilAnswered(label, () => attempt(method, url, headers, body), buyerDone);
    }

    /** The provider's callback, signed once and sent again as it is until acknowledged with a 2xx. */
    async function asProvider(label: string, fields: { paymentId: string; transactionId: string; status: 'paid' | 'failed'; amount: number }): Promise<void> {
      const callback = sandboxCallback(fields, Math.floor(Date.now() / 1000));
      const answer = await untilAnswered(
        label,
        () => attempt('POST', '/api/v1/payments/sandbox/notify', callback.headers, callback.body),
        (a) => (a.status >= 200 && a.status < 300) || (a.status >= 400 && a.status < 500 && a.status !== 409 && a.status !== 429),
      );
      if (answer.status !== 204) problems.push(`${label}: the callback was refused with ${answer.status} ${JSON.stringify(answer.body)}`);
    }

    async function startPayment(journey: Journey): Promise<void> {
      const res = await asBuyer(`${journey.name}: start payment`, journey.buyer, 'POST', `/api/v1/orders/${journey.orderId}/payments`, { provider: 'sandbox' });
      if (res.status !== 201) throw new Error(`${journey.name}: payment not started: ${res.status} ${JSON.stringify(res.body)}`);
      journey.payments.push({ id: res.body.id, amount: res.body.amount.amount });
    }

    const paid = (journey: Journey, n = 0) =>
      asProvider(`${journey.name}: paid #${n}`, { paymentId: journey.payments[n]!.id, transactionId: `sbx-${journey.payments[n]!.id}`, status: 'paid', amount: journey.payments[n]!.amount });
    const failed = (journey: Journey) =>
      asProvider(`${journey.name}: failed`, { paymentId: journey.payments[0]!.id, transactionId: `sbx-${journey.payments[0]!.id}`, status: 'failed', amount: journey.payments[0]!.amount });

    async function place(journey: Journey, payload: Record<string, unknown>): Promise<Answer> {
      return asBuyer(`${journey.name}: place`, journey.buyer, 'POST', '/api/v1/stores/renault/orders?locale=en', { ...payload, dealer: 'sh-01', plan: 'cash' });
    }

    const cancel = async (journey: Journey) => {
      const cancelled = await asBuyer(`${journey.name}: cancel`, journey.buyer, 'POST', `/api/v1/me/orders/${journey.orderId}/cancel?locale=en`, {});
      if (cancelled.status !== 200 || cancelled.body.status !== 'cancelled') throw new Error(`cancel answered ${cancelled.status} ${JSON.stringify(cancelled.body)}`);
    };

    /** Before the crash and across it: orders placed, payments started, what does not free a VIN. */
    async function firstStage(journey: Journey): Promise<void> {
      await startPayment(journey);
      switch (journey.plan) {
        case 'pay':
          return paid(journey);
        case 'pay-then-cancel':
          await paid(journey);
          return cancel(journey);
        case 'cancel-then-pay':
          // A stock order's cancellation frees its VIN while others still race for it: that one waits.
          if (journey.vin !== null) return;
          await cancel(journey);
          return paid(journey);
        case 'pay-twice':
          await Promise.all([paid(journey), paid(journey)]);
          return;
        case 'paid-then-failed':
          await paid(journey);
          return failed(journey);
        case 'failed-then-paid':
          await failed(journey);
          return paid(journey);
        case 'two-payments':
          // The first attempt fails at the provider, so the buyer starts another (an open one would
          // be answered again); then the first's "paid" turns up after all, beside the second's.
          await failed(journey);
          await startPayment(journey);
          await Promise.all([paid(journey, 0), paid(journey, 1)]);
          return;
        case 'fail':
          return failed(journey);
        default:
          return; // Its payment waits for the second stage.
      }
    }

    const stockJourneys: Journey[] = stockBuyers.map((buyer, i) => ({
      name: `stock racer ${i} for VIN ${i % vins.length}`,
      plan: STOCK_PLANS[i % vins.length]!,
      buyer,
      vin: vins[i % vins.length]!,
      payments: [],
    }));
    const builtJourneys: Journey[] = builtBuyers.map((buyer, i) => ({ name: `built-to-order ${i}`, plan: BUILT_PLANS[i % BUILT_PLANS.length]!, buyer, vin: null, payments: [] }));
    const refusedRacers: string[] = [];
    const guarded = (journey: Journey, work: () => Promise<void>) =>
      work().catch((error: unknown) => void problems.push(`${journey.name}: ${error instanceof Error ? error.message : String(error)}`));

    await Promise.all([
      ...stockJourneys.map((journey) =>
        guarded(journey, async () => {
          const placed = await place(journey, { vin: journey.vin });
          if (placed.status === 409 && placed.body?.code === 'ORDER_VIN_NOT_AVAILABLE') return void refusedRacers.push(journey.name);
          if (placed.status !== 201) throw new Error(`placing answered ${placed.status} ${JSON.stringify(placed.body)}`);
          journey.orderId = placed.body.id;
          await firstStage(journey);
        }),
      ),
      ...builtJourneys.map((journey) =>
        guarded(journey, async () => {
          const placed = await place(journey, { configuration });
          if (placed.status !== 201) throw new Error(`placing answered ${placed.status} ${JSON.stringify(placed.body)}`);
          journey.orderId = placed.body.id;
          await firstStage(journey);
        }),
      ),
    ]);
    expect(crashed, `the traffic sent only ${sent} requests, fewer than the ${KILL_AFTER_REQUESTS} before the kill`).toBeDefined();
    await crashed;
    expect(problems).toEqual([]);

    // ---- After the crash: holds run out, buyers cancel, late money arrives. ----

    const winners = stockJourneys.filter((j) => j.orderId !== undefined);
    const ordered = [...winners, ...builtJourneys];
    const withPlan = (...plans: Plan[]) => ordered.filter((j) => plans.includes(j.plan));
    const past = new Date(Date.now() - 60_000).toISOString();
    const lapsing = withPlan('late-pay', 'late-pay-taken');
    await db.updateTable('customer_order').set({ hold_expires_at: past }).where('id', 'in', lapsing.map((j) => j.orderId!)).execute();
    await db.updateTable('vehicle_unit').set({ hold_expires_at: past }).where('vin', 'in', lapsing.flatMap((j) => (j.vin ? [j.vin] : []))).execute();
    // Only the expiry job's time comes for late-pay; late-pay-taken is expired by the latecomer's order.
    await db
      .updateTable('job')
      .set({ run_at: past })
      .where('dedupe_key', 'in', withPlan('late-pay').map((j) => `order.expire:${j.orderId}`))
      .execute();

    const statusOf = async (id: string) => (await db.selectFrom('customer_order').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    let latecomerOrder: string | undefined;
    await Promise.all(
      ordered.map((journey) =>
        guarded(journey, async () => {
          switch (journey.plan) {
            case 'pay':
              // The provider, unsure it was heard before the crash, tells it again.
              return paid(journey);
            case 'cancel-then-pay':
              if (journey.vin === null) return;
              await cancel(journey);
              return paid(journey);
            case 'late-pay': {
              while ((await statusOf(journey.orderId!)) !== 'expired') {
                if (Date.now() > deadline) throw new Error('the expiry job never expired the order');
                await delay(200);
              }
              return paid(journey);
            }
            case 'late-pay-taken': {
              const late = await asBuyer('latecomer: place', latecomer!, 'POST', '/api/v1/stores/renault/orders?locale=en', { vin: journey.vin, dealer: 'sh-01', plan: 'cash' });
              if (late.status !== 201) throw new Error(`the latecomer's order answered ${late.status} ${JSON.stringify(late.body)}`);
              latecomerOrder = late.body.id;
              return paid(journey);
            }
            default:
              return;
          }
        }),
      ),
    );
    expect(problems).toEqual([]);

    // The refund jobs run in the server; wait for the last of them, then stop it cleanly.
    for (;;) {
      const open = await db.selectFrom('refund').select('id').where('status', '=', 'pending').execute();
      if (open.length === 0) break;
      if (Date.now() > deadline) throw new Error(`refunds still pending at the deadline: ${open.map((r) => r.id).join(', ')}`);
      await delay(200);
    }
    const stopped = await stopServerProcess(server, 'SIGTERM');
    expect(stopped, server!.output()).toBe(0);
    expect(inFlightAtKill, 'requests in flight when the server was killed').toBeGreaterThan(0);
    expect(started).toHaveLength(2);

    // ---- The invariants, by the test's own SQL. ----

    const ours = sql`(select o.id from customer_order o join user_account u on u.id = o.buyer_id where u.email like 'crash-%')`;
    const rows = async <T>(query: RawBuilder<T>) => (await query.execute(db)).rows;
    const live = sql.join(LIVE.map((s) => sql.lit(s)));

    const capturedAstray = await rows(sql`
      select l.id, l.order_id, l.payment_id, p.order_id as payment_order, p.status as payment_status
      from ledger_entry l
      left join customer_order o on o.id = l.order_id
      left join payment p on p.id = l.payment_id
      where l.kind = 'captured' and l.source = 'sandbox'
        and (o.id is null or p.id is null or p.order_id <> l.order_id or p.status <> 'succeeded')`);
    const capturedTwice = await rows(sql`
      select source, reference, count(*) as n from ledger_entry where kind = 'captured' group by source, reference having count(*) > 1`);
    const transactionOnTwoPayments = await rows(sql`
      select provider, transaction_id, count(*) as n from payment where transaction_id is not null group by provider, transaction_id having count(*) > 1`);
    const vinOnTwoLiveOrders = await rows(sql`
      select vin, count(*) as n from customer_order where vin is not null and status in (${live}) group by vin having count(*) > 1`);
    const units = await rows<{ vin: string; status: string; hold_expires_at: string | null; live_orders: number | string }>(sql`
      select u.vin, u.status, u.hold_expires_at,
        (select count(*) from customer_order o where o.vin = u.vin and o.status in (${live})) as live_orders
      from vehicle_unit u where u.vin in (${sql.join(vins)}) order by u.vin`);
    const unitsAstray = units.filter((u) => {
      const holders = Number(u.live_orders);
      if (!UNIT_STATUSES.includes(u.status)) return true;
      return u.status === 'available' ? holders !== 0 : holders !== 1;
    });
    const money = await rows<{
      id: string;
      status: string;
      deposit_amount: number | string;
      amount_authorized: number | string;
      amount_captured: number | string;
      amount_refunded: number | string;
      ledger_authorized: number | string;
      ledger_captured: number | string;
      ledger_refunded: number | string;
      refunds_asked: number | string;
    }>(sql`
      select o.id, o.status, o.deposit_amount, o.amount_authorized, o.amount_captured, o.amount_refunded,
        (select coalesce(sum(l.amount), 0) from ledger_entry l where l.order_id = o.id and l.kind = 'authorized') as ledger_authorized,
        (select coalesce(sum(l.amount), 0) from ledger_entry l where l.order_id = o.id and l.kind = 'captured') as ledger_captured,
        (select coalesce(sum(l.amount), 0) from ledger_entry l where l.order_id = o.id and l.kind = 'refunded') as ledger_refunded,
        (select coalesce(sum(r.amount), 0) from refund r where r.order_id = o.id and r.status <> 'refused') as refunds_asked
      from customer_order o where o.id in ${ours} order by o.id`);
    const ledgerNotOrder = money.filter(
      (o) =>
        Number(o.ledger_authorized) !== Number(o.amount_authorized) ||
        Number(o.ledger_captured) !== Number(o.amount_captured) ||
        Number(o.ledger_refunded) !== Number(o.amount_refunded),
    );
    // What the order keeps once every refund asked is made: its deposit when paid, nothing when dead or unpaid.
    const keptWrong = money.filter((o) => {
      const kept = Number(o.amount_captured) - Number(o.refunds_asked);
      return o.status === 'deposit_paid' ? kept !== Number(o.deposit_amount) : kept !== 0;
    });
    const succeededWithoutOneCapture = await rows(sql`
      select p.id, p.amount, count(l.id) as captures, coalesce(sum(l.amount), 0) as captured
      from payment p left join ledger_entry l on l.payment_id = p.id and l.kind = 'captured'
      where p.status = 'succeeded' and p.order_id in ${ours}
      group by p.id, p.amount
      having count(l.id) <> 1 or coalesce(sum(l.amount), 0) <> p.amount`);
    const depositNotCaptured = await rows(sql`
      select id, deposit_amount, amount_captured from customer_order
      where id in ${ours} and status = 'deposit_paid' and amount_captured < deposit_amount`);
    const deadOrderMoneyKept = await rows(sql`
      select o.id as order_id, o.status, p.id as payment_id, p.amount from customer_order o join payment p on p.order_id = o.id
      where o.id in ${ours} and o.status in ('expired', 'cancelled', 'refunded') and p.status = 'succeeded'
        and not exists (select 1 from refund r where r.payment_id = p.id and r.status <> 'refused' and r.amount = p.amount)`);
    const counted = UNIT_STATUSES.map((status) => units.filter((u) => u.status === status).length);
    const refundsWithoutJob = await rows(sql`
      select r.id, r.order_id from refund r
      where r.order_id in ${ours} and not exists (select 1 from job j where j.kind = 'payment.refund' and j.dedupe_key = 'payment.refund:' || r.id)`);

    expect({
      capturedAstray,
      capturedTwice,
      transactionOnTwoPayments,
      vinOnTwoLiveOrders,
      unitsAstray,
      unitsCounted: counted.reduce((a, b) => a + b, 0),
      ledgerNotOrder,
      keptWrong,
      succeededWithoutOneCapture,
      depositNotCaptured,
      deadOrderMoneyKept,
      refundsWithoutJob,
    }).toEqual({
      capturedAstray: [],
      capturedTwice: [],
      transactionOnTwoPayments: [],
      vinOnTwoLiveOrders: [],
      unitsAstray: [],
      unitsCounted: vins.length,
      ledgerNotOrder: [],
      keptWrong: [],
      succeededWithoutOneCapture: [],
      depositNotCaptured: [],
      deadOrderMoneyKept: [],
      refundsWithoutJob: [],
    });

    // ---- And the outcome each plan leads to, whatever the crash cut short. ----

    expect(winners.map((j) => j.vin).sort()).toEqual([...vins].sort());
    expect(refusedRacers).toHaveLength(STOCK_BUYERS - vins.length);
    expect(latecomerOrder).toBeDefined();
    const statuses = Object.fromEntries(await Promise.all(ordered.map(async (j) => [j.name, await statusOf(j.orderId!)] as const)));
    const byPlan = (plan: Plan) => ordered.filter((j) => j.plan === plan).map((j) => statuses[j.name]);
    expect({
      pay: byPlan('pay'),
      payTwice: byPlan('pay-twice'),
      paidThenFailed: byPlan('paid-then-failed'),
      failedThenPaid: byPlan('failed-then-paid'),
      twoPayments: byPlan('two-payments'),
      fail: byPlan('fail'),
      payThenCancel: byPlan('pay-then-cancel'),
      cancelThenPay: byPlan('cancel-then-pay'),
      latePay: byPlan('late-pay'),
      latePayTaken: byPlan('late-pay-taken'),
      latecomer: await statusOf(latecomerOrder!),
    }).toEqual({
      pay: ['deposit_paid', 'deposit_paid', 'deposit_paid', 'deposit_paid', 'deposit_paid'],
      payTwice: ['deposit_paid', 'deposit_paid', 'deposit_paid'],
      paidThenFailed: ['deposit_paid', 'deposit_paid', 'deposit_paid'],
      failedThenPaid: ['deposit_paid', 'deposit_paid'],
      twoPayments: ['deposit_paid', 'deposit_paid', 'deposit_paid'],
      fail: ['pending_deposit', 'pending_deposit', 'pending_deposit'],
      payThenCancel: ['refunded', 'refunded'],
      cancelThenPay: ['refunded', 'refunded', 'refunded'],
      latePay: ['expired', 'expired', 'expired'],
      latePayTaken: ['expired'],
      latecomer: 'pending_deposit',
    });
    // The units in the order of STOCK_PLANS: four deposits paid, two given back, a latecomer's hold, an unpaid hold.
    const unitOf = new Map(units.map((u) => [u.vin, u]));
    expect(vins.map((vin) => [unitOf.get(vin)!.status, unitOf.get(vin)!.hold_expires_at === null])).toEqual([
      ['held', true],
      ['held', true],
      ['held', true],
      ['held', true],
      ['available', true],
      ['available', true],
      ['held', false],
      ['held', false],
    ]);
    const ledger = await rows<{ kind: string; n: number | string; total: number | string }>(sql`
      select kind, count(*) as n, sum(amount) as total from ledger_entry where order_id in ${ours} group by kind order by kind`);
    const refunds = await rows<{ status: string; n: number | string }>(sql`
      select status, count(*) as n from refund where order_id in ${ours} group by status`);
    // 28 captures of ¥5,000: one per paid order, two for each of the three two-payment orders; 12 of them refunded.
    expect(ledger.map((l) => [l.kind, Number(l.n), Number(l.total)])).toEqual([
      ['captured', 28, 28 * 500_000],
      ['refunded', 12, 12 * 500_000],
    ]);
    expect(refunds.map((r) => [r.status, Number(r.n)])).toEqual([['succeeded', 12]]);
  });
});
