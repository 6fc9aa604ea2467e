import type { Locale } from './locales';

/*
 * The browser's messages, one language at a time: a page needs only its own, and a buyer rarely
 * changes it. Each kind of messages module, imported with `?locale=`, is built with that language
 * alone (build/locale-messages.ts), so the feature files keep every language of a message side by
 * side, where the next translation is easy to write, and no page carries the other two.
 */

/** The kinds of messages, as they load: with the first view, with the pages on demand, with the consoles. */
export type MessageKind = 'storefront' | 'pages' | 'console';

const LOADERS: Record<MessageKind, Record<Locale, () => Promise<unknown>>> = {
  storefront: {
    'zh-CN': () => import('./storefront-messages?locale=zh-CN'),
    fr: () => import('./storefront-messages?locale=fr'),
    en: () => import('./storefront-messages?locale=en'),
  },
  pages: {
    'zh-CN': () => import('./page-messages?locale=zh-CN'),
    fr: () => import('./page-messages?locale=fr'),
    en: () => import('./page-messages?locale=en'),
  },
  console: {
    'zh-CN': () => import('./console-messages?locale=zh-CN'),
    fr: () => import('./console-messages?locale=fr'),
    en: () => import('./console-messages?locale=en'),
  },
};

/** The kinds the app has asked for: a language switched to brings each of them. */
const kindsInUse = new Set<MessageKind>(['storefront']);
/** The language shown, and one being switched to: a kind asked for comes in each. */
const localesInUse = new Set<Locale>();
/** One load per kind and language; a failed one is forgotten, so the next attempt retries. */
const loads = new Map<string, Promise<unknown>>();
const loaded = new Set<string>();

function load(kind: MessageKind, locale: Locale): Promise<unknown> {
  const key = `${kind} ${locale}`;
  let loading = loads.get(key);
  if (!loading) {
    loading = LOADERS[kind][locale]().then(
      () => loaded.add(key),
      (error: unknown) => {
        loads.delete(key);
        throw error;
      },
    );
    loads.set(key, loading);
  }
  return loading;
}

/** Whether every kind of messages in use is already in `locale`: a switch to it can show at once. */
export function hasLocale(locale: Locale): boolean {
  return [...kindsInUse].every((kind) => loaded.has(`${kind} ${locale}`));
}

/**
 * Loads `locale`'s messages of every kind in use; from then on, until another language is kept
 * instead (keepOnlyLocale), each kind asked for loads in it too.
 */
export async function loadLocale(locale: Locale): Promise<void> {
  localesInUse.add(locale);
  await Promise.all([...kindsInUse].map((kind) => load(kind, locale)));
}

/** The language now shown: kinds asked for from now on no longer load in the others. */
export function keepOnlyLocale(locale: Locale): void {
  localesInUse.clear();
  localesInUse.add(locale);
}

/** Loads a kind of messages (a page on demand's) in the language shown, and in one being switched to. */
export async function loadMessages(kind: MessageKind): Promise<void> {
  kindsInUse.add(kind);
  await Promise.all([...localesInUse].map((locale) => load(kind, locale)));
}
