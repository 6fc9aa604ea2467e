import { sql, type RawBuilder } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../helpers/auth.js';
import { insertBuyers } from '../helpers/buyers.js';
import { crashServer, crashTraffic, isCallbackPlan, moneyFactsTwice, providerTells, refundsSettled, waitUntil, type Answer, type CallbackPlan } from '../helpers/crash.js';
import { insertSaleUnit } from '../helpers/orders.js';

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
/** The SIGKILL comes right after the server has answered this many requests of the traffic. */
const KILL_AFTER_ANSWERS = 70;
/** The whole exchange is bounded (it takes about 10 s): a request still unanswered then fails the test. */
const TRAFFIC_DEADLINE_MS = 60_000;

type Plan =
  | CallbackPlan // 'two-payments': one deposit kept, the other refunded; 'fail': the order stays unpaid
  | 'pay-then-cancel' // paid, then the buyer cancels within the refund window
  | 'cancel-then-pay' // cancelled while unpaid, then the money arrives anyway
  | 'late-pay' // the hold runs out and the expiry job expires it, then the money arrives
  | 'late-pay-taken'; // the hold runs out, a latecomer orders the VIN (expiring it), then the money arrives

/** One plan per stock VIN (the race's winner follows it) and, twice over, per built-to-order order. */
const STOCK_PLANS: Plan[] = ['pay', 'pay-twice', 'paid-then-failed', 'two-payments', 'cancel-then-pay', 'late-pay', 'late-pay-taken', 'fail'];
const BUILT_PLANS: Plan[] = ['pay', 'pay-twice', 'paid-then-failed', 'failed-then-paid', 'two-payments', 'cancel-then-pay', 'pay-then-cancel', 'late-pay', 'fail', 'pay'];

const LIVE = ['pending_deposit', 'deposit_paid', 'allocated', 'paid', 'ready_for_handover'];
const UNIT_STATUSES = ['available', 'held', 'sold', 'delivered'];

interface Journey {
  name: string;
  plan: Plan;
  buyer: Caller;
  vin: string | null;
  orderId?: string;
  payments: Array<{ id: string; amount: number }>;
}

const server = crashServer('crash');

describe('orders and payments through a crash of the server', { timeout: 150_000 }, () => {
  it('loses, doubles and strands no stock and no money when the server is killed mid-traffic', async () => {
    const db = server.db;
    const now = new Date();
    const stockBuyers = await insertBuyers(db, now, STOCK_BUYERS, 'crash-stock');
    const builtBuyers = await insertBuyers(db, now, BUILT_ORDERS, 'crash-built');
    const [latecomer] = await insertBuyers(db, now, 1, 'crash-late');
    const vins: string[] = [];
    for (let i = 0; i < STOCK_PLANS.length; i++) {
      vins.push(await insertSaleUnit(db, now, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 }));
    }

    await server.start();
    const saved = await server.request('POST', '/api/v1/stores/renault/configurations?locale=en', {}, { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['pk-roof'] });
    expect(saved.status).toBe(201);
    const configuration = saved.body.code as string;

    // ---- The traffic, its retries, and the crash. ----

    const traffic = crashTraffic(server, { kills: [KILL_AFTER_ANSWERS], deadlineMs: TRAFFIC_DEADLINE_MS });
    const { problems, deadline, asBuyer, asProvider } = traffic;

    async function startPayment(journey: Journey): Promise<void> {
      const res = await asBuyer(`${journey.name}: start payment`, journey.buyer, 'POST', `/api/v1/orders/${journey.orderId}/payments`, { provider: 'sandbox' });
      if (res.status !== 201) throw new Error(`${journey.name}: payment not started: ${res.status} ${JSON.stringify(res.body)}`);
      journey.payments.push({ id: res.body.id, amount: res.body.amount.amount });
    }

    const paid = (journey: Journey) => asProvider(`${journey.name}: paid`, journey.payments[0]!, 'paid');

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
      if (isCallbackPlan(journey.plan)) return providerTells(traffic, journey, journey.plan, () => startPayment(journey));
      switch (journey.plan) {
        case 'pay-then-cancel':
          await paid(journey);
          return cancel(journey);
        case 'cancel-then-pay':
          // A stock order's cancellation frees its VIN while others still race for it: that one waits.
          if (journey.vin !== null) return;
          await cancel(journey);
          return paid(journey);
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
    const guarded = (journey: Journey, work: () => Promise<void>) => traffic.guarded(journey.name, work);

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
    const { inFlightAtKills } = await traffic.crashed();
    expect(inFlightAtKills.map((n) => n > 0), 'one kill, with requests in flight').toEqual([true]);
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
              await waitUntil('the expiry job to expire the order', deadline, async () => (await statusOf(journey.orderId!)) === 'expired');
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
    await refundsSettled(db, deadline);
    const stopped = await server.stop('SIGTERM');
    expect(stopped, server.output()).toBe(0);
    expect(server.started).toHaveLength(2);

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
    const { capturedTwice, transactionOnTwoPayments } = await moneyFactsTwice(db);
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
