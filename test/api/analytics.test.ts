import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { insertCampaign } from '../helpers/campaigns.js';

/*
 * The brand's dashboards against data built by hand, on each database. Every figure below was
 * worked out on paper from the rows this file inserts. The tests' clock stands at
 * 2026-03-02T02:00Z, 10:00 in Shanghai: "today" is 2026-03-02, day 61 of 365.
 *
 * Events (renault), K = Koleos, Z = City K-ZE (the NEV), SH = dealer sh-01 / Shanghai, BJ = bj-01 / Beijing:
 *   2025-12-31  deposit K SH                                   (last year: not in the pace)
 *   2026-01-15  deposit K SH 5,000.00
 *   2026-02-28  view K SH-city phone, at 15:59:59Z             (the last second of 28 February in Shanghai)
 *   2026-03-01  views: K SH phone, K BJ desktop, Z SH phone at 15:59:59Z (still 1 March in Shanghai)
 *               configuration K SH phone; lead K SH phone; test drive K BJ desktop; deposit K SH phone 5,000.00
 *   2026-03-02  views: Z BJ desktop at 16:00:00Z on 1 March UTC (already 2 March in Shanghai), K SH phone
 *               configuration Z SH phone; deposit Z BJ desktop 3,000.00; delivery K SH phone 200,000.00
 * Alpine has a view and a deposit on 2026-03-01 that renault's figures must never show.
 */

let ctx: TestContext;
let admin: Caller;
let alpineAdmin: Caller;
let platform: Caller;
let buyer: Caller;

const ids = { renault: '', alpine: '', koleos: '', kze: '', alpineModel: '', sh01: '', bj01: '', buyer: '', trim: '' };
let shProvince = '';
let bjProvince = '';

type Place = 'SH' | 'BJ';
interface EventSpec {
  kind: string;
  at: string;
  day: string;
  model: 'K' | 'Z' | null;
  place: Place;
  withDealer: boolean;
  channel: 'phone' | 'desktop';
  amount?: number;
  store?: 'alpine';
}

const EVENTS: EventSpec[] = [
  { kind: 'deposit_paid', at: '2025-12-31T03:00:00.000Z', day: '2025-12-31', model: 'K', place: 'SH', withDealer: true, channel: 'phone', amount: 500_000 },
  { kind: 'deposit_paid', at: '2026-01-15T03:00:00.000Z', day: '2026-01-15', model: 'K', place: 'SH', withDealer: true, channel: 'phone', amount: 500_000 },
  { kind: 'model_viewed', at: '2026-02-28T15:59:59.000Z', day: '2026-02-28', model: 'K', place: 'SH', withDealer: false, channel: 'phone' },
  { kind: 'model_viewed', at: '2026-03-01T01:00:00.000Z', day: '2026-03-01', model: 'K', place: 'SH', withDealer: false, channel: 'phone' },
  { kind: 'model_viewed', at: '2026-03-01T02:00:00.000Z', day: '2026-03-01', model: 'K', place: 'BJ', withDealer: false, channel: 'desktop' },
  { kind: 'model_viewed', at: '2026-03-01T15:59:59.000Z', day: '2026-03-01', model: 'Z', place: 'SH', withDealer: false, channel: 'phone' },
  { kind: 'configuration_saved', at: '2026-03-01T03:00:00.000Z', day: '2026-03-01', model: 'K', place: 'SH', withDealer: true, channel: 'phone' },
  { kind: 'lead_created', at: '2026-03-01T04:00:00.000Z', day: '2026-03-01', model: 'K', place: 'SH', withDealer: true, channel: 'phone' },
  { kind: 'test_drive_booked', at: '2026-03-01T05:00:00.000Z', day: '2026-03-01', model: 'K', place: 'BJ', withDealer: true, channel: 'desktop' },
  { kind: 'deposit_paid', at: '2026-03-01T06:00:00.000Z', day: '2026-03-01', model: 'K', place: 'SH', withDealer: true, channel: 'phone', amount: 500_000 },
  { kind: 'model_viewed', at: '2026-03-01T16:00:00.000Z', day: '2026-03-02', model: 'Z', place: 'BJ', withDealer: false, channel: 'desktop' },
  { kind: 'model_viewed', at: '2026-03-02T01:00:00.000Z', day: '2026-03-02', model: 'K', place: 'SH', withDealer: false, channel: 'phone' },
  { kind: 'configuration_saved', at: '2026-03-01T20:00:00.000Z', day: '2026-03-02', model: 'Z', place: 'SH', withDealer: true, channel: 'phone' },
  { kind: 'deposit_paid', at: '2026-03-02T00:30:00.000Z', day: '2026-03-02', model: 'Z', place: 'BJ', withDealer: true, channel: 'desktop', amount: 300_000 },
  { kind: 'delivered', at: '2026-03-02T01:30:00.000Z', day: '2026-03-02', model: 'K', place: 'SH', withDealer: true, channel: 'phone', amount: 20_000_000 },
  { kind: 'model_viewed', at: '2026-03-01T03:00:00.000Z', day: '2026-03-01', model: null, place: 'SH', withDealer: false, channel: 'phone', store: 'alpine' },
  { kind: 'deposit_paid', at: '2026-03-01T03:00:00.000Z', day: '2026-03-01', model: null, place: 'SH', withDealer: false, channel: 'phone', amount: 100_000, store: 'alpine' },
];

