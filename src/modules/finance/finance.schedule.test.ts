import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annuitySchedule, regularPayment, shareHalfUp, shareRoundedUp, type AnnuityTerms, type Schedule } from './finance.schedule.js';

// The literals below were worked out with exact fractions, apart from this code: the monthly rate
// is APR / 12, each line's interest is rounded half up, the last line settles the rest.

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function expectConsistent(schedule: Schedule, terms: AnnuityTerms): void {
  const balloon = terms.balloon ?? 0;
  const { lines, totals } = schedule;
  expect(lines.map((line) => line.month)).toEqual(Array.from({ length: terms.months }, (_, i) => i + 1));
  for (const line of lines) {
    expect(line.payment).toBe(line.interest + line.principal);
    expect(Math.min(line.payment, line.interest, line.principal, line.balance)).toBeGreaterThanOrEqual(0);
    expect(Number.isSafeInteger(line.payment) && Number.isSafeInteger(line.interest)).toBe(true);
  }
  expect(sum(lines.map((line) => line.principal))).toBe(terms.financed - balloon);
  expect(sum(lines.map((line) => line.payment))).toBe(totals.payments);
  expect(sum(lines.map((line) => line.interest))).toBe(totals.interest);
  expect(totals.payments).toBe(totals.principal + totals.interest);
  expect(totals.principal).toBe(terms.financed - balloon);
  expect(lines.at(-1)!.balance).toBe(balloon);
  expect(schedule.balloon).toBe(balloon);
  // Each balance is the one before less this line's principal.
  let owed = terms.financed;
  for (const line of lines) {
    owed -= line.principal;
    expect(line.balance).toBe(owed);
  }
}

/**
 * Whether paying `twiceTheMonthly / 2` every month, with interest left unrounded, leaves less than
 * the balloon owed after the last month: the exact balance, by repeated multiplication.
 */
function overpays(terms: AnnuityTerms, twiceTheMonthly: bigint): boolean {
  const h = 120_000n;
  const g = h + BigInt(terms.aprBasisPoints);
  // Twice the balance after k months, over h^k.
  let numerator = 2n * BigInt(terms.financed);
  let scale = 1n;
  for (let month = 0; month < terms.months; month += 1) {
    scale *= h;
    numerator = numerator * g - twiceTheMonthly * scale;
  }
  return numerator < 2n * BigInt(terms.balloon ?? 0) * scale;
}

describe('loan schedules', () => {
  it('repays ¥100,000 at 4.99% over 12 months with ¥8,560.29 a month and ¥2,723.48 of interest', () => {
    const terms = { financed: 10_000_000, aprBasisPoints: 499, months: 12 };
    const schedule = annuitySchedule(terms);
    expect(schedule.regularPayment).toBe(856_029);
    expect(schedule.totals).toEqual({ payments: 10_272_348, interest: 272_348, principal: 10_000_000 });
    expect(schedule.lines[0]).toEqual({ month: 1, payment: 856_029, interest: 41_583, principal: 814_446, balance: 9_185_554 });
    expect(schedule.lines[11]).toEqual({ month: 12, payment: 856_029, interest: 3_545, principal: 852_484, balance: 0 });
    expectConsistent(schedule, terms);
  });

  it('repays ¥100,000 at 4.99% over 60 months with ¥1,886.67 a month, the last line settling at ¥1,886.34', () => {
    const terms = { financed: 10_000_000, aprBasisPoints: 499, months: 60 };
    const schedule = annuitySchedule(terms);
    expect(schedule.regularPayment).toBe(188_667);
    expect(schedule.totals).toEqual({ payments: 11_319_987, interest: 1_319_987, principal: 10_000_000 });
    expect(schedule.lines.slice(0, 59).every((line) => line.payment === 188_667)).toBe(true);
    expect(schedule.lines[59]).toEqual({ month: 60, payment: 188_634, interest: 781, principal: 187_853, balance: 0 });
    expectConsistent(schedule, terms);
  });

  it('splits an interest-free loan into equal parts, the last taking the remainder', () => {
    const schedule = annuitySchedule({ financed: 1_000_001, aprBasisPoints: 0, months: 12 });
    expect(schedule.regularPayment).toBe(83_333);
    expect(schedule.lines.at(-1)).toEqual({ month: 12, payment: 83_338, interest: 0, principal: 83_338, balance: 0 });
    expect(schedule.totals.interest).toBe(0);
  });

  it('never overpays a tiny loan whose rounded payment would outrun the balance', () => {
    const terms = { financed: 80, aprBasisPoints: 499, months: 60 };
    const schedule = annuitySchedule(terms);
    expect(schedule.regularPayment).toBe(2);
    expectConsistent(schedule, terms);
  });

  it('refuses terms no schedule can have', () => {
    expect(() => annuitySchedule({ financed: 100, aprBasisPoints: 499, months: 61 })).toThrow(RangeError);
    expect(() => annuitySchedule({ financed: 100, aprBasisPoints: 499, months: 0 })).toThrow(RangeError);
    expect(() => annuitySchedule({ financed: 100.5, aprBasisPoints: 499, months: 12 })).toThrow(RangeError);
    expect(() => annuitySchedule({ financed: 100, aprBasisPoints: 499, months: 12, balloon: 101 })).toThrow(RangeError);
  });
});

