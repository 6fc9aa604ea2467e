import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRunner } from '../../src/modules/jobs/jobs.runner.js';
import { jobHandlers } from '../../src/modules/jobs/notifications.js';
import { testDriveJobHandlers } from '../../src/modules/test-drives/test-drives.jobs.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { TEST_NOW } from '../helpers/clock.js';

/*
 * The tests' clock stands at Monday 2 March 2026, 10:00 in Shanghai (02:00 UTC). The demo
 * dealers open 08:30–18:00 on weekdays, 09:00–18:00 on Saturdays, 09:00–17:30 on Sundays;
 * sh-01 has two demo Koleos and two Espaces, one of each other model.
 */

let ctx: TestContext;
let staff: Caller;
let staffBeijing: Caller;
let admin: Caller;

beforeAll(async () => {
  ctx = await createTestApp();
  staff = await signIn(ctx.app, DEMO.staffShanghai);
  staffBeijing = await signIn(ctx.app, DEMO.staffBeijing);
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(() => {
  ctx.clock.set(TEST_NOW);
});

const slots = (dealer: string, query: string) => ctx.app.inject({ url: `/api/v1/stores/renault/dealers/${dealer}/test-drive-slots?${query}` });
const book = (caller: Caller, body: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/test-drives', headers: caller.headers, payload: body });
const setHours = (code: string, hours: Record<string, [string, string] | null>) =>
  ctx.connection.db.updateTable('dealer').set({ opening_hours: JSON.stringify(hours) }).where('code', '=', code).execute();

describe('test-drive slots', () => {
  it('lists the 30-minute slots of a day from two hours ahead, with the demo cars left', async () => {
    const res = await slots('sh-01', 'model=koleos&from=2026-03-02&to=2026-03-02');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ dealer: 'sh-01', model: 'koleos', timeZone: 'Asia/Shanghai', slotMinutes: 30, capacity: 2 });
    expect(body.slots.map((s: { time: string }) => s.time)).toEqual([
      '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00', '17:30',
    ]);
    expect(body.slots[0]).toEqual({ start: '2026-03-02T04:00:00.000Z', end: '2026-03-02T04:30:00.000Z', date: '2026-03-02', time: '12:00', remaining: 2 });
  });

  it('names the models with demo cars when no model is asked for', async () => {
    const res = (await slots('sh-01', '')).json();
    expect(res.model).toBeNull();
    expect(res.slots).toEqual([]);
    expect(res.models).toEqual([
      { slug: 'koleos', demoCars: 2 },
      { slug: 'kadjar', demoCars: 1 },
      { slug: 'captur', demoCars: 1 },
      { slug: 'espace', demoCars: 2 },
      { slug: 'city-k-ze', demoCars: 1 },
    ]);
  });

  it('has no slots on a closed day and none past fourteen days ahead', async () => {
    await setHours('sh-02', { mon: ['08:30', '18:00'], tue: ['08:30', '18:00'], wed: ['08:30', '18:00'], thu: ['08:30', '18:00'], fri: ['08:30', '18:00'], sat: ['09:00', '18:00'], sun: null });
    const sunday = (await slots('sh-02', 'model=kadjar&from=2026-03-08&to=2026-03-08')).json();
    expect(sunday.slots).toEqual([]);
    const last = (await slots('sh-02', 'model=kadjar&from=2026-03-16&to=2026-03-16')).json();
    expect(last.slots.map((s: { time: string }) => s.time)).toEqual(['08:30', '09:00', '09:30', '10:00']);
    const whole = (await slots('sh-02', 'model=kadjar')).json();
    expect(whole.from).toBe('2026-03-02');
    expect(whole.to).toBe('2026-03-16');
    // 12 today, 4 on the 16th, 9 full weekdays of 19 and 2 Saturdays of 18; no Sunday.
    expect(whole.slots).toHaveLength(12 + 4 + 9 * 19 + 2 * 18);
    expect(whole.slots.some((s: { date: string }) => s.date === '2026-03-08' || s.date === '2026-03-15')).toBe(false);
  });

  it('keeps the days of Shanghai: an early opening falls on the previous UTC day', async () => {
    await setHours('sh-03', { mon: null, tue: ['06:00', '07:00'], wed: null, thu: null, fri: null, sat: null, sun: null });
    const tuesday = (await slots('sh-03', 'model=captur&from=2026-03-03&to=2026-03-03')).json();
    expect(tuesday.slots.map((s: { start: string; date: string }) => [s.start, s.date])).toEqual([
      ['2026-03-02T22:00:00.000Z', '2026-03-03'],
      ['2026-03-02T22:30:00.000Z', '2026-03-03'],
    ]);
    const monday = (await slots('sh-03', 'model=captur&from=2026-03-02&to=2026-03-02')).json();
    expect(monday.slots).toEqual([]);
  });

  it('refuses a range longer than fourteen days, backwards or not a date', async () => {
    for (const query of ['from=2026-03-02&to=2026-03-17', 'from=2026-03-05&to=2026-03-04', 'from=2026-02-30&to=2026-03-02']) {
      const res = await slots('sh-01', `model=koleos&${query}`);
      expect(res.statusCode, query).toBe(422);
      expect(res.json().code).toBe('TEST_DRIVE_INVALID_RANGE');
    }
    expect((await slots('sh-01', 'model=nope')).json().code).toBe('TEST_DRIVE_UNKNOWN_MODEL');
    const calendar = await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/sh-01/test-drives?from=9999-99-99', headers: staff.headers });
    expect(calendar.json().code).toBe('TEST_DRIVE_INVALID_RANGE');
    expect((await slots('xx-99', 'model=koleos')).json().code).toBe('TEST_DRIVE_UNKNOWN_DEALER');
  });
});

describe('booking a test drive', () => {
  it('books a slot, opens the dealer’s lead, confirms by message and schedules the reminder', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'booker');
    const res = await book(buyer!, { dealer: 'sh-01', model: 'koleos', start: '2026-03-03T10:00:00+08:00', sharePhone: true, notes: 'Manual please' });
    expect(res.statusCode, res.body).toBe(201);
    const drive = res.json();
    expect(drive).toMatchObject({
      store: 'renault',
      dealer: { code: 'sh-01' },
      model: { slug: 'koleos' },
      start: '2026-03-03T02:00:00.000Z',
      end: '2026-03-03T02:30:00.000Z',
      date: '2026-03-03',
      time: '10:00',
      status: 'booked',
      notes: 'Manual please',
      phoneShared: true,
      upcoming: true,
    });
    const db = ctx.connection.db;
    const lead = await db.selectFrom('lead').selectAll().where('test_drive_id', '=', drive.id).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ source: 'test_drive', status: 'test_drive_booked', buyer_id: buyer!.id, phone: buyer!.phone, message: 'Manual please' });
    const jobs = await db.selectFrom('job').select(['kind', 'payload', 'run_at', 'dedupe_key']).where('payload', 'like', `%${drive.id}%`).execute();
    expect(jobs).toEqual([
      {
        kind: 'test_drive.reminder',
        payload: JSON.stringify({ testDriveId: drive.id, start: '2026-03-03T02:00:00.000Z' }),
        run_at: '2026-03-03T00:00:00.000Z',
        dedupe_key: `test_drive.reminder:${drive.id}:2026-03-03T02:00:00.000Z`,
      },
    ]);
    const booked = await db.selectFrom('job').select('payload').where('kind', '=', 'notification.send').where('payload', 'like', `%${buyer!.id}%`).execute();
    expect(booked.map((job) => JSON.parse(job.payload).template)).toEqual(['testDrive.booked']);
    expect(JSON.parse(booked[0]!.payload).params).toMatchObject({ model: 'Koleos', time: expect.stringContaining('10:00') });

    const after = (await slots('sh-01', 'model=koleos&from=2026-03-03&to=2026-03-03')).json();
    expect(after.slots.find((s: { time: string }) => s.time === '10:00').remaining).toBe(1);
  });

  it('refuses a slot off the grid, outside hours, too soon, too far, or at a dealer or model without test drives', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'invalid');
    const cases: Array<[string, Record<string, unknown>]> = [
      ['TEST_DRIVE_SLOT_OFF_GRID', { start: '2026-03-03T02:15:00Z' }],
      ['TEST_DRIVE_DEALER_CLOSED', { start: '2026-03-03T11:00:00Z' }],
      ['TEST_DRIVE_TOO_SOON', { start: '2026-03-02T03:30:00Z' }],
      ['TEST_DRIVE_TOO_FAR', { start: '2026-03-17T02:00:00Z' }],
      ['TEST_DRIVE_INVALID_START', { start: '2026-03-03 10:00' }],
      ['TEST_DRIVE_UNKNOWN_DEALER', { dealer: 'xx-99' }],
      ['TEST_DRIVE_UNKNOWN_MODEL', { model: 'twingo' }],
      ['TEST_DRIVE_NOT_OFFERED', { dealer: 'gz-01' }],
      ['TEST_DRIVE_NO_DEMO_CAR', { dealer: 'gz-02' }],
    ];
    const db = ctx.connection.db;
    await db.updateTable('dealer').set({ services: JSON.stringify(['sales']) }).where('code', '=', 'gz-01').execute();
    const gz02 = await db.selectFrom('dealer').select('id').where('code', '=', 'gz-02').executeTakeFirstOrThrow();
    const kadjar = await db.selectFrom('model').select('id').where('slug', '=', 'kadjar').executeTakeFirstOrThrow();
    await db.updateTable('vehicle_unit').set({ purpose: 'sale' }).where('dealer_id', '=', gz02.id).where('model_id', '=', kadjar.id).execute();
    for (const [code, change] of cases) {
      const res = await book(buyer!, { dealer: 'sh-01', model: 'kadjar', start: '2026-03-03T02:00:00Z', ...change });
      expect(res.statusCode, `${code}: ${res.body}`).toBe(422);
      expect(res.json().code).toBe(code);
    }
    expect(await db.selectFrom('test_drive').select('id').where('buyer_id', '=', buyer!.id).execute()).toEqual([]);
  });

  it('is for signed-in buyers only', async () => {
    const body = { dealer: 'sh-01', model: 'koleos', start: '2026-03-03T03:00:00Z' };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/stores/renault/test-drives', payload: body })).statusCode).toBe(401);
    expect((await book(staff, body)).statusCode).toBe(403);
  });

  it('holds a buyer to one upcoming drive per model and two in all', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'capped');
    expect((await book(buyer!, { dealer: 'sh-01', model: 'captur', start: '2026-03-05T02:00:00Z' })).statusCode).toBe(201);
    const sameModel = await book(buyer!, { dealer: 'sh-02', model: 'captur', start: '2026-03-06T02:00:00Z' });
    expect(sameModel.statusCode).toBe(409);
    expect(sameModel.json()).toMatchObject({ code: 'TEST_DRIVE_LIMIT_REACHED', limit: 'per_model', max: 1 });
    expect((await book(buyer!, { dealer: 'sh-02', model: 'kadjar', start: '2026-03-06T02:00:00Z' })).statusCode).toBe(201);
    const third = await book(buyer!, { dealer: 'sh-02', model: 'espace', start: '2026-03-06T03:00:00Z' });
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({ code: 'TEST_DRIVE_LIMIT_REACHED', limit: 'upcoming', max: 2 });
  });

  it('applies the store’s own policy: five bookings in sixty days by default, fewer if the brand says so', async () => {
    const db = ctx.connection.db;
    const store = await db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow();
    await db
      .insertInto('test_drive_policy')
      .values({ store_id: store.id, max_upcoming_per_model: 5, max_upcoming: 10, max_in_window: 3, window_days: 60, lead_minutes: 120, horizon_days: 14, slot_minutes: 30, updated_at: TEST_NOW.toISOString() })
      .execute();
    try {
      const [buyer] = await makeBuyers(ctx, 1, 'window');
      for (const hour of [2, 3, 4]) {
        expect((await book(buyer!, { dealer: 'bj-02', model: 'koleos', start: `2026-03-10T0${hour}:00:00Z` })).statusCode).toBe(201);
      }
      const fourth = await book(buyer!, { dealer: 'bj-02', model: 'koleos', start: '2026-03-10T05:00:00Z' });
      expect(fourth.statusCode).toBe(409);
      expect(fourth.json()).toMatchObject({ limit: 'window', max: 3 });
    } finally {
      await db.deleteFrom('test_drive_policy').where('store_id', '=', store.id).execute();
    }
  });
});

