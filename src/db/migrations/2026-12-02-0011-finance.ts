import { sql, type Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // A store's finance policy, in basis points of the vehicle price (or of the rate: 499 = 4.99%
  // a year). A store without a row uses the demo policy in src/modules/finance/finance.policy.ts.
  // The month bounds keep every schedule at most 60 lines.
  await db.schema
    .createTable('finance_policy')
    .addColumn('store_id', 'text', (c) => c.primaryKey().references('store.id'))
    .addColumn('loan_apr_bp', 'integer', (c) => c.notNull())
    .addColumn('loan_min_down_bp', 'integer', (c) => c.notNull())
    .addColumn('loan_nev_min_down_bp', 'integer', (c) => c.notNull())
    .addColumn('loan_min_months', 'integer', (c) => c.notNull())
    .addColumn('loan_max_months', 'integer', (c) => c.notNull())
    .addColumn('lease_apr_bp', 'integer', (c) => c.notNull())
    .addColumn('lease_down_bp', 'integer', (c) => c.notNull())
    .addColumn('lease_balloon_bp', 'integer', (c) => c.notNull())
    .addColumn('lease_months', 'integer', (c) => c.notNull())
    .addColumn('keep_renting_months', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('finance_policy_rates_check', sql`loan_apr_bp between 0 and 10000 and lease_apr_bp between 0 and 10000`)
    .addCheckConstraint(
      'finance_policy_shares_check',
      sql`loan_min_down_bp between 0 and 9999 and loan_nev_min_down_bp between 0 and 9999
        and lease_down_bp >= 0 and lease_balloon_bp >= 0 and lease_down_bp + lease_balloon_bp < 10000`,
    )
    .addCheckConstraint(
      'finance_policy_months_check',
      sql`loan_min_months >= 1 and loan_min_months <= loan_max_months and loan_max_months <= 60
        and lease_months between 1 and 60 and keep_renting_months between 1 and 60`,
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('finance_policy').execute();
}
