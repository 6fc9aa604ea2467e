import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Locale } from '../i18n/locales';
import { ApiError, type Problem } from './client';

/*
 * The first view of the hall, a store's home and a model page comes rendered from the server
 * (src/http/first-view.ts), with the API answers it was rendered from embedded in the page as a
 * JSON data block. The client's first render reads the same answers, so it matches the server's
 * markup and hydrates without a request; any later mount or change of language fetches as usual.
 */

/** One API answer as the server got it: the status, and the JSON body (a problem when not 200). */
export interface FirstViewAnswer {
  status: number;
  body: unknown;
}

export interface FirstViewData {
  locale: Locale;
  /** The kind of page rendered (entry-server.tsx): one loaded on demand is loaded before it is taken over. */
  kind: string;
  /** Keyed by the API address the page would fetch (firstViewKeys). */
  answers: Record<string, FirstViewAnswer>;
}

/** The id of the `<script type="application/json">` element that carries the data. */
export const FIRST_VIEW_ELEMENT_ID = 'first-view';

/** The API addresses of the answers a first view is made of, one spelling on both sides. */
export const firstViewKeys = {
  site: () => '/api/v1/site',
  hall: (locale: Locale) => `/api/v1/models?locale=${locale}`,
  store: (store: string, locale: Locale) => `/api/v1/stores/${store}?locale=${locale}`,
  range: (store: string, locale: Locale) => `/api/v1/stores/${store}/models?locale=${locale}`,
  model: (store: string, model: string, locale: Locale) => `/api/v1/stores/${store}/models/${encodeURIComponent(model)}?locale=${locale}`,
  campaigns: (store: string, locale: Locale) => `/api/v1/stores/${store}/campaigns?locale=${locale}`,
  voucherOffers: (store: string, locale: Locale) => `/api/v1/stores/${store}/voucher-offers?locale=${locale}`,
  plateFees: (store: string, locale: Locale) => `/api/v1/stores/${store}/plate-fees?locale=${locale}`,
};

interface FirstViewState {
  data: FirstViewData;
  /** Set once the first render is committed: from then on, mounting components fetch. */
  spent: boolean;
}

const FirstViewContext = createContext<FirstViewState | null>(null);

export function FirstViewProvider({ data, children }: { data: FirstViewData | null; children: ReactNode }) {
  const [state] = useState<FirstViewState | null>(() => (data ? { data, spent: false } : null));
  return (
    <FirstViewContext.Provider value={state}>
      {children}
      <SpendFirstView state={state} />
    </FirstViewContext.Provider>
  );
}

// The last child: its effect runs after every effect of the first commit above it.
function SpendFirstView({ state }: { state: FirstViewState | null }) {
  useEffect(() => {
    if (state) state.spent = true;
  }, [state]);
  return null;
}

export type Seed<T> = { data: T; error?: undefined } | { data?: undefined; error: ApiError };

/** The answer the first view holds for `key`, as useRequest would have received it; undefined once spent. */
export function useFirstViewSeed<T>(key: string | undefined): Seed<T> | undefined {
  const state = useContext(FirstViewContext);
  if (key === undefined || !state || state.spent) return undefined;
  const answer = state.data.answers[key];
  if (!answer) return undefined;
  if (answer.status === 200) return { data: answer.body as T };
  return { error: new ApiError(answer.status, answer.body as Partial<Problem> | undefined) };
}

/** The locale the first view was rendered in, if there was one. */
export function useFirstViewLocale(): Locale | undefined {
  return useContext(FirstViewContext)?.data.locale;
}

/** The data the server embedded in this page, or null when the page came without a first view. */
export function readEmbeddedFirstView(): FirstViewData | null {
  const element = document.getElementById(FIRST_VIEW_ELEMENT_ID);
  if (!element?.textContent) return null;
  try {
    return JSON.parse(element.textContent) as FirstViewData;
  } catch {
    return null;
  }
}
