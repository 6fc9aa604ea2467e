import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

/*
 * Brotli and gzip copies of the built web app's text files, made once at build time at the
 * strongest settings (too slow per request, free here) and served by content negotiation
 * (src/http/web.ts). A copy is kept only when it is smaller; images and fonts are already
 * compressed, and a file under MIN_BYTES fits one packet anyway.
 */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml|webmanifest|map)$/;
const MIN_BYTES = 1024;

export interface Precompressed {
  file: string;
  bytes: number;
  br: number | null;
  gzip: number | null;
}

/** Writes FILE.br and FILE.gz beside each compressible file of `dir`; returns what it did. */
export function precompressDirectory(dir: string): Precompressed[] {
  const entries = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' });
  return precompressFiles(dir, entries.filter((entry) => fs.statSync(path.join(dir, entry)).isFile()));
}

/** The same for the given files of `dir` (paths relative to it). */
export function precompressFiles(dir: string, files: string[]): Precompressed[] {
  return files
    .filter((file) => COMPRESSIBLE.test(file))
    .sort()
    .map((file) => precompress(dir, file));
}

function precompress(dir: string, file: string): Precompressed {
  const full = path.join(dir, file);
  const original = fs.readFileSync(full);
  if (original.length < MIN_BYTES) return { file, bytes: original.length, br: null, gzip: null };
  const br = zlib.brotliCompressSync(original, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: original.length,
    },
  });
  const gzip = zlib.gzipSync(original, { level: zlib.constants.Z_BEST_COMPRESSION });
  return { file, bytes: original.length, br: keepIfSmaller(`${full}.br`, br, original), gzip: keepIfSmaller(`${full}.gz`, gzip, original) };
}

function keepIfSmaller(target: string, compressed: Buffer, original: Buffer): number | null {
  if (compressed.length >= original.length) {
    fs.rmSync(target, { force: true });
    return null;
  }
  fs.writeFileSync(target, compressed);
  return compressed.length;
}

/**
 * The Vite plugin: precompresses what a build wrote (index.html included), once it is on disk.
 * A build kept in memory (write: false) writes nothing, so it compresses nothing.
 */
export function precompressAssets(): Plugin {
  return {
    name: 'vitrine-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      if (options.dir) precompressFiles(options.dir, Object.keys(bundle));
    },
  };
}
