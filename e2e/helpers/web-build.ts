import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const WEB_SOURCES = path.join(PROJECT_ROOT, 'web');
/** Server code the web app bundles too: the configurator engine and what it imports. */
const BUNDLED_SERVER_SOURCES = [
  path.join(PROJECT_ROOT, 'src/modules/configurator/engine'),
  path.join(PROJECT_ROOT, 'src/shared/locale.ts'),
  path.join(PROJECT_ROOT, 'src/shared/errors.ts'),
];

/** Where `vite build` puts the web app, and where the test server serves it from. */
export const WEB_DIST = path.join(PROJECT_ROOT, 'dist/web');

/**
 * Vitest global setup for the browser suite: builds the web app once per run, and only when
 * the last build is missing or older than a source under web/ (index.html, tsconfig, src/).
 */
export default async function buildWebAppIfStale(): Promise<void> {
  const index = path.join(WEB_DIST, 'index.html');
  const serverSide = path.join(PROJECT_ROOT, 'dist/web-ssr/entry-server.js');
  const newest = newestSourceTime();
  if ([index, serverSide].every((file) => fs.existsSync(file) && fs.statSync(file).mtimeMs >= newest)) return;
  // Vitest sets NODE_ENV=test, which Vite would pass on to React and bundle its development
  // build; the browser suite must test what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(PROJECT_ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
    // The server side of the first views (dist/web-ssr), which the test server renders them with.
    await build({ configFile: path.join(PROJECT_ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { ssr: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

// Folders count too: a deleted source changes its folder's time, not any remaining file's.
function newestSourceTime(): number {
  const files = [path.join(PROJECT_ROOT, 'vite.config.ts'), path.join(PROJECT_ROOT, 'build/precompress.ts'), path.join(PROJECT_ROOT, 'build/locale-messages.ts'), ...[WEB_SOURCES, ...BUNDLED_SERVER_SOURCES].flatMap(withEntries)];
  return Math.max(...files.map((file) => fs.statSync(file).mtimeMs));
}

function withEntries(source: string): string[] {
  if (!fs.statSync(source).isDirectory()) return [source];
  const entries = fs.readdirSync(source, { recursive: true, encoding: 'utf8' });
  return [source, ...entries.map((entry) => path.join(source, entry))];
}
