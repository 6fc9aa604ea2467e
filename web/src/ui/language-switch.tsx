import { useLocale, useT } from '../i18n/i18n-context';
import { LOCALE_NAMES, LOCALES } from '../i18n/locales';

export function LanguageSwitch() {
  const { locale, pendingLocale, setLocale } = useLocale();
  const t = useT();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className="language-switch__option"
          aria-pressed={option === locale}
          aria-busy={option === pendingLocale || undefined}
          onClick={() => setLocale(option)}
        >
          {LOCALE_NAMES[option]}
        </button>
      ))}
    </div>
  );
}
