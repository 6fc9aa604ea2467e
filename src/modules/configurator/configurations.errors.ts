import { DomainError, notFound } from '../../shared/errors.js';
import type { Resolution, Violation } from './engine/index.js';

export const configurationErrors = {
  notFound: (code: string) => notFound('CONFIGURATOR_CONFIGURATION_NOT_FOUND', `No saved configuration has the code "${code}".`, { configurationCode: code }),
  invalidCursor: () => new DomainError('invalid', 'CONFIGURATOR_INVALID_CURSOR', 'This cursor was not given by the previous page.'),
  unknownModel: (model: string) =>
    new DomainError('unprocessable', 'CONFIGURATOR_UNKNOWN_MODEL', `This store sells no model called "${model}".`, { model }),
  invalid: (violations: Violation[], resolution: Resolution | null, search: { exhausted: boolean } = { exhausted: false }) =>
    new DomainError('unprocessable', 'CONFIGURATOR_INVALID_SELECTION', violations.map((v) => v.message).join(' '), {
      violations,
      resolution,
      ...(search.exhausted ? { resolutionExhausted: true } : {}),
    }),
};
