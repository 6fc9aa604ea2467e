import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../db/database.js';
import { inWriteTransaction, lockRows } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import { requireStore } from '../catalog/catalog.service.js';
import type { FinancePolicy } from '../finance/finance.policy.js';
import { getPolicy as getFinancePolicy } from '../finance/finance.service.js';
import { DEFAULT_DEPOSIT, DEPOSIT_CAP_BASIS_POINTS } from '../orders/orders.policy.js';
import { getOrderPolicy } from '../orders/orders.service.js';
import { getPolicy as getTestDrivePolicy } from '../test-drives/test-drives.service.js';
import { storePolicyErrors, type FieldLimit, type FieldProblem } from './store-policy.errors.js';
import * as repo from './store-policy.repo.js';

/*
 * The store policy the brand console edits: deposits per model, checkout rules, finance rates,
 * plate fees by city and test-drive caps. Each section is read and written whole, under a
 * version: the hash of what it holds. A write locks the store row, reads the section again,
 * refuses a version other than the one the console read (two admins never silently overwrite
 * each other), checks the rules, writes and records the change in the audit log, all in one
 * transaction. The modules that apply the policy read these same rows on their next request.
 */

interface Deps {
  db: Db;
  clock: Clock;
}

export type Section = 'deposits' | 'order_policy' | 'finance_policy' | 'plate_fees' | 'test_drive_policy';

interface Money {
  amount: number;
  currency: string;
}

/** The version of a section: a hash of its content, so it changes exactly when the content does. */
function versionOf(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}

/** Lock the store, read the section, refuse a stale version, then let the caller check and write. */
async function underStoreLock<T extends { version: string }>(
  deps: Deps,
  storeSlug: string,
  section: Section,
  givenVersion: string,
  read: (tx: Tx, storeId: string) => Promise<T>,
  write: (tx: Tx, storeId: string, before: T) => Promise<Record<string, unknown>>,
  actor: AuditActor,
): Promise<T> {
  const store = await requireStore(deps.db, storeSlug);
  return inWriteTransaction(deps.db, async (tx) => {
    await lockRows(tx, [['store', store.id]]);
    const before = await read(tx, store.id);
    if (before.version !== givenVersion) throw storePolicyErrors.stale(section, before.version);
    const details = await write(tx, store.id, before);
    const after = await read(tx, store.id);
    if (after.version !== before.version) {
      await recordAudit(tx, deps.clock, actor, { action: `store_policy.${section}.updated`, targetType: 'store', targetId: storeSlug, storeId: store.id, details });
    }
    return after;
  });
}

function refuseIfAny(section: Section, problems: FieldProblem[], limits: FieldLimit[] = []): void {
  if (problems.length > 0) throw storePolicyErrors.invalid(section, problems, limits);
}

// ---- Deposits per model ----

export interface DepositsView {
  version: string;
  capBasisPoints: number;
  default: Money;
  models: Array<{ model: string; name: string; amount: Money; custom: boolean; fromPrice: Money | null; maxAmount: Money | null }>;
}

/** The highest deposit a car at this price may carry: 20% of it, rounded down to the fen. */
export function depositCeiling(price: number): number {
  return Math.floor((price * DEPOSIT_CAP_BASIS_POINTS) / 10_000);
}

async function readDeposits(db: Db | Tx, storeId: string, locale: Locale): Promise<DepositsView> {
  const store = await repo.findStore(db, storeId);
  const rows = await repo.listModelDeposits(db, storeId);
  const money = (amount: number): Money => ({ amount, currency: store.currency });
  const content = rows.map((row) => [row.slug, row.deposit === null ? null : Number(row.deposit), row.from_price === null ? null : Number(row.from_price)]);
  return {
    version: versionOf(content),
    capBasisPoints: DEPOSIT_CAP_BASIS_POINTS,
    default: money(DEFAULT_DEPOSIT),
    models: rows.map((row) => {
      const fromPrice = row.from_price === null ? null : Number(row.from_price);
      return {
        model: row.slug,
        name: localize(JSON.parse(row.name) as LocalizedText, locale),
        amount: money(row.deposit === null ? DEFAULT_DEPOSIT : Number(row.deposit)),
        custom: row.deposit !== null,
        fromPrice: fromPrice === null ? null : money(fromPrice),
        maxAmount: fromPrice === null ? null : money(depositCeiling(fromPrice)),
      };
    }),
  };
}

export async function getDeposits(deps: Deps, storeSlug: string, locale: Locale): Promise<DepositsView> {
  const store = await requireStore(deps.db, storeSlug);
  return readDeposits(deps.db, store.id, locale);
}

export interface DepositsChange {
  version: string;
  deposits: Array<{ model: string; amount: number | null }>;
}

