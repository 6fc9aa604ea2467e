import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per Idempotency-Key a signed-in account sent: claimed while its request runs
  // (status 'in_flight', leased until locked_until), then the stored first answer ('done').
  await db.schema
    .createTable('idempotency_key')
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    // SHA-256 hex of the method, the route pattern, its params and the canonical body.
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    // 'in_flight' | 'done'
    .addColumn('status', 'text', (c) => c.notNull())
    // Who holds the in-flight claim: only they may store or release it after a takeover.
    .addColumn('claim_id', 'text')
    .addColumn('response_status', 'integer')
    .addColumn('response_type', 'text')
    .addColumn('response_location', 'text')
    .addColumn('response_body', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_key_pk', ['user_id', 'key'])
    .execute();
  // The purge takes the oldest expired keys first, a bounded batch at a time.
  await db.schema.createIndex('idempotency_key_expires').on('idempotency_key').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_key').execute();
}
