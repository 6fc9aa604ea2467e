#!/usr/bin/env node
/*
 * `npm run build:server`: compiles src/ to dist/server with tsc (tsconfig.build.json), copies
 * the data files the server reads beside its modules at run time (src/seed/data/*.json),
 * bundles the ESM libraries spread over hundreds of files (below), then writes the stamp
 * bin/vitrine.js compares with src/ to know the build is not older than the sources. The
 * folder starts empty, so a deleted source leaves no module behind.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = path.join(ROOT, 'src');
const OUT = path.join(ROOT, 'dist/server');
/** Files read through `new URL(…, import.meta.url)`: everything under src/ that is data, not code. */
const RUNTIME_DATA = /\.json$/;
/*
 * TypeBox and Kysely ship as some 370 and 260 ES modules, and Node 20 loads each one apart:
 * about a third of a start went there. Each is bundled (Vite's library build, same installed
 * version) into dist/server/node_modules, where Node's resolution from dist/server finds it
 * before the project's node_modules; the sources under tsx keep using the originals. Every
 * entry point the server imports is listed, so a package's entries share one copy of its code.
 */
const BUNDLED = {
  typebox: { '.': 'index', './value': 'value' },
  kysely: { '.': 'index' },
};

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
for (const [name, entries] of Object.entries(BUNDLED)) {
  const outDir = path.join(OUT, 'node_modules', name);
  const entry = Object.fromEntries(
    Object.entries(entries).map(([subpath, file]) => [file, fileURLToPath(import.meta.resolve(path.posix.join(name, subpath)))]),
  );
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      lib: { entry, formats: ['es'], fileName: (_format, file) => `${file}.js` },
    },
  });
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
  const exports = Object.fromEntries(Object.entries(entries).map(([subpath, file]) => [subpath, `./${file}.js`]));
  fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify({ name, version, type: 'module', exports }, null, 2)}\n`);
}
fs.writeFileSync(path.join(OUT, 'BUILT'), `${new Date().toISOString()}\n`);
console.error(`dist/server: compiled, ${copied} data file(s) copied, ${Object.keys(BUNDLED).join(' and ')} bundled.`);
