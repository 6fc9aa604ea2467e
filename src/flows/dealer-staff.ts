import type { Db } from '../db/database.js';
import { inWriteTransaction, lockRows } from '../db/tx.js';
import {
  createStaff,
  hashInitialPassword,
  listStaff,
  newInitialPassword,
  setStaffStatus,
  checkStaffIdentifiersFree,
  type NewStaff,
  type StaffStatus,
  type StaffView,
} from '../modules/accounts/accounts.staff.js';
import type { AuditActor } from '../modules/audit/audit.service.js';
import { requireDealerId } from '../modules/dealers/dealers.admin.js';
import type { Clock } from '../shared/clock.js';

/*
 * A dealer's staff accounts, from the brand console: the dealer (dealers module) names where
 * they work, the accounts module keeps them. Each change locks the dealer, then checks, then
 * writes, so that two admins adding staff to one dealer run one after the other.
 */

interface Deps {
  db: Db;
  clock: Clock;
}

export async function listDealerStaff(db: Db, storeId: string, dealerCode: string): Promise<StaffView[]> {
  const dealerId = await requireDealerId(db, storeId, dealerCode);
  return listStaff(db, { storeId, dealerId });
}

/** A new staff account and its first password, shown once to the admin who hands it over. */
export async function addDealerStaff(
  deps: Deps,
  storeId: string,
  dealerCode: string,
  input: NewStaff,
  actor: AuditActor,
): Promise<{ staff: StaffView; initialPassword: string }> {
  const dealerId = await requireDealerId(deps.db, storeId, dealerCode);
  // Bad or taken identifiers are refused before the slow hash.
  await checkStaffIdentifiersFree(deps.db, input);
  const initialPassword = newInitialPassword();
  const passwordHash = await hashInitialPassword(initialPassword);
  const staff = await inWriteTransaction(deps.db, async (tx) => {
    await lockRows(tx, [['dealer', dealerId]]);
    return createStaff(tx, deps.clock, { storeId, dealerId }, { ...input, passwordHash }, actor);
  });
  return { staff, initialPassword };
}

export async function changeDealerStaffStatus(
  deps: Deps,
  storeId: string,
  dealerCode: string,
  userId: string,
  status: StaffStatus,
  actor: AuditActor,
): Promise<StaffView> {
  const dealerId = await requireDealerId(deps.db, storeId, dealerCode);
  return inWriteTransaction(deps.db, async (tx) => {
    await lockRows(tx, [
      ['dealer', dealerId],
      ['user_account', userId],
    ]);
    return setStaffStatus(tx, deps.clock, { storeId, dealerId }, userId, status, actor);
  });
}
