import type { Db } from '../../db/database.js';
import { inWriteTransaction } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { notFound } from '../../shared/errors.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import * as repo from './dealers.repo.js';

export const DEALER_SERVICES = ['sales', 'test_drive', 'delivery', 'service'] as const;
export type DealerService = (typeof DEALER_SERVICES)[number];

export interface DealerProfile {
  code: string;
  name: string;
  city: string;
  province: string;
  location: { lat: number; lng: number };
  phone: string;
  services: DealerService[];
  status: string;
}

/** The tenant the caller acts in, as the access policy resolved it. */
export interface DealerScope {
  storeId: string;
  dealerId: string;
}

const dealerNotFound = () => notFound('DEALER_NOT_FOUND', 'No such dealer.');

export async function getDealerProfile(db: Db, scope: DealerScope, locale: Locale): Promise<DealerProfile> {
  const row = await repo.findDealer(db, scope.storeId, scope.dealerId);
  if (!row) throw dealerNotFound();
  const text = (json: string) => localize(JSON.parse(json) as LocalizedText, locale);
  return {
    code: row.code,
    name: text(row.name),
    city: text(row.city),
    province: text(row.province),
    location: { lat: row.lat, lng: row.lng },
    phone: row.phone,
    services: JSON.parse(row.services) as DealerService[],
    status: row.status,
  };
}

export async function updateDealerProfile(
  deps: { db: Db; clock: Clock },
  scope: DealerScope,
  changes: { phone?: string | undefined; services?: DealerService[] | undefined },
  actor: AuditActor,
  locale: Locale,
): Promise<DealerProfile> {
  await inWriteTransaction(deps.db, async (tx) => {
    const updated = await repo.updateDealerContact(tx, scope.storeId, scope.dealerId, {
      ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
      ...(changes.services !== undefined ? { services: JSON.stringify([...new Set(changes.services)]) } : {}),
    });
    if (!updated) throw dealerNotFound();
    await recordAudit(tx, deps.clock, actor, {
      action: 'dealer.profile_updated',
      targetType: 'dealer',
      targetId: scope.dealerId,
      storeId: scope.storeId,
      dealerId: scope.dealerId,
      details: changes,
    });
  });
  return getDealerProfile(deps.db, scope, locale);
}
