import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
