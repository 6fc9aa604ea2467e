import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useFirstViewLocale } from '../api/first-view';
import { DEFAULT_LOCALE, isLocale, matchLocale, type Locale } from './locales';
import { formatMessage, MESSAGES, type MessageKey, type MessageParams } from './messages';

const STORAGE_KEY = 'vitrine.locale';
/** The same choice, told to the server so the pages it renders are in it (src/http/first-view.ts). */
const COOKIE = 'vitrine.locale';
const COOKIE_MAX_AGE = 365 * 24 * 3600;

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleState | null>(null);

/** The buyer's earlier choice, else the browser's languages, else Chinese. */
function initialLocale(): Locale {
  const saved = readSavedLocale();
  if (saved) return saved;
  for (const tag of navigator.languages ?? []) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}

// Storage can throw (disabled cookies, some private modes): the choice then lasts for the visit only.
function readSavedLocale(): Locale | undefined {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return isLocale(saved) ? saved : undefined;
  } catch {
    return undefined;
  }
}

function saveLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // see readSavedLocale
  }
  tellServer(locale);
}

function tellServer(locale: Locale): void {
  document.cookie = `${COOKIE}=${locale}; path=/; max-age=${COOKIE_MAX_AGE}; samesite=lax`;
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  // A page rendered by the server hydrates in the language it was rendered in.
  const rendered = useFirstViewLocale();
  const [locale, setLocaleState] = useState(() => rendered ?? initialLocale());

  // The server chose from the cookie or Accept-Language; a choice saved here before the cookie
  // existed wins, and the server learns it for the next page.
  useEffect(() => {
    if (!rendered) return;
    const saved = readSavedLocale();
    if (saved && saved !== rendered) {
      tellServer(saved);
      setLocaleState(saved);
    }
  }, [rendered]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    saveLocale(next);
    setLocaleState(next);
  }, []);

  const state = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={state}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error('useLocale must be used inside <LocaleProvider>');
  return state;
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The translate function for the current language. */
export function useT(): Translate {
  const { locale } = useLocale();
  return useCallback((key, params) => formatMessage(MESSAGES[locale][key], locale, params), [locale]);
}
