import type { Db } from '../db/database.js';
import { inWriteTransaction, lockRows } from '../db/tx.js';
import type { ReadCache } from '../http/read-cache.js';
import { parseIdentifier } from '../modules/accounts/identifiers.js';
import { recordDomainEvent, type Channel } from '../modules/analytics/analytics.service.js';
import type { CampaignCache, CachedCampaign } from '../modules/campaigns/campaigns.cache.js';
import { editionOf } from '../modules/campaigns/campaigns.edition.js';
import { campaignErrors } from '../modules/campaigns/campaigns.errors.js';
import type { AdmissionGate, KeyedQueue } from '../modules/campaigns/campaigns.gate.js';
import * as campaigns from '../modules/campaigns/campaigns.repo.js';
import type { CampaignEditionRow } from '../modules/campaigns/campaigns.repo.js';
import { findActiveDealerByCode } from '../modules/dealers/dealers.repo.js';
import { findTrimIds } from '../modules/inventory/stock.repo.js';
import { orderErrors } from '../modules/orders/orders.errors.js';
import { estimatedDeliveryDay } from '../modules/orders/orders.policy.js';
import * as orders from '../modules/orders/orders.repo.js';
import { getOrderPolicy, type OrderPlan, type OrderSnapshot } from '../modules/orders/orders.service.js';
import type { Clock } from '../shared/clock.js';
import type { LocalizedText } from '../shared/locale.js';
import { loadConfigurableModel } from './configurable-model.js';
import { openPendingOrder } from './open-order.js';

export interface ClaimDeps {
  db: Db;
  clock: Clock;
  cache: ReadCache;
  campaigns: CampaignCache;
  gate: AdmissionGate;
  /** One claim at a time per buyer and campaign in this process; absent, none is queued. */
  buyerQueue?: KeyedQueue | undefined;
}

export interface ClaimRequest {
  dealer: string;
  /** The edition's code; may be left out when the campaign has one. */
  edition?: string | undefined;
  plan?: OrderPlan | undefined;
  phone?: string | undefined;
  /** The buyer's device, for the brand's dashboards; unknown when not told. */
  channel?: Channel | undefined;
}

/**
 * The refusals a crowd gets without the database: from the campaign as this process last read
 * it (at most a second ago). Before the start, after the end, and once sold out.
 */
export function refuseFromCache(entry: CachedCampaign | null, slug: string, now: Date): void {
  if (!entry) throw campaignErrors.notFound(slug);
  const { campaign } = entry;
  const at = now.toISOString();
  if (campaign.ended_at !== null || campaign.ends_at <= at) throw campaignErrors.ended();
  if (campaign.starts_at > at) {
    throw campaignErrors.notStarted(campaign.starts_at, Math.max(1, Math.ceil((Date.parse(campaign.starts_at) - now.getTime()) / 1000)));
  }
  if (entry.remaining <= 0) throw campaignErrors.soldOut();
}

/** The edition a claim names, from memory: the one there is when it names none. */
export function chooseEdition(editions: CampaignEditionRow[], code: string | undefined): CampaignEditionRow {
  const codes = editions.map((e) => e.code);
  if (code === undefined) {
    if (editions.length !== 1) throw campaignErrors.editionRequired(codes);
    return editions[0]!;
  }
  const edition = editions.find((e) => e.code === code);
  if (!edition) throw campaignErrors.editionUnknown(code, codes);
  return edition;
}

/**
 * A signed-in buyer claims one unit of a flash sale: an order of the edition they chose at the campaign's
 * price, pending its deposit for the campaign's minutes. The crowd is turned away first by the
 * per-process cache, then by the admission gate's tokens; only a request holding a token opens a
 * transaction, in which the buyer's limit is checked under their account's lock and the unit is
 * taken by one conditional update of the campaign's counters, committed with the order and its
 * expiry job, or not at all. A token whose claim fails for any reason but a sold-out sale is given back.
 */
export async function claimCampaignUnit(
  deps: ClaimDeps,
  storeSlug: string,
  slug: string,
  buyerId: string,
  request: ClaimRequest,
  idempotencyKey: string | undefined,
): Promise<{ orderId: string; created: boolean }> {
  const entry = await deps.campaigns.get(storeSlug, slug);
  refuseFromCache(entry, slug, deps.clock.now());
  const edition = chooseEdition(entry!.editions, request.edition);
  const claim = () => claimWithToken(deps, entry!, edition, buyerId, request, idempotencyKey);
  return deps.buyerQueue ? deps.buyerQueue.run(`${entry!.campaign.id}:${buyerId}`, claim) : claim();
}

