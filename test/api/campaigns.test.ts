import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimCampaignUnit } from '../../src/flows/claim-campaign-unit.js';
import { createReadCache } from '../../src/http/read-cache.js';
import { createCampaignCache } from '../../src/modules/campaigns/campaigns.cache.js';
import { memoryGate } from '../../src/modules/campaigns/campaigns.gate.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { F1_BLUE_OPTIONS, F1_OPTIONS, f1SaleBody, insertCampaign } from '../helpers/campaigns.js';
import { TEST_NOW } from '../helpers/clock.js';
import { addUnit, payThroughSandbox, runJobs, unitStatus } from '../helpers/orders.js';
import { recordingStatements } from '../helpers/statements.js';

/*
 * Flash sales through the API, on each database. The tests' clock stands at 2 March 2026,
 * 02:00 UTC; each campaign opens ten minutes later unless a test says otherwise.
 */

let ctx: TestContext;
let admin: Caller;
let alpineAdmin: Caller;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
  alpineAdmin = await signIn(ctx.app, DEMO.alpineAdmin);
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(() => {
  ctx.clock.set(TEST_NOW);
});

const START = '2026-03-02T02:10:00.000Z';
const END = '2026-03-03T02:00:00.000Z';
let made = 0;

function edition(overrides: Record<string, unknown> = {}) {
  return f1SaleBody(`f1-test-${(made += 1)}`, { startsAt: START, endsAt: END }, overrides);
}

async function createCampaign(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/admin/stores/renault/campaigns?locale=en', headers: admin.headers, payload: edition(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().slug as string;
}