async function insertEvents(): Promise<void> {
  const db = ctx.connection.db;
  for (const e of EVENTS) {
    const alpine = e.store === 'alpine';
    await db
      .insertInto('analytics_event')
      .values({
        id: randomUUID(),
        store_id: alpine ? ids.alpine : ids.renault,
        kind: e.kind as never,
        occurred_at: e.at,
        day: e.day,
        model_id: alpine ? ids.alpineModel : e.model === 'K' ? ids.koleos : e.model === 'Z' ? ids.kze : null,
        trim_id: null,
        dealer_id: e.withDealer && !alpine ? (e.place === 'SH' ? ids.sh01 : ids.bj01) : null,
        city_code: e.place === 'SH' ? 'shanghai' : 'beijing',
        province: e.place === 'SH' ? shProvince : bjProvince,
        channel: e.channel,
        subject_id: e.kind === 'model_viewed' ? null : randomUUID(),
        amount: e.amount ?? null,
      })
      .execute();
  }
}

/** Leads for the time to first contact; minutes are whole minutes between creation and first answer. */
async function insertLeads(): Promise<void> {
  const leads: Array<[string, string, string | null]> = [
    // sh-01: 30 and 10 minutes, and one unanswered; the fourth was created on 28 February in Shanghai.
    [ids.sh01, '2026-02-28T16:00:00.000Z', '2026-02-28T16:30:00.000Z'],
    [ids.sh01, '2026-03-01T15:59:59.000Z', '2026-03-01T16:09:59.000Z'],
    [ids.sh01, '2026-03-02T01:00:00.000Z', null],
    [ids.sh01, '2026-02-28T15:59:59.000Z', '2026-03-01T08:39:59.000Z'],
    // bj-01: 45 and 15 minutes, so a median of 30.
    [ids.bj01, '2026-03-02T00:00:00.000Z', '2026-03-02T00:45:00.000Z'],
    [ids.bj01, '2026-03-02T00:10:00.000Z', '2026-03-02T00:25:30.000Z'],
  ];
  for (const [dealer, createdAt, contactedAt] of leads) {
    await ctx.connection.db
      .insertInto('lead')
      .values({
        id: randomUUID(),
        store_id: ids.renault,
        dealer_id: dealer,
        buyer_id: ids.buyer,
        source: 'model',
        model_id: ids.koleos,
        configuration_code: null,
        vin: null,
        test_drive_id: null,
        phone: '13800138000',
        message: null,
        status: contactedAt ? 'contacted' : 'new',
        created_at: createdAt,
        updated_at: contactedAt ?? createdAt,
        first_contacted_at: contactedAt,
      })
      .execute();
  }
}

