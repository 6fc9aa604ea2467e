/*
 * Repayment schedules in integer fen, computed exactly with BigInt: no float ever touches money.
 * Each line's interest is the balance times the monthly rate (APR / 12), rounded half up to the
 * fen; the regular payment is the annuity rounded half up; the last line absorbs every rounding,
 * so the balance ends at exactly 0 for a loan and exactly at the balloon for a lease.
 */

export interface ScheduleLine {
  month: number;
  payment: number;
  interest: number;
  principal: number;
  /** What is still owed after this line. */
  balance: number;
}

export interface Schedule {
  /** The payment of every line but the last, which may differ by the rounding it absorbs. */
  regularPayment: number;
  lines: ScheduleLine[];
  totals: { payments: number; interest: number; principal: number };
  /** Still owed after the last line: 0 for a loan. */
  balloon: number;
}

export interface AnnuityTerms {
  /** Fen lent. */
  financed: number;
  /** Annual rate in basis points: 499 = 4.99%. */
  aprBasisPoints: number;
  months: number;
  /** Fen left to pay after the last line (a lease's purchase price); 0 by default. */
  balloon?: number;
}

/** The longest schedule: a bound on the work of one quote. */
export const MAX_MONTHS = 60;

/** A monthly rate of aprBasisPoints / MONTHLY_RATE_DENOMINATOR: 10,000 basis points × 12 months. */
const MONTHLY_RATE_DENOMINATOR = 120_000n;

/** numerator / denominator rounded half up, both non-negative, denominator positive. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/** The share of an amount, in basis points, rounded up to the fen: a minimum is never undershot. */
export function shareRoundedUp(amount: number, basisPoints: number): number {
  return Number((BigInt(amount) * BigInt(basisPoints) + 9_999n) / 10_000n);
}

/** The share of an amount, in basis points, rounded half up to the fen. */
export function shareHalfUp(amount: number, basisPoints: number): number {
  return Number(divideHalfUp(BigInt(amount) * BigInt(basisPoints), 10_000n));
}

function checkTerms({ financed, aprBasisPoints, months, balloon = 0 }: AnnuityTerms): void {
  const whole = (value: number) => Number.isSafeInteger(value) && value >= 0;
  if (!whole(financed) || !whole(aprBasisPoints) || !whole(balloon)) throw new RangeError('Amounts and rates are whole non-negative numbers.');
  if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) throw new RangeError(`A schedule has 1 to ${MAX_MONTHS} lines.`);
  if (balloon > financed) throw new RangeError('The balloon cannot exceed the amount financed.');
}

/**
 * The level payment that takes `financed` down to `balloon` in `months` lines:
 * (P·g^n − B·h^n)·a / (h·(g^n − h^n)) with h = 120,000 and g = h + a, i.e. the textbook annuity
 * P·r·(1+r)^n − B·r over (1+r)^n − 1 with r = a / h, rounded half up to the fen.
 */
export function regularPayment(terms: AnnuityTerms): number {
  checkTerms(terms);
  const financed = BigInt(terms.financed);
  const balloon = BigInt(terms.balloon ?? 0);
  const rate = BigInt(terms.aprBasisPoints);
  const months = BigInt(terms.months);
  if (rate === 0n) return Number(divideHalfUp(financed - balloon, months));
  const h = MONTHLY_RATE_DENOMINATOR;
  const growth = (h + rate) ** months;
  const base = h ** months;
  return Number(divideHalfUp((financed * growth - balloon * base) * rate, h * (growth - base)));
}

/** The whole schedule; at most MAX_MONTHS lines, none negative. */
export function annuitySchedule(terms: AnnuityTerms): Schedule {
  const payment = BigInt(regularPayment(terms));
  const rate = BigInt(terms.aprBasisPoints);
  const balloon = BigInt(terms.balloon ?? 0);
  let balance = BigInt(terms.financed);
  const lines: ScheduleLine[] = [];
  const totals = { payments: 0n, interest: 0n, principal: 0n };
  for (let month = 1; month <= terms.months; month += 1) {
    const interest = divideHalfUp(balance * rate, MONTHLY_RATE_DENOMINATOR);
    const left = balance - balloon;
    // Tiny amounts can round the level payment past what is owed; a line never overpays.
    const regular = payment - interest;
    const principal = month === terms.months ? left : regular < 0n ? 0n : regular > left ? left : regular;
    balance -= principal;
    totals.payments += interest + principal;
    totals.interest += interest;
    totals.principal += principal;
    lines.push({ month, payment: Number(interest + principal), interest: Number(interest), principal: Number(principal), balance: Number(balance) });
  }
  return {
    regularPayment: Number(payment),
    lines,
    totals: { payments: Number(totals.payments), interest: Number(totals.interest), principal: Number(totals.principal) },
    balloon: Number(balloon),
  };
}
