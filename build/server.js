#!/usr/bin/env node
/*
 * `npm run build:server`: compiles src/ to dist/server with tsc (tsconfig.build.json), copies
 * the data files the server reads beside its modules at run time (src/seed/data/*.json), then
 * writes the stamp bin/vitrine.js compares with src/ to know the build is not older than the
 * sources. The folder starts empty, so a deleted source leaves no module behind.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = path.join(ROOT, 'src');
const OUT = path.join(ROOT, 'dist/server');
/** Files read through `new URL(…, import.meta.url)`: everything under src/ that is data, not code. */
const RUNTIME_DATA = /\.json$/;

fs.rmSync(OUT, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error('dist/server: tsc failed; bin/vitrine.js will run the sources through tsx.');
  process.exit(compiled.status ?? 1);
}

let copied = 0;
for (const entry of fs.readdirSync(SOURCES, { recursive: true, encoding: 'utf8' })) {
  if (!RUNTIME_DATA.test(entry)) continue;
  const target = path.join(OUT, entry);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(SOURCES, entry), target);
  copied += 1;
}
fs.writeFileSync(path.join(OUT, 'BUILT'), `${new Date().toISOString()}\n`);
console.error(`dist/server: compiled, ${copied} data file(s) copied.`);