function claim(buyer: Caller, slug: string, store = 'renault', key = randomUUID(), edition?: string) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/stores/${store}/campaigns/${slug}/claims?locale=en`,
    headers: { ...buyer.headers, 'idempotency-key': key },
    payload: { dealer: 'sh-01', ...(edition === undefined ? {} : { edition }) },
  });
}

const claimEdition = (buyer: Caller, slug: string, edition: string | undefined) => claim(buyer, slug, 'renault', randomUUID(), edition);

/** The F1 edition in black and in blue: two editions of one sale. */
const TWO_PAINTS = {
  trim: undefined,
  options: undefined,
  editions: [
    { trim: 'koleos-25-4wd-luxury', options: F1_OPTIONS },
    { trim: 'koleos-25-4wd-luxury', options: F1_BLUE_OPTIONS },
  ],
};

const view = (slug: string, headers: Record<string, string> = {}) => ctx.app.inject({ url: `/api/v1/stores/renault/campaigns/${slug}?locale=en`, headers });

async function counters(slug: string) {
  const row = await ctx.connection.db.selectFrom('campaign').select(['units_held', 'units_sold']).where('slug', '=', slug).executeTakeFirstOrThrow();
  return { held: Number(row.units_held), sold: Number(row.units_sold) };
}

/** Opens the sale: the clock at the start. Later steps move it a second at a time so the per-process figures refresh. */
function openSale(): void {
  ctx.clock.set(new Date(START));
}
function aSecondLater(): void {
  ctx.clock.set(new Date(ctx.clock.now().getTime() + 1000));
}

describe('claims', () => {
  it('answers 425 with the start before it, and 201 with an order pending its deposit from it', async () => {
    const slug = await createCampaign();
    const [buyer] = await makeBuyers(ctx, 1, 'claim-early');
    const early = await claim(buyer!, slug);
    expect(early.statusCode, early.body).toBe(425);
    expect(early.json()).toMatchObject({ code: 'CAMPAIGN_NOT_STARTED', startsAt: START });
    expect(early.headers['retry-after']).toBe('600');

    openSale();
    const won = await claim(buyer!, slug);
    expect(won.statusCode, won.body).toBe(201);
    const order = won.json();
    expect(won.headers.location).toBe(`/api/v1/me/orders/${order.id}`);
    expect(order).toMatchObject({
      status: 'pending_deposit',
      source: 'campaign',
      vin: null,
      dealer: { code: 'sh-01' },
      price: { vehicle: { amount: 23_880_000, currency: 'CNY' }, deposit: { amount: 201_800, currency: 'CNY' } },
      holdExpiresAt: '2026-03-02T02:40:00.000Z',
      payable: { purpose: 'deposit', amount: { amount: 201_800, currency: 'CNY' } },
    });
    expect(order.vehicle).toMatchObject({ model: { slug: 'koleos', name: 'Koleos' }, trim: { code: 'koleos-25-4wd-luxury' } });
    expect(order.vehicle.options.map((o: { code: string }) => o.code).sort()).toEqual([...F1_OPTIONS].sort());
    expect(await counters(slug)).toEqual({ held: 1, sold: 0 });
    const job = await ctx.connection.db.selectFrom('job').select(['run_at']).where('dedupe_key', '=', `order.expire:${order.id}`).executeTakeFirstOrThrow();
    expect(new Date(job.run_at).toISOString()).toBe('2026-03-02T02:40:00.000Z');
  });

  it('estimates the built car’s delivery from the Shanghai day of the claim', async () => {
    const slug = await createCampaign();
    const [buyer] = await makeBuyers(ctx, 1, 'claim-after-midnight');
    // 00:30 on 3 March in Shanghai, while UTC still says 2 March: eight weeks from 3 March.
    ctx.clock.set(new Date('2026-03-02T16:30:00.000Z'));
    const won = await claim(buyer!, slug);
    expect(won.statusCode, won.body).toBe(201);
    expect(won.json().estimatedDelivery).toBe('2026-04-28');
  });

  it('holds a buyer to the limit: one by default, two when the campaign says two', async () => {
    const one = await createCampaign();
    const two = await createCampaign({ perBuyerLimit: 2 });
    const [buyer] = await makeBuyers(ctx, 1, 'claim-limit');
    openSale();
    expect((await claim(buyer!, one)).statusCode).toBe(201);
    const again = await claim(buyer!, one);
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CAMPAIGN_LIMIT_REACHED', limit: 1 });
    expect((await claim(buyer!, two)).statusCode).toBe(201);
    expect((await claim(buyer!, two)).statusCode).toBe(201);
    expect((await claim(buyer!, two)).json()).toMatchObject({ code: 'CAMPAIGN_LIMIT_REACHED', limit: 2 });
    expect(await counters(one)).toEqual({ held: 1, sold: 0 });
    expect(await counters(two)).toEqual({ held: 2, sold: 0 });
  });

  it('is sold out once every unit is held, and says so in the view', async () => {
    const slug = await createCampaign({ unitsTotal: 2 });
    const buyers = await makeBuyers(ctx, 3, 'claim-sold-out');
    openSale();
    expect((await claim(buyers[0]!, slug)).statusCode).toBe(201);
    expect((await claim(buyers[1]!, slug)).statusCode).toBe(201);
    const late = await claim(buyers[2]!, slug);
    expect(late.statusCode, late.body).toBe(409);
    expect(late.json().code).toBe('CAMPAIGN_SOLD_OUT');
    aSecondLater();
    expect((await view(slug)).json()).toMatchObject({ state: 'sold_out', remaining: 0, unitsTotal: 2 });
    expect((await claim(buyers[2]!, slug)).json().code).toBe('CAMPAIGN_SOLD_OUT');
    expect(await counters(slug)).toEqual({ held: 2, sold: 0 });
  });

  it('replays a winner’s 201 to their retry after the sell-out', async () => {
    const slug = await createCampaign({ unitsTotal: 1 });
    const [winner, loser] = await makeBuyers(ctx, 2, 'claim-retry');
    openSale();
    const key = randomUUID();
    const won = await claim(winner!, slug, 'renault', key);
    expect(won.statusCode).toBe(201);
    expect((await claim(loser!, slug)).json().code).toBe('CAMPAIGN_SOLD_OUT');
    aSecondLater();
    const retried = await claim(winner!, slug, 'renault', key);
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.json().id).toBe(won.json().id);
    expect((await claim(winner!, slug)).json().code).toBe('CAMPAIGN_SOLD_OUT');
  });

  it('refuses an unknown campaign, and one of another store', async () => {
    const [buyer] = await makeBuyers(ctx, 1, 'claim-unknown');
    const unknown = await claim(buyer!, 'no-such-sale');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('CAMPAIGN_NOT_FOUND');
    const slug = await createCampaign();
    openSale();
    const elsewhere = await claim(buyer!, slug, 'alpine');
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().code).toBe('CAMPAIGN_NOT_FOUND');
    expect((await ctx.app.inject({ url: `/api/v1/stores/alpine/campaigns/${slug}` })).statusCode).toBe(404);
  });

  it('moves the unit from held to sold when the deposit is paid, and back on sale when the buyer then cancels', async () => {
    const slug = await createCampaign({ unitsTotal: 1 });
    const [buyer, other] = await makeBuyers(ctx, 2, 'claim-paid');
    openSale();
    const order = (await claim(buyer!, slug)).json();
    await payThroughSandbox(ctx, buyer!, order.id);
    expect(await counters(slug)).toEqual({ held: 0, sold: 1 });
    const mine = await ctx.app.inject({ url: `/api/v1/me/orders/${order.id}?locale=en`, headers: buyer!.headers });
    expect(mine.json()).toMatchObject({ status: 'deposit_paid', source: 'campaign' });

    const cancelled = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/me/orders/${order.id}/cancel?locale=en`,
      headers: { ...buyer!.headers, 'idempotency-key': randomUUID() },
      payload: {},
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await counters(slug)).toEqual({ held: 0, sold: 0 });
    aSecondLater();
    expect((await claim(other!, slug)).statusCode).toBe(201);
  });

  it('is built to order: the dealer allocates a VIN of the exact edition, and no other', async () => {
    const slug = await createCampaign({ unitsTotal: 1 });
    const [buyer] = await makeBuyers(ctx, 1, 'claim-allocate');
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    openSale();
    const order = (await claim(buyer!, slug)).json();
    await payThroughSandbox(ctx, buyer!, order.id);
    const edition = { dealer: 'sh-01', model: 'koleos', trim: 'koleos-25-4wd-luxury', colour: 'paint-amethyst-black', price: 24_800_000 };
    const plain = await addUnit(ctx, { ...edition, options: ['paint-amethyst-black', 'wh-18'] });
    const exact = await addUnit(ctx, { ...edition, options: F1_OPTIONS });
    const allocate = (vin: string) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${order.id}/allocate`, headers: staff.headers, payload: { vin } });
    const wrong = await allocate(plain);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'ORDER_VIN_MISMATCH', differences: ['options'] });
    const right = await allocate(exact);
    expect(right.statusCode, right.body).toBe(200);
    expect(await unitStatus(ctx, exact)).toBe('held');
    expect(await counters(slug)).toEqual({ held: 0, sold: 1 });
  });

  it('limits how often one account claims: 10 a minute, then 429 with Retry-After', async () => {
    const slug = await createCampaign({ unitsTotal: 1 });
    const [buyer] = await makeBuyers(ctx, 1, 'claim-rate');
    openSale();
    const answers: number[] = [];
    for (let i = 0; i < 11; i++) answers.push((await claim(buyer!, slug)).statusCode);
    expect(answers).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409, 429]);
    const limited = await claim(buyer!, slug);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('puts a unit back on sale when its buyer cancels before paying', async () => {
    const slug = await createCampaign({ unitsTotal: 1 });
    const [buyer, other] = await makeBuyers(ctx, 2, 'claim-cancel');
    openSale();
    const order = (await claim(buyer!, slug)).json();
    expect((await claim(other!, slug)).json().code).toBe('CAMPAIGN_SOLD_OUT');
    const cancelled = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/me/orders/${order.id}/cancel?locale=en`,
      headers: { ...buyer!.headers, 'idempotency-key': randomUUID() },
      payload: {},
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await counters(slug)).toEqual({ held: 0, sold: 0 });
    // At once, not a second later: the cancellation gave the gate its token back.
    expect((await claim(other!, slug)).statusCode).toBe(201);
  });

  it('returns an unpaid hold to sale when it runs out, and the unit can be claimed again', async () => {
    const slug = await createCampaign({ unitsTotal: 1, payMinutes: 10 });
    const [first, second] = await makeBuyers(ctx, 2, 'claim-expiry');
    openSale();
    const order = (await claim(first!, slug)).json();
    expect(order.holdExpiresAt).toBe('2026-03-02T02:20:00.000Z');
    expect((await claim(second!, slug)).json().code).toBe('CAMPAIGN_SOLD_OUT');

    ctx.clock.set(new Date('2026-03-02T02:20:01.000Z'));
    await runJobs(ctx);
    const expired = await ctx.app.inject({ url: `/api/v1/me/orders/${order.id}?locale=en`, headers: first!.headers });
    expect(expired.json().status).toBe('expired');
    expect(await counters(slug)).toEqual({ held: 0, sold: 0 });
    expect((await view(slug)).json()).toMatchObject({ state: 'live', remaining: 1 });
    expect((await claim(second!, slug)).statusCode).toBe(201);
    // The first buyer's expired claim no longer counts against their limit; no unit is left, though.
    expect((await claim(first!, slug)).json().code).toBe('CAMPAIGN_SOLD_OUT');
  });

  it('stops claims once the brand ends the sale early', async () => {
    const slug = await createCampaign();
    const [buyer] = await makeBuyers(ctx, 1, 'claim-ended');
    openSale();
    const ended = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/renault/campaigns/${slug}/end?locale=en`, headers: admin.headers, payload: {} });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ state: 'ended', endedAt: START });
    const refused = await claim(buyer!, slug);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('CAMPAIGN_ENDED');
    const twice = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/renault/campaigns/${slug}/end`, headers: admin.headers, payload: {} });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('CAMPAIGN_ALREADY_ENDED');
  });

  it('refuses a claim after the end', async () => {
    const slug = await createCampaign({ endsAt: '2026-03-02T03:00:00.000Z' });
    const [buyer] = await makeBuyers(ctx, 1, 'claim-after');
    ctx.clock.set(new Date('2026-03-02T03:00:00.000Z'));
    expect((await claim(buyer!, slug)).json().code).toBe('CAMPAIGN_ENDED');
    expect((await view(slug)).json().state).toBe('ended');
  });
});

