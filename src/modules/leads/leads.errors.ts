import { DomainError, notFound } from '../../shared/errors.js';

export const leadErrors = {
  notFound: () => notFound('LEAD_NOT_FOUND', 'No lead has this id at this dealer.'),
  dealerNotFound: (dealer: string) =>
    notFound('LEAD_DEALER_NOT_FOUND', `This store has no active dealer called "${dealer}".`, { dealer }),
  dealerNoSales: (dealer: string) =>
    new DomainError('unprocessable', 'LEAD_DEALER_NO_SALES', `Dealer "${dealer}" does not sell cars: it cannot take this request.`, { dealer }),
  modelNotFound: (model: string) => notFound('LEAD_MODEL_NOT_FOUND', `This store sells no model called "${model}".`, { model }),
  configurationNotFound: (code: string) =>
    notFound('LEAD_CONFIGURATION_NOT_FOUND', `This store has no saved configuration "${code}".`, { configuration: code }),
  vinNotFound: (vin: string) => notFound('LEAD_VIN_NOT_FOUND', `This store has no car with VIN ${vin}.`, { vin }),
  vinInvalid: (vin: string) =>
    new DomainError('unprocessable', 'LEAD_VIN_INVALID', 'A VIN has 17 characters, no I, O or Q, and a valid check digit.', { vin }),
  vinAtOtherDealer: (vin: string, dealer: string) =>
    new DomainError('unprocessable', 'LEAD_VIN_AT_OTHER_DEALER', `The car ${vin} is not at dealer "${dealer}": ask the dealer that has it.`, { vin, dealer }),
  oneSubject: () =>
    new DomainError('invalid', 'LEAD_ONE_SUBJECT', 'Name exactly one of model, configuration or vin.'),
  phoneRequired: () =>
    new DomainError('unprocessable', 'LEAD_PHONE_REQUIRED', 'Your account has no phone number: give one to share it with the dealer.'),
  phoneInvalid: () =>
    new DomainError('unprocessable', 'LEAD_PHONE_INVALID', 'The phone must be a mainland China mobile number (11 digits starting with 1).'),
  tooManyOpen: (limit: number) =>
    new DomainError('unprocessable', 'LEAD_TOO_MANY_OPEN', `You already have ${limit} requests waiting for a dealer's answer.`, { limit }),
  tooManyToday: (limit: number) =>
    new DomainError('unprocessable', 'LEAD_TOO_MANY_TODAY', `You have sent ${limit} requests in the last 24 hours: try again tomorrow.`, { limit }),
  transitionNotAllowed: (from: string, to: string) =>
    new DomainError('conflict', 'LEAD_TRANSITION_NOT_ALLOWED', `A lead cannot go from ${from} to ${to}.`, { from, to }),
  invalidCursor: () => new DomainError('invalid', 'LEAD_INVALID_CURSOR', 'That cursor is not one this queue gave out.'),
};
