import fs from 'node:fs';
import { defineConfig } from 'vitest/config';
import { postgresAvailable } from './test/helpers/postgres.js';
import { CHROMIUM_PATH } from './e2e/helpers/browser.js';

/*
 * One suite, two databases, one browser. Locally a missing PostgreSQL or Chromium skips
 * that project with a warning; with CI=true both are required and their absence fails the run.
 */
export default defineConfig(async () => {
  const ci = process.env.CI === 'true';
  const hasPostgres = ci || (await postgresAvailable());
  const hasChromium = ci || fs.existsSync(CHROMIUM_PATH);
  if (!hasPostgres) console.warn('\n[vitest] PostgreSQL is not reachable: skipping the postgres project.\n');
  if (!hasChromium) console.warn(`\n[vitest] ${CHROMIUM_PATH} is missing: skipping the browser project.\n`);

  const report = process.env.VITEST_REPORT;
  return {
    test: {
      ...(report ? { reporters: ['default', 'json'], outputFile: { json: report } } : {}),
      projects: [
        {
          test: {
            name: 'sqlite',
            include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
            env: { VITRINE_TEST_DB: 'sqlite' },
          },
        },
        ...(hasPostgres
          ? [
              {
                test: {
                  name: 'postgres',
                  include: ['test/**/*.test.ts'],
                  env: { VITRINE_TEST_DB: 'postgres' },
                  globalSetup: ['test/helpers/postgres-setup.ts'],
                },
              },
            ]
          : []),
        ...(hasChromium
          ? [
              {
                test: {
                  name: 'browser',
                  include: ['e2e/**/*.test.ts'],
                  globalSetup: ['e2e/helpers/web-build.ts'],
                  testTimeout: 60_000,
                  hookTimeout: 120_000,
                  fileParallelism: false,
                },
              },
            ]
          : []),
      ],
    },
  };
});