describe('the campaign page', () => {
  it('shows the edition, the state and the remaining units, with an ETag that ignores the server time', async () => {
    const slug = await createCampaign({ unitsTotal: 5 });
    const first = await view(slug);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=1');
    expect(first.json()).toMatchObject({
      slug,
      name: 'Koleos F1 Edition',
      story: 'The Shanghai Grand Prix',
      edition: { model: { slug: 'koleos' }, trim: { code: 'koleos-25-4wd-luxury' } },
      price: { amount: 23_880_000, currency: 'CNY' },
      listPrice: { amount: 24_800_000, currency: 'CNY' },
      deposit: { amount: 201_800, currency: 'CNY' },
      unitsTotal: 5,
      remaining: 5,
      perBuyerLimit: 1,
      payMinutes: 30,
      startsAt: START,
      endsAt: END,
      endedAt: null,
      state: 'upcoming',
      serverTime: '2026-03-02T02:00:00.000Z',
    });
    expect(first.json().edition.options).toHaveLength(6);
    expect(typeof first.json().edition.colour).toBe('string');
    const zh = await ctx.app.inject({ url: `/api/v1/stores/renault/campaigns/${slug}?locale=zh-CN` });
    expect(zh.json().name).toBe('科雷傲 F1 纪念版');

    aSecondLater();
    const again = await view(slug, { 'if-none-match': first.headers.etag as string });
    expect(again.statusCode).toBe(304);

    openSale();
    const [buyer] = await makeBuyers(ctx, 1, 'page');
    expect((await claim(buyer!, slug)).statusCode).toBe(201);
    aSecondLater();
    const live = await view(slug, { 'if-none-match': first.headers.etag as string });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ state: 'live', remaining: 4, serverTime: '2026-03-02T02:10:01.000Z' });
  });

  it('lists the sales to come and on now before those over', async () => {
    const over = await createCampaign({ startsAt: '2026-03-01T00:00:00.000Z', endsAt: '2026-03-01T12:00:00.000Z' });
    const soon = await createCampaign();
    const res = await ctx.app.inject({ url: '/api/v1/stores/renault/campaigns?locale=en' });
    expect(res.statusCode).toBe(200);
    const slugs = (res.json().campaigns as Array<{ slug: string; state: string }>).map((c) => c.slug);
    expect(slugs.indexOf(soon)).toBeLessThan(slugs.indexOf(over));
    expect(slugs.indexOf('f1-team-edition')).toBeGreaterThan(slugs.indexOf(soon));
  });
});

