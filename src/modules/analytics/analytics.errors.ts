import { DomainError, notFound } from '../../shared/errors.js';

export const analyticsErrors = {
  modelNotFound: (model: string) => notFound('ANALYTICS_MODEL_NOT_FOUND', `This store sells no model called "${model}".`, { model }),
  trimNotFound: (model: string, trim: string) => notFound('ANALYTICS_TRIM_NOT_FOUND', `The model "${model}" has no trim "${trim}".`, { model, trim }),
  badDay: (field: string, value: string) => new DomainError('invalid', 'ANALYTICS_BAD_DAY', `${field} must be a calendar date, YYYY-MM-DD.`, { field, value }),
  badRange: (from: string, to: string) => new DomainError('invalid', 'ANALYTICS_BAD_RANGE', 'The range must end on or after the day it starts.', { from, to }),
  rangeTooLong: (maxDays: number) =>
    new DomainError('invalid', 'ANALYTICS_RANGE_TOO_LONG', `A range covers at most ${maxDays} days (three years).`, { maxDays }),
  unknownFilter: (filter: string, value: string) =>
    new DomainError('unprocessable', 'ANALYTICS_UNKNOWN_FILTER', `This store has no ${filter} "${value}".`, { filter, value }),
};
