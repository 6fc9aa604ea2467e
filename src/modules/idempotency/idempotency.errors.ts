import { DomainError } from '../../shared/errors.js';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

export const idempotencyErrors = {
  keyRequired: () =>
    new DomainError('invalid', 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header: a unique value you reuse only to retry this same request.'),
  keyInvalid: () =>
    new DomainError(
      'invalid',
      'IDEMPOTENCY_KEY_INVALID',
      `An Idempotency-Key is 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters, without spaces.`,
      { maxLength: IDEMPOTENCY_KEY_MAX_LENGTH },
    ),
  keyReused: () =>
    new DomainError(
      'unprocessable',
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for another request (a different body or endpoint): use a new key.',
    ),
  requestInProgress: () =>
    new DomainError('conflict', 'IDEMPOTENCY_REQUEST_IN_PROGRESS', 'A request with this Idempotency-Key is still running: retry once it has finished.', {
      retryAfterSeconds: 1,
    }),
};
