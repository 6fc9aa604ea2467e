import { DomainError, notFound } from '../../shared/errors.js';
import type { Complexity } from '../configurator/engine/index.js';

export const catalogErrors = {
  storeNotFound: (store: string) => notFound('CATALOG_STORE_NOT_FOUND', `No store is called "${store}".`, { store }),
  modelNotFound: (store: string, model: string) =>
    notFound('CATALOG_MODEL_NOT_FOUND', `Store "${store}" sells no model called "${model}".`, { store, model }),
  tooComplex: (model: string, reason: 'steps' | 'deadline' | 'memory', complexity: Complexity) =>
    new DomainError('unprocessable', 'CATALOG_MODEL_TOO_COMPLEX', tooComplexMessage(model, complexity), {
      model,
      reason,
      cycles: complexity.cycles,
      largestComponent: complexity.largestComponent,
    }),
  lintBusy: () =>
    new DomainError('unavailable', 'CATALOG_LINT_BUSY', 'Every catalog check is busy; try again in a moment.', { retryAfterSeconds: 2 }),
};

function tooComplexMessage(model: string, { cycles, largestComponent }: Complexity): string {
  const list = (codes: string[], total: number) => codes.slice(0, 10).join(', ') + (total > 10 ? ` and ${total - 10} more` : '');
  const parts = [`Model "${model}" is too complex to check within the lint budget.`];
  for (const cycle of cycles) parts.push(`Its includes and requires rules go round in a cycle through ${list(cycle, cycle.length)}.`);
  const { options, rules, ruleOptions } = largestComponent;
  if (rules > 0) {
    parts.push(`Its largest set of related rules ties ${options} options together with ${rules} rules, on ${list(ruleOptions, ruleOptions.length)}.`);
  }
  return parts.join(' ');
}
