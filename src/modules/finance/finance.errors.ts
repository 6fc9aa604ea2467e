import { DomainError } from '../../shared/errors.js';

export const financeErrors = {
  modelNotFound: (model: string) =>
    new DomainError('not_found', 'FINANCE_MODEL_NOT_FOUND', `The store has no model "${model}" on sale.`, { model }),
  monthsOutOfRange: (months: number, min: number, max: number) =>
    new DomainError('unprocessable', 'FINANCE_MONTHS_OUT_OF_RANGE', `A loan runs ${min} to ${max} months.`, { months, min, max }),
  leaseMonthsFixed: (months: number, leaseMonths: number) =>
    new DomainError('unprocessable', 'FINANCE_LEASE_MONTHS_FIXED', `A lease-to-own runs exactly ${leaseMonths} months.`, { months, leaseMonths }),
  nothingToFinance: (price: number, minDownPayment: number) =>
    new DomainError('unprocessable', 'FINANCE_NOTHING_TO_FINANCE', 'At this price the minimum down payment leaves nothing to finance.', {
      price,
      minDownPayment,
    }),
  downPaymentTooLow: (downPayment: number, minDownPayment: number) =>
    new DomainError('unprocessable', 'FINANCE_DOWN_PAYMENT_TOO_LOW', `The down payment is at least ${minDownPayment} fen.`, {
      downPayment,
      minDownPayment,
    }),
  downPaymentTooHigh: (downPayment: number, maxDownPayment: number) =>
    new DomainError('unprocessable', 'FINANCE_DOWN_PAYMENT_TOO_HIGH', `The down payment is at most ${maxDownPayment} fen: it must leave something to finance.`, {
      downPayment,
      maxDownPayment,
    }),
};