describe('a buyer’s own test drives', () => {
  it('lists only the buyer’s own, moves one (the dealer confirms again) and cancels it', async () => {
    const [buyer, other] = await makeBuyers(ctx, 2, 'mine');
    const drive = (await book(buyer!, { dealer: 'sh-04', model: 'kadjar', start: '2026-03-04T02:00:00Z' })).json();
    await book(other!, { dealer: 'sh-04', model: 'kadjar', start: '2026-03-04T03:00:00Z' });
    const mine = (await ctx.app.inject({ url: '/api/v1/me/test-drives', headers: buyer!.headers })).json();
    expect(mine.testDrives.map((d: { id: string }) => d.id)).toEqual([drive.id]);

    const moved = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/me/test-drives/${drive.id}`, headers: buyer!.headers, payload: { start: '2026-03-04T06:00:00Z' } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ start: '2026-03-04T06:00:00.000Z', time: '14:00', status: 'booked' });
    const same = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/me/test-drives/${drive.id}`, headers: buyer!.headers, payload: { start: '2026-03-04T06:00:00Z' } });
    expect(same.json().code).toBe('TEST_DRIVE_SAME_SLOT');

    const cancelled = await ctx.app.inject({ method: 'POST', url: `/api/v1/me/test-drives/${drive.id}/cancel`, headers: buyer!.headers, payload: {} });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', upcoming: false });
    const again = await ctx.app.inject({ method: 'POST', url: `/api/v1/me/test-drives/${drive.id}/cancel`, headers: buyer!.headers, payload: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'TEST_DRIVE_ILLEGAL_TRANSITION', from: 'cancelled', to: 'cancelled' });
    const templates = await ctx.connection.db.selectFrom('job').select('payload').where('kind', '=', 'notification.send').where('payload', 'like', `%${buyer!.id}%`).orderBy('id').execute();
    expect(templates.map((job) => JSON.parse(job.payload).template)).toEqual(['testDrive.booked', 'testDrive.rescheduled', 'testDrive.cancelled']);
    // Another buyer cannot reach it, and the slot freed by the cancellation counts again.
    const intruder = await ctx.app.inject({ method: 'POST', url: `/api/v1/me/test-drives/${drive.id}/cancel`, headers: other!.headers, payload: {} });
    expect(intruder.statusCode).toBe(404);
  });
});

