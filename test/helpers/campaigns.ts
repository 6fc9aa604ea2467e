import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/database.js';

export const F1_OPTIONS = ['paint-amethyst-black', 'wh-18', 'pk-roof', 'pk-safety', 'pk-bose', 'acc-dashcam'];
/** The same edition in Cosmos Blue: a second edition of one campaign. */
export const F1_BLUE_OPTIONS = ['paint-cosmos-blue', 'wh-18', 'pk-roof', 'pk-safety', 'pk-bose', 'acc-dashcam'];

/**
 * What the brand posts to open a flash sale of three F1 editions of the Koleos in the Renault
 * store (POST /api/v1/admin/stores/renault/campaigns), with what a test changes.
 */
export function f1SaleBody(slug: string, schedule: { startsAt: string; endsAt: string }, overrides: Record<string, unknown> = {}) {
  return {
    slug,
    name: { 'zh-CN': '科雷傲 F1 纪念版', fr: 'Koleos Édition F1', en: 'Koleos F1 Edition' },
    story: { 'zh-CN': '上海站', fr: 'Le Grand Prix de Shanghai', en: 'The Shanghai Grand Prix' },
    model: 'koleos',
    trim: 'koleos-25-4wd-luxury',
    options: F1_OPTIONS,
    price: 23_880_000,
    listPrice: 24_800_000,
    deposit: 201_800,
    unitsTotal: 3,
    ...schedule,
    ...overrides,
  };
}

/** A flash sale of the F1 edition in the Renault store (in black, or in each paint given), written straight into the database. */
export async function insertCampaign(
  db: Db,
  spec: { slug: string; units: number; startsAt: Date; endsAt: Date; perBuyerLimit?: number; payMinutes?: number; editions?: string[][] },
): Promise<string> {
  const ids = await db
    .selectFrom('store')
    .innerJoin('model', 'model.store_id', 'store.id')
    .innerJoin('trim', 'trim.model_id', 'model.id')
    .select(['store.id as store_id', 'model.id as model_id', 'trim.id as trim_id'])
    .where('store.slug', '=', 'renault')
    .where('model.slug', '=', 'koleos')
    .where('trim.code', '=', 'koleos-25-4wd-luxury')
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  const text = (value: string) => JSON.stringify({ 'zh-CN': value, fr: value, en: value });
  await db
    .insertInto('campaign')
    .values({
      id,
      store_id: ids.store_id,
      slug: spec.slug,
      kind: 'flash_sale',
      name: text(spec.slug),
      description: text('Race'),
      model_id: ids.model_id,
      trim_id: ids.trim_id,
      option_codes: JSON.stringify(F1_OPTIONS),
      list_price: 24_800_000,
      price: 23_880_000,
      deposit: 201_800,
      units_total: spec.units,
      starts_at: spec.startsAt.toISOString(),
      ends_at: spec.endsAt.toISOString(),
      per_buyer_limit: spec.perBuyerLimit ?? 1,
      pay_minutes: spec.payMinutes ?? 30,
      ended_at: null,
      created_at: spec.startsAt.toISOString(),
      updated_at: null,
    })
    .execute();
  const editions = spec.editions ?? [F1_OPTIONS];
  // None: a campaign as written before editions, by its own columns alone.
  if (editions.length === 0) return id;
  await db
    .insertInto('campaign_edition')
    .values(editions.map((options, i) => ({ campaign_id: id, position: i + 1, code: options[0]!, trim_id: ids.trim_id, option_codes: JSON.stringify(options) })))
    .execute();
  return id;
}

/** The campaign's counters and its live orders, by the test's own queries. */
export async function campaignTally(db: Db, campaignId: string) {
  const row = await db.selectFrom('campaign').select(['units_held', 'units_sold', 'units_total']).where('id', '=', campaignId).executeTakeFirstOrThrow();
  const orders = await db
    .selectFrom('customer_order')
    .select(['buyer_id', 'status'])
    .where('campaign_id', '=', campaignId)
    .where('status', 'not in', ['expired', 'cancelled', 'refunded'])
    .execute();
  const perBuyer = new Map<string, number>();
  for (const o of orders) perBuyer.set(o.buyer_id, (perBuyer.get(o.buyer_id) ?? 0) + 1);
  return {
    held: Number(row.units_held),
    sold: Number(row.units_sold),
    liveOrders: orders.length,
    mostByOneBuyer: Math.max(0, ...perBuyer.values()),
  };
}
