import { DomainError, notFound } from '../../shared/errors.js';

/*
 * A callback that does not verify is answered 400: the provider retries it, and a forger learns
 * nothing more than "refused".
 */
export const paymentErrors = {
  notFound: () => notFound('PAYMENT_NOT_FOUND', 'No payment has this id.'),
  amountMismatch: (details: { expected: number; got: number; currency: string }) =>
    new DomainError('unprocessable', 'PAYMENT_AMOUNT_MISMATCH', 'The notified amount or currency is not the one asked: nothing was recorded.', details),
  notSandbox: () => notFound('PAYMENT_NOT_FOUND', 'No sandbox payment has this id.'),
  alreadyCaptured: () =>
    new DomainError('conflict', 'PAYMENT_ALREADY_CAPTURED', 'This payment was captured under another transaction: nothing was recorded.'),
  notPending: (status: string) => new DomainError('conflict', 'PAYMENT_NOT_PENDING', `This payment is ${status}: there is nothing to pay.`, { status }),
  signatureInvalid: (provider: string, reason: string) =>
    new DomainError('invalid', 'PAYMENT_SIGNATURE_INVALID', `The ${provider} callback's signature does not verify: ${reason}.`, { provider }),
  notificationStale: (provider: string, maxSkewSeconds: number) =>
    new DomainError(
      'invalid',
      'PAYMENT_NOTIFICATION_STALE',
      `The ${provider} callback is dated more than ${maxSkewSeconds} seconds from now.`,
      { provider, maxSkewSeconds },
    ),
  notificationMalformed: (provider: string, reason: string) =>
    new DomainError('invalid', 'PAYMENT_NOTIFICATION_MALFORMED', `The ${provider} callback cannot be read: ${reason}.`, { provider }),
  providerUnknown: (provider: string) =>
    new DomainError('not_found', 'PAYMENT_PROVIDER_UNKNOWN', `There is no payment provider "${provider}".`, { provider }),
  providerDisabled: (provider: string) =>
    new DomainError('not_found', 'PAYMENT_PROVIDER_DISABLED', `The payment provider "${provider}" is not enabled here.`, { provider }),
  providerUnavailable: (provider: string, reason: string) =>
    new DomainError('unavailable', 'PAYMENT_PROVIDER_UNAVAILABLE', `${provider} cannot be reached just now; try again shortly.`, {
      provider,
      reason,
    }),
  currencyUnsupported: (provider: string, currency: string) =>
    new DomainError('unprocessable', 'PAYMENT_CURRENCY_UNSUPPORTED', `${provider} takes payments in CNY only, not ${currency}.`, {
      provider,
      currency,
    }),
};
