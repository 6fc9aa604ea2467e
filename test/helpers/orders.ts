import { createHmac, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';
import { orderJobHandlers } from '../../src/flows/order-jobs.js';
import { createRunner } from '../../src/modules/jobs/jobs.runner.js';
import { jobHandlers } from '../../src/modules/jobs/notifications.js';
import { consoleSender } from '../../src/modules/accounts/sender.js';
import { providersFromConfig } from '../../src/modules/payments/providers/index.js';
import { TEST_PAYMENTS, TEST_SANDBOX_SECRET, type TestContext } from './app.js';
import type { Caller } from './auth.js';
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

/**
 * A sandbox callback signed as the sandbox signs them, written here from its specification:
 * hex HMAC-SHA256 of `${timestamp}.${body}` under the shared secret.
 */
export function sandboxCallback(fields: { paymentId: string; transactionId: string; status?: 'paid' | 'failed'; amount: number; currency?: string }, timestampSeconds: number, secret = TEST_SANDBOX_SECRET) {
  const body = JSON.stringify({
    paymentId: fields.paymentId,
    transactionId: fields.transactionId,
    status: fields.status ?? 'paid',
    amount: fields.amount,
    currency: fields.currency ?? 'CNY',
    paidAt: new Date(timestampSeconds * 1000).toISOString(),
  });
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return { headers: { 'content-type': 'application/json', 'x-sandbox-timestamp': String(timestampSeconds), 'x-sandbox-signature': signature }, body };
}

export function notify(ctx: TestContext, provider: string, callback: { headers: Record<string, string>; body: string }) {
  return ctx.app.inject({ method: 'POST', url: `/api/v1/payments/${provider}/notify`, headers: callback.headers, payload: callback.body });
}

/** Delivers every due job (expiries, refunds, messages) as the app's runner would. */
export async function runJobs(ctx: TestContext): Promise<number> {
  const db = ctx.connection.db;
  const providers = providersFromConfig(TEST_PAYMENTS, { now: () => ctx.clock.now() });
  const runner = createRunner({
    db,
    clock: ctx.clock,
    handlers: {
      ...jobHandlers({ db, sender: consoleSender({ info: () => {} }) }),
      ...orderJobHandlers({ db, clock: ctx.clock, providers, publicBaseUrl: TEST_PAYMENTS.publicBaseUrl }),
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
