import { sql, type Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

/*
 * Orders, payments and the money ledger. See src/modules/orders and src/modules/payments.
 *
 * The database itself refuses what must never happen twice: a VIN on two live orders, a
 * provider transaction captured twice, a refund (out_request_no) recorded twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A store's checkout rules; a store without a row uses the defaults of orders.policy.ts.
  // inspection_items: JSON [{ code, label: { zh-CN, fr, en } }], every one ticked before "ready".
  await db.schema
    .createTable('order_policy')
    .addColumn('store_id', 'text', (c) => c.primaryKey().references('store.id'))
    .addColumn('hold_minutes', 'integer', (c) => c.notNull())
    .addColumn('refund_window_days', 'integer', (c) => c.notNull())
    .addColumn('build_weeks', 'integer', (c) => c.notNull())
    .addColumn('pickup_max_attempts', 'integer', (c) => c.notNull())
    .addColumn('inspection_items', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The deposit (定金) of each model, fen; never above 20% of the vehicle's price.
  await db.schema
    .createTable('model_deposit')
    .addColumn('model_id', 'text', (c) => c.primaryKey().references('model.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // status: pending_deposit | deposit_paid | allocated | paid | ready_for_handover | delivered
  //         | expired | cancelled | refunded (see orders.states.ts).
  // source: configuration (built to order) | stock_unit (one VIN, held until the deposit is paid).
  // snapshot: the priced order as placed, with names in every locale and the refund rules; never changes.
  // amount_*: the sums of the order's ledger entries by kind, kept with them in one transaction.
  await db.schema
    .createTable('customer_order')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('dealer_id', 'text', (c) => c.notNull().references('dealer.id'))
    .addColumn('model_id', 'text', (c) => c.notNull().references('model.id'))
    .addColumn('trim_id', 'text', (c) => c.notNull().references('trim.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('configuration_code', 'text')
    .addColumn('vin', 'text')
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('vehicle_price', 'bigint', (c) => c.notNull())
    .addColumn('deposit_amount', 'bigint', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('buyer_phone', 'text')
    .addColumn('hold_expires_at', 'text')
    .addColumn('estimated_delivery', 'text')
    .addColumn('deposit_paid_at', 'text')
    .addColumn('refund_window_ends_at', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('allocated_at', 'text')
    .addColumn('balance_method', 'text')
    .addColumn('inspection', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('handover_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('temp_plate', 'text')
    .addColumn('temp_plate_expires_on', 'text')
    .addColumn('pickup_code', 'text', (c) => c.notNull())
    .addColumn('pickup_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pickup_locked_until', 'text')
    .addColumn('cancelled_by', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('amount_authorized', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('amount_captured', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('amount_refunded', 'bigint', (c) => c.notNull().defaultTo(0))
    // The Idempotency-Key of the request that placed it: a re-run after a crash finds this order.
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_order_request_idx').on('customer_order').columns(['buyer_id', 'idempotency_key']).unique().execute();
  await db.schema.createIndex('customer_order_buyer_idx').on('customer_order').columns(['buyer_id', 'created_at']).execute();
  await db.schema.createIndex('customer_order_dealer_idx').on('customer_order').columns(['dealer_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('customer_order_store_idx').on('customer_order').columns(['store_id', 'created_at']).execute();
  await db.schema.createIndex('customer_order_store_status_idx').on('customer_order').columns(['store_id', 'status']).execute();
  await db.schema.createIndex('customer_order_expiry_idx').on('customer_order').columns(['status', 'hold_expires_at']).execute();
  // A VIN belongs to at most one live order: the last line of defence against selling it twice.
  await db.schema
    .createIndex('customer_order_live_vin_idx')
    .on('customer_order')
    .column('vin')
    .unique()
    .where(sql.ref('status'), 'not in', ['expired', 'cancelled', 'refunded'])
    .execute();

  // An order's timeline. kind: status | payment | refund | inspection | appointment | pickup_refused.
  await db.schema
    .createTable('order_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('customer_order.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_event_order_idx').on('order_event').columns(['order_id', 'created_at']).execute();

  // One attempt to pay an amount of an order through a provider. purpose: deposit | balance.
  // status: pending | succeeded | failed | expired.
  await db.schema
    .createTable('payment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('customer_order.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('transaction_id', 'text')
    .addColumn('checkout', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_request_idx').on('payment').columns(['buyer_id', 'idempotency_key']).unique().execute();
  await db.schema.createIndex('payment_order_idx').on('payment').columns(['order_id', 'created_at']).execute();
  await db.schema.createIndex('payment_transaction_idx').on('payment').columns(['provider', 'transaction_id']).unique().execute();

  // Money, appended only. kind: authorized | captured | refunded. source: a provider, 'dealer'
  // (paid at the dealer) or 'lender' (finance approved). reference: the provider's transaction
  // id, or our refund id (out_request_no): one entry per fact, whoever reports it how often.
  await db.schema
    .createTable('ledger_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('customer_order.id'))
    .addColumn('payment_id', 'text', (c) => c.references('payment.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_entry_fact_idx').on('ledger_entry').columns(['kind', 'source', 'reference']).unique().execute();
  await db.schema.createIndex('ledger_entry_order_idx').on('ledger_entry').columns(['order_id', 'created_at']).execute();

  // A refund asked of a provider; its id is the out_request_no / out_refund_no, so a retried
  // request refunds once. status: pending | succeeded | refused.
  await db.schema
    .createTable('refund')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('customer_order.id'))
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payment.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider_refund_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('requested_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refund_order_idx').on('refund').columns(['order_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['refund', 'ledger_entry', 'payment', 'order_event', 'customer_order', 'model_deposit', 'order_policy']) {
    await db.schema.dropTable(table).execute();
  }
}
