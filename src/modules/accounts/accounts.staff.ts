import { randomInt } from 'node:crypto';
import type { DbOrTx, Tx } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Locale } from '../../shared/locale.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import { maskIdentifier, parseIdentifier } from './identifiers.js';
import { hashPassword } from './passwords.js';
import * as repo from './accounts.repo.js';

/*
 * Dealer staff accounts as their brand manages them: a staff member is a `dealer_staff`
 * account tied to one store and one dealer (user_account.store_id, dealer_id), signing in with
 * a password and an SMS code to their phone. A disabled account signs in no more, and every
 * session and API token it had ends with it (and the session lookup skips inactive accounts).
 */

export type StaffStatus = 'active' | 'disabled';

export interface StaffView {
  id: string;
  displayName: string;
  email: string | null;
  /** Where the second factor goes, masked. */
  phone: string | null;
  locale: string;
  status: StaffStatus;
  createdAt: string;
}

export interface NewStaff {
  email: string;
  phone: string;
  displayName: string;
  locale: Locale;
}

export interface StaffScope {
  storeId: string;
  dealerId: string;
}

export const STAFF_LIST_LIMIT = 200;

export const staffErrors = {
  notFound: () => notFound('DEALER_STAFF_NOT_FOUND', 'No such staff account at this dealer.'),
  exists: (fields: Array<'email' | 'phone'>) =>
    new DomainError('conflict', 'DEALER_STAFF_EXISTS', 'An account already uses this email or phone number.', {
      errors: fields.map((field) => ({ path: `body.${field}`, message: 'is already used by another account' })),
    }),
  invalidPhone: () =>
    new DomainError('invalid', 'DEALER_STAFF_INVALID_PHONE', 'The phone for the second factor must be a mainland China mobile number.', {
      errors: [{ path: 'body.phone', message: 'must be a mainland China mobile number (11 digits starting with 1)' }],
    }),
  invalidEmail: () =>
    new DomainError('invalid', 'DEALER_STAFF_INVALID_EMAIL', 'Enter a valid email address.', {
      errors: [{ path: 'body.email', message: 'must be an email address' }],
    }),
};

type StaffRow = NonNullable<Awaited<ReturnType<typeof repo.findDealerStaff>>>;

function toStaffView(row: StaffRow): StaffView {
  const phone = row.phone ? parseIdentifier(row.phone) : undefined;
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    phone: phone ? maskIdentifier(phone) : null,
    locale: row.locale,
    status: row.status === 'active' ? 'active' : 'disabled',
    createdAt: row.created_at,
  };
}

export async function listStaff(db: DbOrTx, scope: StaffScope): Promise<StaffView[]> {
  return (await repo.listDealerStaff(db, scope.storeId, scope.dealerId, STAFF_LIST_LIMIT)).map(toStaffView);
}

// No 0/O, 1/l/I: the first password is read out or typed from a screen.
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A first password of 15 characters (about 85 bits), in groups of five. */
export function newInitialPassword(): string {
  const groups = Array.from({ length: 3 }, () => Array.from({ length: 5 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(''));
  return groups.join('-');
}

/** The identifiers of a new staff member, normalized as sign-in reads them; bad ones are named by field. */
export function staffIdentifiers(input: { email: string; phone: string }): { email: string; phone: string } {
  const email = parseIdentifier(input.email);
  if (!email || email.kind !== 'email') throw staffErrors.invalidEmail();
  const phone = parseIdentifier(input.phone);
  if (!phone || phone.kind !== 'phone') throw staffErrors.invalidPhone();
  return { email: email.value, phone: phone.value };
}

/**
 * Creates a staff account at a dealer, inside the caller's transaction (which has locked the
 * dealer). Emails and phones are unique across the platform: the check names the taken field,
 * and the unique keys refuse what a concurrent creation slipped in.
 */
/** Refuses identifiers already in use before any slow work; createStaff checks again under its lock. */
export async function checkStaffIdentifiersFree(db: DbOrTx, input: { email: string; phone: string }): Promise<void> {
  const { email, phone } = staffIdentifiers(input);
  const taken = await repo.findUsersByEmailOrPhone(db, email, phone);
  if (taken.length > 0) throw staffErrors.exists(takenFields(taken, email, phone));
}

function takenFields(taken: Array<{ email: string | null; phone: string | null }>, email: string, phone: string): Array<'email' | 'phone'> {
  return (['email', 'phone'] as const).filter((field) => taken.some((row) => row[field] === (field === 'email' ? email : phone)));
}

export async function createStaff(
  tx: Tx,
  clock: Clock,
  scope: StaffScope,
  input: NewStaff & { passwordHash: string },
  actor: AuditActor,
): Promise<StaffView> {
  const { email, phone } = staffIdentifiers(input);
  const taken = await repo.findUsersByEmailOrPhone(tx, email, phone);
  if (taken.length > 0) throw staffErrors.exists(takenFields(taken, email, phone));
  const now = clock.now().toISOString();
  const id = newId(clock.now().getTime());
  const row = {
    id,
    role: 'dealer_staff',
    phone,
    email,
    password_hash: input.passwordHash,
    display_name: input.displayName.trim(),
    locale: input.locale,
    store_id: scope.storeId,
    dealer_id: scope.dealerId,
    status: 'active',
    created_at: now,
    updated_at: now,
  };
  if (!(await repo.insertUser(tx, row))) throw staffErrors.exists(['email', 'phone']);
  await recordAudit(tx, clock, actor, {
    action: 'dealer.staff_added',
    targetType: 'account',
    targetId: id,
    storeId: scope.storeId,
    dealerId: scope.dealerId,
    details: { email: maskIdentifier({ kind: 'email', value: email }), displayName: row.display_name },
  });
  return toStaffView(row);
}

export async function hashInitialPassword(password: string): Promise<string> {
  return hashPassword(password);
}

/** Disables or re-enables a staff account of the dealer; disabling ends its sessions and API tokens. */
export async function setStaffStatus(tx: Tx, clock: Clock, scope: StaffScope, userId: string, status: StaffStatus, actor: AuditActor): Promise<StaffView> {
  const staff = await repo.findDealerStaff(tx, scope.storeId, scope.dealerId, userId);
  if (!staff) throw staffErrors.notFound();
  const now = clock.now().toISOString();
  if (await repo.setUserStatus(tx, userId, status, now)) {
    const ended = status === 'disabled' ? { sessions: await repo.revokeOtherSessions(tx, userId, null, now), apiTokens: await repo.revokeAllApiTokens(tx, userId, now) } : {};
    await recordAudit(tx, clock, actor, {
      action: status === 'disabled' ? 'dealer.staff_disabled' : 'dealer.staff_enabled',
      targetType: 'account',
      targetId: userId,
      storeId: scope.storeId,
      dealerId: scope.dealerId,
      details: { displayName: staff.display_name, ...ended },
    });
  }
  return toStaffView({ ...staff, status, updated_at: now });
}
