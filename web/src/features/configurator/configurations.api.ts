import { api, ApiError, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';
import type { Resolution, Selection, Violation } from './engine';

type ConfigurationsPath = paths['/api/v1/stores/{store}/configurations'];

/** A saved configuration as the API shows it: names in the asked locale, the price as it was saved. */
export type SavedConfiguration = ConfigurationsPath['post']['responses'][201]['content']['application/json'];

export function saveConfiguration(
  store: string,
  locale: Locale,
  body: { model: string; selection: Selection; intent?: string; city?: string | null },
): Promise<SavedConfiguration> {
  const { model, selection, intent, city } = body;
  return dataOf(
    api.POST('/api/v1/stores/{store}/configurations', {
      params: { path: { store }, query: { locale } },
      body: { model, trim: selection.trim, options: selection.options, ...(intent ? { intent } : {}), ...(city ? { city } : {}) },
    }),
  );
}

export function fetchConfiguration(store: string, code: string, locale: Locale, signal: AbortSignal): Promise<SavedConfiguration> {
  return dataOf(
    api.GET('/api/v1/stores/{store}/configurations/{code}', {
      params: { path: { store, code }, query: { locale } },
      signal,
    }),
  );
}

/** The server's refusal of a selection (422): what is wrong, and the smallest fix. */
export interface InvalidSelection {
  violations: Violation[];
  resolution: Resolution | null;
}

export function invalidSelectionOf(error: unknown): InvalidSelection | undefined {
  if (!(error instanceof ApiError) || error.status !== 422) return undefined;
  const problem = error.problem as { violations?: Violation[]; resolution?: Resolution | null };
  if (!Array.isArray(problem.violations)) return undefined;
  return { violations: problem.violations, resolution: problem.resolution ?? null };
}

/** Codes are 8 characters without look-alikes; people type them in any case. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The share link for a code, on this site: it names the store, so it opens there for anyone. */
export function sharePath(store: string, code: string): string {
  return `/${store}/c/${code}`;
}
