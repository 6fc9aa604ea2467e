/**
 * What went wrong, in domain terms. Services throw these and never HTTP errors;
 * src/shared/http-errors.ts is the one place that turns a kind into a status.
 */
export type ErrorKind =
  | 'invalid' // the request is malformed for this operation
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict' // the current state forbids it (illegal transition, sold out)
  | 'unprocessable' // well-formed but breaks a business rule
  | 'too_early' // not yet: the thing opens at a known time (425)
  | 'rate_limited'
  | 'unavailable';

export interface ErrorDetails {
  [key: string]: unknown;
}

export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: ErrorDetails | undefined;

  constructor(kind: ErrorKind, code: string, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export function notFound(code: string, message: string, details?: ErrorDetails): DomainError {
  return new DomainError('not_found', code, message, details);
}