describe('lease-to-own schedules', () => {
  it('leases a ¥179,800 Koleos for ¥17,980 down, 12 rents of ¥5,410.21 and a ¥107,880 balloon', () => {
    const price = 17_980_000;
    const down = shareRoundedUp(price, 1000);
    const balloon = shareHalfUp(price, 6000);
    expect(down).toBe(1_798_000);
    expect(balloon).toBe(10_788_000);
    const terms = { financed: price - down, aprBasisPoints: 799, months: 12, balloon };
    const schedule = annuitySchedule(terms);
    expect(schedule.regularPayment).toBe(541_021);
    expect(schedule.lines[0]).toEqual({ month: 1, payment: 541_021, interest: 107_745, principal: 433_276, balance: 15_748_724 });
    expect(schedule.lines[11]).toEqual({ month: 12, payment: 541_017, interest: 74_933, principal: 466_084, balance: 10_788_000 });
    expect(schedule.totals).toEqual({ payments: 6_492_248, interest: 1_098_248, principal: 5_394_000 });
    expectConsistent(schedule, terms);
  });

  it('spreads a ¥107,880 balloon over 36 months at 7.99% as ¥3,380.07 a month', () => {
    expect(regularPayment({ financed: 10_788_000, aprBasisPoints: 799, months: 36 })).toBe(338_007);
  });
});

describe('shares of a price', () => {
  it('rounds a minimum up and a balloon half up', () => {
    expect(shareRoundedUp(1, 2000)).toBe(1);
    expect(shareRoundedUp(17_980_001, 2000)).toBe(3_596_001);
    expect(shareRoundedUp(6_180_000, 1500)).toBe(927_000);
    expect(shareHalfUp(17_980_001, 6000)).toBe(10_788_001);
    expect(shareHalfUp(5, 1000)).toBe(1);
    expect(shareHalfUp(4, 1000)).toBe(0);
  });
});

describe('every schedule', () => {
  const terms = fc
    .record({
      price: fc.integer({ min: 1, max: 10_000_000_000 }),
      apr: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3000 }), fc.constant(10_000)),
      months: fc.integer({ min: 1, max: 60 }),
      balloonShare: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 })),
    })
    .map(({ price, apr, months, balloonShare }) => ({
      financed: price,
      aprBasisPoints: apr,
      months,
      balloon: Math.floor((price * balloonShare) / 10_000),
    }));

  it('sums exactly, ends at its balloon, and has no negative line', () => {
    fc.assert(
      fc.property(terms, (given) => {
        expectConsistent(annuitySchedule(given), given);
      }),
      { numRuns: 400 },
    );
  });

  it('pays the exact annuity rounded half up: half a fen more overpays, half a fen less does not', () => {
    fc.assert(
      fc.property(terms, (given) => {
        const twice = 2n * BigInt(regularPayment(given));
        expect(overpays(given, twice + 1n)).toBe(true);
        if (twice > 0n) expect(overpays(given, twice - 1n)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
