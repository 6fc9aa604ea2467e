import { DomainError } from '../../shared/errors.js';

/** One refused field: where it is in the request body (as validation errors name them) and why. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The bound a refused number broke, for a console to show beside the field (the highest deposit allowed). */
export interface FieldLimit {
  path: string;
  max: number;
}

export const storePolicyErrors = {
  /** Someone changed the section since this console read it: read it again, then decide. */
  stale: (section: string, current: string) =>
    new DomainError('conflict', 'STORE_POLICY_STALE', `The ${section} changed since you read it; load it again and redo your change.`, {
      section,
      currentVersion: current,
    }),
  /** Every refused field of one request at once, each with its path in the body. */
  invalid: (section: string, errors: FieldProblem[], limits: FieldLimit[] = []) =>
    new DomainError('unprocessable', 'STORE_POLICY_INVALID', `The ${section} was not changed: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, {
      section,
      errors,
      ...(limits.length > 0 ? { limits } : {}),
    }),
};
