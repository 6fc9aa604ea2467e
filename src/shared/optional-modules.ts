import { createRequire } from 'node:module';

/*
 * Client libraries only some deployments use, loaded by the first connection that needs them
 * rather than at every start: together they cost a few hundred milliseconds of it, and a
 * SQLite deployment without Redis or SMTP never uses any of them. They are CommonJS, so a
 * require() loads them synchronously where the connection is made.
 */
const requireOptional = createRequire(import.meta.url);

/** Redis (REDIS_URL): the shared counters and the flash sales' admission gate. */
export function loadIoredis(): typeof import('ioredis') {
  return requireOptional('ioredis') as typeof import('ioredis');
}

/** SMTP (SMTP_URL): email. */
export function loadNodemailer(): typeof import('nodemailer') {
  return requireOptional('nodemailer') as typeof import('nodemailer');
}

let pg: typeof import('pg') | undefined;

/** PostgreSQL (DATABASE_URL=postgres://…). */
export function loadPg(): typeof import('pg') {
  if (pg) return pg;
  pg = requireOptional('pg') as typeof import('pg');
  // bigint (int8) and numeric counts come back from pg as strings; our values stay far below 2^53.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
  return pg;
}
