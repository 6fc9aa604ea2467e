import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { TEST_NOW } from '../helpers/clock.js';
import { inWriteTransaction } from '../../src/db/tx.js';
import { openLead } from '../../src/modules/leads/leads.service.js';

let ctx: TestContext;
let buyer: Caller;
let staff: Caller;
let staffBeijing: Caller;
let otherBuyer: Caller;

/** A buyer who signed up with an email code: an account without a phone. */
async function emailBuyer(destination: string): Promise<Caller> {
  await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { destination } });
  const code = /(\d{6})/.exec(ctx.sent.at(-1)!.text)![1]!;
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/otp/verify', payload: { destination, code } });
  const token = /vitrine_session=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
  return { name: destination, headers: { cookie: `vitrine_session=${token}`, 'x-csrf-token': res.json().csrfToken } };
}

beforeAll(async () => {
  ctx = await createTestApp();
  buyer = await signIn(ctx.app, DEMO.buyer);
  staff = await signIn(ctx.app, DEMO.staffShanghai);
  staffBeijing = await signIn(ctx.app, DEMO.staffBeijing);
  otherBuyer = await emailBuyer('lead.buyer@example.com');
});
afterAll(async () => {
  await ctx.close();
});

const ask = (caller: Caller, payload: object, store = 'renault') =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/stores/${store}/leads?locale=en`, headers: caller.headers, payload });
const queue = (caller: Caller, dealer = 'sh-01', query = '') =>
  ctx.app.inject({ url: `/api/v1/dealer/stores/renault/dealers/${dealer}/leads?locale=en${query}`, headers: caller.headers });
const lead = (caller: Caller, id: string, dealer = 'sh-01') =>
  ctx.app.inject({ url: `/api/v1/dealer/stores/renault/dealers/${dealer}/leads/${id}?locale=en`, headers: caller.headers });
const move = (caller: Caller, id: string, status: string, dealer = 'sh-01') =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/${dealer}/leads/${id}/status?locale=en`, headers: caller.headers, payload: { status } });

async function written() {
  const [leads, events, jobs] = await Promise.all([
    ctx.connection.db.selectFrom('lead').select('id').execute(),
    ctx.connection.db.selectFrom('lead_event').select('id').execute(),
    ctx.connection.db.selectFrom('job').select('id').where('kind', '=', 'notification.send').execute(),
  ]);
  return { leads: leads.length, events: events.length, jobs: jobs.length };
}

