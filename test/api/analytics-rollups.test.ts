import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnalyticsEventKind, AnalyticsEventTable } from '../../src/db/database.js';
import type { Connection } from '../../src/db/connect.js';
import { insertEvents } from '../../src/modules/analytics/analytics.repo.js';
import { splitByMonth } from '../../src/shared/calendar-days.js';
import * as queries from '../../src/modules/analytics/dashboards.repo.js';
import type { DayRange, EventDimension, EventFilters } from '../../src/modules/analytics/dashboards.repo.js';
import { createTestDatabase } from '../helpers/app.js';

/*
 * The dashboards count events from day and month rollups kept by triggers. Here every count
 * they answer is set against the same count worked out in this file from the events it
 * inserted (a plain fold over the list), for ranges made of whole months, partial months and
 * single days, with filters; then again after late events (for days and months long past, and
 * on both sides of a Shanghai midnight) and after deletions.
 */

// Some 600 queries a pass: seconds on a busy shared machine.
vi.setConfig({ testTimeout: 60_000 });

const KINDS: AnalyticsEventKind[] = ['model_viewed', 'configuration_saved', 'lead_created', 'test_drive_booked', 'test_drive_completed', 'deposit_paid', 'delivered', 'campaign_claimed'];

let connection: Connection;
let storeId = '';
let otherStoreId = '';
let models: Array<{ id: string; nev: boolean }> = [];
let dealers: Array<{ id: string; city_code: string | null; province: string }> = [];
const events: AnalyticsEventTable[] = [];
let sequence = 0;

// A fixed generator, so a failure can be replayed.
let state = 7;
const random = () => {
  state = (state * 48_271) % 2_147_483_647;
  return state / 2_147_483_647;
};
const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function event(kind: AnalyticsEventKind, occurredAt: string, day: string, over: Partial<AnalyticsEventTable> = {}): AnalyticsEventTable {
  const dealer = kind === 'model_viewed' ? null : pick(dealers);
  const city = dealer ?? (random() < 0.2 ? null : pick(dealers));
  return {
    id: `rollup-test-${String(sequence++).padStart(5, '0')}`,
    store_id: storeId,
    kind,
    occurred_at: occurredAt,
    day,
    model_id: random() < 0.1 ? null : pick(models).id,
    trim_id: null,
    dealer_id: dealer?.id ?? null,
    city_code: city?.city_code ?? null,
    province: city?.province ?? null,
    channel: pick(['phone', 'desktop', 'unknown']),
    subject_id: kind === 'model_viewed' ? null : `rollup-subject-${sequence}`,
    amount: kind === 'deposit_paid' ? 500_000 : kind === 'delivered' ? 17_980_000 + Math.floor(random() * 5) * 100_000 : null,
    ...over,
  };
}

async function write(rows: AnalyticsEventTable[]): Promise<void> {
  // The batched path the views take, and a one-row insert as domain events are written.
  await insertEvents(connection.db, rows.slice(0, -1));
  await connection.db.insertInto('analytics_event').values(rows.at(-1)!).execute();
  events.push(...rows);
}

// ---- The expected counts, folded from the list ----

function inRange(e: AnalyticsEventTable, storeIdOf: string, range: DayRange, filters: EventFilters): boolean {
  return (
    e.store_id === storeIdOf &&
    e.day >= range.from &&
    e.day <= range.to &&
    (!filters.modelId || e.model_id === filters.modelId) &&
    (!filters.dealerId || e.dealer_id === filters.dealerId) &&
    (!filters.cityCode || e.city_code === filters.cityCode) &&
    (!filters.channel || e.channel === filters.channel)
  );
}

function fold(rows: AnalyticsEventTable[], keyOf: (e: AnalyticsEventTable) => string): string[] {
  const counts = new Map<string, { events: number; amount: number }>();
  for (const e of rows) {
    const key = keyOf(e);
    const count = counts.get(key) ?? { events: 0, amount: 0 };
    count.events += 1;
    count.amount += e.amount ?? 0;
    counts.set(key, count);
  }
  return [...counts.entries()].map(([key, c]) => `${key} ${c.events} ${c.amount}`).sort();
}

