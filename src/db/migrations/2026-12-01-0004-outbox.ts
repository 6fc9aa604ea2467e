import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // The outbox: a job is written in the same transaction as the change that causes it, and a
  // runner delivers it at least once. status: pending | running | done | dead.
  await db.schema
    .createTable('job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    // The lease of the runner that claimed it; once past, another runner may take the job again.
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    // At most one job per key, ever: enqueueing the same key again does nothing.
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('store_id', 'text', (c) => c.references('store.id'))
    .addColumn('dealer_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_due').on('job').columns(['status', 'run_at']).execute();
  await db.schema.createIndex('job_store_status').on('job').columns(['store_id', 'status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job').execute();
}
