import { DomainError, notFound } from '../../shared/errors.js';

// Refusals name their fields as validation does (`errors[].path`, e.g. body.openingHours.mon.close), so forms mark the right box.
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