const RANGES: DayRange[] = [
  { from: '2025-11-17', to: '2026-03-04' }, // partial November, three whole months, partial March
  { from: '2025-12-01', to: '2026-02-28' }, // whole months only
  { from: '2026-01-31', to: '2026-02-01' }, // two days across a month's end
  { from: '2026-02-01', to: '2026-02-01' }, // one day
  { from: '2026-01-10', to: '2026-01-20' }, // inside one month
  { from: '2025-11-30', to: '2026-01-01' }, // a day, a whole month, a day
];

async function expectRollupsToMatch(): Promise<number> {
  let compared = 0;
  const filterSets = (): EventFilters[] => [
    {},
    { modelId: models[0]!.id },
    { dealerId: dealers[0]!.id, channel: 'phone' },
    { cityCode: dealers[1]!.city_code! },
  ];
  for (const range of RANGES) {
    for (const filters of filterSets()) {
      const rows = events.filter((e) => inRange(e, storeId, range, filters));
      const byKind = await queries.countByKind(connection.db, storeId, range, filters);
      expect(byKind.map((c) => `${c.kind} ${c.events} ${c.amount}`).sort()).toEqual(fold(rows, (e) => e.kind));

      const byDay = await queries.countByDay(connection.db, storeId, range, filters, ['deposit_paid', 'delivered']);
      expect(byDay.map((c) => `${c.day}/${c.kind} ${c.events} ${c.amount}`).sort()).toEqual(
        fold(rows.filter((e) => e.kind === 'deposit_paid' || e.kind === 'delivered'), (e) => `${e.day}/${e.kind}`),
      );

      for (const dimension of ['model_id', 'province', 'city_code', 'dealer_id'] as EventDimension[]) {
        const byDimension = await queries.countByDimension(connection.db, storeId, range, filters, dimension);
        expect(byDimension.map((c) => `${c.key}/${c.kind} ${c.events} ${c.amount}`).sort()).toEqual(fold(rows, (e) => `${e[dimension]}/${e.kind}`));
      }

      const nevKinds: AnalyticsEventKind[] = ['model_viewed', 'deposit_paid', 'delivered'];
      const byNev = await queries.countByNev(connection.db, storeId, range, filters, nevKinds);
      const nevOf = new Map(models.map((m) => [m.id, m.nev]));
      expect(byNev.map((c) => `${c.nev}/${c.kind} ${c.events} ${c.amount}`).sort()).toEqual(
        fold(rows.filter((e) => e.model_id !== null && nevKinds.includes(e.kind)), (e) => `${nevOf.get(e.model_id!)}/${e.kind}`),
      );
      compared += rows.length;
    }
    const deposits = events.filter((e) => inRange(e, storeId, range, {}) && e.kind === 'deposit_paid').length;
    expect(await queries.countOfKind(connection.db, storeId, 'deposit_paid', range)).toBe(deposits);
  }
  return compared;
}

beforeAll(async () => {
  connection = await createTestDatabase();
  const { db } = connection;
  storeId = (await db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow()).id;
  otherStoreId = (await db.selectFrom('store').select('id').where('slug', '=', 'alpine').executeTakeFirstOrThrow()).id;
  models = (await db.selectFrom('model').select(['id', 'is_nev']).where('store_id', '=', storeId).orderBy('slug').execute()).map((m) => ({ id: m.id, nev: Number(m.is_nev) === 1 }));
  dealers = await db.selectFrom('dealer').select(['id', 'city_code', 'province']).where('store_id', '=', storeId).where('city_code', 'is not', null).orderBy('code').execute();

  // 600 events from 15 November 2025 to 5 March 2026 (Shanghai days), at 03:00Z (11:00 in Shanghai).
  const rows: AnalyticsEventTable[] = [];
  for (let i = 0; i < 600; i++) {
    const day = new Date(Date.UTC(2025, 10, 15) + Math.floor(random() * 111) * 86_400_000).toISOString().slice(0, 10);
    rows.push(event(pick(KINDS), `${day}T03:00:00.000Z`, day));
  }
  // Another store's events on the same days never count.
  rows.push({ ...event('deposit_paid', '2026-01-15T03:00:00.000Z', '2026-01-15'), store_id: otherStoreId, model_id: null, dealer_id: null, trim_id: null });
  await write(rows);
});

