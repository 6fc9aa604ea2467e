import { DomainError, notFound } from '../../shared/errors.js';

/** A refused field, as validation names it: `body.openingHours.mon.close`. */
export interface FieldProblem {
  path: string;
  message: string;
}

export const dealerErrors = {
  notFound: () => notFound('DEALER_NOT_FOUND', 'No such dealer.'),
  codeTaken: (code: string) =>
    new DomainError('conflict', 'DEALER_CODE_TAKEN', `This store already has a dealer with the code ${code}.`, {
      errors: [{ path: 'body.code', message: 'is already used by another dealer of this store' }],
    }),
  invalidHours: (days: string[]) =>
    new DomainError('unprocessable', 'DEALER_INVALID_HOURS', `A day must open before it closes: ${days.join(', ')}.`, {
      days,
      errors: days.map((day) => ({ path: `body.openingHours.${day}.close`, message: 'must be later than the opening time' })),
    }),
};
