import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useFirstViewLocale } from '../api/first-view';
import { hasLocale, keepOnlyLocale, loadLocale } from './load-messages';
import { DEFAULT_LOCALE, isLocale, matchLocale, type Locale } from './locales';
import { formatMessage, MESSAGES, type MessageKey, type MessageParams } from './messages';

const STORAGE_KEY = 'vitrine.locale';
/** The same choice, told to the server so the pages it renders are in it (src/http/first-view.ts). */
const COOKIE = 'vitrine.locale';
const COOKIE_MAX_AGE = 365 * 24 * 3600;

interface LocaleState {
  locale: Locale;
  /** The language chosen last, while its messages are on their way: the page switches once they are in. */
  pendingLocale: Locale | undefined;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleState | null>(null);

/**
 * The language a page starts in: the one the server rendered it in, else the buyer's earlier
 * choice, else the browser's languages, else Chinese. main.tsx loads its messages before the
 * first render, which reads the same.
 */
export function startingLocale(rendered: Locale | undefined): Locale {
  return rendered ?? preferredLocale();
}

function preferredLocale(): Locale {
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
  const [locale, setShownLocale] = useState(() => startingLocale(rendered));
  const [pendingLocale, setPendingLocale] = useState<Locale>();
  const shown = useRef(locale);
  // The language asked for last: a switch whose messages arrive after a later choice is dropped.
  const wanted = useRef(locale);

  // The page keeps its language until the new one's messages are in, then switches at once:
  // no message key shows meanwhile, and the switch says it is coming (LanguageSwitch).
  const switchTo = useCallback((next: Locale, onShown: () => void) => {
    wanted.current = next;
    const show = () => {
      keepOnlyLocale(next);
      shown.current = next;
      onShown();
      setShownLocale(next);
      setPendingLocale(undefined);
    };
    if (hasLocale(next)) {
      show();
      return;
    }
    setPendingLocale(next);
    loadLocale(next).then(
      () => {
        if (wanted.current === next) show();
      },
      () => {
        // Offline, or a deployment replaced the messages: the page stays as it is, and a tap tries again.
        if (wanted.current !== next) return;
        wanted.current = shown.current;
        keepOnlyLocale(shown.current);
        setPendingLocale(undefined);
      },
    );
  }, []);

  // The server chose from the cookie or Accept-Language; a choice saved here before the cookie
  // existed wins, and the server learns it for the next page.
  useEffect(() => {
    if (!rendered) return;
    const saved = readSavedLocale();
    if (saved && saved !== rendered) switchTo(saved, () => tellServer(saved));
  }, [rendered, switchTo]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => switchTo(next, () => saveLocale(next)), [switchTo]);

  const state = useMemo(() => ({ locale, pendingLocale, setLocale }), [locale, pendingLocale, setLocale]);
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