afterAll(async () => {
  await connection.db.destroy();
});

describe('rollup-backed dashboard counts', () => {
  it('equal the counts of the raw events, for whole months, partial months and single days, with filters', async () => {
    expect(await expectRollupsToMatch()).toBeGreaterThan(1000);
  });

  it('count late events at once, on the Shanghai day they happened, across midnight and a month end', async () => {
    const before = await queries.countByKind(connection.db, storeId, { from: '2026-02-01', to: '2026-02-01' }, {});
    const deliveredBefore = before.find((c) => c.kind === 'delivered')?.events ?? 0;
    const late = [
      // 15:59:59Z on 31 January is still 31 January in Shanghai; 16:00:00Z is already 1 February.
      event('delivered', '2026-01-31T15:59:59.000Z', '2026-01-31'),
      event('delivered', '2026-01-31T16:00:00.000Z', '2026-02-01'),
      event('delivered', '2026-01-31T23:30:00.000Z', '2026-02-01'),
      // Months long closed, and a day with nothing yet.
      event('deposit_paid', '2025-11-20T10:00:00.000Z', '2025-11-20'),
      event('model_viewed', '2025-12-25T15:59:59.999Z', '2025-12-25'),
      event('model_viewed', '2025-12-25T16:00:00.000Z', '2025-12-26'),
      event('lead_created', '2026-02-14T20:00:00.000Z', '2026-02-15'),
    ];
    await write(late);
    const after = await queries.countByKind(connection.db, storeId, { from: '2026-02-01', to: '2026-02-01' }, {});
    expect(after.find((c) => c.kind === 'delivered')?.events).toBe(deliveredBefore + 2);
    await expectRollupsToMatch();
  });

  it('forget deleted events, rows and all', async () => {
    const gone = events.filter((e) => e.store_id === storeId && e.day >= '2026-01-01' && e.day <= '2026-01-31');
    expect(gone.length).toBeGreaterThan(0);
    await connection.db.deleteFrom('analytics_event').where('id', 'in', gone.map((e) => e.id)).execute();
    events.splice(0, events.length, ...events.filter((e) => !gone.includes(e)));
    await expectRollupsToMatch();
    const january = await queries.countByKind(connection.db, storeId, { from: '2026-01-01', to: '2026-01-31' }, {});
    expect(january).toEqual([]);
    const rollupRows = await connection.db.selectFrom('analytics_month_rollup').select('month').where('store_id', '=', storeId).where('month', '=', '2026-01').execute();
    expect(rollupRows).toEqual([]);
  });

  it('read whole months from the month rollup and only the days around them from the day rollup', () => {
    expect(splitByMonth({ from: '2025-11-17', to: '2026-03-04' })).toEqual({
      months: { from: '2025-12', to: '2026-02' },
      days: [
        { from: '2025-11-17', to: '2025-11-30' },
        { from: '2026-03-01', to: '2026-03-04' },
      ],
    });
    expect(splitByMonth({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ months: { from: '2024-02', to: '2024-02' }, days: [] });
    expect(splitByMonth({ from: '2026-01-31', to: '2026-02-01' })).toEqual({ months: null, days: [{ from: '2026-01-31', to: '2026-02-01' }] });
    expect(splitByMonth({ from: '2025-12-31', to: '2026-02-01' })).toEqual({
      months: { from: '2026-01', to: '2026-01' },
      days: [
        { from: '2025-12-31', to: '2025-12-31' },
        { from: '2026-02-01', to: '2026-02-01' },
      ],
    });
  });
});
