import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/db/connect.js';
import { inWriteTransaction } from '../src/db/tx.js';
import { enqueue } from '../src/modules/jobs/jobs.service.js';
import { systemClock } from '../src/shared/clock.js';
import { createEmptyDatabaseUrl } from './helpers/app.js';

const BIN = path.resolve('bin/vitrine.js');
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-cli-'));
  env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: await createEmptyDatabaseUrl(dataDir), LOG_LEVEL: 'warn' };
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function vitrine(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('vitrine CLI', { timeout: 60_000 }, () => {
  it('migrates an empty database, then finds it up to date', () => {
    const first = vitrine('migrate');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Applied \d+ migration/);
    const second = vitrine('migrate');
    expect(second.code).toBe(0);
    expect(second.out).toContain('up to date');
  });

  it('seeds the demo stores with progress, and changes nothing the second time', () => {
    const first = vitrine('seed', '--demo');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Inserted 2 store, 6 model, 20 trim/);
    expect(first.err).toMatch(/8\/8 accounts/);
    const second = vitrine('seed', '--demo');
    expect(second.code).toBe(0);
    expect(second.out).toContain('nothing changed');
  });

  it('writes the demo history with progress lines, refuses a second one, and refuses a bad option', () => {
    const history = ['seed', '--demo', '--history', '--months', '2', '--events', '2000', '--until', '2026-03-01'];
    const first = vitrine(...history);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Wrote the demo history 2026-01-02 to 2026-03-01: \d+ events \(\d+ model_viewed, /);
    // Not a terminal: plain lines, the last at 100%.
    expect(first.err).toMatch(/history: 100% \(2,000 of about 2,000 events/);
    const second = vitrine(...history);
    expect(second.code).toBe(0);
    expect(second.out).toContain('The demo history was already there: nothing changed');
    // (--replace is tested beside the generator, test/seed-history.test.ts.)
    const bad = vitrine('seed', '--demo', '--history', '--until', '2026-02-30');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--until must be a date, YYYY-MM-DD, not "2026-02-30".');
  }, 180_000);

  it('exports a price list, shows an import as a dry run, and refuses a bad row by its line', () => {
    const csv = path.join(dataDir, 'prices.csv');
    const exported = vitrine('catalog', 'export', '--store', 'renault', '--out', csv);
    expect(exported.code).toBe(0);
    const original = fs.readFileSync(csv, 'utf8');
    fs.writeFileSync(csv, original.replace('koleos,trim,koleos-20-2wd-comfort,17980000', 'koleos,trim,koleos-20-2wd-comfort,17580000'));
    const dryRun = vitrine('catalog', 'import', csv, '--store', 'renault', '--dry-run');
    expect(dryRun.code).toBe(0);
    expect(dryRun.out).toContain('koleos: trim koleos-20-2wd-comfort price ¥179,800 → ¥175,800');
    expect(dryRun.out).toContain('Dry run: 1 change(s), nothing written.');

    fs.appendFileSync(csv, 'koleos,trim,koleos-20-2wd-comfort,-5,,,\n');
    const rows = fs.readFileSync(csv, 'utf8').trimEnd().split('\n').length;
    const refused = vitrine('catalog', 'import', csv, '--store', 'renault');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`line ${rows}: price_fen must be a whole number of fen`);
    const after = vitrine('catalog', 'export', '--store', 'renault', '--format', 'csv');
    expect(after.out).toBe(original);
  });

  it('answers --help after any command with the usage, doing nothing else', () => {
    for (const command of ['start', 'migrate', 'seed', 'worker']) {
      // Before, `start --help` started a server: this call would have run until its timeout.
      const result = vitrine(command, '--help');
      expect(result.code, command).toBe(0);
      expect(result.out, command).toContain('Usage: vitrine');
    }
  });

  it('refuses an unknown command with usage', () => {
    const result = vitrine('launch');
    expect(result.code).toBe(2);
    expect(result.err).toContain('Usage: vitrine');
  });

  it('refuses to start on a DEFAULT_STORE that is not an active store, saying why', () => {
    const start = (defaultStore: string) =>
      spawnSync(process.execPath, [BIN, 'start'], {
        env: { ...env, PORT: '0', HOST: '127.0.0.1', DEFAULT_STORE: defaultStore },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const unknown = start('lada');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('DEFAULT_STORE is "lada", but no store has that slug.');
    const malformed = start('Renault China');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('DEFAULT_STORE must be a store\'s slug');
  });

  it('serves, then shuts down cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'start'], { env: { ...env, PORT: '0', HOST: '127.0.0.1' } });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    });
    const res = await fetch(`${url}/api/v1/stores/renault/models`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { models: unknown[] };
    expect(body.models).toHaveLength(5);

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('runs the job runner alone as vitrine worker, saying what it does, and stops on SIGTERM', async () => {
    const url = env.DATABASE_URL!;
    const connection = url.startsWith('sqlite:') ? connect({ dialect: 'sqlite', file: url.slice('sqlite:'.length) }) : connect({ dialect: 'postgres', url });
    const buyer = await connection.db.selectFrom('user_account').select('id').where('email', '=', 'buyer@example.com').executeTakeFirstOrThrow();
    await connection.db.updateTable('user_account').set({ locale: 'en' }).where('id', '=', buyer.id).execute();
    await inWriteTransaction(connection.db, (tx) =>
      enqueue(tx, systemClock, { kind: 'notification.send', payload: { userId: buyer.id, template: 'account.welcome', params: { name: 'Sam' } } }),
    );
    await connection.db.destroy();

    const child = spawn(process.execPath, [BIN, 'worker'], { env });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nothing delivered:\n${output}`)), 30_000);
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('job delivered') && output.includes('Welcome to Vitrine, Sam.')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
    });
    expect(output).toContain('Job runner on ');
    expect(output).toContain('delivering notification.send');
    // Every job the app queues has its handler in the worker too: expiries and refunds included.
    for (const kind of ['order.expire', 'payment.refund', 'voucher.lapse', 'voucher.expire']) expect(output).toContain(kind);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopping: finishing the job in hand');
  });
});
