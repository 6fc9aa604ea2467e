import type { Locale } from './locales';

/** A message is plain text, or a pair chosen by Intl.PluralRules on the `count` parameter. */
export type Message = string | { one: string; other: string };

/**
 * A feature's own messages, in every locale with the same keys: a key missing from one
 * locale fails the type check. The modules of storefront-messages.ts, page-messages.ts and
 * console-messages.ts add the bundles to the app's catalogue (messages.ts); the browser's build
 * keeps one locale of each per load (build/locale-messages.ts), so a bundle is written as
 * `export const xMessages = defineMessages({ 'zh-CN': {…}, fr: {…}, en: {…} })`.
 */
export function defineMessages<Key extends string>(bundle: Record<Locale, Record<Key, Message>>): Record<Locale, Record<Key, Message>> {
  return bundle;
}