let references = 0;
async function insertCampaignOrder(campaignId: string, createdAt: string, depositPaidAt: string | null): Promise<void> {
  references += 1;
  await ctx.connection.db
    .insertInto('customer_order')
    .values({
      id: randomUUID(),
      reference: `A-TEST${String(references).padStart(2, '0')}`,
      store_id: ids.renault,
      buyer_id: ids.buyer,
      dealer_id: ids.sh01,
      model_id: ids.koleos,
      trim_id: ids.trim,
      source: 'campaign',
      campaign_id: campaignId,
      configuration_code: null,
      vin: null,
      plan: 'cash',
      status: depositPaidAt ? 'deposit_paid' : 'expired',
      currency: 'CNY',
      vehicle_price: 23_880_000,
      deposit_amount: 201_800,
      snapshot: '{}',
      buyer_phone: null,
      hold_expires_at: null,
      estimated_delivery: null,
      deposit_paid_at: depositPaidAt,
      refund_window_ends_at: null,
      confirmed_at: null,
      allocated_at: null,
      balance_method: null,
      handover_at: null,
      delivered_at: null,
      temp_plate: null,
      temp_plate_expires_on: null,
      pickup_code: String(100000 + references),
      pickup_locked_until: null,
      cancelled_by: null,
      cancel_reason: null,
      idempotency_key: null,
      created_at: createdAt,
      updated_at: createdAt,
    })
    .execute();
}

async function insertCampaigns(): Promise<void> {
  const db = ctx.connection.db;
  const day = (iso: string) => new Date(iso);
  // Starts at 10:00 in Shanghai on 1 March; two units, three claims, the second paid deposit sells it out 10 minutes in.
  const first = await insertCampaign(db, { slug: 'an-first', units: 2, startsAt: day('2026-03-01T02:00:00.000Z'), endsAt: day('2026-03-03T02:00:00.000Z') });
  await db.updateTable('campaign').set({ units_sold: 2 }).where('id', '=', first).execute();
  await insertCampaignOrder(first, '2026-03-01T02:00:05.000Z', '2026-03-01T02:03:00.000Z');
  await insertCampaignOrder(first, '2026-03-01T02:00:06.000Z', '2026-03-01T02:10:00.000Z');
  await insertCampaignOrder(first, '2026-03-01T02:00:07.000Z', null);
  // Starts on 2 March; one claim, not paid (still held). Its name would be a formula in a spreadsheet.
  const second = await insertCampaign(db, { slug: 'an-second', units: 3, startsAt: day('2026-03-02T01:00:00.000Z'), endsAt: day('2026-03-04T01:00:00.000Z') });
  const formula = '=HYPERLINK("http://x.example","Go")';
  await db
    .updateTable('campaign')
    .set({ units_held: 1, name: JSON.stringify({ 'zh-CN': formula, fr: formula, en: formula }) })
    .where('id', '=', second)
    .execute();
  await insertCampaignOrder(second, '2026-03-02T01:00:30.000Z', null);
  // Starts at the first instant of 1 March in Shanghai: in the range, without a claim.
  await insertCampaign(db, { slug: 'an-midnight', units: 1, startsAt: day('2026-02-28T16:00:00.000Z'), endsAt: day('2026-03-03T00:00:00.000Z') });
  // Starts at the last second of 28 February in Shanghai: out of the range.
  await insertCampaign(db, { slug: 'an-before', units: 1, startsAt: day('2026-02-28T15:59:59.000Z'), endsAt: day('2026-03-03T00:00:00.000Z') });
}

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
  alpineAdmin = await signIn(ctx.app, DEMO.alpineAdmin);
  platform = await signIn(ctx.app, DEMO.platformAdmin);
  buyer = await signIn(ctx.app, DEMO.buyer);
  const db = ctx.connection.db;
  const store = async (slug: string) => (await db.selectFrom('store').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  ids.renault = await store('renault');
  ids.alpine = await store('alpine');
  const model = async (storeId: string, slug?: string) => {
    let query = db.selectFrom('model').select('id').where('store_id', '=', storeId);
    if (slug) query = query.where('slug', '=', slug);
    return (await query.orderBy('slug').executeTakeFirstOrThrow()).id;
  };
  ids.koleos = await model(ids.renault, 'koleos');
  ids.kze = await model(ids.renault, 'city-k-ze');
  ids.alpineModel = await model(ids.alpine);
  ids.trim = (await db.selectFrom('trim').select('id').where('model_id', '=', ids.koleos).orderBy('code').executeTakeFirstOrThrow()).id;
  const dealer = async (code: string) => db.selectFrom('dealer').select(['id', 'province']).where('store_id', '=', ids.renault).where('code', '=', code).executeTakeFirstOrThrow();
  const sh = await dealer('sh-01');
  const bj = await dealer('bj-01');
  ids.sh01 = sh.id;
  ids.bj01 = bj.id;
  shProvince = sh.province;
  bjProvince = bj.province;
  ids.buyer = (await db.selectFrom('user_account').select('id').where('email', '=', DEMO.buyer).executeTakeFirstOrThrow()).id;
  await insertEvents();
  await insertLeads();
  await insertCampaigns();
});
afterAll(async () => {
  await ctx?.close();
});

