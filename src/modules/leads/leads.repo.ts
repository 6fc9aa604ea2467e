import type { Tx } from '../../db/database.js';

export type LeadStatus = 'new' | 'contacted' | 'test_drive_booked' | 'won' | 'lost';
export type LeadSource = 'model' | 'configuration' | 'stock_unit' | 'test_drive';

export interface LeadInsert {
  id: string;
  storeId: string;
  dealerId: string;
  buyerId: string;
  source: LeadSource;
  modelId: string | null;
  configurationCode: string | null;
  vin: string | null;
  testDriveId: string | null;
  phone: string | null;
  message: string | null;
  status: LeadStatus;
  eventId: string;
  now: string;
}

/** The lead and its first history line, in the caller's transaction. */
export async function insertLead(tx: Tx, lead: LeadInsert): Promise<void> {
  await tx
    .insertInto('lead')
    .values({
      id: lead.id,
      store_id: lead.storeId,
      dealer_id: lead.dealerId,
      buyer_id: lead.buyerId,
      source: lead.source,
      model_id: lead.modelId,
      configuration_code: lead.configurationCode,
      vin: lead.vin,
      test_drive_id: lead.testDriveId,
      phone: lead.phone,
      message: lead.message,
      status: lead.status,
      created_at: lead.now,
      updated_at: lead.now,
      first_contacted_at: null,
    })
    .execute();
  await tx
    .insertInto('lead_event')
    .values({ id: lead.eventId, lead_id: lead.id, actor_id: lead.buyerId, kind: 'opened', status: lead.status, note: null, created_at: lead.now })
    .execute();
}
