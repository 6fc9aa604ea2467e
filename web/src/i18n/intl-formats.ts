/*
 * Intl formatters, made once per locale and options. Building one costs far more than using it
 * (the compact money of a budget chip took most of a store page's first render on a slow phone),
 * and pages format in loops: cards, chips, table rows. The options are the code's own, so the
 * cache stays as small as the set of formats the app uses, times its three languages.
 */
type Locales = string | undefined;

function cached<Options, Format>(make: (locale: Locales, options: Options | undefined) => Format): (locale: Locales, options?: Options) => Format {
  const formats = new Map<string, Format>();
  return (locale, options) => {
    const key = `${locale ?? ''}\u0000${JSON.stringify(options ?? {})}`;
    let format = formats.get(key);
    if (format === undefined) formats.set(key, (format = make(locale, options)));
    return format;
  };
}

export const numberFormat = cached<Intl.NumberFormatOptions, Intl.NumberFormat>((locale, options) => new Intl.NumberFormat(locale, options));
export const dateTimeFormat = cached<Intl.DateTimeFormatOptions, Intl.DateTimeFormat>((locale, options) => new Intl.DateTimeFormat(locale, options));
export const listFormat = cached<Intl.ListFormatOptions, Intl.ListFormat>((locale, options) => new Intl.ListFormat(locale, options));
export const pluralRules = cached<Intl.PluralRulesOptions, Intl.PluralRules>((locale, options) => new Intl.PluralRules(locale, options));
