import { sql, type RawBuilder } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { DEMO, type Caller } from '../helpers/auth.js';
import { insertBuyers, insertSession } from '../helpers/buyers.js';
import {
  CALLBACK_PLANS,
  crashServer,
  crashTraffic,
  isCallbackPlan,
  moneyFactsTwice,
  providerTells,
  refundsSettled,
  standingAnswer,
  waitUntil,
  type Answer,
  type CallbackPlan,
} from '../helpers/crash.js';
import { offerBodyAt } from '../helpers/vouchers.js';

/*
 * Vouchers through a crash of the server. A crowd buys a limited offer (more buyers than
 * vouchers, some tapping "buy" three times at once), pays in the sandbox, and the provider says
 * paid, failed, twice, or late; a counter redeems. The server is killed with SIGKILL three times
 * in the middle of it and started again on the same database; buyers, provider and counter retry
 * until each has an answer that stands. Then payments lapse, a voucher expires, buyers refund while
 * a counter redeems, and the server is killed once more in the middle of that; latecomers buy the
 * units given back.
 *
 * Afterwards the test's own SQL checks that the offer's units add up and that no voucher's money
 * was lost, doubled or kept for a voucher not in use; and each plan's outcome, to the row.
 */

const UNITS = 20;
const PER_BUYER = 2;
const RACERS = 30;
/** The first racers tap "buy" three times at once, each tap under its own Idempotency-Key: the limit of two must hold. */
const GREEDY = 8;
const LATECOMERS = 9;
const PRICE = 5_000_000;
/**
 * The race (about 100 requests) is killed right after the server has answered these many of
 * them: first while the winning purchases are being made, then among payments and callbacks.
 */
const KILLS_IN_RACE = [20, 50, 80];
/** The aftermath, right after this many answers: among refunds, a redemption racing a refund, callbacks told again. */
const KILL_IN_AFTERMATH = 3;
/** Each stage's exchange is bounded: a request still unanswered then fails the test. */
const TRAFFIC_DEADLINE_MS = 60_000;

type Plan =
  | CallbackPlan // 'pay' is told again after the crashes; 'fail' keeps the voucher waiting for its price, holding its unit
  | 'lapse' // never paid: it lapses at its pay-by time and gives its unit back
  | 'late-pay' // lapses, then the money arrives: it goes back
  | 'pay-then-refund' // paid, then the buyer taps "refund" twice at once
  | 'pay-then-redeem' // paid and redeemed at a counter; the buyer's refund is refused
  | 'redeem-or-refund' // paid, then the buyer refunds while a counter redeems: one of them, never both
  | 'pay-then-expire'; // paid, then its validity ends unused: refunded in full (the default policy), its unit stays sold

/** One plan per voucher the race sells, in the order the buyers hear they have one. */
const PLANS: Plan[] = [
  ...CALLBACK_PLANS,
  'lapse',
  'late-pay',
  'pay-then-refund',
  'pay-then-redeem',
  'redeem-or-refund',
  'pay-then-expire',
  ...CALLBACK_PLANS,
  'late-pay',
  'pay-then-refund',
];

/** The statuses that hold one of the offer's units: waiting for its price (held), or sold. */
const HOLDING = ['pending_payment'];
const SOLD = ['active', 'redeemed', 'expired'];
const STATUSES = [...HOLDING, ...SOLD, 'refunded', 'lapsed'];

type Buyer = Caller & { id: string };

interface Voucher {
  name: string;
  plan: Plan | 'latecomer';
  buyer: Buyer;
  id: string;
  payments: Array<{ id: string; amount: number }>;
  /** The code its buyer shows at the counter, once paid. */
  code?: string;
}

const server = crashServer('voucher-crash');