/**
 * Sets the deposits of the listed models (null: back to the default). A deposit above 20% of
 * the model's cheapest trim is refused: every car of the model must be able to carry it whole.
 */
export async function setDeposits(deps: Deps, storeSlug: string, change: DepositsChange, actor: AuditActor, locale: Locale): Promise<DepositsView> {
  return underStoreLock(deps, storeSlug, 'deposits', change.version, (tx, storeId) => readDeposits(tx, storeId, locale), async (tx, storeId) => {
    const rows = await repo.listModelDeposits(tx, storeId);
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    const problems: FieldProblem[] = [];
    const limits: FieldLimit[] = [];
    const seen = new Set<string>();
    change.deposits.forEach((entry, i) => {
      const row = bySlug.get(entry.model);
      if (!row) problems.push({ path: `body.deposits[${i}].model`, message: 'is not a model of this store' });
      else if (seen.has(entry.model)) problems.push({ path: `body.deposits[${i}].model`, message: 'is listed twice' });
      else if (entry.amount !== null) {
        const fromPrice = row.from_price === null ? null : Number(row.from_price);
        if (fromPrice === null) problems.push({ path: `body.deposits[${i}].amount`, message: 'cannot be set before the model has a priced trim' });
        else if (entry.amount > depositCeiling(fromPrice)) {
          problems.push({ path: `body.deposits[${i}].amount`, message: 'is above 20% of the model’s cheapest trim' });
          limits.push({ path: `body.deposits[${i}].amount`, max: depositCeiling(fromPrice) });
        }
      }
      seen.add(entry.model);
    });
    refuseIfAny('deposits', problems, limits);
    const now = deps.clock.now().toISOString();
    const changed: Record<string, { from: number | null; to: number | null }> = {};
    for (const entry of change.deposits) {
      const row = bySlug.get(entry.model)!;
      const from = row.deposit === null ? null : Number(row.deposit);
      if (from === entry.amount) continue;
      if (entry.amount === null) await repo.deleteModelDeposit(tx, storeId, row.id);
      else await repo.upsertModelDeposit(tx, { model_id: row.id, store_id: storeId, amount: entry.amount, updated_at: now });
      changed[entry.model] = { from, to: entry.amount };
    }
    return { deposits: changed };
  }, actor);
}

// ---- Checkout rules ----

export interface OrderPolicyView {
  version: string;
  holdMinutes: number;
  refundWindowDays: number;
  buildWeeks: number;
  pickupMaxAttempts: number;
}
type OrderPolicyValues = Omit<OrderPolicyView, 'version'>;

async function readOrderPolicy(db: Db | Tx, storeId: string): Promise<OrderPolicyView & { inspectionItems: string }> {
  const policy = await getOrderPolicy(db, storeId);
  const values: OrderPolicyValues = {
    holdMinutes: policy.holdMinutes,
    refundWindowDays: policy.refundWindowDays,
    buildWeeks: policy.buildWeeks,
    pickupMaxAttempts: policy.pickupMaxAttempts,
  };
  return { version: versionOf(values), ...values, inspectionItems: JSON.stringify(policy.inspectionItems) };
}

const withoutItems = ({ inspectionItems: _items, ...view }: OrderPolicyView & { inspectionItems: string }): OrderPolicyView => view;

export async function getOrderPolicyOfStore(deps: Deps, storeSlug: string): Promise<OrderPolicyView> {
  const store = await requireStore(deps.db, storeSlug);
  return withoutItems(await readOrderPolicy(deps.db, store.id));
}

/** New rules apply to orders placed from now on: an order keeps the rules it was placed under. */
export async function setOrderPolicy(deps: Deps, storeSlug: string, change: OrderPolicyValues & { version: string }, actor: AuditActor): Promise<OrderPolicyView> {
  const { version, ...values } = change;
  const after = await underStoreLock(deps, storeSlug, 'order_policy', version, readOrderPolicy, async (tx, storeId, before) => {
    await repo.upsertOrderPolicy(tx, {
      store_id: storeId,
      hold_minutes: values.holdMinutes,
      refund_window_days: values.refundWindowDays,
      build_weeks: values.buildWeeks,
      pickup_max_attempts: values.pickupMaxAttempts,
      inspection_items: before.inspectionItems,
      updated_at: deps.clock.now().toISOString(),
    });
    return { before: withoutItems({ ...before, version: '' }), after: values };
  }, actor);
  return withoutItems(after);
}

// ---- Finance rates ----

export type FinancePolicyView = FinancePolicy & { version: string };

async function readFinancePolicy(db: Db | Tx, storeId: string): Promise<FinancePolicyView> {
  const policy = await getFinancePolicy(db, storeId);
  const values: FinancePolicy = { loan: { ...policy.loan }, lease: { ...policy.lease } };
  return { version: versionOf(values), ...values };
}

