import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Connection } from '../src/db/connect.js';
import { funnel } from '../src/modules/analytics/dashboards.service.js';
import { historyStart, seedHistory, type HistoryOptions } from '../src/seed/seed-history.js';
import { fixedClock } from '../src/shared/clock.js';
import { createTestDatabase } from './helpers/app.js';

/*
 * The demo history, small: 12 months to 31 March 2026 (Chinese New Year fell on 17 February),
 * about 6,000 events. Ids of models and dealers differ between databases (the demo seed draws
 * them), so the fingerprint names them by slug and code.
 */
// A shared machine can take several seconds to write 6,000 rows twice.
vi.setConfig({ testTimeout: 30_000 });

const OPTIONS: HistoryOptions = { until: '2026-03-31', months: 12, events: 6000 };

let connection: Connection;
let storeId: string;
beforeAll(async () => {
  connection = await createTestDatabase();
  storeId = (await connection.db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await connection.db.destroy();
});

/** Every history row, with its model and dealer by name, hashed in id order; and the counts. */
async function fingerprint(): Promise<{ events: number; leads: number; sha256: string }> {
  const { db } = connection;
  const events = await db
    .selectFrom('analytics_event as e')
    .leftJoin('model as m', 'm.id', 'e.model_id')
    .leftJoin('dealer as d', 'd.id', 'e.dealer_id')
    .leftJoin('trim as t', 't.id', 'e.trim_id')
    .select(['e.id', 'e.kind', 'e.occurred_at', 'e.day', 'm.slug', 't.code', 'd.code as dealer', 'e.city_code', 'e.channel', 'e.subject_id', 'e.amount'])
    .where('e.store_id', '=', storeId)
    .orderBy('e.id')
    .execute();
  const leads = await db
    .selectFrom('lead as l')
    .innerJoin('dealer as d', 'd.id', 'l.dealer_id')
    .select(['l.id', 'd.code', 'l.status', 'l.created_at', 'l.first_contacted_at'])
    .where('l.store_id', '=', storeId)
    .orderBy('l.id')
    .execute();
  const hash = createHash('sha256');
  for (const row of events) hash.update(JSON.stringify({ ...row, amount: row.amount === null ? null : Number(row.amount) }));
  for (const row of leads) hash.update(JSON.stringify(row));
  return { events: events.length, leads: leads.length, sha256: hash.digest('hex') };
}

async function countOf(kind: string, from: string, to: string): Promise<number> {
  const row = await connection.db
    .selectFrom('analytics_event')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('store_id', '=', storeId)
    .where('kind', '=', kind as never)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('demo history', () => {
  let first: Awaited<ReturnType<typeof fingerprint>>;

  it('writes about the events asked for, over the months asked for, and leads for its lead events', async () => {
    const report = await seedHistory(connection.db, 'renault', OPTIONS);
    expect(report.status).toBe('written');
    expect(report.from).toBe('2025-04-01');
    expect(report.events).toBeGreaterThan(5400);
    expect(report.events).toBeLessThan(6600);
    expect(report.leads).toBe(report.byKind.lead_created);
    first = await fingerprint();
    expect(first.events).toBe(report.events);
    expect(first.leads).toBe(report.leads);
    const span = await connection.db
      .selectFrom('analytics_event')
      .select((eb) => [eb.fn.min('day').as('first'), eb.fn.max('day').as('last')])
      .where('store_id', '=', storeId)
      .executeTakeFirstOrThrow();
    expect(span.first).toBe('2025-04-01');
    expect(span.last).toBe('2026-03-31');
  });

  it('is the same history every time: a literal fingerprint, on either database', () => {
    expect(first).toEqual({ events: 5855, leads: 209, sha256: '8a022bd55db944b400309f4e9045356a71a87d8081cb74d8059a01af58dc4171' });
  });

  it('has its leads come from buyers a dealer can tell apart, by Chinese names', async () => {
    const byBuyer = await connection.db
      .selectFrom('lead as l')
      .innerJoin('user_account as u', 'u.id', 'l.buyer_id')
      .select(['u.display_name as name', (eb) => eb.fn.countAll().as('leads')])
      .where('l.store_id', '=', storeId)
      .groupBy('u.display_name')
      .orderBy('u.display_name')
      .execute();
    expect(byBuyer.length).toBe(12);
    for (const { name, leads } of byBuyer) {
      expect(name).toMatch(/^[\u4e00-\u9fff]{2}$/);
      // Taken in turn: 209 leads over 12 buyers is 17 or 18 each.
      expect([17, 18]).toContain(Number(leads));
    }
  });

  it('refuses to write a second history, and replaces it with the very same rows on request', async () => {
    const again = await seedHistory(connection.db, 'renault', OPTIONS);
    expect(again.status).toBe('already-there');
    expect(await fingerprint()).toEqual(first);
    const replaced = await seedHistory(connection.db, 'renault', { ...OPTIONS, replace: true });
    expect(replaced.status).toBe('written');
    expect(replaced.deleted).toBe(first.events + first.leads);
    expect(await fingerprint()).toEqual(first);
  });

  it('has the dashboards count exactly what it wrote, from the rollups', async () => {
    const view = await funnel({ db: connection.db, clock: fixedClock(new Date('2026-04-01T04:00:00.000Z')) }, storeId, { from: '2025-04-01', to: '2026-03-31', locale: 'en' });
    const byStage = Object.fromEntries(view.stages.map((s) => [s.stage, s.events]));
    expect(byStage).toEqual({
      views: await countOf('model_viewed', '2025-04-01', '2026-03-31'),
      configurations: await countOf('configuration_saved', '2025-04-01', '2026-03-31'),
      leads: await countOf('lead_created', '2025-04-01', '2026-03-31'),
      testDrives: await countOf('test_drive_booked', '2025-04-01', '2026-03-31'),
      deposits: await countOf('deposit_paid', '2025-04-01', '2026-03-31'),
      deliveries: await countOf('delivered', '2025-04-01', '2026-03-31'),
    });
    expect(byStage.views).toBeGreaterThan(0);
  });

  it('dips at Chinese New Year, grows over the year, and the K-ZE takes a growing share', async () => {
    // The festival week (16–22 February 2026) against the two weeks before the run-up and the two after the Lantern Festival.
    const festival = await countOf('model_viewed', '2026-02-16', '2026-02-22');
    const around = ((await countOf('model_viewed', '2026-01-26', '2026-02-08')) + (await countOf('model_viewed', '2026-03-05', '2026-03-18'))) / 4;
    expect(festival).toBeLessThan(around * 0.75);
    // The year's second half sells more than its first.
    expect(await countOf('configuration_saved', '2025-10-01', '2026-03-31')).toBeGreaterThan(await countOf('configuration_saved', '2025-04-01', '2025-09-30'));
    const kze = (await connection.db.selectFrom('model').select('id').where('store_id', '=', storeId).where('slug', '=', 'city-k-ze').executeTakeFirstOrThrow()).id;
    const share = async (from: string, to: string) => {
      const all = await countOf('model_viewed', from, to);
      const row = await connection.db
        .selectFrom('analytics_event')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('store_id', '=', storeId)
        .where('kind', '=', 'model_viewed')
        .where('model_id', '=', kze)
        .where('day', '>=', from)
        .where('day', '<=', to)
        .executeTakeFirstOrThrow();
      return Number(row.n) / all;
    };
    expect(await share('2025-12-01', '2026-03-31')).toBeGreaterThan(await share('2025-04-01', '2025-07-31'));
    // Dealers in more than one province have deposits.
    const provinces = await connection.db
      .selectFrom('analytics_event')
      .select('province')
      .distinct()
      .where('store_id', '=', storeId)
      .where('kind', '=', 'deposit_paid')
      .execute();
    expect(provinces.length).toBeGreaterThan(5);
  });

  it('starts whole months before the day after its last', () => {
    expect(historyStart('2026-03-31', 12)).toBe('2025-04-01');
    expect(historyStart('2026-12-01', 18)).toBe('2025-06-02');
  });
});