/** Everyone in the play, signed in on the server's clock: the crowd, the latecomers, the brand and a counter at sh-01. */
async function cast(db: Db, now: Date) {
  const sessionOf = async (email: string) =>
    insertSession(db, now, (await db.selectFrom('user_account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id);
  return {
    racers: await insertBuyers(db, now, RACERS, 'vcrash-racer'),
    latecomers: await insertBuyers(db, now, LATECOMERS, 'vcrash-late'),
    admin: { name: 'brand admin', headers: await sessionOf(DEMO.renaultAdmin) },
    counter: { name: 'sh-01 counter', headers: await sessionOf(DEMO.staffShanghai) },
  };
}

describe('vouchers and their payments through a crash of the server', { timeout: 150_000 }, () => {
  it('loses, doubles and strands no unit and no money of a voucher offer when the server is killed mid-traffic', async () => {
    const { db } = server;
    const now = new Date();
    const { racers, latecomers, admin, counter } = await cast(db, now);
    await server.start();
    const created = await server.request('POST', '/api/v1/admin/stores/renault/voucher-offers?locale=en', admin.headers, offerBodyAt(now, { unitsTotal: UNITS, perBuyerLimit: PER_BUYER }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const offer = created.body.slug as string;
    const offerRow = await db.selectFrom('voucher_offer').select(['id', 'price']).where('slug', '=', offer).executeTakeFirstOrThrow();
    expect(Number(offerRow.price)).toBe(PRICE);

    // ---- The race, its retries, and three crashes. ----

    // One traffic a stage, each with its kills; the clients below always speak through the current one.
    let traffic = crashTraffic(server, { kills: KILLS_IN_RACE, deadlineMs: TRAFFIC_DEADLINE_MS });

    const vouchers: Voucher[] = [];
    /** Every answer to a purchase, by buyer: what each was told. */
    const told = new Map<string, Answer[]>();

    async function buy(buyer: Buyer, tap: string): Promise<Answer> {
      const answer = await traffic.asBuyer(`${buyer.name}: buy ${tap}`, buyer, 'POST', '/api/v1/stores/renault/vouchers?locale=en', { offer });
      told.set(buyer.id, [...(told.get(buyer.id) ?? []), answer]);
      if (answer.status !== 201 && !(answer.status === 409 && ['VOUCHER_SOLD_OUT', 'VOUCHER_LIMIT_REACHED'].includes(answer.body?.code))) {
        throw new Error(`buying answered ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      return answer;
    }

    async function startPayment(voucher: Voucher): Promise<void> {
      const res = await traffic.asBuyer(`${voucher.name}: start payment`, voucher.buyer, 'POST', `/api/v1/vouchers/${voucher.id}/payments`, { provider: 'sandbox' });
      if (res.status !== 201) throw new Error(`payment not started: ${res.status} ${JSON.stringify(res.body)}`);
      voucher.payments.push({ id: res.body.id, amount: res.body.amount.amount });
    }

    const paid = (voucher: Voucher) => traffic.asProvider(`${voucher.name}: paid`, voucher.payments[0]!, 'paid');
    const refund = (voucher: Voucher) => traffic.asBuyer(`${voucher.name}: refund`, voucher.buyer, 'POST', `/api/v1/me/vouchers/${voucher.id}/refund?locale=en`, {});
    const view = async (voucher: Voucher) => {
      const res = await traffic.asBuyer(`${voucher.name}: look`, voucher.buyer, 'GET', `/api/v1/me/vouchers/${voucher.id}?locale=en`);
      if (res.status !== 200) throw new Error(`the buyer's voucher answered ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    /** The counter types the code the buyer shows, under one Idempotency-Key: a retry after a lost answer hears its own redemption. */
    const redemptions = new Map<string, Answer>();
    const codeOf = async (voucher: Voucher): Promise<string> => {
      const { code } = await view(voucher);
      if (typeof code !== 'string') throw new Error(`the buyer has no code to show for ${voucher.id}`);
      return code;
    };
    const redeem = async (voucher: Voucher, code: string) => {
      const body = JSON.stringify({ code, saleReference: `sale-${voucher.id}` });
      const headers = { ...counter.headers, 'content-type': 'application/json', 'idempotency-key': `redeem-${voucher.id}` };
      const url = '/api/v1/dealer/stores/renault/dealers/sh-01/voucher-redemptions?locale=en';
      const answer = await traffic.untilAnswered(`${voucher.name}: redeem`, () => traffic.attempt('POST', url, headers, body), standingAnswer);
      redemptions.set(voucher.id, answer);
      return answer;
    };

    /** Before the crash and across it: payments started, and what does not give a unit back. */
    async function firstStage(voucher: Voucher): Promise<void> {
      await startPayment(voucher);
      if (isCallbackPlan(voucher.plan)) return providerTells(traffic, voucher, voucher.plan, () => startPayment(voucher));
      switch (voucher.plan) {
        case 'pay-then-refund':
        case 'pay-then-expire':
          return paid(voucher);
        case 'redeem-or-refund':
          await paid(voucher);
          voucher.code = await codeOf(voucher);
          return;
        case 'pay-then-redeem':
          await paid(voucher);
          await redeem(voucher, await codeOf(voucher));
          return;
        default:
          return; // Its money, if any, comes after it lapsed.
      }
    }

    let sold = 0;
    await Promise.all(
      racers.map((buyer, i) =>
        traffic.guarded(buyer.name, async () => {
          const taps = i < GREEDY ? ['#1', '#2', '#3'] : ['#1'];
          await Promise.all(
            taps.map(async (tap) => {
              const answer = await buy(buyer, tap);
              if (answer.status !== 201) return;
              const plan = PLANS[sold++];
              if (plan === undefined) throw new Error(`a voucher beyond the offer's ${UNITS}: ${answer.body.id}`);
              const voucher: Voucher = { name: `voucher ${sold} (${plan}) of ${buyer.name}`, plan, buyer, id: answer.body.id, payments: [] };
              vouchers.push(voucher);
              await firstStage(voucher);
            }),
          );
        }),
      ),
    );
    const inRace = await traffic.crashed();
    expect(traffic.problems).toEqual([]);

    const rows = async <T>(query: RawBuilder<T>) => (await query.execute(db)).rows;
    const counted = sql.join([...HOLDING, ...SOLD].map((s) => sql.lit(s)));
    const heldByBuyer = async () =>
      new Map(
        (
          await rows<{ buyer_id: string; n: number | string }>(sql`
            select buyer_id, count(*) as n from voucher where offer_id = ${offerRow.id} and status in (${counted}) group by buyer_id`)
        ).map((r) => [r.buyer_id, Number(r.n)]),
      );

    /** Each buyer owns exactly the vouchers they were told they bought: none made by a retry behind their back. */
    const ownership = async (toldOf: Voucher[]) => {
      const owned = await db.selectFrom('voucher').select(['id', 'buyer_id']).where('offer_id', '=', offerRow.id).execute();
      return {
        ownedNotTold: owned.filter((v) => !toldOf.some((t) => t.id === v.id)).map((v) => v.id),
        toldNotOwned: toldOf.filter((t) => !owned.some((v) => v.id === t.id && v.buyer_id === t.buyer.id)).map((t) => t.id),
      };
    };
    // The race is over and nothing has given a unit back yet: the offer is sold out, and a buyer
    // refused for the limit holds as many as it allows.
    const afterRace = await heldByBuyer();
    const refusedForLimit = racers.filter((b) => told.get(b.id)!.some((a) => a.body?.code === 'VOUCHER_LIMIT_REACHED'));
    expect({
      vouchersSold: vouchers.length,
      distinctVouchers: new Set(vouchers.map((v) => v.id)).size,
      ...(await ownership(vouchers)),
      refusedForLimitHolding: refusedForLimit.map((b) => afterRace.get(b.id)),
    }).toEqual({ vouchersSold: UNITS, distinctVouchers: UNITS, ownedNotTold: [], toldNotOwned: [], refusedForLimitHolding: refusedForLimit.map(() => PER_BUYER) });
    expect({ kills: inRace.inFlightAtKills.length, cutAtFirst: inRace.inFlightAtKills[0]! > 0 }, 'the kills in the race').toEqual({ kills: KILLS_IN_RACE.length, cutAtFirst: true });

    // ---- The aftermath, and one more crash: payments lapse, a voucher expires, buyers refund, late money arrives. ----

    const withPlan = (...plans: Plan[]) => vouchers.filter((v) => (plans as string[]).includes(v.plan));
    const past = new Date(Date.now() - 60_000).toISOString();
    const lapsing = withPlan('lapse', 'late-pay').map((v) => v.id);
    const expiring = withPlan('pay-then-expire').map((v) => v.id);
    await db.updateTable('voucher').set({ pay_expires_at: past }).where('id', 'in', lapsing).execute();
    await db.updateTable('voucher').set({ expires_at: past }).where('id', 'in', expiring).execute();
    const dueJobs = [...lapsing.map((id) => `voucher.lapse:${id}`), ...expiring.map((id) => `voucher.expire:${id}`)];
    await db.updateTable('job').set({ run_at: past }).where('dedupe_key', 'in', dueJobs).execute();

    const statusOf = async (id: string) => (await db.selectFrom('voucher').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    const refundAnswers = new Map<string, Answer[]>();
    traffic = crashTraffic(server, { kills: [KILL_IN_AFTERMATH], deadlineMs: TRAFFIC_DEADLINE_MS });
    const { deadline } = traffic;
    await Promise.all(
      vouchers.map((voucher) =>
        traffic.guarded(voucher.name, async () => {
          switch (voucher.plan) {
            case 'pay':
              // The provider, unsure it was heard before the crash, tells it again.
              return paid(voucher);
            case 'lapse':
              return waitUntil(`${voucher.name} to lapse`, deadline, async () => (await statusOf(voucher.id)) === 'lapsed');
            case 'late-pay':
              await waitUntil(`${voucher.name} to lapse`, deadline, async () => (await statusOf(voucher.id)) === 'lapsed');
              return paid(voucher);
            case 'pay-then-expire':
              return waitUntil(`${voucher.name} to expire`, deadline, async () => (await statusOf(voucher.id)) === 'expired');
            case 'pay-then-refund':
              // Two taps, two keys: one refund. Should both be cut by the kill, both are run again and both say "refunded".
              refundAnswers.set(voucher.id, await Promise.all([refund(voucher), refund(voucher)]));
              return;
            case 'pay-then-redeem':
              refundAnswers.set(voucher.id, [await refund(voucher)]);
              return;
            case 'redeem-or-refund': {
              const [refunded] = await Promise.all([refund(voucher), redeem(voucher, voucher.code!)]);
              refundAnswers.set(voucher.id, [refunded]);
              return;
            }
            default:
              return;
          }
        }),
      ),
    );
    const inAftermath = await traffic.crashed();
    expect(traffic.problems).toEqual([]);
    expect(inAftermath.inFlightAtKills.map((n) => n > 0), 'requests in flight at the kill in the aftermath').toEqual([true]);

    // The units given back (two late payments, one never paid, two refunds, and the raced voucher
    // if its refund won) go to latecomers, who pay for them.
    const [raced] = withPlan('redeem-or-refund');
    const refundWon = (await statusOf(raced!.id)) === 'refunded';
    const givenBack = 5 + (refundWon ? 1 : 0);
    const lateVouchers: Voucher[] = [];
    await Promise.all(
      latecomers.map((buyer) =>
        traffic.guarded(buyer.name, async () => {
          const answer = await buy(buyer, 'late');
          if (answer.status !== 201) return;
          const voucher: Voucher = { name: `late voucher of ${buyer.name}`, plan: 'latecomer', buyer, id: answer.body.id, payments: [] };
          lateVouchers.push(voucher);
          await startPayment(voucher);
          await paid(voucher);
        }),
      ),
    );
    expect(traffic.problems).toEqual([]);
    const latecomerAnswers = latecomers.map((b) => (told.get(b.id)![0]!.status === 201 ? 'bought' : told.get(b.id)![0]!.body.code)).sort();
    expect(latecomerAnswers).toEqual([...Array(LATECOMERS - givenBack).fill('VOUCHER_SOLD_OUT'), ...Array(givenBack).fill('bought')]);

    await refundsSettled(db, deadline);
    // What each buyer sees of each voucher, from the restarted server, before it stops.
    const everyVoucher = [...vouchers, ...lateVouchers];
    const seen = new Map<string, { status: string; paid: number; refunded: number }>();
    await Promise.all(
      everyVoucher.map((voucher) =>
        traffic.guarded(voucher.name, async () => {
          const shown = await view(voucher);
          seen.set(voucher.id, { status: shown.status, paid: shown.amountPaid.amount, refunded: shown.amountRefunded.amount });
        }),
      ),
    );
    expect(traffic.problems).toEqual([]);
    const stopped = await server.stop('SIGTERM');
    expect(stopped, server.output()).toBe(0);
    expect(server.started).toHaveLength(5);

    // ---- The invariants, by the test's own SQL. ----

    const ours = sql`(select id from voucher where offer_id = ${offerRow.id})`;
    const [units] = await rows<{ units_total: number | string; units_taken: number | string }>(sql`
      select units_total, units_taken from voucher_offer where id = ${offerRow.id}`);
    const byStatus = await rows<{ status: string; n: number | string }>(sql`
      select status, count(*) as n from voucher where offer_id = ${offerRow.id} group by status order by status`);
    const countOf = (statuses: string[]) => byStatus.filter((s) => statuses.includes(s.status)).reduce((sum, s) => sum + Number(s.n), 0);
    const total = Number(units!.units_total);
    const available = total - Number(units!.units_taken);
    const held = countOf(HOLDING);
    const soldUnits = countOf(SOLD);

    const vouchersMoney = await rows<{
      id: string;
      status: string;
      amount_captured: number | string;
      amount_refunded: number | string;
      ledger_captured: number | string;
      ledger_refunded: number | string;
      refunds_made: number | string;
    }>(sql`
      select v.id, v.status, v.amount_captured, v.amount_refunded,
        (select coalesce(sum(l.amount), 0) from ledger_entry l where l.voucher_id = v.id and l.kind = 'captured') as ledger_captured,
        (select coalesce(sum(l.amount), 0) from ledger_entry l where l.voucher_id = v.id and l.kind = 'refunded') as ledger_refunded,
        (select coalesce(sum(r.amount), 0) from refund r where r.voucher_id = v.id and r.status = 'succeeded') as refunds_made
      from voucher v where v.offer_id = ${offerRow.id} order by v.id`);
    // A voucher in use keeps its price once; any other keeps nothing of what was paid for it.
    const keptWrong = vouchersMoney
      .map((v) => ({ id: v.id, status: v.status, kept: Number(v.ledger_captured) - Number(v.ledger_refunded) }))
      .filter((v) => v.kept !== (['active', 'redeemed'].includes(v.status) ? PRICE : 0));
    const sumsNotLedger = vouchersMoney.filter(
      (v) => Number(v.amount_captured) !== Number(v.ledger_captured) || Number(v.amount_refunded) !== Number(v.ledger_refunded) || Number(v.refunds_made) !== Number(v.ledger_refunded),
    );
    const capturedAstray = await rows(sql`
      select l.id, l.voucher_id, p.voucher_id as payment_voucher, p.status as payment_status
      from ledger_entry l left join payment p on p.id = l.payment_id
      where l.kind = 'captured' and l.voucher_id in ${ours}
        and (p.id is null or l.order_id is not null or p.voucher_id is null or p.voucher_id <> l.voucher_id or p.status <> 'succeeded')`);
    const paymentsNotCapturedOnce = await rows(sql`
      select p.id, p.status, count(l.id) as captures
      from payment p left join ledger_entry l on l.payment_id = p.id and l.kind = 'captured'
      where p.voucher_id in ${ours}
      group by p.id, p.status, p.amount
      having (p.status = 'succeeded' and (count(l.id) <> 1 or sum(l.amount) <> p.amount)) or (p.status <> 'succeeded' and count(l.id) <> 0)`);
    const paymentsStranded = await rows(sql`
      select p.id, v.status from payment p join voucher v on v.id = p.voucher_id
      where v.offer_id = ${offerRow.id} and p.status = 'pending' and v.status <> 'pending_payment'`);
    const refundsNotMade = await rows(sql`select r.id, r.status from refund r where r.voucher_id in ${ours} and r.status <> 'succeeded'`);
    const overLimit = [...(await heldByBuyer())].filter(([, n]) => n > PER_BUYER);
    const answersNotDatabase = vouchersMoney
      .filter((v) => seen.has(v.id))
      .map((v) => ({ id: v.id, seen: seen.get(v.id), stored: { status: v.status, paid: Number(v.amount_captured), refunded: Number(v.amount_refunded) } }))
      .filter((v) => JSON.stringify(v.seen) !== JSON.stringify(v.stored));

    expect({
      statusesKnown: byStatus.every((s) => STATUSES.includes(s.status)),
      unitsAddUp: available + held + soldUnits === total,
      noneNegative: available >= 0 && held >= 0 && soldUnits >= 0,
      soldWithinTotal: soldUnits <= total,
      keptWrong,
      sumsNotLedger,
      capturedAstray,
      paymentsNotCapturedOnce,
      paymentsStranded,
      refundsNotMade,
      overLimit,
      answersNotDatabase,
      ...(await ownership(everyVoucher)),
      ...(await moneyFactsTwice(db)),
    }).toEqual({
      statusesKnown: true,
      unitsAddUp: true,
      noneNegative: true,
      soldWithinTotal: true,
      keptWrong: [],
      sumsNotLedger: [],
      capturedAstray: [],
      paymentsNotCapturedOnce: [],
      paymentsStranded: [],
      refundsNotMade: [],
      overLimit: [],
      answersNotDatabase: [],
      ownedNotTold: [],
      toldNotOwned: [],
      capturedTwice: [],
      transactionOnTwoPayments: [],
    });

    // ---- And the outcome each plan leads to, whatever the crash cut short. ----

    const statuses = new Map(vouchersMoney.map((v) => [v.id, v.status]));
    const outcomes = Object.fromEntries([...new Set(PLANS)].map((plan) => [plan, withPlan(plan).map((v) => statuses.get(v.id))]));
    expect({ ...outcomes, latecomer: lateVouchers.map((v) => statuses.get(v.id)) }).toEqual({
      pay: ['active', 'active'],
      'pay-twice': ['active', 'active'],
      'paid-then-failed': ['active', 'active'],
      'failed-then-paid': ['active', 'active'],
      'two-payments': ['active', 'active'],
      fail: ['pending_payment', 'pending_payment'],
      lapse: ['lapsed'],
      'late-pay': ['lapsed', 'lapsed'],
      'pay-then-refund': ['refunded', 'refunded'],
      'pay-then-redeem': ['redeemed'],
      'redeem-or-refund': [refundWon ? 'refunded' : 'redeemed'],
      'pay-then-expire': ['expired'],
      latecomer: Array(givenBack).fill('active'),
    });
    // Sold out again: every unit given back was bought; two still wait for their price.
    expect({ available, held, sold: soldUnits }).toEqual({ available: 0, held: 2, sold: 18 });

    // The counter's redemptions: each one that went through was answered so, even when its first answer was lost to a crash.
    const redeemedRows = await db.selectFrom('voucher').select(['id', 'status', 'sale_reference']).where('id', 'in', [...redemptions.keys()]).execute();
    const redemptionsWrong = redeemedRows.filter((row) => {
      const answer = redemptions.get(row.id)!;
      if (row.status !== 'redeemed') return !(answer.status === 409 && answer.body.code === 'VOUCHER_NOT_REDEEMABLE' && answer.body.voucherStatus === row.status);
      if (row.sale_reference !== `sale-${row.id}`) return true;
      return answer.status !== 200;
    });
    expect(redemptionsWrong).toEqual([]);
    // The buyer's refunds: a refunded voucher was answered "refunded" at least once, and otherwise
    // "not refundable"; a voucher not refunded was only ever answered "not refundable".
    const refundsWrong = [...refundAnswers].filter(([id, answers]) => {
      const refused = (a: Answer) => a.status === 409 && a.body.code === 'VOUCHER_NOT_REFUNDABLE';
      if (statuses.get(id) !== 'refunded') return !answers.every(refused);
      return !answers.every((a) => refused(a) || (a.status === 200 && a.body.status === 'refunded')) || !answers.some((a) => a.status === 200);
    });
    expect({ refundsWrong, asked: refundAnswers.size }).toEqual({ refundsWrong: [], asked: 4 });

    // Captures of ¥50,000: one per voucher paid, two for each two-payment voucher, one per latecomer.
    // Refunded: the second of each two-payment voucher, both late payments, both refunds, the expired one, and the raced one if its refund won.
    const ledger = await rows<{ kind: string; n: number | string; total: number | string }>(sql`
      select kind, count(*) as n, sum(amount) as total from ledger_entry where voucher_id in ${ours} group by kind order by kind`);
    const captures = 19 + givenBack;
    const refunds = 7 + (refundWon ? 1 : 0);
    expect(ledger.map((l) => [l.kind, Number(l.n), Number(l.total)])).toEqual([
      ['captured', captures, captures * PRICE],
      ['refunded', refunds, refunds * PRICE],
    ]);
  });
});