async function saveConfiguration(store: string, body: object): Promise<string> {
  const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/stores/${store}/configurations`, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().code as string;
}

async function unitOf(store: string, dealer: string) {
  return ctx.connection.db
    .selectFrom('vehicle_unit')
    .innerJoin('store', 'store.id', 'vehicle_unit.store_id')
    .innerJoin('dealer', 'dealer.id', 'vehicle_unit.dealer_id')
    .select(['vehicle_unit.vin'])
    .where('store.slug', '=', store)
    .where('dealer.code', '=', dealer)
    .orderBy('vehicle_unit.vin')
    .executeTakeFirstOrThrow();
}

describe('asking a dealer to call back', () => {
  it('refuses what is not this store’s, and writes nothing', async () => {
    const alpineConfiguration = await saveConfiguration('alpine', { model: 'a110', trim: 'a110-pure', options: [] });
    const alpineUnit = await unitOf('alpine', 'alp-sh-01');
    const before = await written();
    const refusals: Array<[object, number, string]> = [
      [{ dealer: 'alp-sh-01', model: 'koleos', sharePhone: false }, 404, 'LEAD_DEALER_NOT_FOUND'],
      [{ dealer: 'nowhere', model: 'koleos', sharePhone: false }, 404, 'LEAD_DEALER_NOT_FOUND'],
      [{ dealer: 'sh-01', model: 'a110', sharePhone: false }, 404, 'LEAD_MODEL_NOT_FOUND'],
      [{ dealer: 'sh-01', configuration: alpineConfiguration, sharePhone: false }, 404, 'LEAD_CONFIGURATION_NOT_FOUND'],
      [{ dealer: 'sh-01', vin: alpineUnit.vin, sharePhone: false }, 404, 'LEAD_VIN_NOT_FOUND'],
      [{ dealer: 'sh-01', sharePhone: false }, 400, 'LEAD_ONE_SUBJECT'],
      [{ dealer: 'sh-01', model: 'koleos', configuration: alpineConfiguration, sharePhone: false }, 400, 'LEAD_ONE_SUBJECT'],
      // A VIN-shaped string whose check digit (position 9) is wrong.
      [{ dealer: 'sh-01', vin: 'LDRAB1000JW100001', sharePhone: false }, 422, 'LEAD_VIN_INVALID'],
      [{ dealer: 'sh-01', model: 'koleos', sharePhone: false, message: 'x'.repeat(501) }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of refusals) {
      const res = await ask(buyer, payload);
      expect(res.statusCode, `${JSON.stringify(payload)}: ${res.body}`).toBe(status);
      if (code !== 'VALIDATION_FAILED') expect(res.json().code).toBe(code);
    }
    // The Alpine store's own dealer and model are refused in the Renault store, and the reverse.
    const reverse = await ask(buyer, { dealer: 'sh-01', model: 'a110', sharePhone: false }, 'alpine');
    expect(reverse.statusCode).toBe(404);
    expect(reverse.json().code).toBe('LEAD_DEALER_NOT_FOUND');
    expect(await written()).toEqual(before);
  });

  it('refuses a dealer that does not sell, and a car that is at another dealer', async () => {
    await ctx.connection.db.updateTable('dealer').set({ services: JSON.stringify(['service']) }).where('code', '=', 'sh-04').execute();
    const before = await written();
    const noSales = await ask(buyer, { dealer: 'sh-04', model: 'koleos', sharePhone: false });
    expect(noSales.statusCode).toBe(422);
    expect(noSales.json().code).toBe('LEAD_DEALER_NO_SALES');
    const beijingCar = await unitOf('renault', 'bj-01');
    const elsewhere = await ask(buyer, { dealer: 'sh-01', vin: beijingCar.vin, sharePhone: false });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().code).toBe('LEAD_VIN_AT_OTHER_DEALER');
    expect(await written()).toEqual(before);
  });

  it('opens a lead with the consented phone, tells the buyer, and answers a repeat with the same lead', async () => {
    const before = await written();
    const first = await ask(buyer, { dealer: 'sh-01', model: 'koleos', sharePhone: true, message: '  After 6 pm please  ' });
    expect(first.statusCode, first.body).toBe(201);
    const opened = first.json();
    expect(opened).toMatchObject({
      store: 'renault',
      dealer: { code: 'sh-01' },
      source: 'model',
      status: 'new',
      phoneShared: true,
      message: 'After 6 pm please',
      vehicle: { model: { slug: 'koleos', name: 'Koleos' }, trim: null, options: [], configurationCode: null, vin: null },
    });
    expect(opened.createdAt).toBe(TEST_NOW.toISOString());
    const row = await ctx.connection.db.selectFrom('lead').selectAll().where('id', '=', opened.id).executeTakeFirstOrThrow();
    expect(row.phone).toBe('+8613800138000');

    const job = await ctx.connection.db.selectFrom('job').select('payload').where('kind', '=', 'notification.send').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(job.payload)).toMatchObject({ template: 'lead.received' });

    const again = await ask(buyer, { dealer: 'sh-01', model: 'koleos', sharePhone: false });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(opened.id);
    expect(await written()).toEqual({ leads: before.leads + 1, events: before.events + 1, jobs: before.jobs + 1 });

    const mine = await ctx.app.inject({ url: '/api/v1/me/leads?locale=en', headers: buyer.headers });
    expect(mine.json().leads.map((l: { id: string }) => l.id)).toContain(opened.id);
    const theirs = await ctx.app.inject({ url: '/api/v1/me/leads', headers: otherBuyer.headers });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().leads.map((l: { id: string }) => l.id)).not.toContain(opened.id);
  });

  it('stores no phone without consent, and takes one from the body only for an account without one', async () => {
    const silent = await ask(buyer, { dealer: 'sh-02', model: 'kadjar', sharePhone: false, phone: '13912345678' });
    expect(silent.statusCode, silent.body).toBe(201);
    expect(silent.json().phoneShared).toBe(false);
    const row = await ctx.connection.db.selectFrom('lead').select('phone').where('id', '=', silent.json().id).executeTakeFirstOrThrow();
    expect(row.phone).toBeNull();

    const before = await written();
    const none = await ask(otherBuyer, { dealer: 'sh-01', model: 'captur', sharePhone: true });
    expect(none.statusCode).toBe(422);
    expect(none.json().code).toBe('LEAD_PHONE_REQUIRED');
    const bad = await ask(otherBuyer, { dealer: 'sh-01', model: 'captur', sharePhone: true, phone: '12345' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('LEAD_PHONE_INVALID');
    expect(await written()).toEqual(before);

    const given = await ask(otherBuyer, { dealer: 'sh-01', model: 'captur', sharePhone: true, phone: '139 1234 5678' });
    expect(given.statusCode, given.body).toBe(201);
    const stored = await ctx.connection.db.selectFrom('lead').select('phone').where('id', '=', given.json().id).executeTakeFirstOrThrow();
    expect(stored.phone).toBe('+8613912345678');

    const seen = (await queue(staff)).json().leads as Array<{ id: string; buyer: { name: string; phone: string | null } }>;
    expect(seen.find((l) => l.id === silent.json().id)).toBeUndefined();
    expect(seen.find((l) => l.id === given.json().id)?.buyer.phone).toBe('+8613912345678');
    const staffSh02 = (await queue(await signIn(ctx.app, DEMO.renaultAdmin), 'sh-02')).json().leads as Array<{ id: string; buyer: { name: string; phone: string | null } }>;
    expect(staffSh02.find((l) => l.id === silent.json().id)?.buyer).toEqual({ name: '李明', phone: null });
  });

  it('carries a saved configuration and a stock car, named in the staff’s language', async () => {
    const code = await saveConfiguration('renault', { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['pk-bose'] });
    const configured = await ask(buyer, { dealer: 'sh-03', configuration: code, sharePhone: true });
    expect(configured.statusCode, configured.body).toBe(201);
    const unit = await unitOf('renault', 'sh-03');
    const stocked = await ask(buyer, { dealer: 'sh-03', vin: unit.vin.toLowerCase(), sharePhone: true });
    expect(stocked.statusCode, stocked.body).toBe(201);

    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const view = (await ctx.app.inject({ url: `/api/v1/dealer/stores/renault/dealers/sh-03/leads/${configured.json().id}?locale=en`, headers: admin.headers })).json();
    expect(view.vehicle.model).toEqual({ slug: 'koleos', name: 'Koleos' });
    expect(view.vehicle.trim.code).toBe('koleos-20-2wd-comfort');
    expect(view.vehicle.configurationCode).toBe(code);
    expect(view.vehicle.options.map((o: { code: string }) => o.code)).toContain('pk-bose');
    const zh = (await ctx.app.inject({ url: `/api/v1/dealer/stores/renault/dealers/sh-03/leads/${configured.json().id}?locale=zh-CN`, headers: admin.headers })).json();
    expect(zh.vehicle.model.name).toBe('科雷傲');

    const car = (await ctx.app.inject({ url: `/api/v1/dealer/stores/renault/dealers/sh-03/leads/${stocked.json().id}?locale=en`, headers: admin.headers })).json();
    expect(car.vehicle.vin).toBe(unit.vin);
    expect(car.source).toBe('stock_unit');
    expect(car.vehicle.trim).not.toBeNull();
    expect(car.vehicle.options.length).toBeGreaterThan(0);
  });

  it('bounds how many requests a buyer may keep open', async () => {
    const flooder = await emailBuyer('flood@example.com');
    const dealers = ['sh-01', 'sh-02', 'sh-03', 'bj-01', 'bj-02', 'bj-03'];
    const answers = [];
    for (const dealer of dealers) answers.push(await ask(flooder, { dealer, model: 'koleos', sharePhone: false }));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201, 422]);
    expect(answers[5]!.json().code).toBe('LEAD_TOO_MANY_OPEN');
    const open = await ctx.connection.db
      .selectFrom('lead')
      .innerJoin('user_account', 'user_account.id', 'lead.buyer_id')
      .select('lead.id')
      .where('user_account.email', '=', 'flood@example.com')
      .execute();
    expect(open).toHaveLength(5);
  });
});

describe('the dealer’s lead queue', () => {
  let id: string;
  beforeAll(async () => {
    const res = await ask(buyer, { dealer: 'sh-01', model: 'espace', sharePhone: true });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
  });

  it('lists the dealer’s leads with counts, filtered and paged', async () => {
    const all = (await queue(staff)).json();
    expect(all.leads.map((l: { id: string }) => l.id)).toContain(id);
    expect(all.counts.new).toBe(all.leads.filter((l: { status: string }) => l.status === 'new').length);
    const fresh = (await queue(staff, 'sh-01', '&status=new&limit=1')).json();
    expect(fresh.leads).toHaveLength(1);
    expect(fresh.nextCursor).not.toBeNull();
    const next = (await queue(staff, 'sh-01', `&status=new&limit=1&cursor=${fresh.nextCursor}`)).json();
    expect(next.leads).toHaveLength(1);
    expect(next.leads[0].id).not.toBe(fresh.leads[0].id);
    const badCursor = await queue(staff, 'sh-01', '&cursor=bm9wZQ');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().code).toBe('LEAD_INVALID_CURSOR');
    const huge = await queue(staff, 'sh-01', '&limit=100000');
    expect(huge.statusCode).toBe(400);
  });

  it('moves a lead through the funnel, refuses illegal moves and stamps first contact once', async () => {
    ctx.clock.advance(17 * 60_000);
    const contacted = await move(staff, id, 'contacted');
    expect(contacted.statusCode, contacted.body).toBe(200);
    expect(contacted.json()).toMatchObject({
      status: 'contacted',
      minutesToFirstContact: 17,
      firstContactedAt: new Date(TEST_NOW.getTime() + 17 * 60_000).toISOString(),
      next: ['test_drive_booked', 'won', 'lost'],
    });
    for (const illegal of ['new', 'contacted']) {
      const res = await move(staff, id, illegal);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'LEAD_TRANSITION_NOT_ALLOWED', from: 'contacted', to: illegal });
    }
    ctx.clock.advance(60 * 60_000);
    expect((await move(staff, id, 'test_drive_booked')).statusCode).toBe(200);
    const won = await move(staff, id, 'won');
    expect(won.json()).toMatchObject({ status: 'won', minutesToFirstContact: 17, next: [] });
    for (const illegal of ['lost', 'new', 'contacted', 'test_drive_booked']) {
      const res = await move(staff, id, illegal);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('LEAD_TRANSITION_NOT_ALLOWED');
    }
    const note = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/dealer/stores/renault/dealers/sh-01/leads/${id}/notes`,
      headers: staff.headers,
      payload: { note: 'Delivery in March' },
    });
    expect(note.statusCode, note.body).toBe(200);
    const history = note.json().history.map((e: { kind: string; status: string | null; note: string | null; actor: { name: string | null } }) => [
      e.kind,
      e.status,
      e.note,
      e.actor.name,
    ]);
    expect(history).toEqual([
      ['opened', 'new', null, '李明'],
      ['status', 'contacted', null, '王芳'],
      ['status', 'test_drive_booked', null, '王芳'],
      ['status', 'won', null, '王芳'],
      ['note', null, 'Delivery in March', '王芳'],
    ]);
  });

  it('refuses illegal moves out of new', async () => {
    const res = await ask(buyer, { dealer: 'sh-01', model: 'kadjar', sharePhone: false });
    expect(res.statusCode).toBe(201);
    const won = await move(staff, res.json().id, 'won');
    expect(won.statusCode).toBe(409);
    expect(won.json()).toMatchObject({ code: 'LEAD_TRANSITION_NOT_ALLOWED', from: 'new', to: 'won' });
    const lost = await move(staff, res.json().id, 'lost');
    expect(lost.json()).toMatchObject({ status: 'lost', next: [] });
  });

  it('keeps another dealer’s staff and another store’s admin out', async () => {
    for (const res of [await queue(staffBeijing), await lead(staffBeijing, id), await move(staffBeijing, id, 'lost')]) {
      expect(res.statusCode).toBe(404);
    }
    // Beijing's staff asking for the lead under their own dealer: no such lead there.
    const own = await lead(staffBeijing, id, 'bj-01');
    expect(own.statusCode).toBe(404);
    expect(own.json().code).toBe('LEAD_NOT_FOUND');
    const moved = await move(staffBeijing, id, 'lost', 'bj-01');
    expect(moved.statusCode).toBe(404);
    const alpine = await signIn(ctx.app, DEMO.alpineAdmin);
    expect((await queue(alpine)).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/api/v1/me/leads', headers: staff.headers })).statusCode).toBe(403);
    expect((await ask(staff, { dealer: 'sh-01', model: 'koleos', sharePhone: false })).statusCode).toBe(403);
  });

  it('allows exactly the edges of the funnel, from every status', async () => {
    const allowed: Record<string, string[]> = {
      new: ['contacted', 'test_drive_booked', 'lost'],
      contacted: ['test_drive_booked', 'won', 'lost'],
      test_drive_booked: ['won', 'lost'],
      won: [],
      lost: [],
    };
    const ids = await ctx.connection.db.selectFrom('dealer').innerJoin('store', 'store.id', 'dealer.store_id').select(['dealer.id', 'dealer.store_id']).where('dealer.code', '=', 'sh-01').where('store.slug', '=', 'renault').executeTakeFirstOrThrow();
    const buyerId = (await ctx.connection.db.selectFrom('user_account').select('id').where('email', '=', DEMO.buyer).executeTakeFirstOrThrow()).id;
    const outcomes: string[] = [];
    for (const from of Object.keys(allowed)) {
      for (const to of Object.keys(allowed)) {
        const { id: leadId } = await inWriteTransaction(ctx.connection.db, (tx) =>
          openLead(tx, ctx.clock, { storeId: ids.store_id, dealerId: ids.id, buyerId, source: 'model' }),
        );
        await ctx.connection.db.updateTable('lead').set({ status: from }).where('id', '=', leadId).execute();
        const res = await move(staff, leadId, to);
        outcomes.push(`${from} → ${to}: ${res.statusCode}${res.statusCode === 409 ? ` ${res.json().code}` : ''}`);
      }
    }
    const expected = Object.entries(allowed).flatMap(([from, next]) =>
      Object.keys(allowed).map((to) => `${from} → ${to}: ${next.includes(to) ? '200' : '409 LEAD_TRANSITION_NOT_ALLOWED'}`),
    );
    expect(outcomes).toEqual(expected);
  });
});