async function claimWithToken(
  deps: ClaimDeps,
  { store, campaign }: CachedCampaign,
  chosen: CampaignEditionRow,
  buyerId: string,
  request: ClaimRequest,
  idempotencyKey: string | undefined,
): Promise<{ orderId: string; created: boolean }> {
  const { db, clock } = deps;
  // Taken before any query: a crowd that finds no token costs the database nothing.
  if (!(await deps.gate.take(campaign.id))) throw campaignErrors.soldOut();
  // The token goes back unless a unit was taken with it, or the database said none was left to
  // take: a token given back then would admit the next claim to the same refusal, and a gate out of
  // step with another process (each process's own, without Redis) would never run dry before its resync.
  let keepToken = false;
  try {
    // The retry of a claim whose run committed but whose answer was lost.
    if (idempotencyKey !== undefined) {
      const earlier = await orders.findOrderByRequest(db, buyerId, idempotencyKey);
      if (earlier) return { orderId: earlier.id, created: false };
    }
    const dealer = await findActiveDealerByCode(db, store.id, request.dealer);
    if (!dealer) throw orderErrors.dealerNotFound(request.dealer);
    if (!(JSON.parse(dealer.services) as string[]).includes('sales')) throw orderErrors.dealerNoSales(request.dealer);
    let phone: string | null = null;
    if (request.phone !== undefined && request.phone.trim() !== '') {
      const given = parseIdentifier(request.phone);
      if (given?.kind !== 'phone') throw orderErrors.phoneInvalid();
      phone = given.value;
    }
    const model = await loadConfigurableModel(db, deps.cache, store, campaign.model_slug).catch(() => {
      throw orderErrors.modelNotOrderable();
    });
    // The order's snapshot is the chosen edition's configuration; every edition draws on the campaign's one pool of units.
    const edition = editionOf(model, chosen.trim_code, JSON.parse(chosen.option_codes) as string[]);
    const trimId = (await findTrimIds(db, model.modelId)).find((t) => t.code === chosen.trim_code)?.id;
    if (!edition || !trimId) throw orderErrors.modelNotOrderable();
    const policy = await getOrderPolicy(db, store.id);

    const orderId = await inWriteTransaction(db, async (tx) => {
      // Serializes this buyer's claims, across processes: two at once cannot both pass the limit.
      await lockRows(tx, [['user_account', buyerId]]);
      const now = clock.now();
      const at = now.toISOString();
      const limit = Number(campaign.per_buyer_limit);
      if ((await orders.countLiveCampaignOrders(tx, campaign.id, buyerId, at)) >= limit) throw campaignErrors.limitReached(limit);

      const holdUntil = new Date(now.getTime() + Number(campaign.pay_minutes) * 60_000).toISOString();
      const snapshot: OrderSnapshot = {
        ...edition,
        onTheRoad: null,
        vehiclePrice: Number(campaign.price),
        currency: store.currency,
        deposit: Number(campaign.deposit),
        dealer: { code: dealer.code, name: JSON.parse(dealer.name) as LocalizedText },
        plan: request.plan ?? 'cash',
        refundRules: { windowDays: policy.refundWindowDays, holdMinutes: Number(campaign.pay_minutes) },
      };
      const id = await openPendingOrder(tx, clock, {
        storeId: store.id,
        currency: store.currency,
        buyerId,
        dealerId: dealer.id,
        modelId: model.modelId,
        trimId,
        source: 'campaign',
        campaignId: campaign.id,
        configurationCode: null,
        vin: null,
        plan: request.plan ?? 'cash',
        snapshot,
        phone,
        holdUntil,
        estimatedDelivery: estimatedDeliveryDay(now, policy.buildWeeks),
        idempotencyKey,
      });
      await recordDomainEvent(tx, clock, {
        kind: 'campaign_claimed',
        storeId: store.id,
        subjectId: id,
        modelId: model.modelId,
        trimId,
        dealer,
        channel: request.channel ?? 'unknown',
      });
      // Last, so the crowd's one hot row is locked only until the commit; no unit, no order.
      if (!(await campaigns.takeUnit(tx, campaign.id, at))) {
        keepToken = true;
        const current = await campaigns.findCampaignById(tx, campaign.id);
        if (current && (current.ended_at !== null || current.ends_at <= at)) throw campaignErrors.ended();
        throw campaignErrors.soldOut();
      }
      return id;
    });
    keepToken = true;
    await deps.gate.recordWinner(campaign.id, buyerId).catch(() => undefined);
    return { orderId, created: true };
  } finally {
    if (!keepToken) await deps.gate.giveBack(campaign.id);
  }
}
