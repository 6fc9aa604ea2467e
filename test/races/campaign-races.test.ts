import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimCampaignUnit } from '../../src/flows/claim-campaign-unit.js';
import { createReadCache } from '../../src/http/read-cache.js';
import { createCampaignCache } from '../../src/modules/campaigns/campaigns.cache.js';
import type { AdmissionGate } from '../../src/modules/campaigns/campaigns.gate.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { makeBuyers } from '../helpers/buyers.js';
import { campaignTally, F1_BLUE_OPTIONS, F1_OPTIONS, insertCampaign } from '../helpers/campaigns.js';
import { TEST_NOW } from '../helpers/clock.js';
import { releasedTogetherBehind } from '../helpers/races.js';

/*
 * Claims fired together while another connection holds the campaign's row (PostgreSQL) or the
 * one writer lock (SQLite). The admission gate turns most of a crowd away before the database;
 * the second race opens the gate wide, so that only the conditional update stands between the
 * crowd and an oversold car.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const RACE_TIMEOUT_MS = 30_000;
const holdingCampaign = (id: string) => ({ sql: 'select 1 from campaign where id = $1 for no key update', params: [id] });
const holdingBuyer = (id: string) => ({ sql: 'select 1 from user_account where id = $1 for no key update', params: [id] });
const live = { startsAt: new Date(TEST_NOW.getTime() - 60_000), endsAt: new Date(TEST_NOW.getTime() + 3_600_000) };

/** A gate that admits every claim: only the database stands between the crowd and an oversold car. */
const wideOpen: AdmissionGate = {
  sharedAcrossProcesses: true,
  take: async () => true,
  giveBack: async () => {},
  resync: async () => {},
  recordWinner: async () => {},
  isWinner: async () => false,
  close: async () => {},
};

const claim = (headers: Record<string, string>, slug: string) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/stores/renault/campaigns/${slug}/claims`,
    headers: { ...headers, 'idempotency-key': randomUUID() },
    payload: { dealer: 'sh-01' },
  });

describe('flash-sale claims at once', () => {
  it('gives 5 units to exactly 5 of 20 buyers', { timeout: RACE_TIMEOUT_MS }, async () => {
    const id = await insertCampaign(ctx.connection.db, { slug: 'race-five', units: 5, ...live });
    const buyers = await makeBuyers(ctx, 20, 'race-five');
    // The page is read first, as a crowd does: the gate then knows the count.
    await ctx.app.inject({ url: '/api/v1/stores/renault/campaigns/race-five' });
    const answers = await releasedTogetherBehind(ctx, holdingCampaign(id), 20, () => Promise.all(buyers.map((b) => claim(b.headers, 'race-five'))));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(answers.filter((a) => a.statusCode !== 201).map((a) => a.json().code)).toEqual(Array(15).fill('CAMPAIGN_SOLD_OUT'));
    expect(await campaignTally(ctx.connection.db, id)).toEqual({ held: 5, sold: 0, liveOrders: 5, mostByOneBuyer: 1 });
  });

  it('never oversells with the gate wide open: the conditional update alone decides', { timeout: RACE_TIMEOUT_MS }, async () => {
    const id = await insertCampaign(ctx.connection.db, { slug: 'race-open-gate', units: 3, ...live });
    const buyers = await makeBuyers(ctx, 12, 'race-open');
    const db = ctx.connection.db;
    const deps = { db, clock: ctx.clock, cache: createReadCache(), gate: wideOpen, campaigns: createCampaignCache({ db, clock: ctx.clock, gate: wideOpen }) };
    const outcomes = await releasedTogetherBehind(ctx, holdingCampaign(id), 12, () =>
      Promise.allSettled(buyers.map((b) => claimCampaignUnit(deps, 'renault', 'race-open-gate', b.id, { dealer: 'sh-01' }, randomUUID()))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code?: string }).code] : []));
    expect(refusals).toEqual(Array(9).fill('CAMPAIGN_SOLD_OUT'));
    expect(await campaignTally(db, id)).toEqual({ held: 3, sold: 0, liveOrders: 3, mostByOneBuyer: 1 });
  });

  it('never oversells two editions drawing on one pool, with the gate wide open', { timeout: RACE_TIMEOUT_MS }, async () => {
    const id = await insertCampaign(ctx.connection.db, { slug: 'race-two-paints', units: 4, editions: [F1_OPTIONS, F1_BLUE_OPTIONS], ...live });
    const buyers = await makeBuyers(ctx, 16, 'race-paints');
    const db = ctx.connection.db;
    const deps = { db, clock: ctx.clock, cache: createReadCache(), gate: wideOpen, campaigns: createCampaignCache({ db, clock: ctx.clock, gate: wideOpen }) };
    const paints = ['paint-amethyst-black', 'paint-cosmos-blue'];
    const outcomes = await releasedTogetherBehind(ctx, holdingCampaign(id), 16, () =>
      Promise.allSettled(buyers.map((b, i) => claimCampaignUnit(deps, 'renault', 'race-two-paints', b.id, { dealer: 'sh-01', edition: paints[i % 2] }, randomUUID()))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code?: string }).code] : []));
    expect(refusals).toEqual(Array(12).fill('CAMPAIGN_SOLD_OUT'));
    expect(await campaignTally(db, id)).toEqual({ held: 4, sold: 0, liveOrders: 4, mostByOneBuyer: 1 });
    // Each order is of the paint its buyer named.
    const orders = await db.selectFrom('customer_order').select(['buyer_id', 'snapshot']).where('campaign_id', '=', id).execute();
    expect(orders).toHaveLength(4);
    for (const order of orders) {
      const named = paints[buyers.findIndex((b) => b.id === order.buyer_id) % 2];
      expect((JSON.parse(order.snapshot) as { colour: { code: string } }).colour.code).toBe(named);
    }
  });

  it('gives one buyer firing 8 claims at once exactly one unit', { timeout: RACE_TIMEOUT_MS }, async () => {
    const id = await insertCampaign(ctx.connection.db, { slug: 'race-one-buyer', units: 5, ...live });
    const [buyer] = await makeBuyers(ctx, 1, 'race-one-buyer');
    await ctx.app.inject({ url: '/api/v1/stores/renault/campaigns/race-one-buyer' });
    const answers = await releasedTogetherBehind(ctx, holdingBuyer(buyer!.id), 8, () => Promise.all(Array.from({ length: 8 }, () => claim(buyer!.headers, 'race-one-buyer'))));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode !== 201).map((a) => a.json().code)).toEqual(Array(7).fill('CAMPAIGN_LIMIT_REACHED'));
    expect(await campaignTally(ctx.connection.db, id)).toEqual({ held: 1, sold: 0, liveOrders: 1, mostByOneBuyer: 1 });
  });
});
