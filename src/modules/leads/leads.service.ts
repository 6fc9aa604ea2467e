import type { Tx } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { insertLead, type LeadSource } from './leads.repo.js';

export interface NewLead {
  storeId: string;
  dealerId: string;
  buyerId: string;
  source: LeadSource;
  modelId?: string | null;
  configurationCode?: string | null;
  vin?: string | null;
  testDriveId?: string | null;
  /** Only when the buyer agreed to share it with the dealer. */
  phone?: string | null;
  message?: string | null;
}

/**
 * Opens a lead in the transaction of the change that causes it (a "contact me" request, a
 * test-drive booking). A booking's lead starts as `test_drive_booked`; any other starts `new`.
 * The caller has already checked that the dealer belongs to the store.
 */
export async function openLead(tx: Tx, clock: Clock, lead: NewLead): Promise<{ id: string }> {
  const now = clock.now();
  const id = newId(now.getTime());
  await insertLead(tx, {
    id,
    storeId: lead.storeId,
    dealerId: lead.dealerId,
    buyerId: lead.buyerId,
    source: lead.source,
    modelId: lead.modelId ?? null,
    configurationCode: lead.configurationCode ?? null,
    vin: lead.vin ?? null,
    testDriveId: lead.testDriveId ?? null,
    phone: lead.phone ?? null,
    message: lead.message ?? null,
    status: lead.source === 'test_drive' ? 'test_drive_booked' : 'new',
    eventId: newId(now.getTime()),
    now: now.toISOString(),
  });
  return { id };
}
