import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnalyticsEventTable, Db } from '../../src/db/database.js';
import { createViewRecorder, type ViewRecorder } from '../../src/modules/analytics/analytics.recorder.js';
import { insertEvent, insertEvents } from '../../src/modules/analytics/analytics.repo.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { f1SaleBody } from '../helpers/campaigns.js';
import { TEST_NOW } from '../helpers/clock.js';
import { notify, orderReadyForHandover, sandboxCallback, startPayment } from '../helpers/orders.js';

/*
 * First-party events through the API, on each database: every domain action writes exactly
 * one event, in its own transaction, with every column right; a replayed request writes none;
 * model views are buffered and written by a flush. The clock stands at 2 March 2026, 02:00 UTC
 * (10:00 in Shanghai) unless a test moves it.
 */

const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
/** The province of the demo's Shanghai dealers, as their rows hold it: localized names. */
const SHANGHAI_PROVINCE = JSON.stringify({ 'zh-CN': '上海市', fr: 'Shanghai', en: 'Shanghai' });
/** Sent as no User-Agent: the test client adds its own to a request without the header. */
const NO_UA = { 'user-agent': '' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let ctx: TestContext;
let views: ViewRecorder;
let staff: Caller;
let admin: Caller;
const ids = { store: '', sh01: '', models: new Map<string, string>(), trims: new Map<string, string>() };

beforeAll(async () => {
  // The timer never fires during a test: views are written when a test flushes them.
  ctx = await createTestApp({ viewRecorder: (db) => (views = createViewRecorder({ db, log: { error: () => {} }, flushMs: 3_600_000 })) });
  staff = await signIn(ctx.app, DEMO.staffShanghai);
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
  const db = ctx.connection.db;
  ids.store = (await db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow()).id;
  ids.sh01 = (await db.selectFrom('dealer').select('id').where('store_id', '=', ids.store).where('code', '=', 'sh-01').executeTakeFirstOrThrow()).id;
  for (const m of await db.selectFrom('model').select(['id', 'slug']).where('store_id', '=', ids.store).execute()) ids.models.set(m.slug, m.id);
  for (const t of await db.selectFrom('trim').innerJoin('model', 'model.id', 'trim.model_id').select(['trim.id', 'trim.code']).where('model.store_id', '=', ids.store).execute()) {
    ids.trims.set(t.code, t.id);
  }
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(() => {
  ctx.clock.set(TEST_NOW);
});

async function eventsOf(kind: AnalyticsEventTable['kind'], subjectId: string) {
  return ctx.connection.db.selectFrom('analytics_event').selectAll().where('kind', '=', kind).where('subject_id', '=', subjectId).execute();
}

/** The one event of a kind about a subject, its amount read as a number (bigint on PostgreSQL). */
async function onlyEvent(kind: AnalyticsEventTable['kind'], subjectId: string) {
  const rows = await eventsOf(kind, subjectId);
  expect(rows).toHaveLength(1);
  const row = rows[0]!;
  expect(row.id).toMatch(UUID);
  return { ...row, id: 'checked', amount: row.amount === null ? null : Number(row.amount) };
}

const model = (slug: string) => ids.models.get(slug)!;
const trim = (code: string) => ids.trims.get(code)!;

describe('domain events', () => {
  it('records a saved configuration with its trim, the buyer’s city and the device', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/stores/renault/configurations',
      headers: { 'user-agent': PHONE_UA },
      payload: { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [], city: 'shanghai' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const code = res.json().code as string;
    expect(await onlyEvent('configuration_saved', code)).toEqual({
      id: 'checked',
      store_id: ids.store,
      kind: 'configuration_saved',
      occurred_at: '2026-03-02T02:00:00.000Z',
      day: '2026-03-02',
      model_id: model('koleos'),
      trim_id: trim('koleos-20-2wd-comfort'),
      dealer_id: null,
      city_code: 'shanghai',
      province: SHANGHAI_PROVINCE,
      channel: 'phone',
      subject_id: code,
      amount: null,
    });
  });

  it('records a lead once, however often the buyer asks again', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'analytics-lead');
    const ask = () =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/stores/renault/leads?locale=en',
        headers: { ...buyer!.headers, 'user-agent': DESKTOP_UA },
        payload: { dealer: 'sh-01', model: 'kadjar', sharePhone: false },
      });
    const first = await ask();
    expect(first.statusCode, first.body).toBe(201);
    const again = await ask();
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(await onlyEvent('lead_created', first.json().id)).toEqual({
      id: 'checked',
      store_id: ids.store,
      kind: 'lead_created',
      occurred_at: '2026-03-02T02:00:00.000Z',
      day: '2026-03-02',
      model_id: model('kadjar'),
      trim_id: null,
      dealer_id: ids.sh01,
      city_code: 'shanghai',
      province: SHANGHAI_PROVINCE,
      channel: 'desktop',
      subject_id: first.json().id,
      amount: null,
    });
  });

  it('records a test drive booked, and completed on the booking’s device on the Shanghai day it was', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'analytics-drive');
    const booked = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/stores/renault/test-drives',
      headers: { ...buyer!.headers, 'user-agent': PHONE_UA },
      payload: { dealer: 'sh-01', model: 'captur', start: '2026-03-02T06:00:00Z', sharePhone: false },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const id = booked.json().id as string;
    const common = { id: 'checked', store_id: ids.store, model_id: model('captur'), trim_id: null, dealer_id: ids.sh01, city_code: 'shanghai', province: SHANGHAI_PROVINCE, subject_id: id, amount: null };
    expect(await onlyEvent('test_drive_booked', id)).toEqual({ ...common, kind: 'test_drive_booked', occurred_at: '2026-03-02T02:00:00.000Z', day: '2026-03-02', channel: 'phone' });
    expect(await eventsOf('test_drive_completed', id)).toEqual([]);

    const base = `/api/v1/dealer/stores/renault/dealers/sh-01/test-drives/${id}`;
    const confirmed = await ctx.app.inject({ method: 'POST', url: `${base}/confirm`, headers: { ...staff.headers, 'user-agent': DESKTOP_UA }, payload: {} });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    // Marked done at 00:05 on 3 March in Shanghai: the dashboards count it on the 3rd.
    ctx.clock.set(new Date('2026-03-02T16:05:00.000Z'));
    const done = await ctx.app.inject({ method: 'POST', url: `${base}/complete`, headers: { ...staff.headers, 'user-agent': DESKTOP_UA }, payload: {} });
    expect(done.statusCode, done.body).toBe(200);
    expect(await onlyEvent('test_drive_completed', id)).toEqual({
      ...common,
      kind: 'test_drive_completed',
      occurred_at: '2026-03-02T16:05:00.000Z',
      day: '2026-03-03',
      channel: 'phone',
    });
  });

  it('records a flash-sale claim once under a replayed Idempotency-Key, and its deposit once under a repeated callback', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stores/renault/campaigns?locale=en',
      headers: admin.headers,
      payload: f1SaleBody('analytics-f1', { startsAt: '2026-03-02T02:10:00.000Z', endsAt: '2026-03-03T02:00:00.000Z' }),
    });
    expect(created.statusCode, created.body).toBe(201);
    ctx.clock.set(new Date('2026-03-02T02:11:00.000Z'));
    const [buyer] = await makeBuyers(ctx, 1, 'analytics-claim');
    const key = randomUUID();
    const claim = () =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/stores/renault/campaigns/analytics-f1/claims?locale=en',
        headers: { ...buyer!.headers, 'idempotency-key': key, 'user-agent': PHONE_UA },
        payload: { dealer: 'sh-01' },
      });
    const first = await claim();
    expect(first.statusCode, first.body).toBe(201);
    const replay = await claim();
    expect(replay.statusCode, replay.body).toBe(201);
    const orderId = first.json().id as string;
    expect(replay.json().id).toBe(orderId);
    const common = {
      id: 'checked',
      store_id: ids.store,
      model_id: model('koleos'),
      trim_id: trim('koleos-25-4wd-luxury'),
      dealer_id: ids.sh01,
      city_code: 'shanghai',
      province: SHANGHAI_PROVINCE,
      // The deposit is paid by the provider's callback: the channel is the claim's.
      channel: 'phone',
      subject_id: orderId,
    };
    expect(await onlyEvent('campaign_claimed', orderId)).toEqual({
      ...common,
      kind: 'campaign_claimed',
      occurred_at: '2026-03-02T02:11:00.000Z',
      day: '2026-03-02',
      amount: null,
    });

    ctx.clock.set(new Date('2026-03-02T02:12:00.000Z'));
    const started = await startPayment(ctx, buyer!, orderId);
    expect(started.statusCode, started.body).toBe(201);
    const told = sandboxCallback({ paymentId: started.json().id, transactionId: `sbx-analytics-${orderId}`, amount: 201_800 }, Math.floor(ctx.clock.now().getTime() / 1000));
    for (let i = 0; i < 2; i++) {
      const ack = await notify(ctx, 'sandbox', told);
      expect(ack.statusCode, ack.body).toBeLessThan(300);
    }
    const order = await ctx.connection.db.selectFrom('customer_order').select('status').where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(order.status).toBe('deposit_paid');
    expect(await onlyEvent('deposit_paid', orderId)).toEqual({
      ...common,
      kind: 'deposit_paid',
      occurred_at: '2026-03-02T02:12:00.000Z',
      day: '2026-03-02',
      amount: 201_800,
    });
  });

  it('records a car from stock paid and delivered, at its price, on an unknown channel', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'analytics-keys');
    const order = await orderReadyForHandover(ctx, buyer!, staff);
    const placed = await ctx.connection.db.selectFrom('customer_order').select('deposit_amount').where('id', '=', order.id).executeTakeFirstOrThrow();
    const common = {
      id: 'checked',
      store_id: ids.store,
      model_id: model('captur'),
      trim_id: trim('captur-12t-comfort'),
      dealer_id: ids.sh01,
      city_code: 'shanghai',
      province: SHANGHAI_PROVINCE,
      channel: 'unknown',
      subject_id: order.id,
    };
    expect(await onlyEvent('deposit_paid', order.id)).toEqual({
      ...common,
      kind: 'deposit_paid',
      occurred_at: '2026-03-02T02:00:00.000Z',
      day: '2026-03-02',
      amount: Number(placed.deposit_amount),
    });
    expect(Number(placed.deposit_amount)).toBeGreaterThan(0);

    ctx.clock.set(new Date('2026-03-02T03:05:00.000Z'));
    const handed = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${order.id}/handover?locale=en`,
      headers: { ...staff.headers, 'user-agent': DESKTOP_UA },
      payload: { pickupCode: order.pickupCode },
    });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(await onlyEvent('delivered', order.id)).toEqual({
      ...common,
      kind: 'delivered',
      occurred_at: '2026-03-02T03:05:00.000Z',
      day: '2026-03-02',
      amount: 13_980_000,
    });
  });

  it('refuses a second event of a kind about one subject, but never a view (no subject)', async () => {
    const subject = randomUUID();
    const row = (kind: AnalyticsEventTable['kind'], subjectId: string | null): AnalyticsEventTable => ({
      id: randomUUID(),
      store_id: ids.store,
      kind,
      occurred_at: '2026-03-02T02:00:00.000Z',
      day: '2026-03-02',
      model_id: model('koleos'),
      trim_id: null,
      dealer_id: null,
      city_code: 'unique-check',
      province: null,
      channel: 'unknown',
      subject_id: subjectId,
      amount: null,
    });
    const db = ctx.connection.db;
    expect(await db.transaction().execute((tx) => insertEvent(tx, row('lead_created', subject)))).toBe(true);
    expect(await db.transaction().execute((tx) => insertEvent(tx, row('lead_created', subject)))).toBe(false);
    // Another kind about the same subject is another event.
    expect(await db.transaction().execute((tx) => insertEvent(tx, row('delivered', subject)))).toBe(true);
    expect(await insertEvents(db, [row('model_viewed', null), row('model_viewed', null), row('lead_created', subject)])).toBe(2);
    const written = await db.selectFrom('analytics_event').select(['kind']).where('city_code', '=', 'unique-check').orderBy('kind').execute();
    expect(written.map((r) => r.kind)).toEqual(['delivered', 'lead_created', 'model_viewed', 'model_viewed']);
  });
});

describe('the views beacon', () => {
  const beacon = (body: unknown, headers: Record<string, string> = {}, store = 'renault', remoteAddress?: string) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/v1/stores/${store}/events/views`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(body),
      ...(remoteAddress ? { remoteAddress } : {}),
    });
  const viewsOf = (slug: string) =>
    ctx.connection.db.selectFrom('analytics_event').selectAll().where('kind', '=', 'model_viewed').where('model_id', '=', model(slug)).orderBy('occurred_at').execute();

  it('answers 202 at once and writes the views on the next flush', async () => {
    const first = await beacon({ model: 'city-k-ze', trim: 'kze-life', city: 'shanghai' }, { 'user-agent': PHONE_UA });
    expect(first.statusCode, first.body).toBe(202);
    expect(first.body).toBe('');
    ctx.clock.set(new Date('2026-03-02T16:00:00.000Z'));
    // A city the store does not serve counts the view, without a city.
    const second = await beacon({ model: 'city-k-ze', city: 'atlantis' }, NO_UA);
    expect(second.statusCode, second.body).toBe(202);
    expect(await viewsOf('city-k-ze')).toEqual([]);

    await views.flush();
    const written = (await viewsOf('city-k-ze')).map((row) => {
      expect(row.id).toMatch(UUID);
      return { ...row, id: 'checked' };
    });
    expect(written).toEqual([
      {
        id: 'checked',
        store_id: ids.store,
        kind: 'model_viewed',
        occurred_at: '2026-03-02T02:00:00.000Z',
        day: '2026-03-02',
        model_id: model('city-k-ze'),
        trim_id: trim('kze-life'),
        dealer_id: null,
        city_code: 'shanghai',
        province: SHANGHAI_PROVINCE,
        channel: 'phone',
        subject_id: null,
        amount: null,
      },
      {
        id: 'checked',
        store_id: ids.store,
        kind: 'model_viewed',
        occurred_at: '2026-03-02T16:00:00.000Z',
        day: '2026-03-03',
        model_id: model('city-k-ze'),
        trim_id: null,
        dealer_id: null,
        city_code: null,
        province: null,
        channel: 'unknown',
        subject_id: null,
        amount: null,
      },
    ]);
  });

  it('refuses bad input with a problem and records nothing for it', async () => {
    const refusals: Array<[unknown, number, string | undefined, string?]> = [
      [{ model: 'twingo' }, 404, 'ANALYTICS_MODEL_NOT_FOUND'],
      [{ model: 'espace', trim: 'koleos-20-2wd-comfort' }, 404, 'ANALYTICS_TRIM_NOT_FOUND'],
      [{ model: 'espace' }, 404, undefined, 'no-such-store'],
      [{ model: 'Espace!' }, 400, undefined],
      [{}, 400, undefined],
      [{ model: 'espace', city: '' }, 400, undefined],
      [{ model: 'espace', extra: 1 }, 400, undefined],
      [{ model: 'espace', trim: 7 }, 400, undefined],
      ['espace', 400, undefined],
    ];
    for (const [body, status, code, store] of refusals) {
      const res = await beacon(body, {}, store ?? 'renault');
      expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (code) expect(res.json().code).toBe(code);
    }
    await views.flush();
    expect(await viewsOf('espace')).toEqual([]);
  });

  it('limits each address to 120 views a minute', async () => {
    const address = '203.0.113.77';
    for (let i = 0; i < 120; i++) expect((await beacon({ model: 'kadjar' }, { 'user-agent': DESKTOP_UA }, 'renault', address)).statusCode).toBe(202);
    const refused = await beacon({ model: 'kadjar' }, { 'user-agent': DESKTOP_UA }, 'renault', address);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('RATE_LIMITED');
    // Another address is not held back.
    expect((await beacon({ model: 'kadjar' }, NO_UA, 'renault', '203.0.113.78')).statusCode).toBe(202);
    await views.flush();
    const kadjar = await viewsOf('kadjar');
    expect(kadjar.filter((v) => v.channel === 'desktop')).toHaveLength(120);
    expect(kadjar.filter((v) => v.channel === 'unknown')).toHaveLength(1);
  });
});

