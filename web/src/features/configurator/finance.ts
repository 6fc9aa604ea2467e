/*
 * The monthly-payment hint under the live price. A demo assumption, stated as such on screen,
 * not a credit offer: the store API has no finance products yet.
 */

/** 36 monthly instalments. */
export const LOAN_MONTHS = 36;
/** Down payment, in percent of the vehicle price: 20%, and 15% for new-energy vehicles. */
export const DOWN_PAYMENT_PERCENT = 20;
export const NEV_DOWN_PAYMENT_PERCENT = 15;
/** Annual percentage rate, in percent. */
export const LOAN_APR_PERCENT = 4.99;

export interface LoanEstimate {
  /** All amounts in fen. */
  downPayment: number;
  principal: number;
  monthly: number;
  months: number;
  downPaymentPercent: number;
  aprPercent: number;
}

/**
 * The annuity for a vehicle price in fen: the down payment is rounded half up to the fen, then
 * the loan of the rest is repaid in equal monthly instalments, each rounded half up to the fen.
 */
export function estimateLoan(vehiclePrice: number, nev: boolean): LoanEstimate {
  const downPaymentPercent = nev ? NEV_DOWN_PAYMENT_PERCENT : DOWN_PAYMENT_PERCENT;
  // Integer arithmetic: price × percent ÷ 100, half up.
  const downPayment = Math.floor((vehiclePrice * downPaymentPercent * 2 + 100) / 200);
  const principal = vehiclePrice - downPayment;
  const rate = LOAN_APR_PERCENT / 100 / 12;
  const exact = (principal * rate) / (1 - (1 + rate) ** -LOAN_MONTHS);
  return {
    downPayment,
    principal,
    monthly: Math.floor(exact + 0.5),
    months: LOAN_MONTHS,
    downPaymentPercent,
    aprPercent: LOAN_APR_PERCENT,
  };
}
