import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { releasedTogether } from '../helpers/races.js';

/*
 * Two admins (and a double tap) saving one section of the store policy from the same read.
 * On PostgreSQL the requests wait behind a held lock on the store row, then go at once on
 * pooled connections: without the lock and the version check under it, each would pass the
 * check and the last would silently overwrite the others.
 */

let ctx: TestContext;
let admin: Caller;
let platform: Caller;
beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
  platform = await signIn(ctx.app, DEMO.platformAdmin);
});
afterAll(async () => {
  await ctx.close();
});

const RACE_TIMEOUT_MS = 30_000;
const BASE = '/api/v1/admin/stores/renault';

async function read(section: string) {
  const res = await ctx.app.inject({ url: `${BASE}/${section}`, headers: admin.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const put = (caller: Caller, section: string, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'PUT', url: `${BASE}/${section}`, headers: caller.headers, payload });

describe('store policy races', () => {
  it(
    'keeps one of four deposits saved from the same read, refuses the others as stale, and audits one change',
    async () => {
      const { version } = await read('deposits');
      const amounts = [600_000, 700_000, 800_000, 900_000];
      const callers = [admin, platform, admin, platform];
      const results = await releasedTogether(ctx, 'renault', amounts.length, () =>
        Promise.all(amounts.map((amount, i) => put(callers[i]!, 'deposits', { version, deposits: [{ model: 'espace', amount }] }))),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
      for (const refused of results.filter((r) => r.statusCode === 409)) expect(refused.json().code).toBe('STORE_POLICY_STALE');
      const winner = amounts[results.findIndex((r) => r.statusCode === 200)]!;
      const after = await read('deposits');
      expect(after.models.find((m: { model: string }) => m.model === 'espace').amount.amount).toBe(winner);
      const rows = await ctx.connection.db.selectFrom('model_deposit').innerJoin('model', 'model.id', 'model_deposit.model_id').select('model_deposit.amount').where('model.slug', '=', 'espace').execute();
      expect(rows.map((r) => Number(r.amount))).toEqual([winner]);
      const audit = await ctx.connection.db.selectFrom('audit_event').select('details').where('action', '=', 'store_policy.deposits.updated').execute();
      expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ deposits: { espace: { from: null, to: winner } } }]);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'lets one of two admins change the test-drive caps from the same read, and the other hears it changed',
    async () => {
      const { version, slotMinutes: _slot, ...caps } = await read('test-drive-policy');
      const changes = [
        { ...caps, maxUpcoming: 1 },
        { ...caps, maxInWindow: 9 },
      ];
      const results = await releasedTogether(ctx, 'renault', changes.length, () =>
        Promise.all(changes.map((change, i) => put(i === 0 ? admin : platform, 'test-drive-policy', { version, ...change }))),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const won = changes[results.findIndex((r) => r.statusCode === 200)]!;
      const lost = results.find((r) => r.statusCode === 409)!.json();
      const after = await read('test-drive-policy');
      expect(after).toMatchObject(won);
      expect(lost).toMatchObject({ code: 'STORE_POLICY_STALE', currentVersion: after.version });
      const row = await ctx.connection.db.selectFrom('test_drive_policy').innerJoin('store', 'store.id', 'test_drive_policy.store_id').select(['max_upcoming', 'max_in_window']).where('store.slug', '=', 'renault').execute();
      expect(row).toEqual([{ max_upcoming: won.maxUpcoming, max_in_window: won.maxInWindow }]);
    },
    RACE_TIMEOUT_MS,
  );
});
