import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { TEST_SANDBOX_SECRET } from './app.js';

const BIN = path.resolve('bin/vitrine.js');

/** `vitrine start` as a child process: the real server, as it runs in production. */
export interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** What it printed so far, for a failure's message. */
  output(): string;
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The environment of a server on a test database: listening on loopback, the sandbox provider
 * with the tests' secret, jobs run in the process, quiet logs, and Redis only when given.
 */
export function serverProcessEnv(options: { databaseUrl: string; dataDir: string; port: number; redisUrl?: string | undefined; more?: NodeJS.ProcessEnv }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: options.dataDir,
    HOST: '127.0.0.1',
    PORT: String(options.port),
    PAYMENT_PROVIDERS: 'sandbox',
    SANDBOX_PAY_SECRET: TEST_SANDBOX_SECRET,
    PUBLIC_BASE_URL: `http://127.0.0.1:${options.port}`,
    JOBS_IN_PROCESS: 'true',
    LOG_LEVEL: 'warn',
    ...options.more,
  };
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  else delete env.REDIS_URL;
  return env;
}

/** Starts `vitrine start` with the given environment and waits until /healthz answers 200. */
export async function startServerProcess(env: NodeJS.ProcessEnv, base: string, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const server: ServerProcess = { child, exited, output: () => output };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before it answered:\n${output}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /healthz within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ends the child with the signal and waits for it; a no-op when it is already gone. */
export async function stopServerProcess(server: ServerProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | NodeJS.Signals | null> {
  if (!server) return null;
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  return server.exited;
}