describe('the dealer’s calendar', () => {
  it('shows the dealer its bookings and lets staff confirm, note, then complete once begun', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'calendar');
    const drive = (await book(buyer!, { dealer: 'sh-01', model: 'city-k-ze', start: '2026-03-02T06:00:00Z', sharePhone: false })).json();
    const base = '/api/v1/dealer/stores/renault/dealers/sh-01/test-drives';
    const day = await ctx.app.inject({ url: `${base}?from=2026-03-02&to=2026-03-02`, headers: staff.headers });
    expect(day.statusCode, day.body).toBe(200);
    const listed = day.json().testDrives.find((d: { id: string }) => d.id === drive.id);
    expect(listed).toMatchObject({ model: { slug: 'city-k-ze' }, buyer: { name: 'calendar 0', phone: null }, time: '14:00', status: 'booked' });

    const early = await ctx.app.inject({ method: 'POST', url: `${base}/${drive.id}/complete`, headers: staff.headers, payload: {} });
    expect(early.json()).toMatchObject({ code: 'TEST_DRIVE_ILLEGAL_TRANSITION', from: 'booked', to: 'completed' });
    const confirmed = await ctx.app.inject({ method: 'POST', url: `${base}/${drive.id}/confirm`, headers: staff.headers, payload: {} });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().status).toBe('confirmed');
    const seen = (await ctx.app.inject({ url: '/api/v1/me/test-drives', headers: buyer!.headers })).json().testDrives[0];
    expect(seen.status).toBe('confirmed');
    const twice = await ctx.app.inject({ method: 'POST', url: `${base}/${drive.id}/confirm`, headers: staff.headers, payload: {} });
    expect(twice.statusCode).toBe(409);

    const noted = await ctx.app.inject({ method: 'POST', url: `${base}/${drive.id}/notes`, headers: admin.headers, payload: { note: 'Wants the long range' } });
    expect(noted.json().dealerNotes).toEqual([{ text: 'Wants the long range', author: 'Renault China', at: TEST_NOW.toISOString() }]);

    const notYet = await ctx.app.inject({ method: 'POST', url: `${base}/${drive.id}/complete`, headers: staff.headers, payload: {} });
    expect(notYet.json().code).toBe('TEST_DRIVE_NOT_STARTED');
    ctx.clock.set(new Date('2026-03-02T06:10:00Z'));
    const done = await ctx.app.inject({ method: 'POST', url: `${base}/${drive.id}/complete`, headers: staff.headers, payload: {} });
    expect(done.json().status).toBe('completed');
    const noShow = await ctx.app.inject({ method: 'POST', url: `${base}/${drive.id}/no-show`, headers: staff.headers, payload: {} });
    expect(noShow.json()).toMatchObject({ code: 'TEST_DRIVE_ILLEGAL_TRANSITION', from: 'completed', to: 'no_show' });

    const db = ctx.connection.db;
    const audit = await db.selectFrom('audit_event').select(['action', 'actor_role']).where('target_id', '=', drive.id).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'test_drive.confirmed', actor_role: 'dealer_staff' },
      { action: 'test_drive.note_added', actor_role: 'brand_admin' },
      { action: 'test_drive.completed', actor_role: 'dealer_staff' },
    ]);
    const told = await db.selectFrom('job').select('payload').where('kind', '=', 'notification.send').where('payload', 'like', `%${buyer!.id}%`).orderBy('id').execute();
    expect(told.map((job) => JSON.parse(job.payload).template)).toEqual(['testDrive.booked', 'testDrive.confirmed']);
  });

  it('keeps another dealer’s staff out of it', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'foreign');
    const drive = (await book(buyer!, { dealer: 'sh-01', model: 'captur', start: '2026-03-09T02:00:00Z' })).json();
    const list = await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/sh-01/test-drives', headers: staffBeijing.headers });
    expect(list.statusCode).toBe(404);
    // Through their own dealer's address, the Shanghai booking is not found either.
    const confirm = await ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/bj-01/test-drives/${drive.id}/confirm`, headers: staffBeijing.headers, payload: {} });
    expect(confirm.statusCode).toBe(404);
    expect(confirm.json().code).toBe('TEST_DRIVE_NOT_FOUND');
    const own = (await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/bj-01/test-drives?from=2026-03-09&to=2026-03-09', headers: staffBeijing.headers })).json();
    expect(own.testDrives.map((d: { id: string }) => d.id)).not.toContain(drive.id);
    const range = await ctx.app.inject({ url: '/api/v1/dealer/stores/renault/dealers/sh-01/test-drives?from=2026-03-01&to=2026-04-15', headers: staff.headers });
    expect(range.json().code).toBe('TEST_DRIVE_INVALID_RANGE');
  });
});

describe('reminders', () => {
  it('reminds two hours before, and never for a cancelled or moved booking', async () => {
    const [kept, cancelled, moved] = await makeBuyers(ctx, 3, 'remind');
    // Thursday 5 March, 10:00 in Shanghai.
    const start = '2026-03-05T02:00:00Z';
    await book(kept!, { dealer: 'hz-01', model: 'koleos', start });
    const gone = (await book(cancelled!, { dealer: 'hz-01', model: 'kadjar', start })).json();
    const shifted = (await book(moved!, { dealer: 'hz-01', model: 'captur', start })).json();
    await ctx.app.inject({ method: 'POST', url: `/api/v1/me/test-drives/${gone.id}/cancel`, headers: cancelled!.headers, payload: {} });
    // Moved to 16:00 the same day: its reminder is due at 14:00, not with the others.
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/me/test-drives/${shifted.id}`, headers: moved!.headers, payload: { start: '2026-03-05T08:00:00Z' } });

    const runner = createRunner({ db: ctx.connection.db, clock: ctx.clock, handlers: { ...jobHandlers({ db: ctx.connection.db, sender: senderOf(ctx) }), ...testDriveJobHandlers({ db: ctx.connection.db, sender: senderOf(ctx) }) } });
    await runner.drain();
    const ours = new Set([kept!.phone, cancelled!.phone, moved!.phone]);
    const reminders = () => ctx.sent.filter((m) => ours.has(m.to) && m.text.startsWith('Reminder:'));
    const before = reminders().length;

    ctx.clock.set(new Date('2026-03-05T00:00:01Z'));
    await runner.drain();
    const due = reminders().slice(before);
    expect(due.map((m) => m.to)).toEqual([kept!.phone]);
    expect(due[0]!.text).toContain('Koleos');
    expect(due[0]!.text).toContain('10:00');

    ctx.clock.set(new Date('2026-03-05T06:00:01Z'));
    await runner.drain();
    const later = reminders().slice(before + 1);
    expect(later.map((m) => m.to)).toEqual([moved!.phone]);
    expect(later[0]!.text).toContain('16:00');
    const jobs = await ctx.connection.db.selectFrom('job').select(['status']).where('kind', '=', 'test_drive.reminder').where('payload', 'like', `%${gone.id}%`).execute();
    expect(jobs).toEqual([{ status: 'done' }]);
  });
});

/** The app's console sender, whose `sent` list the test context exposes. */
function senderOf(context: TestContext) {
  return { send: async (message: { channel: 'sms' | 'email'; to: string; text: string }) => void context.sent.push(message) };
}
