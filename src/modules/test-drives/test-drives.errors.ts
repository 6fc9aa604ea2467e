import { DomainError } from '../../shared/errors.js';

export type LimitName = 'per_model' | 'upcoming' | 'window';

export const testDriveErrors = {
  notFound: () => new DomainError('not_found', 'TEST_DRIVE_NOT_FOUND', 'No such test drive.'),
  unknownDealer: (dealer: string) =>
    new DomainError('unprocessable', 'TEST_DRIVE_UNKNOWN_DEALER', `The store has no active dealer "${dealer}".`, { dealer }),
  unknownModel: (model: string) =>
    new DomainError('unprocessable', 'TEST_DRIVE_UNKNOWN_MODEL', `The store has no model "${model}" on sale.`, { model }),
  notOffered: (dealer: string) =>
    new DomainError('unprocessable', 'TEST_DRIVE_NOT_OFFERED', `Dealer "${dealer}" does not offer test drives.`, { dealer }),
  noDemoCar: (dealer: string, model: string) =>
    new DomainError('unprocessable', 'TEST_DRIVE_NO_DEMO_CAR', `Dealer "${dealer}" has no demo car of the ${model}.`, { dealer, model }),
  invalidStart: (start: string) =>
    new DomainError('unprocessable', 'TEST_DRIVE_INVALID_START', 'start must be an instant with its UTC offset, e.g. 2026-03-03T02:00:00Z.', { start }),
  dealerClosed: (start: string) =>
    new DomainError('unprocessable', 'TEST_DRIVE_DEALER_CLOSED', 'The dealer is closed at that time (Asia/Shanghai).', { start }),
  offGrid: (start: string, slotMinutes: number) =>
    new DomainError('unprocessable', 'TEST_DRIVE_SLOT_OFF_GRID', `Slots start every ${slotMinutes} minutes from opening time.`, { start, slotMinutes }),
  tooSoon: (start: string, leadMinutes: number) =>
    new DomainError('unprocessable', 'TEST_DRIVE_TOO_SOON', `A test drive is booked at least ${leadMinutes} minutes ahead.`, { start, leadMinutes }),
  tooFar: (start: string, horizonDays: number) =>
    new DomainError('unprocessable', 'TEST_DRIVE_TOO_FAR', `A test drive is booked at most ${horizonDays} days ahead.`, { start, horizonDays }),
  sameSlot: () => new DomainError('unprocessable', 'TEST_DRIVE_SAME_SLOT', 'The test drive is already at that time.'),
  invalidRange: (detail: string, maxDays: number) =>
    new DomainError('unprocessable', 'TEST_DRIVE_INVALID_RANGE', detail, { maxDays }),
  slotFull: (start: string) => new DomainError('conflict', 'TEST_DRIVE_SLOT_FULL', 'Every demo car is taken for that slot.', { start }),
  limitReached: (limit: LimitName, max: number) =>
    new DomainError(
      'conflict',
      'TEST_DRIVE_LIMIT_REACHED',
      limit === 'per_model'
        ? `You may have at most ${max} upcoming test drive(s) of one model.`
        : limit === 'upcoming'
          ? `You may have at most ${max} upcoming test drives.`
          : `You may book at most ${max} test drives in this period.`,
      { limit, max },
    ),
  illegalTransition: (from: string, to: string) =>
    new DomainError('conflict', 'TEST_DRIVE_ILLEGAL_TRANSITION', `A test drive that is ${from} cannot become ${to}.`, { from, to }),
  notStarted: (to: string) =>
    new DomainError('conflict', 'TEST_DRIVE_NOT_STARTED', `A test drive can be marked ${to} only once its slot has begun.`, { to }),
  alreadyPast: () => new DomainError('conflict', 'TEST_DRIVE_ALREADY_PAST', 'The test drive has already begun.'),
};
