import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

/*
 * Vouchers: a buyer pays ¥X online for a voucher worth ¥Y at a dealer of the store. Payments,
 * the ledger and refunds stop being about orders only: each row names an order or a voucher,
 * never both, never neither.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Store policy: an unused voucher may be refunded on request within refund_days of buying it;
  // refund_on_expiry: an unused voucher that expires is refunded in full (1) or lapses (0).
  await db.schema
    .createTable('voucher_policy')
    .addColumn('store_id', 'text', (c) => c.primaryKey().references('store.id'))
    .addColumn('refund_days', 'integer', (c) => c.notNull().check(sql`refund_days >= 0`))
    .addColumn('refund_on_expiry', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // What the brand sells. units_taken counts vouchers bought or being paid for; a voucher whose
  // payment lapses, or that is refunded, gives its unit back.
  await db.schema
    .createTable('voucher_offer')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price > 0`))
    .addColumn('value', 'bigint', (c) => c.notNull().check(sql`value >= price`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('units_total', 'integer', (c) => c.check(sql`units_total >= 1`))
    .addColumn('units_taken', 'integer', (c) => c.notNull().defaultTo(0).check(sql`units_taken >= 0 and (units_total is null or units_taken <= units_total)`))
    .addColumn('per_buyer_limit', 'integer', (c) => c.notNull().check(sql`per_buyer_limit >= 1`))
    .addColumn('pay_minutes', 'integer', (c) => c.notNull().check(sql`pay_minutes >= 1`))
    .addColumn('sale_starts_at', 'text', (c) => c.notNull())
    .addColumn('sale_ends_at', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('voucher_offer_slug_idx').on('voucher_offer').columns(['store_id', 'slug']).unique().execute();

  // One bought voucher. status: pending_payment | active | redeemed | expired | refunded | lapsed.
  // The code is the verification code the buyer shows at the dealer, unique in its store.
  await db.schema
    .createTable('voucher')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('offer_id', 'text', (c) => c.notNull().references('voucher_offer.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('store.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('pay_expires_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .addColumn('refund_ends_at', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('redeemed_at', 'text')
    .addColumn('redeemed_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('dealer_id', 'text', (c) => c.references('dealer.id'))
    .addColumn('order_id', 'text', (c) => c.references('customer_order.id'))
    .addColumn('sale_reference', 'text')
    .addColumn('amount_captured', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('amount_refunded', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('voucher_code_idx').on('voucher').columns(['store_id', 'code']).unique().execute();
  await db.schema.createIndex('voucher_buyer_idx').on('voucher').columns(['buyer_id', 'created_at']).execute();
  await db.schema.createIndex('voucher_request_idx').on('voucher').columns(['buyer_id', 'idempotency_key']).unique().execute();
  await db.schema.createIndex('voucher_offer_buyer_idx').on('voucher').columns(['offer_id', 'buyer_id', 'status']).execute();
  await db.schema.createIndex('voucher_redeemed_idx').on('voucher').columns(['store_id', 'redeemed_at']).execute();
  await db.schema.createIndex('voucher_order_idx').on('voucher').columns(['order_id']).execute();

  // A voucher redeemed against an order pays part of it: the ledger says so (source 'voucher').
  if (isPostgres(db)) {
    for (const table of ['payment', 'ledger_entry', 'refund']) {
      await sql`alter table ${sql.table(table)} alter column order_id drop not null`.execute(db);
      await sql`alter table ${sql.table(table)} add column voucher_id text references voucher (id)`.execute(db);
      await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_subject_check`)} check ((order_id is null) <> (voucher_id is null))`.execute(db);
      await sql`create index ${sql.ref(`${table}_voucher_idx`)} on ${sql.table(table)} (voucher_id)`.execute(db);
    }
    return;
  }
  await rebuildMoneyTablesOnSqlite(db);
}

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * SQLite cannot drop a NOT NULL: each table is rebuilt the way SQLite documents (create the new
 * table, copy, drop the old, rename), with foreign keys off meanwhile and checked before commit.
 */
async function rebuildMoneyTablesOnSqlite(db: Kysely<any>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  await sql`begin immediate`.execute(db);
  try {
    await rebuild(db, 'payment', (t) =>
      t
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.references('customer_order.id'))
        .addColumn('voucher_id', 'text', (c) => c.references('voucher.id'))
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
        .addColumn('updated_at', 'text', (c) => c.notNull()),
    );
    await db.schema.createIndex('payment_request_idx').on('payment').columns(['buyer_id', 'idempotency_key']).unique().execute();
    await db.schema.createIndex('payment_order_idx').on('payment').columns(['order_id', 'created_at']).execute();
    await db.schema.createIndex('payment_transaction_idx').on('payment').columns(['provider', 'transaction_id']).unique().execute();
    await db.schema.createIndex('payment_voucher_idx').on('payment').columns(['voucher_id']).execute();

    await rebuild(db, 'ledger_entry', (t) =>
      t
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.references('customer_order.id'))
        .addColumn('voucher_id', 'text', (c) => c.references('voucher.id'))
        .addColumn('payment_id', 'text', (c) => c.references('payment.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull()),
    );
    await db.schema.createIndex('ledger_entry_fact_idx').on('ledger_entry').columns(['kind', 'source', 'reference']).unique().execute();
    await db.schema.createIndex('ledger_entry_order_idx').on('ledger_entry').columns(['order_id', 'created_at']).execute();
    await db.schema.createIndex('ledger_entry_voucher_idx').on('ledger_entry').columns(['voucher_id']).execute();

    await rebuild(db, 'refund', (t) =>
      t
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.references('customer_order.id'))
        .addColumn('voucher_id', 'text', (c) => c.references('voucher.id'))
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
        .addColumn('updated_at', 'text', (c) => c.notNull()),
    );
    await db.schema.createIndex('refund_order_idx').on('refund').columns(['order_id', 'created_at']).execute();
    await db.schema.createIndex('refund_voucher_idx').on('refund').columns(['voucher_id']).execute();

    const { rows } = await sql`pragma foreign_key_check`.execute(db);
    if (rows.length > 0) throw new Error(`Rebuilding the money tables broke ${rows.length} foreign keys`);
    await sql`commit`.execute(db);
  } catch (error) {
    await sql`rollback`.execute(db);
    throw error;
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function rebuild(db: Kysely<any>, table: string, columns: (t: CreateTableBuilder<string, never>) => CreateTableBuilder<string, any>): Promise<void> {
  const next = `${table}_next`;
  await columns(db.schema.createTable(next))
    .addCheckConstraint(`${table}_subject_check`, sql`(order_id is null) <> (voucher_id is null)`)
    .execute();
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  const copied = sql.join(rows.map((r) => sql.ref(r.name)));
  await sql`insert into ${sql.table(next)} (${copied}) select ${copied} from ${sql.table(table)}`.execute(db);
  await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`alter table ${sql.table(next)} rename to ${sql.table(table)}`.execute(db);
}

export async function down(_db: Kysely<any>): Promise<void> {
  // Money rows never lose their subject; going back would strand every voucher payment.
  throw new Error('The vouchers migration cannot be undone: payments and the ledger now name vouchers.');
}