describe('the brand console', () => {
  it('changes a campaign before its start and refuses after', async () => {
    const slug = await createCampaign();
    const url = `/api/v1/admin/stores/renault/campaigns/${slug}?locale=en`;
    const patched = await ctx.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { unitsTotal: 7, perBuyerLimit: 2 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ unitsTotal: 7, perBuyerLimit: 2, remaining: 7, unitsHeld: 0, unitsSold: 0 });
    openSale();
    const late = await ctx.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { unitsTotal: 8 } });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('CAMPAIGN_STARTED');
    const audit = await ctx.connection.db.selectFrom('audit_event').select(['action']).where('target_type', '=', 'campaign').where('target_id', '=', slug).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['campaign.created', 'campaign.updated']);
  });

  it('refuses a deposit over 20% of the price, an invalid edition, a bad schedule and a taken slug', async () => {
    const post = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/admin/stores/renault/campaigns', headers: admin.headers, payload });
    const deposit = await post(edition({ deposit: 4_776_001 }));
    expect(deposit.statusCode).toBe(422);
    expect(deposit.json()).toMatchObject({ code: 'CAMPAIGN_DEPOSIT_TOO_HIGH', max: 4_776_000 });
    expect((await post(edition({ deposit: 4_776_000 }))).statusCode).toBe(201);
    const invalid = await post(edition({ options: ['paint-amethyst-black', 'paint-cosmos-blue'] }));
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().code).toBe('CAMPAIGN_EDITION_INVALID');
    expect((await post(edition({ model: 'no-such-model' }))).json().code).toBe('CAMPAIGN_MODEL_UNKNOWN');
    expect((await post(edition({ endsAt: START }))).json().code).toBe('CAMPAIGN_SCHEDULE_INVALID');
    expect((await post(edition({ slug: 'f1-team-edition' }))).json().code).toBe('CAMPAIGN_SLUG_TAKEN');
  });

  it('is the brand’s own: another store’s admin and anonymous callers are refused', async () => {
    const list = await ctx.app.inject({ url: '/api/v1/admin/stores/renault/campaigns', headers: alpineAdmin.headers });
    expect([403, 404]).toContain(list.statusCode);
    const create = await ctx.app.inject({ method: 'POST', url: '/api/v1/admin/stores/renault/campaigns', headers: alpineAdmin.headers, payload: edition() });
    expect([403, 404]).toContain(create.statusCode);
    expect((await ctx.app.inject({ url: '/api/v1/admin/stores/renault/campaigns' })).statusCode).toBe(401);
    const mine = await ctx.app.inject({ url: '/api/v1/admin/stores/renault/campaigns?locale=en', headers: admin.headers });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().campaigns.find((c: { slug: string }) => c.slug === 'f1-team-edition')).toMatchObject({ unitsTotal: 120, unitsHeld: 0, unitsSold: 0 });
  });
});

