import { DomainError, notFound } from '../../shared/errors.js';
import type { GuardFailure } from './orders.states.js';

const GUARD_MESSAGES: Record<GuardFailure, string> = {
  ORDER_VIN_REQUIRED: 'Allocate a VIN first.',
  ORDER_BALANCE_DUE: 'The balance is not settled yet.',
  ORDER_INSPECTION_INCOMPLETE: 'Every pre-delivery inspection item must be ticked first.',
  ORDER_APPOINTMENT_REQUIRED: 'Set the handover appointment first.',
};

export const orderErrors = {
  notFound: () => notFound('ORDER_NOT_FOUND', 'No order of yours has this id.'),
  oneSource: () => new DomainError('invalid', 'ORDER_ONE_SOURCE', 'Name exactly one of configuration or vin.'),
  configurationNotFound: (code: string) =>
    notFound('ORDER_CONFIGURATION_NOT_FOUND', `This store has no saved configuration "${code}".`, { configuration: code }),
  vinNotFound: (vin: string) => notFound('ORDER_VIN_NOT_FOUND', `This store has no car for sale with VIN ${vin}.`, { vin }),
  vinNotAvailable: (vin: string) =>
    new DomainError('conflict', 'ORDER_VIN_NOT_AVAILABLE', `The car ${vin} was just reserved by someone else.`, { vin }),
  vinAtOtherDealer: (vin: string, dealer: string) =>
    new DomainError('unprocessable', 'ORDER_VIN_AT_OTHER_DEALER', `The car ${vin} is at another dealer than "${dealer}": pick it up where it is.`, {
      vin,
      dealer,
    }),
  dealerRequired: () => new DomainError('invalid', 'ORDER_DEALER_REQUIRED', 'A car in stock is picked up at the dealer that has it: name the dealer.'),
  dealerNotFound: (dealer: string) => notFound('ORDER_DEALER_NOT_FOUND', `This store has no active dealer called "${dealer}".`, { dealer }),
  dealerNoSales: (dealer: string) =>
    new DomainError('unprocessable', 'ORDER_DEALER_NO_SALES', `Dealer "${dealer}" does not sell cars.`, { dealer }),
  vinRequired: () => new DomainError('invalid', 'ORDER_VIN_REQUIRED', 'Name the VIN to allocate to this order.'),
  vinInvalid: (vin: string) =>
    new DomainError('unprocessable', 'ORDER_VIN_INVALID', 'A VIN has 17 characters, no I, O or Q, and a valid check digit.', { vin }),
  tooManyUnpaid: (limit: number) =>
    new DomainError('unprocessable', 'ORDER_TOO_MANY_UNPAID', `You already have ${limit} orders waiting for their deposit: pay or cancel one first.`, { limit }),
  modelNotOrderable: () => new DomainError('unprocessable', 'ORDER_MODEL_NOT_ORDERABLE', 'This model is no longer on sale.'),
  phoneInvalid: () =>
    new DomainError('unprocessable', 'ORDER_PHONE_INVALID', 'The phone must be a mainland China mobile number (11 digits starting with 1).'),
  transitionNotAllowed: (from: string, to: string) =>
    new DomainError('conflict', 'ORDER_TRANSITION_NOT_ALLOWED', `An order cannot go from ${from} to ${to}.`, { from, to }),
  notYours: (from: string, to: string) =>
    new DomainError('forbidden', 'ORDER_TRANSITION_FORBIDDEN', `You may not move this order from ${from} to ${to}.`, { from, to }),
  guardsFailed: (to: string, failures: GuardFailure[]) =>
    new DomainError('conflict', failures[0]!, `The order cannot be ${to} yet: ${failures.map((f) => GUARD_MESSAGES[f]).join(' ')}`, {
      to,
      reasons: failures.map((code) => ({ code, message: GUARD_MESSAGES[code] })),
    }),
  vinMismatch: (vin: string, differences: string[]) =>
    new DomainError('unprocessable', 'ORDER_VIN_MISMATCH', `The car ${vin} does not match the order: ${differences.join(', ')} differ.`, {
      vin,
      differences,
    }),
  unknownInspectionItem: (code: string) =>
    new DomainError('unprocessable', 'ORDER_INSPECTION_ITEM_UNKNOWN', `"${code}" is not on this store's inspection checklist.`, { item: code }),
  appointmentInPast: () => new DomainError('unprocessable', 'ORDER_APPOINTMENT_IN_PAST', 'The handover appointment must be in the future.'),
  pickupCodeWrong: (attemptsLeft: number) =>
    new DomainError('unprocessable', 'ORDER_PICKUP_CODE_WRONG', `That pickup code is wrong. ${attemptsLeft} tries left.`, { attemptsLeft }),
  pickupLocked: (until: string, retryAfterSeconds: number) =>
    new DomainError('rate_limited', 'ORDER_PICKUP_LOCKED', 'Too many wrong pickup codes: handover is locked for a while.', {
      lockedUntil: until,
      retryAfterSeconds,
    }),
  tempPlateTooLong: (maxDays: number) =>
    new DomainError('unprocessable', 'ORDER_TEMP_PLATE_TOO_LONG', `A temporary plate is valid for at most ${maxDays} days from handover.`, { maxDays }),
  balanceNotDue: () => new DomainError('conflict', 'ORDER_BALANCE_NOT_DUE', 'Nothing is due on this order now.'),
  invalidCursor: () => new DomainError('invalid', 'ORDER_INVALID_CURSOR', 'That cursor is not one this list gave out.'),
};
