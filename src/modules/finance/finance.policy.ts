/*
 * A store's finance policy. The demo policy below applies to any store without a finance_policy
 * row. The minimum down payments follow the 2018 PBoC/CBRC rule on auto loans (20% for
 * conventional cars, 15% for new-energy vehicles); since 2024 lenders set them themselves, so
 * they stay policy. Basis points throughout: 499 = 4.99%.
 */

export interface FinancePolicy {
  loan: {
    /** Annual rate. */
    aprBasisPoints: number;
    minDownBasisPoints: number;
    nevMinDownBasisPoints: number;
    minMonths: number;
    maxMonths: number;
  };
  /** Lease-to-own: a down payment, monthly rents, then buy for the balloon, keep renting, or swap. */
  lease: {
    aprBasisPoints: number;
    downBasisPoints: number;
    balloonBasisPoints: number;
    months: number;
    /** A buyer who keeps renting pays the balloon off over this many months. */
    keepRentingMonths: number;
  };
}

export const DEMO_POLICY: FinancePolicy = {
  loan: {
    // An estimate: a typical captive-finance rate on a 2018 Chinese car loan, not a quoted offer.
    aprBasisPoints: 499,
    minDownBasisPoints: 2000,
    nevMinDownBasisPoints: 1500,
    minMonths: 12,
    maxMonths: 60,
  },
  lease: {
    // Estimates, in the range of China's "10% down, rent a year, then decide" offers.
    aprBasisPoints: 799,
    downBasisPoints: 1000,
    balloonBasisPoints: 6000,
    months: 12,
    keepRentingMonths: 36,
  },
};
