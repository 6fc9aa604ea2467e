import type { Locale } from './locales';

/** A message is plain text, or a pair chosen by Intl.PluralRules on the `count` parameter. */
export type Message = string | { one: string; other: string };

/**
 * A feature's own messages, in every locale with the same keys: a key missing from one
 * locale fails the type check. messages.ts merges the bundles into the app's catalogue.
 */
export function defineMessages<Key extends string>(bundle: Record<Locale, Record<Key, Message>>): Record<Locale, Record<Key, Message>> {
  return bundle;
}