describe('editions', () => {
  it('shows each edition by its paint in the buyer’s locale, the first also as the edition', async () => {
    const slug = await createCampaign(TWO_PAINTS);
    const en = (await view(slug)).json();
    expect(en.editions.map((e: { code: string; name: string; colour: string }) => [e.code, e.name, e.colour])).toEqual([
      ['paint-amethyst-black', 'Amethyst Black', 'Amethyst Black'],
      ['paint-cosmos-blue', 'Cosmos Blue', 'Cosmos Blue'],
    ]);
    expect(en.editions[1]).toMatchObject({ model: { slug: 'koleos', name: 'Koleos' }, trim: { code: 'koleos-25-4wd-luxury' } });
    expect(en.editions[1].options.map((o: { code: string }) => o.code).sort()).toEqual([...F1_BLUE_OPTIONS].sort());
    expect(en.edition).toMatchObject({ colour: 'Amethyst Black', trim: { code: 'koleos-25-4wd-luxury' } });
    const zh = await ctx.app.inject({ url: `/api/v1/stores/renault/campaigns/${slug}?locale=zh-CN` });
    expect(zh.json().editions.map((e: { name: string }) => e.name)).toEqual(['紫晶黑', '宇宙蓝']);
    const fr = await ctx.app.inject({ url: `/api/v1/stores/renault/campaigns/${slug}?locale=fr` });
    expect(fr.json().editions.map((e: { name: string }) => e.name)).toEqual(['Noir Améthyste', 'Bleu Cosmos']);

    const single = (await view(await createCampaign())).json();
    expect(single.editions.map((e: { code: string }) => e.code)).toEqual(['paint-amethyst-black']);
    const seeded = (await view('f1-team-edition')).json();
    expect(seeded.editions.map((e: { code: string }) => e.code)).toEqual(['paint-amethyst-black']);
  });

  it('sells the edition the claim names, from the one pool of units, and refuses a missing or unknown one', async () => {
    const slug = await createCampaign({ ...TWO_PAINTS, unitsTotal: 2 });
    const buyers = await makeBuyers(ctx, 3, 'editions-claim');
    openSale();
    const missing = await claimEdition(buyers[0]!, slug, undefined);
    expect(missing.statusCode, missing.body).toBe(422);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ code: 'CAMPAIGN_EDITION_REQUIRED', editions: ['paint-amethyst-black', 'paint-cosmos-blue'] });
    const unknown = await claimEdition(buyers[0]!, slug, 'paint-glacier-white');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'CAMPAIGN_EDITION_UNKNOWN', edition: 'paint-glacier-white' });
    expect(await counters(slug)).toEqual({ held: 0, sold: 0 });

    const blue = await claimEdition(buyers[0]!, slug, 'paint-cosmos-blue');
    expect(blue.statusCode, blue.body).toBe(201);
    expect(blue.json().vehicle.colour).toBe('Cosmos Blue');
    expect(blue.json().vehicle.options.map((o: { code: string }) => o.code).sort()).toEqual([...F1_BLUE_OPTIONS].sort());
    expect(blue.json().price).toMatchObject({ vehicle: { amount: 23_880_000 }, deposit: { amount: 201_800 } });
    // The per-buyer limit is the campaign's, whichever the edition.
    const otherPaint = await claimEdition(buyers[0]!, slug, 'paint-amethyst-black');
    expect(otherPaint.statusCode, otherPaint.body).toBe(409);
    expect(otherPaint.json()).toMatchObject({ code: 'CAMPAIGN_LIMIT_REACHED', limit: 1 });
    const black = await claimEdition(buyers[1]!, slug, 'paint-amethyst-black');
    expect(black.statusCode, black.body).toBe(201);
    expect(black.json().vehicle.colour).toBe('Amethyst Black');
    // Two units in all, whichever the paint: the third buyer finds none of either.
    expect((await claimEdition(buyers[2]!, slug, 'paint-cosmos-blue')).json().code).toBe('CAMPAIGN_SOLD_OUT');
    expect(await counters(slug)).toEqual({ held: 2, sold: 0 });
    const stored = await ctx.connection.db.selectFrom('customer_order').select(['snapshot']).where('id', '=', blue.json().id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.snapshot).colour.code).toBe('paint-cosmos-blue');
  });

  it('sells a campaign written without editions as the one configuration of its own columns', async () => {
    await insertCampaign(ctx.connection.db, { slug: 'no-editions', units: 2, startsAt: new Date(START), endsAt: new Date(END), editions: [] });
    const page = await view('no-editions');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().editions.map((e: { code: string; colour: string }) => [e.code, e.colour])).toEqual([['edition-1', 'Amethyst Black']]);
    const [buyer] = await makeBuyers(ctx, 1, 'no-editions');
    openSale();
    const won = await claimEdition(buyer!, 'no-editions', undefined);
    expect(won.statusCode, won.body).toBe(201);
    expect(won.json().vehicle.colour).toBe('Amethyst Black');
    expect(await counters('no-editions')).toEqual({ held: 1, sold: 0 });
  });

  it('lets a claim of a one-edition sale name it or not, and refuses another', async () => {
    const slug = await createCampaign({ unitsTotal: 3 });
    const buyers = await makeBuyers(ctx, 3, 'editions-single');
    openSale();
    expect((await claimEdition(buyers[0]!, slug, undefined)).statusCode).toBe(201);
    expect((await claimEdition(buyers[1]!, slug, 'paint-amethyst-black')).statusCode).toBe(201);
    const other = await claimEdition(buyers[2]!, slug, 'paint-cosmos-blue');
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'CAMPAIGN_EDITION_UNKNOWN', editions: ['paint-amethyst-black'] });
  });

  it('takes the brand’s own codes, and refuses two forms at once, none, a duplicate, an invalid edition and more than six', async () => {
    const post = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/admin/stores/renault/campaigns?locale=en', headers: admin.headers, payload });
    const named = await post(edition({ ...TWO_PAINTS, editions: [{ code: 'noir', trim: 'koleos-25-4wd-luxury', options: F1_OPTIONS }, { code: 'bleu', trim: 'koleos-25-4wd-luxury', options: F1_BLUE_OPTIONS }] }));
    expect(named.statusCode, named.body).toBe(201);
    expect(named.json().editions.map((e: { code: string }) => e.code)).toEqual(['noir', 'bleu']);

    const both = await post(edition({ editions: TWO_PAINTS.editions }));
    expect(both.statusCode).toBe(422);
    expect(both.json().code).toBe('CAMPAIGN_EDITIONS_FORM');
    expect((await post(edition({ trim: undefined, options: undefined }))).json().code).toBe('CAMPAIGN_EDITIONS_FORM');
    expect((await post(edition({ options: undefined }))).json().code).toBe('CAMPAIGN_EDITIONS_FORM');
    const twice = await post(edition({ ...TWO_PAINTS, editions: [TWO_PAINTS.editions[0], TWO_PAINTS.editions[0]] }));
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ code: 'CAMPAIGN_EDITION_DUPLICATE', edition: 'paint-amethyst-black' });
    const sameCarTwoNames = await post(edition({ ...TWO_PAINTS, editions: [{ code: 'a', ...TWO_PAINTS.editions[0] }, { code: 'b', ...TWO_PAINTS.editions[0] }] }));
    expect(sameCarTwoNames.json().code).toBe('CAMPAIGN_EDITION_DUPLICATE');
    const invalid = await post(edition({ ...TWO_PAINTS, editions: [TWO_PAINTS.editions[0], { trim: 'koleos-25-4wd-luxury', options: ['paint-amethyst-black', 'paint-cosmos-blue'] }] }));
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json()).toMatchObject({ code: 'CAMPAIGN_EDITION_INVALID', position: 2 });
    const seven = await post(edition({ ...TWO_PAINTS, editions: Array.from({ length: 7 }, (_, i) => ({ code: `e${i}`, trim: 'koleos-25-4wd-luxury', options: F1_OPTIONS })) }));
    expect(seven.statusCode).toBe(400);
    expect(seven.headers['content-type']).toContain('application/problem+json');
    expect((await post(edition({ ...TWO_PAINTS, editions: [] }))).statusCode).toBe(400);
    const before = await ctx.connection.db.selectFrom('campaign').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect((await post(edition({ ...TWO_PAINTS, editions: [TWO_PAINTS.editions[1], TWO_PAINTS.editions[1]] }))).statusCode).toBe(422);
    const after = await ctx.connection.db.selectFrom('campaign').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('changes the editions before the start, not after, and a lone trim or options only of a one-edition sale', async () => {
    const slug = await createCampaign();
    const url = `/api/v1/admin/stores/renault/campaigns/${slug}?locale=en`;
    const patch = (payload: object) => ctx.app.inject({ method: 'PATCH', url, headers: admin.headers, payload });
    const two = await patch({ editions: TWO_PAINTS.editions });
    expect(two.statusCode, two.body).toBe(200);
    expect(two.json().editions.map((e: { code: string }) => e.code)).toEqual(['paint-amethyst-black', 'paint-cosmos-blue']);
    const lone = await patch({ options: F1_BLUE_OPTIONS });
    expect(lone.statusCode).toBe(422);
    expect(lone.json().code).toBe('CAMPAIGN_EDITIONS_FORM');
    const back = await patch({ editions: [TWO_PAINTS.editions[1]] });
    expect(back.json().editions.map((e: { code: string }) => e.code)).toEqual(['paint-cosmos-blue']);
    const repainted = await patch({ options: F1_OPTIONS });
    expect(repainted.statusCode, repainted.body).toBe(200);
    expect(repainted.json().editions.map((e: { code: string }) => e.code)).toEqual(['paint-amethyst-black']);
    expect((await patch({ unitsTotal: 4 })).json().editions).toHaveLength(1);
    openSale();
    const late = await patch({ editions: TWO_PAINTS.editions });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('CAMPAIGN_STARTED');
    expect((await view(slug)).json().editions.map((e: { code: string }) => e.code)).toEqual(['paint-amethyst-black']);
  });

  it('may be created only by the store’s brand or the platform: not another brand, a dealer, a buyer or nobody', async () => {
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    const buyer = await signIn(ctx.app, DEMO.buyer);
    const platform = await signIn(ctx.app, DEMO.platformAdmin);
    const post = (headers: Record<string, string>) => ctx.app.inject({ method: 'POST', url: '/api/v1/admin/stores/renault/campaigns', headers, payload: edition(TWO_PAINTS) });
    expect([403, 404]).toContain((await post(alpineAdmin.headers)).statusCode);
    expect((await post(staff.headers)).statusCode).toBe(403);
    expect((await post(buyer.headers)).statusCode).toBe(403);
    expect((await post({})).statusCode).toBe(401);
    const editions = await ctx.connection.db.selectFrom('campaign_edition').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect((await post(platform.headers)).statusCode).toBe(201);
    const more = await ctx.connection.db.selectFrom('campaign_edition').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(more.n) - Number(editions.n)).toBe(2);
  });
});

