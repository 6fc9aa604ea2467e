import { DomainError, notFound } from '../../shared/errors.js';

export const voucherErrors = {
  offerNotFound: (slug: string) => notFound('VOUCHER_OFFER_NOT_FOUND', `This store sells no voucher "${slug}".`, { offer: slug }),
  notFound: () => notFound('VOUCHER_NOT_FOUND', 'No such voucher.'),
  codeNotFound: () => notFound('VOUCHER_CODE_NOT_FOUND', 'No voucher of this store has that code.'),
  saleNotStarted: (startsAt: string, retryAfterSeconds: number) =>
    new DomainError('too_early', 'VOUCHER_SALE_NOT_STARTED', `This voucher goes on sale at ${startsAt}.`, { startsAt, retryAfterSeconds }),
  saleEnded: () => new DomainError('conflict', 'VOUCHER_SALE_ENDED', 'This voucher is no longer on sale.'),
  soldOut: () => new DomainError('conflict', 'VOUCHER_SOLD_OUT', 'Every voucher of this offer is taken.'),
  limitReached: (limit: number) =>
    new DomainError('conflict', 'VOUCHER_LIMIT_REACHED', `You already have ${limit} of this voucher, the most one buyer may.`, { limit }),
  notPayable: () => new DomainError('conflict', 'VOUCHER_NOT_PAYABLE', 'This voucher is not waiting for a payment.'),
  notRedeemable: (status: string) => new DomainError('conflict', 'VOUCHER_NOT_REDEEMABLE', `This voucher is ${status.replace('_', ' ')}: it cannot be redeemed.`, { voucherStatus: status }),
  expired: (expiresAt: string) => new DomainError('conflict', 'VOUCHER_EXPIRED', `This voucher expired at ${expiresAt}.`, { expiresAt }),
  notRefundable: (reason: 'status' | 'window', refundEndsAt: string | null) =>
    new DomainError(
      'conflict',
      'VOUCHER_NOT_REFUNDABLE',
      reason === 'window' ? 'The refund window of this voucher is over.' : 'Only an unused, paid voucher can be refunded.',
      { reason, refundEndsAt },
    ),
  otherBuyersOrder: () => new DomainError('unprocessable', 'VOUCHER_NOT_THE_ORDERS_BUYER', 'A voucher pays only for an order of the buyer who bought it.'),
  orderNotPayable: (status: string) =>
    new DomainError('conflict', 'VOUCHER_ORDER_NOT_PAYABLE', 'A voucher pays for an order whose deposit is paid and whose balance is still due.', { orderStatus: status }),
  slugTaken: (slug: string) => new DomainError('conflict', 'VOUCHER_OFFER_SLUG_TAKEN', `This store already sells a voucher "${slug}".`, { offer: slug }),
  badSchedule: () =>
    new DomainError('unprocessable', 'VOUCHER_SCHEDULE_INVALID', 'A sale ends after it starts, and its vouchers stay valid at least until the sale ends.'),
  valueBelowPrice: () => new DomainError('unprocessable', 'VOUCHER_VALUE_BELOW_PRICE', 'A voucher is worth at least what it costs.'),
  badRange: () => new DomainError('invalid', 'VOUCHER_REPORT_RANGE_INVALID', 'A report’s range ends after it starts, within 3 years.'),
  alreadyEnded: () => new DomainError('conflict', 'VOUCHER_SALE_ALREADY_ENDED', 'This sale has already ended.'),
};