describe('the views recorder', () => {
  const view = (city: string): AnalyticsEventTable => ({
    id: randomUUID(),
    store_id: ids.store,
    kind: 'model_viewed',
    occurred_at: '2026-03-02T02:00:00.000Z',
    day: '2026-03-02',
    model_id: model('koleos'),
    trim_id: null,
    dealer_id: null,
    city_code: city,
    province: null,
    channel: 'desktop',
    subject_id: null,
    amount: null,
  });
  const countOf = async (city: string) =>
    Number((await ctx.connection.db.selectFrom('analytics_event').select((eb) => eb.fn.countAll().as('n')).where('city_code', '=', city).executeTakeFirstOrThrow()).n);

  it('holds at most its bound, drops and counts the rest, and writes the held ones in batches', async () => {
    const recorder = createViewRecorder({ db: ctx.connection.db, log: { error: () => {} }, batchSize: 5, maxPending: 12, flushMs: 3_600_000 });
    for (let i = 0; i < 20; i++) recorder.record(view('bound'));
    expect(recorder.stats()).toEqual({ pending: 12, written: 0, dropped: 8, failed: 0 });
    await recorder.flush();
    expect(recorder.stats()).toEqual({ pending: 0, written: 12, dropped: 8, failed: 0 });
    expect(await countOf('bound')).toBe(12);
  });

  it('logs a failed write instead of throwing, and drops its views', async () => {
    const logged: object[] = [];
    const broken = {
      insertInto: () => {
        throw new Error('database unreachable');
      },
    } as unknown as Db;
    const recorder = createViewRecorder({ db: broken, log: { error: (details) => logged.push(details) }, batchSize: 2, flushMs: 3_600_000 });
    for (let i = 0; i < 3; i++) recorder.record(view('broken'));
    await expect(recorder.flush()).resolves.toBeUndefined();
    expect(recorder.stats()).toEqual({ pending: 0, written: 0, dropped: 0, failed: 3 });
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ views: 2 });
  });

  it('writes what it holds on close, and takes nothing after', async () => {
    const recorder = createViewRecorder({ db: ctx.connection.db, log: { error: () => {} }, flushMs: 3_600_000 });
    recorder.record(view('closing'));
    recorder.record(view('closing'));
    await recorder.close();
    recorder.record(view('closing'));
    expect(recorder.stats()).toEqual({ pending: 0, written: 2, dropped: 1, failed: 0 });
    expect(await countOf('closing')).toBe(2);
  });
});
