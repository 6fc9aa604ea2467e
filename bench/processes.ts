import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/** Loopback only: benchmarks never send traffic anywhere else. */
export const HOST = '127.0.0.1';

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A port nothing listens on right now, for a server about to start. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

let clockTicks: number | undefined;

/**
 * CPU seconds (user + system) a process has used so far, from /proc: the difference over a
 * run, divided by its requests, is the server's CPU per request. Linux only; null elsewhere.
 */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== 'linux') return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return null;
  }
}

let clientCount = 0;

/** Continues the crowd after `count` addresses already used (by an earlier load process of the run). */
export function skipClientIps(count: number): void {
  clientCount = count % 16_777_216;
}

/**
 * A new client address for each request, sent as X-Forwarded-For to a server started with
 * TRUST_PROXY=1: a crowd of buyers rather than one address, which the per-IP limits would stop.
 */
export function nextClientIp(): string {
  clientCount = (clientCount + 1) % 16_777_216;
  return `10.${(clientCount >> 16) & 255}.${(clientCount >> 8) & 255}.${clientCount & 255}`;
}
