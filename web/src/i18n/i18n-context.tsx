import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_LOCALE, isLocale, matchLocale, type Locale } from './locales';
import { formatMessage, MESSAGES, type MessageKey, type MessageParams } from './messages';

const STORAGE_KEY = 'vitrine.locale';

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
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState(initialLocale);

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
