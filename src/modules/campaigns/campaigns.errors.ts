import { DomainError, notFound } from '../../shared/errors.js';

export const campaignErrors = {
  notFound: (slug: string) => notFound('CAMPAIGN_NOT_FOUND', `This store has no campaign "${slug}".`, { campaign: slug }),
  notStarted: (startsAt: string, retryAfterSeconds: number) =>
    new DomainError('too_early', 'CAMPAIGN_NOT_STARTED', `The sale opens at ${startsAt}.`, { startsAt, retryAfterSeconds }),
  ended: () => new DomainError('conflict', 'CAMPAIGN_ENDED', 'This sale is over.'),
  soldOut: () => new DomainError('conflict', 'CAMPAIGN_SOLD_OUT', 'Every unit of this edition is taken.'),
  limitReached: (limit: number) =>
    new DomainError('conflict', 'CAMPAIGN_LIMIT_REACHED', `You already hold ${limit} of this edition, the most one buyer may.`, { limit }),
  started: () => new DomainError('conflict', 'CAMPAIGN_STARTED', 'A sale that has started cannot change, except to end it early.'),
  alreadyEnded: () => new DomainError('conflict', 'CAMPAIGN_ALREADY_ENDED', 'This sale has already ended.'),
  slugTaken: (slug: string) => new DomainError('conflict', 'CAMPAIGN_SLUG_TAKEN', `This store already has a campaign "${slug}".`, { campaign: slug }),
  depositTooHigh: (max: number) =>
    new DomainError('unprocessable', 'CAMPAIGN_DEPOSIT_TOO_HIGH', 'A deposit (定金) is at most 20% of the price (Civil Code art. 586).', { max }),
  priceAboveList: () => new DomainError('unprocessable', 'CAMPAIGN_PRICE_ABOVE_LIST', 'The sale price cannot be above the list price.'),
  badSchedule: () => new DomainError('unprocessable', 'CAMPAIGN_SCHEDULE_INVALID', 'A sale ends after it starts.'),
  invalidEdition: (violations: unknown[], position?: number) =>
    new DomainError('unprocessable', 'CAMPAIGN_EDITION_INVALID', 'The edition is not a valid configuration of this model.', {
      violations,
      ...(position === undefined ? {} : { position }),
    }),
  editionsForm: (detail: string) => new DomainError('unprocessable', 'CAMPAIGN_EDITIONS_FORM', detail),
  editionDuplicate: (code: string) =>
    new DomainError('unprocessable', 'CAMPAIGN_EDITION_DUPLICATE', `Two editions are named "${code}" or are the same configuration: name each one differently.`, { edition: code }),
  editionRequired: (editions: string[]) =>
    new DomainError('unprocessable', 'CAMPAIGN_EDITION_REQUIRED', 'This sale offers several editions: say which one.', { editions }),
  editionUnknown: (code: string, editions: string[]) =>
    new DomainError('unprocessable', 'CAMPAIGN_EDITION_UNKNOWN', `This sale has no edition "${code}".`, { edition: code, editions }),
  unknownModel: (slug: string) => new DomainError('unprocessable', 'CAMPAIGN_MODEL_UNKNOWN', `This store has no model "${slug}" on sale.`, { model: slug }),
};
