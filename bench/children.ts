import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, delay, freePort, HOST } from './processes.js';

/*
 * The child processes and the temporary folder of one bench run: servers and load generators
 * are children, relayed to stderr with a prefix, and nothing of them outlives the bench, even
 * when it exits without cleaning up.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  label: string;
  proc: ChildProcess;
  exited: Promise<void>;
  alive(): boolean;
}

const children: Child[] = [];
let tempDir: string | undefined;

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Starts node with `args` in the project; stdout lines go to onStdout when given, the rest to stderr. */
export function spawnChild(label: string, args: string[], env: NodeJS.ProcessEnv, onStdout?: (line: string) => void): Child {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const relay = (stream: NodeJS.ReadableStream, handler?: (line: string) => void) => {
    readline.createInterface({ input: stream }).on('line', (line) => {
      if (handler) handler(line);
      else if (line.trim()) log(`  [${label}] ${line}`);
    });
  };
  relay(proc.stdout!, onStdout);
  relay(proc.stderr!);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const child: Child = { label, proc, exited, alive: () => proc.exitCode === null && proc.signalCode === null };
  children.push(child);
  return child;
}

/** SIGTERM, then SIGKILL once `graceMs` have passed. */
export async function stopChild(child: Child, graceMs = 5_000): Promise<void> {
  if (!child.alive()) return;
  child.proc.kill('SIGTERM');
  await Promise.race([child.exited, delay(graceMs)]);
  if (child.alive()) {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
}

/** Stops every child and removes the temporary folder. */
export async function stopChildren(graceMs?: number): Promise<void> {
  await Promise.all(children.map((child) => stopChild(child, graceMs)));
  removeTempDir();
}

/** A temporary folder of this run, removed by stopChildren or at exit. */
export function makeTempDir(prefix: string): string {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return tempDir;
}

function removeTempDir(): void {
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

// Last resort if something exits the process without going through stopChildren().
process.on('exit', () => {
  for (const child of children) if (child.alive()) child.proc.kill('SIGKILL');
  removeTempDir();
});

/** Reads a bench's options: its own parse, `--help`, or a usage error (exit status 2). */
export function parseOrExit<T>(argv: string[], parse: (argv: string[]) => T | 'help', usage: string): T | number {
  try {
    const parsed = parse(argv);
    if (parsed === 'help') {
      console.log(usage);
      return 0;
    }
    return parsed;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${usage}`);
    return 2;
  }
}

/**
 * Resolves once the process has spent under a tenth of a core over half a second (30 s at most):
 * a server starts answering before it has finished its start-up work (schemas compiled in the
 * background, the first-start demo history), which would otherwise be counted against its first
 * measured run rather than the steady state a bench compares.
 */
async function untilSettled(child: Child, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  let before = cpuSeconds(child.proc.pid);
  if (before === null) return;
  while (Date.now() < until) {
    await delay(500);
    const now = cpuSeconds(child.proc.pid);
    if (now === null || now - before < 0.05) return;
    before = now;
  }
}

/**
 * `vitrine start` on a free port of 127.0.0.1, once /readyz answers and its start-up work is done: on a fresh SQLite database in
 * `dataDir` unless `env` names a DATABASE_URL (never DATABASE_URL or REDIS_URL from the bench's own
 * environment); `env` adds to the environment.
 */
export async function startVitrine(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ child: Child; base: string }> {
  const port = await freePort();
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.REDIS_URL;
  const childEnv: NodeJS.ProcessEnv = { ...inherited, PORT: String(port), HOST, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env };
  const child = spawnChild('app', ['bin/vitrine.js', 'start'], childEnv);
  const base = `http://${HOST}:${port}`;
  const deadline = Date.now() + 180_000; // first start migrates and seeds
  while (Date.now() < deadline) {
    if (!child.alive()) throw new Error(`the server exited (code ${child.proc.exitCode}) before it was ready`);
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        await untilSettled(child);
        return { child, base };
      }
    } catch {
      // not listening yet
    }
    await delay(250);
  }
  throw new Error('the server was not ready after 180 s');
}