const RANGE = 'from=2026-03-01&to=2026-03-02';
const get = (caller: Caller, path: string, store = 'renault') => ctx.app.inject({ method: 'GET', url: `/api/v1/admin/stores/${store}/analytics/${path}`, headers: caller.headers });
const rate = (numerator: number, denominator: number, percent: number | null) => ({ numerator, denominator, percent });
const NO_FILTERS = { model: null, dealer: null, city: null, channel: null };

describe('funnel', () => {
  it('counts every stage of the range and converts each from its basis and from views', async () => {
    const res = await get(admin, `funnel?${RANGE}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      range: { from: '2026-03-01', to: '2026-03-02' },
      filters: NO_FILTERS,
      stages: [
        { stage: 'views', events: 5, amount: 0, basis: null, conversion: null, ofViews: rate(5, 5, 100) },
        { stage: 'configurations', events: 2, amount: 0, basis: 'views', conversion: rate(2, 5, 40), ofViews: rate(2, 5, 40) },
        { stage: 'leads', events: 1, amount: 0, basis: 'configurations', conversion: rate(1, 2, 50), ofViews: rate(1, 5, 20) },
        { stage: 'testDrives', events: 1, amount: 0, basis: 'configurations', conversion: rate(1, 2, 50), ofViews: rate(1, 5, 20) },
        { stage: 'deposits', events: 2, amount: 800_000, basis: 'configurations', conversion: rate(2, 2, 100), ofViews: rate(2, 5, 40) },
        { stage: 'deliveries', events: 1, amount: 20_000_000, basis: 'deposits', conversion: rate(1, 2, 50), ofViews: rate(1, 5, 20) },
      ],
    });
  });

  it('counts an event by its Shanghai day: 15:59:59Z is the day before 16:00:00Z', async () => {
    const first = (await get(admin, 'funnel?from=2026-03-01&to=2026-03-01')).json();
    expect(first.stages.map((s: { events: number }) => s.events)).toEqual([3, 1, 1, 1, 1, 0]);
    expect(first.stages[1].conversion).toEqual(rate(1, 3, 33.33));
    expect(first.stages[5].conversion).toEqual(rate(0, 1, 0));
    const second = (await get(admin, 'funnel?from=2026-03-02&to=2026-03-02')).json();
    expect(second.stages.map((s: { events: number }) => s.events)).toEqual([2, 1, 0, 0, 1, 1]);
    const before = (await get(admin, 'funnel?from=2026-02-28&to=2026-02-28')).json();
    expect(before.stages.map((s: { events: number }) => s.events)).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it('applies each filter', async () => {
    const events = async (query: string) => (await get(admin, `funnel?${RANGE}&${query}`)).json().stages.map((s: { events: number }) => s.events);
    expect(await events('channel=phone')).toEqual([3, 2, 1, 0, 1, 1]);
    expect(await events('model=city-k-ze')).toEqual([2, 1, 0, 0, 1, 0]);
    expect(await events('city=beijing')).toEqual([2, 0, 0, 1, 1, 0]);
    const dealer = (await get(admin, `funnel?${RANGE}&dealer=bj-01`)).json();
    expect(dealer.filters).toEqual({ model: null, dealer: 'bj-01', city: null, channel: null });
    expect(dealer.stages.map((s: { events: number }) => s.events)).toEqual([0, 0, 0, 1, 1, 0]);
    // Nothing to convert from: the exact pair stays, the percentage is null.
    expect(dealer.stages[3].conversion).toEqual(rate(1, 0, null));
    expect(dealer.stages[0].ofViews).toEqual(rate(0, 0, null));
  });

  it('exports the stages as CSV', async () => {
    const res = await get(admin, `funnel?${RANGE}&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="funnel-2026-03-01-2026-03-02.csv"');
    expect(res.body).toBe(
      'stage,events,amount_fen,basis,conversion_numerator,conversion_denominator,conversion_percent,of_views_percent\r\n' +
        'views,5,0,,,,,100\r\n' +
        'configurations,2,0,views,2,5,40,40\r\n' +
        'leads,1,0,configurations,1,2,50,20\r\n' +
        'testDrives,1,0,configurations,1,2,50,20\r\n' +
        'deposits,2,800000,configurations,2,2,100,40\r\n' +
        'deliveries,1,20000000,deposits,1,2,50,20\r\n',
    );
  });
});

describe('sales', () => {
  const TARGET_2026 = {
    year: 2026,
    units: 400_000,
    scope: 'joint_venture',
    setFor: 2022,
    note: 'DRAC target: 400,000 passenger cars a year by 2022',
    today: '2026-03-02',
    // 15 January, 1 March and 2 March; 31 December 2025 is last year's.
    soldThisYear: 3,
    remaining: 399_997,
    // 2 March to 31 December, both included: 365 − 61 + 1.
    daysLeft: 305,
    paceNeeded: { units: 399_997, days: 305, perDay: 1311.47 },
    paceSoFar: { units: 3, days: 61, perDay: 0.05 },
  };

  it('buckets deposits and deliveries by day against the target, with the pace still needed', async () => {
    const res = await get(admin, `sales?${RANGE}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      range: { from: '2026-03-01', to: '2026-03-02' },
      filters: NO_FILTERS,
      granularity: 'day',
      buckets: [
        // 400,000 ÷ 365 = 1,095.89 a day.
        { period: '2026-03-01', from: '2026-03-01', to: '2026-03-01', deposits: 1, depositAmount: 500_000, deliveries: 0, target: 1095.89 },
        { period: '2026-03-02', from: '2026-03-02', to: '2026-03-02', deposits: 1, depositAmount: 300_000, deliveries: 1, target: 1095.89 },
      ],
      totals: { deposits: 2, depositAmount: 800_000, deliveries: 1 },
      target: TARGET_2026,
    });
  });

  it('buckets by ISO week: Sunday 1 March closes week 9, Monday 2 March opens week 10', async () => {
    const body = (await get(admin, `sales?${RANGE}&granularity=week`)).json();
    expect(body.buckets).toEqual([
      { period: '2026-W09', from: '2026-03-01', to: '2026-03-01', deposits: 1, depositAmount: 500_000, deliveries: 0, target: 1095.89 },
      { period: '2026-W10', from: '2026-03-02', to: '2026-03-02', deposits: 1, depositAmount: 300_000, deliveries: 1, target: 1095.89 },
    ]);
  });

  it('buckets by month, each month’s share of the yearly target by its days', async () => {
    const body = (await get(admin, 'sales?from=2026-01-01&to=2026-03-02&granularity=month')).json();
    expect(body.buckets).toEqual([
      // 400,000 × 31 ÷ 365, × 28 ÷ 365, × 2 ÷ 365.
      { period: '2026-01', from: '2026-01-01', to: '2026-01-31', deposits: 1, depositAmount: 500_000, deliveries: 0, target: 33972.6 },
      { period: '2026-02', from: '2026-02-01', to: '2026-02-28', deposits: 0, depositAmount: 0, deliveries: 0, target: 30684.93 },
      { period: '2026-03', from: '2026-03-01', to: '2026-03-02', deposits: 2, depositAmount: 800_000, deliveries: 1, target: 2191.78 },
    ]);
    expect(body.totals).toEqual({ deposits: 3, depositAmount: 1_300_000, deliveries: 1 });
  });

  it('filters the buckets, never the store-wide pace', async () => {
    const body = (await get(admin, `sales?${RANGE}&model=city-k-ze`)).json();
    expect(body.buckets.map((b: { deposits: number }) => b.deposits)).toEqual([0, 1]);
    expect(body.target).toEqual(TARGET_2026);
  });

  it('exports the buckets as CSV', async () => {
    const res = await get(admin, `sales?${RANGE}&granularity=week&format=csv`);
    expect(res.body).toBe(
      'period,from,to,deposits,deposit_amount_fen,deliveries,target_units\r\n' +
        '2026-W09,2026-03-01,2026-03-01,1,500000,0,1095.89\r\n' +
        '2026-W10,2026-03-02,2026-03-02,1,300000,1,1095.89\r\n',
    );
  });
});

describe('breakdowns', () => {
  const row = (key: string | null, label: string | null, counts: number[], depositAmount: number, conversion: ReturnType<typeof rate>) => ({
    key,
    label,
    views: counts[0],
    configurations: counts[1],
    leads: counts[2],
    testDrives: counts[3],
    deposits: counts[4],
    depositAmount,
    deliveries: counts[5],
    conversion,
  });

  it('by model', async () => {
    const res = await get(admin, `breakdowns?${RANGE}&by=model&locale=en`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      range: { from: '2026-03-01', to: '2026-03-02' },
      filters: NO_FILTERS,
      by: 'model',
      rows: [row('koleos', 'Koleos', [3, 1, 1, 1, 1, 1], 500_000, rate(1, 3, 33.33)), row('city-k-ze', 'City K-ZE', [2, 1, 0, 0, 1, 0], 300_000, rate(1, 2, 50))],
    });
  });

  it('by city and by province', async () => {
    const shanghai = [3, 2, 1, 0, 1, 1];
    const beijing = [2, 0, 0, 1, 1, 0];
    const cities = (await get(admin, `breakdowns?${RANGE}&by=city&locale=en`)).json();
    expect(cities.rows).toEqual([row('shanghai', 'Shanghai', shanghai, 500_000, rate(1, 3, 33.33)), row('beijing', 'Beijing', beijing, 300_000, rate(1, 2, 50))]);
    const provinces = (await get(admin, `breakdowns?${RANGE}&by=province&locale=fr`)).json();
    expect(provinces.rows).toEqual([row(shProvince, 'Shanghai', shanghai, 500_000, rate(1, 3, 33.33)), row(bjProvince, 'Pékin', beijing, 300_000, rate(1, 2, 50))]);
  });

  it('by dealer: a league table with the median minutes to first contact', async () => {
    const body = (await get(admin, `breakdowns?${RANGE}&by=dealer&locale=en`)).json();
    const dealers = await ctx.connection.db.selectFrom('dealer').select('code').where('store_id', '=', ids.renault).execute();
    expect(body.rows).toHaveLength(dealers.length);
    expect(body.rows[0]).toMatchObject({
      ...row('sh-01', 'Dongfeng Renault Shanghai Pudong', [0, 2, 1, 0, 1, 1], 500_000, rate(1, 0, null)),
      rank: 1,
      leadsReceived: 3,
      leadsContacted: 2,
      medianMinutesToFirstContact: 20,
    });
    expect(body.rows[1]).toMatchObject({
      ...row('bj-01', 'Dongfeng Renault Beijing Chaoyang', [0, 0, 0, 1, 1, 0], 300_000, rate(1, 0, null)),
      rank: 2,
      leadsReceived: 2,
      leadsContacted: 2,
      // 45 and 15 minutes (15.5 counts as 15).
      medianMinutesToFirstContact: 30,
    });
    expect(body.rows[2]).toMatchObject({ rank: 3, deposits: 0, leadsReceived: 0, leadsContacted: 0, medianMinutesToFirstContact: null });
    const rest = body.rows.slice(2).map((r: { key: string }) => r.key);
    expect(rest).toEqual([...rest].sort());
  });

  it('by dealer within a city', async () => {
    const body = (await get(admin, `breakdowns?${RANGE}&by=dealer&city=beijing`)).json();
    expect(body.rows.map((r: { key: string; rank: number; deposits: number }) => [r.key, r.rank, r.deposits])).toEqual([
      ['bj-01', 1, 1],
      ['bj-02', 2, 0],
      ['bj-03', 3, 0],
      ['bj-04', 4, 0],
    ]);
  });

  it('exports the league table as CSV', async () => {
    const csv = (await get(admin, `breakdowns?${RANGE}&by=dealer&city=beijing&locale=en&format=csv`)).body;
    expect(csv).toBe(
      'rank,dealer,label,views,configurations,leads,test_drives,deposits,deposit_amount_fen,deliveries,conversion_percent,leads_received,leads_contacted,median_minutes_to_first_contact\r\n' +
        '1,bj-01,Dongfeng Renault Beijing Chaoyang,0,0,0,1,1,300000,0,,2,2,30\r\n' +
        '2,bj-02,Dongfeng Renault Beijing Haidian,0,0,0,0,0,0,0,,0,0,\r\n' +
        '3,bj-03,Dongfeng Renault Beijing Fengtai,0,0,0,0,0,0,0,,0,0,\r\n' +
        '4,bj-04,Dongfeng Renault Beijing Yizhuang,0,0,0,0,0,0,0,,0,0,\r\n',
    );
  });

  it('by model as CSV', async () => {
    const csv = (await get(admin, `breakdowns?${RANGE}&by=model&locale=en&format=csv`)).body;
    expect(csv).toBe(
      'model,label,views,configurations,leads,test_drives,deposits,deposit_amount_fen,deliveries,conversion_percent\r\n' +
        'koleos,Koleos,3,1,1,1,1,500000,1,33.33\r\n' +
        'city-k-ze,City K-ZE,2,1,0,0,1,300000,0,50\r\n',
    );
  });
});

describe('NEV share', () => {
  const market = { year: 2017, nevSales: 777_000, carSales: 28_880_000, share: rate(777_000, 28_880_000, 2.69) };

  it('sets the store’s NEV share beside the market’s', async () => {
    const res = await get(admin, `nev-share?${RANGE}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      range: { from: '2026-03-01', to: '2026-03-02' },
      filters: NO_FILTERS,
      views: rate(2, 5, 40),
      deposits: rate(1, 2, 50),
      deliveries: rate(0, 1, 0),
      market,
    });
    const desktop = (await get(admin, `nev-share?${RANGE}&channel=desktop`)).json();
    expect([desktop.views, desktop.deposits, desktop.deliveries]).toEqual([rate(1, 2, 50), rate(1, 1, 100), rate(0, 0, null)]);
  });

  it('exports as CSV', async () => {
    const csv = (await get(admin, `nev-share?${RANGE}&format=csv`)).body;
    expect(csv).toBe(
      'scope,measure,period,nev,total,nev_percent\r\n' +
        'store,views,2026-03-01/2026-03-02,2,5,40\r\n' +
        'store,deposits,2026-03-01/2026-03-02,1,2,50\r\n' +
        'store,deliveries,2026-03-01/2026-03-02,0,1,0\r\n' +
        'market,car_sales,2017,777000,28880000,2.69\r\n',
    );
  });
});

