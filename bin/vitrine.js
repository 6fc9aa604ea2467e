#!/usr/bin/env node
/*
 * Runs the compiled server (dist/server, built by `npm install` or `npm run build`) when its
 * build is not older than any file under src/; otherwise the TypeScript sources through tsx,
 * so a checkout without a build, or one whose sources changed since, never runs stale code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);
const COMPILED = new URL('dist/server/cli.js', ROOT);

if (compiledIsCurrent()) {
  await import(COMPILED.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('src/cli.ts', ROOT).href);
}

function compiledIsCurrent() {
  const stamp = new URL('dist/server/BUILT', ROOT);
  const sources = new URL('src/', ROOT);
  if (!fs.existsSync(stamp) || !fs.existsSync(COMPILED)) return false;
  // A package shipped without its sources has only the build to run.
  if (!fs.existsSync(sources)) return true;
  const builtAt = fs.statSync(stamp).mtimeMs;
  // Folders count too: deleting a source changes its folder's time, not any remaining file's.
  const root = fileURLToPath(sources);
  const entries = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((entry) => !entry.endsWith('.test.ts'));
  return [root, ...entries.map((entry) => path.join(root, entry))].every((file) => fs.statSync(file).mtimeMs <= builtAt);
}
