import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import * as catalogRepo from '../catalog/catalog.repo.js';
import { listCampaignBuyers } from '../orders/orders.repo.js';
import type { StoreRow } from '../catalog/catalog.service.js';
import type { AdmissionGate } from './campaigns.gate.js';
import { findCampaign, listEditions, type CampaignEditionRow, type CampaignRow } from './campaigns.repo.js';

/** How old a campaign's figures may be: the remaining count is "fresh within a second". */
export const CAMPAIGN_MAX_AGE_MS = 1000;
/** Slugs remembered, found or not: a crowd guessing names cannot grow the map without bound. */
const MAX_ENTRIES = 1000;

export interface CachedCampaign {
  store: StoreRow;
  campaign: CampaignRow;
  /** First to last; a claim names one of them, checked here without a query. */
  editions: CampaignEditionRow[];
  remaining: number;
}

interface Entry {
  value: CachedCampaign | null;
  fetchedAt: number;
}

/**
 * Each process keeps every campaign it is asked about, read from the database at most once a
 * second (the store's row, the campaign's and its editions, by their keys), so that a crowd refreshing the page
 * or claiming before the start or after the sell-out costs no query. Each refresh also resyncs
 * the admission gate with the database, which heals whatever drift the gate has, and tells a gate
 * of this process's own (no Redis) the buyers who won in any process, so that their retry after the
 * sell-out still reaches its stored answer here.
 */
export interface CampaignCache {
  get(storeSlug: string, slug: string): Promise<CachedCampaign | null>;
  /** The brand changed it: the next reader reads it again. */
  forget(storeSlug: string, slug: string): void;
}

export function createCampaignCache(deps: { db: Db; clock: Clock; gate: AdmissionGate }): CampaignCache {
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<CachedCampaign | null>>();
  const keyOf = (storeSlug: string, slug: string) => `${storeSlug}\0${slug}`;

  async function load(storeSlug: string, slug: string): Promise<CachedCampaign | null> {
    const store = await catalogRepo.findStoreBySlug(deps.db, storeSlug);
    const campaign = store && store.status === 'active' ? await findCampaign(deps.db, store.id, slug) : undefined;
    if (!store || !campaign) return null;
    const editions = await listEditions(deps.db, campaign);
    const remaining = Number(campaign.units_total) - Number(campaign.units_held) - Number(campaign.units_sold);
    const now = deps.clock.now().toISOString();
    if (campaign.ended_at === null && campaign.ends_at > now) await deps.gate.resync(campaign.id, remaining);
    if (!deps.gate.sharedAcrossProcesses && campaign.starts_at <= now) {
      for (const buyerId of await listCampaignBuyers(deps.db, campaign.id)) await deps.gate.recordWinner(campaign.id, buyerId);
    }
    return { store, campaign, editions, remaining };
  }

  return {
    async get(storeSlug, slug) {
      const key = keyOf(storeSlug, slug);
      const now = deps.clock.now().getTime();
      const entry = entries.get(key);
      if (entry && now - entry.fetchedAt < CAMPAIGN_MAX_AGE_MS && now >= entry.fetchedAt) return entry.value;
      // One refresh per key at a time: the crowd waits for it rather than each reading the row.
      let pending = loading.get(key);
      if (!pending) {
        pending = load(storeSlug, slug).finally(() => loading.delete(key));
        loading.set(key, pending);
        const value = await pending;
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(key, { value, fetchedAt: now });
        return value;
      }
      return pending;
    },
    forget(storeSlug, slug) {
      entries.delete(keyOf(storeSlug, slug));
    },
  };
}