describe('campaigns', () => {
  it('counts claims, holds converted and the time to sell out of campaigns starting in the range', async () => {
    const res = await get(admin, `campaigns?${RANGE}&locale=en`);
    expect(res.statusCode).toBe(200);
    const formula = '=HYPERLINK("http://x.example","Go")';
    expect(res.json().campaigns).toEqual([
      {
        slug: 'an-midnight',
        name: 'an-midnight',
        model: 'koleos',
        startsAt: '2026-02-28T16:00:00.000Z',
        unitsTotal: 1,
        unitsHeld: 0,
        unitsSold: 0,
        claims: 0,
        paid: 0,
        holdsConverted: rate(0, 0, null),
        soldOutAt: null,
        secondsToSellOut: null,
      },
      {
        slug: 'an-first',
        name: 'an-first',
        model: 'koleos',
        startsAt: '2026-03-01T02:00:00.000Z',
        unitsTotal: 2,
        unitsHeld: 0,
        unitsSold: 2,
        claims: 3,
        paid: 2,
        holdsConverted: rate(2, 3, 66.67),
        soldOutAt: '2026-03-01T02:10:00.000Z',
        secondsToSellOut: 600,
      },
      {
        slug: 'an-second',
        name: formula,
        model: 'koleos',
        startsAt: '2026-03-02T01:00:00.000Z',
        unitsTotal: 3,
        unitsHeld: 1,
        unitsSold: 0,
        claims: 1,
        paid: 0,
        holdsConverted: rate(0, 1, 0),
        soldOutAt: null,
        secondsToSellOut: null,
      },
    ]);
    expect((await get(admin, `campaigns?${RANGE}&model=city-k-ze`)).json().campaigns).toEqual([]);
  });

  it('exports as CSV, a cell that looks like a formula kept as text', async () => {
    const csv = (await get(admin, `campaigns?${RANGE}&locale=en&format=csv`)).body;
    expect(csv).toBe(
      'campaign,name,model,starts_at,units_total,units_held,units_sold,claims,paid,holds_converted_percent,sold_out_at,seconds_to_sell_out\r\n' +
        'an-midnight,an-midnight,koleos,2026-02-28T16:00:00.000Z,1,0,0,0,0,,,\r\n' +
        'an-first,an-first,koleos,2026-03-01T02:00:00.000Z,2,0,2,3,2,66.67,2026-03-01T02:10:00.000Z,600\r\n' +
        'an-second,"\'=HYPERLINK(""http://x.example"",""Go"")",koleos,2026-03-02T01:00:00.000Z,3,1,0,1,0,0,,\r\n',
    );
  });
});

