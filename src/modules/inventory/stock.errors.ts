import { DomainError, notFound } from '../../shared/errors.js';
import type { Violation } from '../configurator/engine/index.js';

export type VinProblem = 'length' | 'characters' | 'check_digit';

const VIN_MESSAGES: Record<VinProblem, string> = {
  length: 'A VIN has exactly 17 characters.',
  characters: 'A VIN uses only digits and the letters A–Z except I, O and Q.',
  check_digit: 'The check digit (9th character) does not match the rest of the VIN.',
};

export const stockErrors = {
  onOrder: (vin: string) =>
    new DomainError('conflict', 'STOCK_UNIT_ON_ORDER', `The car ${vin} belongs to a buyer's order: it moves with the order.`, { vin }),
  invalidVin: (vin: string, problem: VinProblem, expectedCheckDigit?: string) =>
    new DomainError('unprocessable', 'STOCK_INVALID_VIN', VIN_MESSAGES[problem], {
      vin,
      problem,
      ...(expectedCheckDigit !== undefined ? { expectedCheckDigit } : {}),
    }),
  vinTaken: (vin: string) => new DomainError('conflict', 'STOCK_VIN_EXISTS', `The VIN ${vin} is already registered.`, { vin }),
  invalidConfiguration: (violations: Violation[]) =>
    new DomainError('unprocessable', 'STOCK_INVALID_CONFIGURATION', violations.map((v) => v.message).join(' '), { violations }),
  unitNotFound: (vin: string) => notFound('STOCK_UNIT_NOT_FOUND', `This dealer has no unit ${vin}.`, { vin }),
  illegalTransition: (vin: string, from: string, to: string) =>
    new DomainError('conflict', 'STOCK_ILLEGAL_TRANSITION', `A unit that is ${from} cannot become ${to}.`, { vin, from, to }),
  inTransit: (vin: string) =>
    new DomainError('conflict', 'STOCK_UNIT_IN_TRANSIT', 'The unit has not reached its dealer yet: mark it arrived first.', { vin }),
  notTransferable: (vin: string, status: string, inTransit: boolean) =>
    new DomainError('conflict', 'STOCK_NOT_TRANSFERABLE', 'Only an available unit that is at its dealer can be transferred.', {
      vin,
      status,
      inTransit,
    }),
  unknownDealer: (dealer: string) =>
    new DomainError('unprocessable', 'STOCK_UNKNOWN_DEALER', `This store has no active dealer "${dealer}".`, { dealer }),
  sameDealer: (dealer: string) =>
    new DomainError('unprocessable', 'STOCK_SAME_DEALER', 'The unit is already at this dealer.', { dealer }),
  invalidEta: (eta: string) =>
    new DomainError('invalid', 'STOCK_INVALID_ETA', 'eta must be a date (YYYY-MM-DD) or a date-time with an offset.', { eta }),
  invalidCursor: () => new DomainError('invalid', 'STOCK_INVALID_CURSOR', 'That cursor is not one this list gave out.'),
  needModel: () => new DomainError('invalid', 'STOCK_MODEL_REQUIRED', 'A trim is searched within a model: name the model too.'),
  notCsv: () => new DomainError('invalid', 'STOCK_IMPORT_NOT_CSV', 'Send the file as text/csv.'),
  modelMismatch: (model: string, configurationModel: string) =>
    new DomainError('unprocessable', 'STOCK_MODEL_MISMATCH', `The configuration is of ${configurationModel}, not ${model}.`, {
      model,
      configurationModel,
    }),
  importInvalid: (errors: ImportRowError[]) =>
    new DomainError(
      'unprocessable',
      'STOCK_IMPORT_INVALID',
      `${errors.length} problem(s) in the file; nothing was imported.`,
      { errorCount: errors.length, rows: errors },
    ),
  importTooLarge: (maxRows: number) =>
    new DomainError('unprocessable', 'STOCK_IMPORT_TOO_LARGE', `A file holds at most ${maxRows} units.`, { maxRows }),
};

/** One problem in an import file, by the file's line number (the header is line 1). */
export interface ImportRowError {
  line: number;
  column: string | null;
  code: string;
  message: string;
}
