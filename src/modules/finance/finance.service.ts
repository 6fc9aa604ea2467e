import type { DbOrTx } from '../../db/database.js';
import { requireStore } from '../catalog/catalog.service.js';
import { financeErrors } from './finance.errors.js';
import { DEMO_POLICY, type FinancePolicy } from './finance.policy.js';
import * as repo from './finance.repo.js';
import { annuitySchedule, regularPayment, shareHalfUp, shareRoundedUp, type ScheduleLine } from './finance.schedule.js';

export type FinancePlan = 'loan' | 'lease';

export interface QuoteRequest {
  plan: FinancePlan;
  model: string;
  /** The vehicle price in fen. */
  price: number;
  downPayment?: number | undefined;
  months?: number | undefined;
}

export type AfterLease =
  | { choice: 'buy'; amount: number; months: null; monthlyPayment: null }
  | { choice: 'keep_renting'; amount: 0; months: number; monthlyPayment: number }
  | { choice: 'swap'; amount: 0; months: null; monthlyPayment: null };

export interface FinanceQuote {
  plan: FinancePlan;
  currency: string;
  model: { slug: string; nev: boolean };
  price: number;
  downPayment: number;
  minDownPayment: number;
  maxDownPayment: number;
  financed: number;
  aprBasisPoints: number;
  months: number;
  monthlyPayment: number;
  schedule: ScheduleLine[];
  totals: { payments: number; interest: number; principal: number };
  balloon: number | null;
  afterLease: AfterLease[] | null;
  policy: {
    loanMonths: { min: number; max: number };
    minDownBasisPoints: number;
    leaseDownBasisPoints: number;
    leaseMonths: number;
  };
}

/** A loan's term when the buyer names none, within the store's bounds. */
const DEFAULT_LOAN_MONTHS = 36;

export async function getPolicy(db: DbOrTx, storeId: string): Promise<FinancePolicy> {
  const row = await repo.findPolicy(db, storeId);
  if (!row) return DEMO_POLICY;
  return {
    loan: {
      aprBasisPoints: row.loan_apr_bp,
      minDownBasisPoints: row.loan_min_down_bp,
      nevMinDownBasisPoints: row.loan_nev_min_down_bp,
      minMonths: row.loan_min_months,
      maxMonths: row.loan_max_months,
    },
    lease: {
      aprBasisPoints: row.lease_apr_bp,
      downBasisPoints: row.lease_down_bp,
      balloonBasisPoints: row.lease_balloon_bp,
      months: row.lease_months,
      keepRentingMonths: row.keep_renting_months,
    },
  };
}

/**
 * A loan or lease-to-own quote for a price of one of the store's models. A quote is arithmetic on
 * the price the buyer sees, not a credit decision: it reads the policy and the model, nothing else.
 */
export async function quoteFinance(db: DbOrTx, storeSlug: string, request: QuoteRequest): Promise<FinanceQuote> {
  const store = await requireStore(db, storeSlug);
  const model = await repo.findModel(db, store.id, request.model);
  if (!model) throw financeErrors.modelNotFound(request.model);
  const nev = Number(model.is_nev) === 1;
  const policy = await getPolicy(db, store.id);
  const { price } = request;

  const lease = request.plan === 'lease';
  const minDownBasisPoints = nev ? policy.loan.nevMinDownBasisPoints : policy.loan.minDownBasisPoints;
  let months: number;
  if (lease) {
    months = request.months ?? policy.lease.months;
    if (months !== policy.lease.months) throw financeErrors.leaseMonthsFixed(months, policy.lease.months);
  } else {
    months = request.months ?? Math.min(Math.max(DEFAULT_LOAN_MONTHS, policy.loan.minMonths), policy.loan.maxMonths);
    if (months < policy.loan.minMonths || months > policy.loan.maxMonths) {
      throw financeErrors.monthsOutOfRange(months, policy.loan.minMonths, policy.loan.maxMonths);
    }
  }

  const balloon = lease ? shareHalfUp(price, policy.lease.balloonBasisPoints) : 0;
  const minDownPayment = shareRoundedUp(price, lease ? policy.lease.downBasisPoints : minDownBasisPoints);
  // Something beyond the balloon must be financed, or there is nothing to pay monthly.
  const maxDownPayment = price - balloon - 1;
  if (minDownPayment > maxDownPayment) throw financeErrors.nothingToFinance(price, minDownPayment);
  const downPayment = request.downPayment ?? minDownPayment;
  if (downPayment < minDownPayment) throw financeErrors.downPaymentTooLow(downPayment, minDownPayment);
  if (downPayment > maxDownPayment) throw financeErrors.downPaymentTooHigh(downPayment, maxDownPayment);

  const financed = price - downPayment;
  const aprBasisPoints = lease ? policy.lease.aprBasisPoints : policy.loan.aprBasisPoints;
  const schedule = annuitySchedule({ financed, aprBasisPoints, months, balloon });
  return {
    plan: request.plan,
    currency: store.currency,
    model: { slug: model.slug, nev },
    price,
    downPayment,
    minDownPayment,
    maxDownPayment,
    financed,
    aprBasisPoints,
    months,
    monthlyPayment: schedule.regularPayment,
    schedule: schedule.lines,
    totals: schedule.totals,
    balloon: lease ? balloon : null,
    afterLease: lease ? afterLeaseChoices(balloon, policy) : null,
    policy: {
      loanMonths: { min: policy.loan.minMonths, max: policy.loan.maxMonths },
      minDownBasisPoints,
      leaseDownBasisPoints: policy.lease.downBasisPoints,
      leaseMonths: policy.lease.months,
    },
  };
}

/** After the last rent: pay the balloon and own the car, pay it off monthly at the lease rate, or hand the car back for another. */
function afterLeaseChoices(balloon: number, policy: FinancePolicy): AfterLease[] {
  const months = policy.lease.keepRentingMonths;
  return [
    { choice: 'buy', amount: balloon, months: null, monthlyPayment: null },
    {
      choice: 'keep_renting',
      amount: 0,
      months,
      monthlyPayment: regularPayment({ financed: balloon, aprBasisPoints: policy.lease.aprBasisPoints, months }),
    },
    { choice: 'swap', amount: 0, months: null, monthlyPayment: null },
  ];
}
