import type { TestProject } from 'vitest/node';
import { connect } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/seed/seed-demo.js';
import { fixedClock } from '../../src/shared/clock.js';
import { TEST_NOW } from './clock.js';
import { admin, databaseUrl } from './postgres.js';

/**
 * A fresh template database per run, migrated and seeded once; every test file then
 * copies it (CREATE DATABASE … TEMPLATE), which is much faster than seeding again.
 */
export default async function setup(project: TestProject) {
  const run = `vitrine_t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const template = `${run}_template`;
  await admin((c) => c.query(`create database ${template}`));
  const connection = connect({ dialect: 'postgres', url: databaseUrl(template) }, { poolSize: 2 });
  await migrateToLatest(connection.db);
  await seedDemo(connection.db, fixedClock(TEST_NOW));
  await connection.db.destroy();
  project.provide('pgTemplate', template);
  project.provide('pgRun', run);

  return async () => {
    await admin(async (c) => {
      const { rows } = await c.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${run}%`]);
      for (const { datname } of rows) await c.query(`drop database if exists ${datname} with (force)`);
    });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgRun: string;
  }
}