export async function getFinancePolicyOfStore(deps: Deps, storeSlug: string): Promise<FinancePolicyView> {
  const store = await requireStore(deps.db, storeSlug);
  return readFinancePolicy(deps.db, store.id);
}

/** New rates apply to the next quote; the shares must leave a loan to pay and the term bounds in order. */
export async function setFinancePolicy(deps: Deps, storeSlug: string, change: FinancePolicyView, actor: AuditActor): Promise<FinancePolicyView> {
  const { version, loan, lease } = change;
  const problems: FieldProblem[] = [];
  if (loan.minMonths > loan.maxMonths) problems.push({ path: 'body.loan.maxMonths', message: 'must not be below the shortest loan' });
  if (loan.minDownBasisPoints >= 10_000) problems.push({ path: 'body.loan.minDownBasisPoints', message: 'must leave something to borrow' });
  if (loan.nevMinDownBasisPoints >= 10_000) problems.push({ path: 'body.loan.nevMinDownBasisPoints', message: 'must leave something to borrow' });
  if (lease.downBasisPoints + lease.balloonBasisPoints > 10_000) problems.push({ path: 'body.lease.balloonBasisPoints', message: 'and the down payment must not exceed the price' });
  refuseIfAny('finance_policy', problems);
  return underStoreLock(deps, storeSlug, 'finance_policy', version, readFinancePolicy, async (tx, storeId, before) => {
    await repo.upsertFinancePolicy(tx, {
      store_id: storeId,
      loan_apr_bp: loan.aprBasisPoints,
      loan_min_down_bp: loan.minDownBasisPoints,
      loan_nev_min_down_bp: loan.nevMinDownBasisPoints,
      loan_min_months: loan.minMonths,
      loan_max_months: loan.maxMonths,
      lease_apr_bp: lease.aprBasisPoints,
      lease_down_bp: lease.downBasisPoints,
      lease_balloon_bp: lease.balloonBasisPoints,
      lease_months: lease.months,
      keep_renting_months: lease.keepRentingMonths,
      updated_at: deps.clock.now().toISOString(),
    });
    return { before: { loan: before.loan, lease: before.lease }, after: { loan, lease } };
  }, actor);
}

// ---- Plate fees by city ----

export interface PlateFeesView {
  version: string;
  default: Money;
  cities: Array<{ code: string; name: string; ice: Money; nev: Money; estimate: boolean; served: boolean }>;
  otherServedCities: Array<{ code: string; name: string }>;
}

async function readPlateFees(db: Db | Tx, storeId: string, locale: Locale): Promise<PlateFeesView> {
  const [store, rows, served] = await Promise.all([repo.findStore(db, storeId), repo.listPlateFeeRows(db, storeId), repo.listServedCities(db, storeId)]);
  const money = (amount: number | string): Money => ({ amount: Number(amount), currency: store.currency });
  const servedCodes = new Set(served.map((city) => city.city_code));
  const listed = new Set(rows.map((row) => row.city_code));
  const content = [Number(store.plate_fee), rows.map((row) => [row.city_code, Number(row.ice_fee), Number(row.nev_fee), Number(row.estimate)])];
  return {
    version: versionOf(content),
    default: money(store.plate_fee),
    cities: rows.map((row) => ({
      code: row.city_code,
      name: localize(JSON.parse(row.city) as LocalizedText, locale),
      ice: money(row.ice_fee),
      nev: money(row.nev_fee),
      estimate: Number(row.estimate) === 1,
      served: servedCodes.has(row.city_code),
    })),
    otherServedCities: served
      .filter((city) => !listed.has(city.city_code))
      .map((city) => ({ code: city.city_code, name: localize(JSON.parse(city.city) as LocalizedText, locale) })),
  };
}

export async function getPlateFeesOfStore(deps: Deps, storeSlug: string, locale: Locale): Promise<PlateFeesView> {
  const store = await requireStore(deps.db, storeSlug);
  return readPlateFees(deps.db, store.id, locale);
}

export interface PlateFeesChange {
  version: string;
  default: number;
  cities: Array<{ code: string; ice: number; nev: number; estimate?: boolean | undefined }>;
}

const EMPTY_NOTE: LocalizedText = { 'zh-CN': '', fr: '', en: '' };

/**
 * Replaces the store's plate fees: the flat fee, and the fee of each listed city (a city left
 * out takes the flat fee). A city must already have a fee or have one of the store's dealers:
 * its name comes from there, so a typo cannot create a city.
 */
