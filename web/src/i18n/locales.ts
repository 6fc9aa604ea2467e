/** The languages the storefront speaks, in the order the language switch shows them. */
export const LOCALES = ['zh-CN', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Each language named in itself, so a reader finds their own whatever is on screen. */
export const LOCALE_NAMES: Record<Locale, string> = {
  'zh-CN': '中文',
  fr: 'Français',
  en: 'English',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Matches a BCP 47 tag on its primary language, as the server does: "fr-CA" is fr, any "zh" is zh-CN. */
export function matchLocale(tag: string): Locale | undefined {
  const primary = tag.toLowerCase().split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'fr') return 'fr';
  if (primary === 'en') return 'en';
  return undefined;
}
