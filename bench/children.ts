import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { delay } from './processes.js';

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