describe('the crowd path', () => {
  it('refuses claims before the start and after the sell-out without a query', async () => {
    const { db, statements } = recordingStatements(ctx.connection.db);
    const clock = fixedClock(TEST_NOW);
    const gate = memoryGate();
    const campaigns = createCampaignCache({ db, clock, gate });
    const deps = { db, clock, cache: createReadCache(), campaigns, gate };
    const slug = await createCampaign({ unitsTotal: 1 });
    const [buyer, other] = await makeBuyers(ctx, 2, 'crowd');

    await campaigns.get('renault', slug);
    const before = statements.length;
    for (let i = 0; i < 5; i++) {
      await expect(claimCampaignUnit(deps, 'renault', slug, buyer!.id, { dealer: 'sh-01' }, randomUUID())).rejects.toMatchObject({ code: 'CAMPAIGN_NOT_STARTED' });
    }
    expect(statements.length).toBe(before);

    clock.set(new Date(START));
    await claimCampaignUnit(deps, 'renault', slug, buyer!.id, { dealer: 'sh-01' }, randomUUID());
    // The gate had one token: the next claims are refused by it, before any query.
    await expect(claimCampaignUnit(deps, 'renault', slug, other!.id, { dealer: 'sh-01' }, randomUUID())).rejects.toMatchObject({ code: 'CAMPAIGN_SOLD_OUT' });
    const soldOut = statements.length;
    for (let i = 0; i < 5; i++) {
      await expect(claimCampaignUnit(deps, 'renault', slug, other!.id, { dealer: 'sh-01' }, randomUUID())).rejects.toMatchObject({ code: 'CAMPAIGN_SOLD_OUT' });
    }
    expect(statements.length).toBe(soldOut);
    await gate.close();
  });

  it('runs a process’s own gate dry once another process sold the units, and opens it again when one comes back', async () => {
    const counted = recordingStatements(ctx.connection.db);
    const statements = counted.statements;
    const clock = fixedClock(TEST_NOW);
    // Two processes without Redis: each its own cache and gate in memory, one database.
    const process = (db: typeof ctx.connection.db) => {
      const gate = memoryGate();
      return { db, clock, cache: createReadCache(), gate, campaigns: createCampaignCache({ db, clock, gate }) };
    };
    const a = process(ctx.connection.db);
    const b = process(counted.db);
    const slug = await createCampaign({ unitsTotal: 2 });
    const buyers = await makeBuyers(ctx, 7, 'two-gates');
    const claimIn = (deps: typeof a, buyer: { id: string }) => claimCampaignUnit(deps, 'renault', slug, buyer.id, { dealer: 'sh-01' }, randomUUID());
    clock.set(new Date(START));
    await a.campaigns.get('renault', slug);
    await b.campaigns.get('renault', slug);

    const won = [await claimIn(a, buyers[0]!), await claimIn(a, buyers[1]!)];
    // B still counts 2 tokens: two claims reach its database and are refused there, and spend them.
    await expect(claimIn(b, buyers[2]!)).rejects.toMatchObject({ code: 'CAMPAIGN_SOLD_OUT' });
    await expect(claimIn(b, buyers[3]!)).rejects.toMatchObject({ code: 'CAMPAIGN_SOLD_OUT' });
    const dry = statements.length;
    await expect(claimIn(b, buyers[4]!)).rejects.toMatchObject({ code: 'CAMPAIGN_SOLD_OUT' });
    await expect(claimIn(b, buyers[5]!)).rejects.toMatchObject({ code: 'CAMPAIGN_SOLD_OUT' });
    expect(statements.length).toBe(dry);
    expect(await counters(slug)).toEqual({ held: 2, sold: 0 });

    // A's winner cancels; a second later B has read the unit back, and sells it.
    const cancelled = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/me/orders/${won[0]!.orderId}/cancel`,
      headers: { ...buyers[0]!.headers, 'idempotency-key': randomUUID() },
      payload: {},
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    clock.set(new Date(Date.parse(START) + 1000));
    expect((await claimIn(b, buyers[6]!)).created).toBe(true);
    expect(await counters(slug)).toEqual({ held: 2, sold: 0 });
    await a.gate.close();
    await b.gate.close();
  });
});
