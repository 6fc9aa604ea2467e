import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { CampaignEditionTable, CampaignTable, DbOrTx, Tx } from '../../db/database.js';

export type CampaignRow = Selectable<CampaignTable> & { model_slug: string; trim_code: string };
export type CampaignEditionRow = Selectable<CampaignEditionTable> & { trim_code: string };

function withEdition(db: DbOrTx) {
  return db
    .selectFrom('campaign')
    .innerJoin('model', 'model.id', 'campaign.model_id')
    .innerJoin('trim', 'trim.id', 'campaign.trim_id')
    .selectAll('campaign')
    .select(['model.slug as model_slug', 'trim.code as trim_code']);
}

export async function findCampaign(db: DbOrTx, storeId: string, slug: string): Promise<CampaignRow | undefined> {
  return withEdition(db).where('campaign.store_id', '=', storeId).where('campaign.slug', '=', slug).executeTakeFirst();
}

export async function findCampaignById(db: DbOrTx, id: string): Promise<CampaignRow | undefined> {
  return withEdition(db).where('campaign.id', '=', id).executeTakeFirst();
}

export async function listCampaigns(db: DbOrTx, storeId: string): Promise<CampaignRow[]> {
  return withEdition(db).where('campaign.store_id', '=', storeId).orderBy('campaign.starts_at', 'asc').orderBy('campaign.slug').execute();
}

export async function insertCampaign(db: DbOrTx, row: Insertable<CampaignTable>): Promise<void> {
  await db.insertInto('campaign').values(row).execute();
}

/** A campaign's editions, first to last. */
export async function listEditions(db: DbOrTx, campaign: CampaignRow): Promise<CampaignEditionRow[]> {
  return (await listEditionsOf(db, [campaign])).get(campaign.id)!;
}

/**
 * The editions of several campaigns in one query, by campaign. A campaign written without any
 * (straight into the table) sells the one configuration its own columns hold, as before editions.
 */
export async function listEditionsOf(db: DbOrTx, campaigns: CampaignRow[]): Promise<Map<string, CampaignEditionRow[]>> {
  const byCampaign = await findEditionsOf(db, campaigns.map((c) => c.id));
  for (const c of campaigns) {
    if (!byCampaign.has(c.id)) byCampaign.set(c.id, [{ campaign_id: c.id, position: 1, code: 'edition-1', trim_id: c.trim_id, trim_code: c.trim_code, option_codes: c.option_codes }]);
  }
  return byCampaign;
}

async function findEditionsOf(db: DbOrTx, campaignIds: string[]): Promise<Map<string, CampaignEditionRow[]>> {
  const byCampaign = new Map<string, CampaignEditionRow[]>();
  if (campaignIds.length === 0) return byCampaign;
  const rows = await db
    .selectFrom('campaign_edition')
    .innerJoin('trim', 'trim.id', 'campaign_edition.trim_id')
    .selectAll('campaign_edition')
    .select('trim.code as trim_code')
    .where('campaign_edition.campaign_id', 'in', campaignIds)
    .orderBy('campaign_edition.campaign_id')
    .orderBy('campaign_edition.position')
    .execute();
  for (const row of rows) byCampaign.set(row.campaign_id, [...(byCampaign.get(row.campaign_id) ?? []), row]);
  return byCampaign;
}

/** Sets a campaign's editions: only with the campaign written in the same transaction, before its start. */
export async function replaceEditions(tx: Tx, campaignId: string, editions: Array<Omit<Insertable<CampaignEditionTable>, 'campaign_id'>>): Promise<void> {
  await tx.deleteFrom('campaign_edition').where('campaign_id', '=', campaignId).execute();
  await tx
    .insertInto('campaign_edition')
    .values(editions.map((e) => ({ ...e, campaign_id: campaignId })))
    .execute();
}

/** Changes a campaign that has not started yet; false once it has (or it ended). */
export async function updateCampaignBeforeStart(db: DbOrTx, id: string, now: string, changes: Updateable<CampaignTable>): Promise<boolean> {
  const result = await db
    .updateTable('campaign')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .where('starts_at', '>', now)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function endCampaign(db: DbOrTx, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('campaign')
    .set({ ended_at: now, updated_at: now })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .where('ends_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/*
 * The stock counters move only by conditional updates: a unit is taken only while one is left
 * and the sale is open, given back only when one is held or sold. Never read, then written.
 */

export async function takeUnit(tx: Tx, id: string, now: string): Promise<boolean> {
  const result = await tx
    .updateTable('campaign')
    .set({ units_held: sql`units_held + 1` })
    .where('id', '=', id)
    .where(sql<boolean>`units_held + units_sold < units_total`)
    .where('ended_at', 'is', null)
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseHeldUnit(tx: Tx, id: string): Promise<boolean> {
  const result = await tx.updateTable('campaign').set({ units_held: sql`units_held - 1` }).where('id', '=', id).where('units_held', '>', 0).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function sellHeldUnit(tx: Tx, id: string): Promise<boolean> {
  const result = await tx
    .updateTable('campaign')
    .set({ units_held: sql`units_held - 1`, units_sold: sql`units_sold + 1` })
    .where('id', '=', id)
    .where('units_held', '>', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseSoldUnit(tx: Tx, id: string): Promise<boolean> {
  const result = await tx.updateTable('campaign').set({ units_sold: sql`units_sold - 1` }).where('id', '=', id).where('units_sold', '>', 0).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The version of a store's sales, which database triggers bump on any change to its campaigns but a claim's; 0 before any. */
export async function salesVersion(db: DbOrTx, storeId: string): Promise<number> {
  const row = await db.selectFrom('campaign_version').select('version').where('store_id', '=', storeId).executeTakeFirst();
  return row ? Number(row.version) : 0;
}
