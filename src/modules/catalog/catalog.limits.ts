import { DomainError } from '../../shared/errors.js';

/*
 * How big one model may grow. They bound what the configurator and lint can be asked to do
 * (their work grows with options × rules), and sit well above a real range: the largest demo
 * model has 4 trims, 21 options, 6 rules and 3 targets in a rule. Stored rows count whatever
 * their status, so retiring and re-activating cannot get round them. Documented in README.md.
 */
export const CATALOG_LIMITS = {
  trims: 20,
  options: 200,
  rules: 200,
  targetsPerRule: 20,
} as const;

export type CatalogLimit = keyof typeof CATALOG_LIMITS;

/** The counts a change would leave a model with; counts left out are not checked. */
export type CatalogCounts = Partial<Record<CatalogLimit, number>>;

const WHAT: Record<CatalogLimit, string> = {
  trims: 'trims',
  options: 'options',
  rules: 'rules',
  targetsPerRule: 'targets in one rule',
};

export function assertWithinLimits(counts: CatalogCounts): void {
  for (const limit of Object.keys(CATALOG_LIMITS) as CatalogLimit[]) {
    const count = counts[limit];
    const max = CATALOG_LIMITS[limit];
    if (count === undefined || count <= max) continue;
    throw new DomainError(
      'unprocessable',
      'CATALOG_LIMIT_EXCEEDED',
      `A model may have at most ${max} ${WHAT[limit]}; this change would make ${count}.`,
      { limit, max, count },
    );
  }
}