describe('scope', () => {
  it('shows a brand admin only their own store, and a platform admin every store', async () => {
    const other = await get(alpineAdmin, `funnel?${RANGE}`);
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await get(buyer, `funnel?${RANGE}`)).statusCode).toBe(403);
    expect((await get({ name: 'anonymous', headers: {} }, `funnel?${RANGE}`)).statusCode).toBe(401);

    const alpine = (await get(alpineAdmin, `funnel?${RANGE}`, 'alpine')).json();
    expect(alpine.stages.map((s: { events: number }) => s.events)).toEqual([1, 0, 0, 0, 1, 0]);
    const seenByPlatform = (await get(platform, `funnel?${RANGE}`, 'alpine')).json();
    expect(seenByPlatform).toEqual(alpine);
    const renault = await get(platform, `funnel?${RANGE}`);
    expect(renault.json().stages.map((s: { events: number }) => s.events)).toEqual([5, 2, 1, 1, 2, 1]);
  });
});

describe('ranges and filters', () => {
  it('refuses a range that ends before it starts, is longer than three years, or names no date', async () => {
    const status = async (query: string) => {
      const res = await get(admin, `funnel?${query}`);
      return [res.statusCode, res.json().code];
    };
    expect(await status('from=2026-03-05&to=2026-03-01')).toEqual([400, 'ANALYTICS_BAD_RANGE']);
    expect(await status('from=2023-01-01&to=2026-01-01')).toEqual([400, 'ANALYTICS_RANGE_TOO_LONG']);
    expect(await status('from=2026-02-30&to=2026-03-01')).toEqual([400, 'ANALYTICS_BAD_DAY']);
    expect((await status('from=2026-3-1'))[0]).toBe(400);
    expect((await status('format=xml'))[0]).toBe(400);
    expect(await status('model=twingo')).toEqual([422, 'ANALYTICS_UNKNOWN_FILTER']);
    expect(await status('dealer=zz-99')).toEqual([422, 'ANALYTICS_UNKNOWN_FILTER']);
    expect((await get(admin, 'breakdowns?by=brand')).statusCode).toBe(400);
    expect((await get(admin, `nev-share?${RANGE}&model=koleos`)).statusCode).toBe(400);
  });

  it('takes three years to the day, and by default the 30 days to today', async () => {
    const longest = (await get(admin, 'funnel?from=2023-01-01&to=2025-12-31')).json();
    expect(longest.range).toEqual({ from: '2023-01-01', to: '2025-12-31' });
    expect((await get(admin, 'sales')).json().range).toEqual({ from: '2026-02-01', to: '2026-03-02' });
  });
});