export async function setPlateFees(deps: Deps, storeSlug: string, change: PlateFeesChange, actor: AuditActor, locale: Locale): Promise<PlateFeesView> {
  return underStoreLock(deps, storeSlug, 'plate_fees', change.version, (tx, storeId) => readPlateFees(tx, storeId, locale), async (tx, storeId, before) => {
    const [rows, served] = await Promise.all([repo.listPlateFeeRows(tx, storeId), repo.listServedCities(tx, storeId)]);
    const existing = new Map(rows.map((row) => [row.city_code, row]));
    const servedName = new Map(served.map((city) => [city.city_code, city.city]));
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    change.cities.forEach((city, i) => {
      if (seen.has(city.code)) problems.push({ path: `body.cities[${i}].code`, message: 'is listed twice' });
      else if (!existing.has(city.code) && !servedName.has(city.code)) problems.push({ path: `body.cities[${i}].code`, message: 'is not a city of this store’s plate fees or dealers' });
      seen.add(city.code);
    });
    refuseIfAny('plate_fees', problems);
    const now = deps.clock.now().toISOString();
    await repo.setStorePlateFee(tx, storeId, change.default);
    await repo.deletePlateFees(tx, storeId, rows.filter((row) => !seen.has(row.city_code)).map((row) => row.city_code));
    for (const city of change.cities) {
      const row = existing.get(city.code);
      await repo.upsertPlateFee(tx, {
        store_id: storeId,
        city_code: city.code,
        city: row?.city ?? servedName.get(city.code)!,
        ice_fee: city.ice,
        nev_fee: city.nev,
        note: row?.note ?? JSON.stringify(EMPTY_NOTE),
        estimate: (city.estimate ?? (row ? Number(row.estimate) === 1 : false)) ? 1 : 0,
        updated_at: now,
      });
    }
    return {
      before: { default: before.default.amount, cities: before.cities.map((c) => ({ code: c.code, ice: c.ice.amount, nev: c.nev.amount, estimate: c.estimate })) },
      after: { default: change.default, cities: change.cities },
    };
  }, actor);
}

// ---- Test-drive caps ----

export interface TestDrivePolicyView {
  version: string;
  maxUpcomingPerModel: number;
  maxUpcoming: number;
  maxInWindow: number;
  windowDays: number;
  leadMinutes: number;
  horizonDays: number;
  slotMinutes: number;
}
type TestDriveValues = Omit<TestDrivePolicyView, 'version' | 'slotMinutes'>;

async function readTestDrivePolicy(db: Db | Tx, storeId: string): Promise<TestDrivePolicyView> {
  const policy = await getTestDrivePolicy(db, storeId);
  const values = {
    maxUpcomingPerModel: policy.maxUpcomingPerModel,
    maxUpcoming: policy.maxUpcoming,
    maxInWindow: policy.maxInWindow,
    windowDays: policy.windowDays,
    leadMinutes: policy.leadMinutes,
    horizonDays: policy.horizonDays,
    slotMinutes: policy.slotMinutes,
  };
  return { version: versionOf(values), ...values };
}

export async function getTestDrivePolicyOfStore(deps: Deps, storeSlug: string): Promise<TestDrivePolicyView> {
  const store = await requireStore(deps.db, storeSlug);
  return readTestDrivePolicy(deps.db, store.id);
}

/** New caps apply to the next booking; bookings already made stay. The caps must nest: per model ≤ upcoming ≤ in the window. */
export async function setTestDrivePolicy(deps: Deps, storeSlug: string, change: TestDriveValues & { version: string }, actor: AuditActor): Promise<TestDrivePolicyView> {
  const { version, ...values } = change;
  const problems: FieldProblem[] = [];
  if (values.maxUpcomingPerModel > values.maxUpcoming) problems.push({ path: 'body.maxUpcomingPerModel', message: 'must not exceed the upcoming test drives in all' });
  if (values.maxUpcoming > values.maxInWindow) problems.push({ path: 'body.maxUpcoming', message: 'must not exceed the test drives in the window' });
  if (values.leadMinutes >= values.horizonDays * 1_440) problems.push({ path: 'body.leadMinutes', message: 'must be shorter than how far ahead a slot may be booked' });
  refuseIfAny('test_drive_policy', problems);
  return underStoreLock(deps, storeSlug, 'test_drive_policy', version, readTestDrivePolicy, async (tx, storeId, before) => {
    await repo.upsertTestDrivePolicy(tx, {
      store_id: storeId,
      max_upcoming_per_model: values.maxUpcomingPerModel,
      max_upcoming: values.maxUpcoming,
      max_in_window: values.maxInWindow,
      window_days: values.windowDays,
      lead_minutes: values.leadMinutes,
      horizon_days: values.horizonDays,
      slot_minutes: before.slotMinutes,
      updated_at: deps.clock.now().toISOString(),
    });
    const { version: _v, slotMinutes: _s, ...was } = before;
    return { before: was, after: values };
  }, actor);
}
