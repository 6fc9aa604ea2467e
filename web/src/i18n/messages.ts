import type { Message } from './define-messages';
import type { CONSOLE_BUNDLES } from './console-messages';
import type { Locale } from './locales';
import type { PAGE_BUNDLES } from './page-messages';
import type { STOREFRONT_BUNDLES } from './storefront-messages';
import { pluralRules } from './intl-formats';

export type { Message } from './define-messages';

/*
 * The catalogue the app translates from. It starts empty: the messages are written beside the
 * features that show them (`*.messages.ts`), and join it in the kinds that load together
 * (storefront-messages.ts with the first view, page-messages.ts and console-messages.ts with the
 * pages on demand). The browser loads each kind in one language at a time (load-messages.ts);
 * the server's render brings the storefront's in every language (entry-server.tsx).
 */

type Bundle = (typeof STOREFRONT_BUNDLES)[number] | (typeof PAGE_BUNDLES)[number] | (typeof CONSOLE_BUNDLES)[number];
type KeyOf<B> = B extends Record<Locale, Record<infer Key, Message>> ? Key : never;

/** Every message key, of every kind: typed whole, as a page's messages arrive before the page. */
export type MessageKey = KeyOf<Bundle>;
type Messages = Record<MessageKey, Message>;

export const MESSAGES: Record<Locale, Messages> = { 'zh-CN': {} as Messages, fr: {} as Messages, en: {} as Messages };

/**
 * Adds a feature's bundle to the catalogue, in each language it holds: on the server every
 * language, in the browser the one it was loaded in (build/locale-messages.ts).
 */
export function addMessages(bundle: Partial<Record<Locale, Record<string, Message>>>): void {
  for (const [locale, messages] of Object.entries(bundle) as [Locale, Record<string, Message>][]) Object.assign(MESSAGES[locale], messages);
}

export type MessageParams = Record<string, string | number>;

export function formatMessage(message: Message, locale: Locale, params: MessageParams = {}): string {
  const text =
    typeof message === 'string'
      ? message
      : pluralRules(locale).select(Number(params.count)) === 'one'
        ? message.one
        : message.other;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => String(params[name] ?? placeholder));
}
