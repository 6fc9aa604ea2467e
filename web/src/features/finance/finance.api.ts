import { api, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import { numberFormat } from '../../i18n/intl-formats';

type QuoteOperation = paths['/api/v1/stores/{store}/finance-quotes']['post'];
export type FinanceQuoteRequest = QuoteOperation['requestBody']['content']['application/json'];
export type FinanceQuote = QuoteOperation['responses'][200]['content']['application/json'];
export type FinancePlan = FinanceQuote['plan'];

export function fetchFinanceQuote(store: string, body: FinanceQuoteRequest, signal: AbortSignal): Promise<FinanceQuote> {
  return dataOf(api.POST('/api/v1/stores/{store}/finance-quotes', { params: { path: { store } }, body, signal }));
}

/** "4.99": basis points as a percentage, in the reader's language. */
export function percentOf(basisPoints: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 2 }).format(basisPoints / 100);
}

/** The loan terms offered as choices: every whole year within the store's bounds, and the bounds themselves. */
export function termChoices({ min, max }: { min: number; max: number }): number[] {
  const years = Array.from({ length: 5 }, (_, i) => (i + 1) * 12).filter((months) => months > min && months < max);
  return [...new Set([min, ...years, max])];
}
