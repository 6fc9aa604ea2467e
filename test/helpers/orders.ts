import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { PaymentsConfig } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { orderJobHandlers } from '../../src/flows/order-jobs.js';
import { voucherJobHandlers } from '../../src/flows/voucher-life.js';
import { createRunner } from '../../src/modules/jobs/jobs.runner.js';
import { jobHandlers } from '../../src/modules/jobs/notifications.js';
import { consoleSender } from '../../src/modules/accounts/sender.js';
import { providersFromConfig } from '../../src/modules/payments/providers/index.js';
import { TEST_PAYMENTS, TEST_SANDBOX_SECRET, type TestContext } from './app.js';
import type { Caller } from './auth.js';
import { sandboxCallback as signedSandboxCallback } from './payment-signers.js';
import { seriesVin } from './stock.js';

/** Places an order with a fresh Idempotency-Key unless one is given. */
export function placeOrder(ctx: TestContext, buyer: Caller, body: Record<string, unknown>, key: string = randomUUID()) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/stores/renault/orders?locale=en',
    headers: { ...buyer.headers, 'idempotency-key': key },
    payload: body,
  });
}

export function startPayment(ctx: TestContext, buyer: Caller, orderId: string, provider = 'sandbox', key: string = randomUUID()) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${orderId}/payments`,
    headers: { ...buyer.headers, 'idempotency-key': key },
    payload: { provider },
  });
}

/** Starts a sandbox payment of what the order asks and presses "pay" on the hosted page. */
export async function payThroughSandbox(ctx: TestContext, buyer: Caller, orderId: string): Promise<string> {
  const started = await startPayment(ctx, buyer, orderId);
  if (started.statusCode !== 201) throw new Error(`payment not started: ${started.body}`);
  const id = started.json().id as string;
  const paid = await ctx.app.inject({ method: 'POST', url: `/api/v1/payments/sandbox/${id}/complete`, payload: { outcome: 'paid' } });
  if (paid.statusCode !== 200) throw new Error(`payment not completed: ${paid.body}`);
  return id;
}

/** A sandbox callback for the tests' app, as its hosted page would sign it. */
export function sandboxCallback(
  fields: { paymentId: string; transactionId: string; status?: 'paid' | 'failed'; amount: number; currency?: string },
  timestampSeconds: number,
  secret = TEST_SANDBOX_SECRET,
) {
  return signedSandboxCallback(secret, { ...fields, status: fields.status ?? 'paid', currency: fields.currency ?? 'CNY' }, timestampSeconds);
}

export function notify(ctx: TestContext, provider: string, callback: { headers: Record<string, string>; body: string }) {
  return ctx.app.inject({ method: 'POST', url: `/api/v1/payments/${provider}/notify`, headers: callback.headers, payload: callback.body });
}

/** Delivers every due job (expiries, refunds, messages) as the app's runner would. */
export async function runJobs(ctx: TestContext, payments: PaymentsConfig = TEST_PAYMENTS): Promise<number> {
  const db = ctx.connection.db;
  const providers = providersFromConfig(payments, { now: () => ctx.clock.now() });
  const runner = createRunner({
    db,
    clock: ctx.clock,
    handlers: {
      ...jobHandlers({ db, sender: consoleSender({ info: () => {} }) }),
      ...orderJobHandlers({ db, clock: ctx.clock, providers, publicBaseUrl: payments.publicBaseUrl }),
      ...voucherJobHandlers({ db, clock: ctx.clock }),
    },
  });
  return runner.drain();
}

let units = 0;

/** A sale unit at a dealer with exactly these trim and options, priced as given. */
export async function addUnit(ctx: TestContext, spec: UnitSpec): Promise<string> {
  return insertSaleUnit(ctx.connection.db, ctx.clock.now(), spec);
}

export interface UnitSpec {
  dealer: string;
  model: string;
  trim: string;
  options: string[];
  colour: string | null;
  price: number;
}

/** As addUnit, on any connection. */
export async function insertSaleUnit(db: Db, now: Date, spec: UnitSpec): Promise<string> {
  const vin = seriesVin('D', (units += 1) + Math.floor(Math.random() * 900_000));
  const { rows } = await sql<{ store_id: string; model_id: string; trim_id: string; dealer_id: string }>`
    select s.id as store_id, m.id as model_id, t.id as trim_id, d.id as dealer_id
    from store s join model m on m.store_id = s.id join trim t on t.model_id = m.id join dealer d on d.store_id = s.id
    where s.slug = 'renault' and m.slug = ${spec.model} and t.code = ${spec.trim} and d.code = ${spec.dealer}`.execute(db);
  const ids = rows[0]!;
  const at = now.toISOString();
  await db
    .insertInto('vehicle_unit')
    .values({
      vin,
      store_id: ids.store_id,
      model_id: ids.model_id,
      trim_id: ids.trim_id,
      dealer_id: ids.dealer_id,
      option_codes: JSON.stringify(spec.options),
      purpose: 'sale',
      status: 'available',
      hold_expires_at: null,
      built_on: '2026-01-15',
      created_at: at,
      updated_at: at,
      colour: spec.colour,
      price: spec.price,
      eta: null,
    })
    .execute();
  return vin;
}

/** The order's money, summed by the test's own SQL from the ledger, beside the order's running sums. */
export async function ledgerOf(ctx: TestContext, orderId: string) {
  const { rows } = await sql<{ kind: string; total: number | string }>`
    select kind, sum(amount) as total from ledger_entry where order_id = ${orderId} group by kind`.execute(ctx.connection.db);
  const sums: Record<string, number> = { authorized: 0, captured: 0, refunded: 0 };
  for (const row of rows) sums[row.kind] = Number(row.total);
  const order = await ctx.connection.db
    .selectFrom('customer_order')
    .select(['amount_authorized', 'amount_captured', 'amount_refunded', 'status'])
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  return {
    ledger: sums,
    order: { authorized: Number(order.amount_authorized), captured: Number(order.amount_captured), refunded: Number(order.amount_refunded) },
    status: order.status,
  };
}

export async function unitStatus(ctx: TestContext, vin: string): Promise<string> {
  const row = await ctx.connection.db.selectFrom('vehicle_unit').select(['status']).where('vin', '=', vin).executeTakeFirstOrThrow();
  return row.status;
}

/** A Captur from stock at sh-01 carried by the API to "ready for handover"; answers the order id and its pickup code. */
export async function orderReadyForHandover(ctx: TestContext, buyer: Caller, staff: Caller): Promise<{ id: string; pickupCode: string; vin: string }> {
  const vin = await addUnit(ctx, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 });
  const placed = await placeOrder(ctx, buyer, { vin, dealer: 'sh-01', plan: 'cash' });
  if (placed.statusCode !== 201) throw new Error(`order not placed: ${placed.body}`);
  const id = placed.json().id as string;
  await payThroughSandbox(ctx, buyer, id);
  const base = `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${id}`;
  const at = new Date(ctx.clock.now().getTime() + 3_600_000).toISOString();
  const steps: Array<[string, object]> = [
    ['allocate', {}],
    ['balance', { method: 'dealer' }],
    ['inspection', { done: ['exterior', 'fluids', 'electronics', 'road_test', 'documents'] }],
    ['appointment', { at }],
    ['ready', {}],
  ];
  for (const [step, payload] of steps) {
    const res = await ctx.app.inject({ method: 'POST', url: `${base}/${step}`, headers: staff.headers, payload });
    if (res.statusCode !== 200) throw new Error(`${step} refused: ${res.body}`);
  }
  const order = await ctx.app.inject({ url: `/api/v1/me/orders/${id}`, headers: buyer.headers });
  return { id, pickupCode: order.json().pickupCode as string, vin };
}
