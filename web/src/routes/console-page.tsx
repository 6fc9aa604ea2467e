import { useEffect } from 'react';
import { RequireAccount } from '../features/accounts/require-account';
import { CONSOLE_ROLES } from '../features/accounts/roles';
import { useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { ConsoleLayout } from '../ui/console-layout';

interface ConsolePageProps {
  title: MessageKey;
  subtitle: MessageKey;
}

/** The empty shell of a staff console: its heading, its navigation, and room for the tools to come. */
export function ConsolePage({ title, subtitle }: ConsolePageProps) {
  const t = useT();
  useEffect(() => {
    document.title = `${t(title)} · Vitrine`;
  }, [t, title]);

  return (
    <>
      <header className="console-header">
        <h1 className="console-header__title">{t(title)}</h1>
        <p className="console-header__subtitle">{t(subtitle)}</p>
      </header>
      <section className="empty-state" aria-labelledby="console-empty-title">
        <svg className="empty-state__icon" viewBox="0 0 48 48" aria-hidden="true">
          <rect x="7" y="10" width="34" height="28" rx="5" fill="none" stroke="currentColor" strokeWidth="2.5" />
          <path d="M7 18h34M14 26h12M14 31h8" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
        </svg>
        <h2 className="empty-state__title" id="console-empty-title">
          {t('console.emptyTitle')}
        </h2>
        <p className="empty-state__body">{t('console.emptyBody')}</p>
      </section>
    </>
  );
}

export function DealerConsole() {
  return (
    <RequireAccount roles={CONSOLE_ROLES.dealer} pageName="nav.dealer" frame={ConsoleLayout}>
      <ConsolePage title="console.dealer.title" subtitle="console.dealer.subtitle" />
    </RequireAccount>
  );
}

export function BrandConsole() {
  return (
    <RequireAccount roles={CONSOLE_ROLES.admin} pageName="nav.admin" frame={ConsoleLayout}>
      <ConsolePage title="console.admin.title" subtitle="console.admin.subtitle" />
    </RequireAccount>
  );
}
