import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { AccountLink } from '../features/accounts/account-link';
import { fetchStore } from '../features/catalog/catalog.api';
import { useRequest } from '../api/use-request';
import { useLocale, useT } from '../i18n/i18n-context';
import { LanguageSwitch } from './language-switch';

interface LayoutProps {
  brand: ReactNode;
  subnav?: ReactNode;
  footer: ReactNode;
  children: ReactNode;
}

/** The frame of every page: skip link, a sticky top bar with the language switch and the account, the page, a footer. */
export function Layout({ brand, subnav, footer, children }: LayoutProps) {
  const t = useT();
  return (
    <>
      <a href="#main" className="skip-link">
        {t('layout.skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          {brand}
          <div className="topbar__actions">
            <LanguageSwitch />
            <AccountLink />
          </div>
        </div>
        {subnav}
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <div className="footer__inner">{footer}</div>
      </footer>
    </>
  );
}

/** The buyer's frame: the store's brand, and a discreet way in for staff. */
export function StoreLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const { locale } = useLocale();
  const store = useRequest((signal) => fetchStore(locale, signal), [locale]);
  const brand = (
    <Link href="/" className="wordmark">
      {store.data?.brand ?? 'Vitrine'}
    </Link>
  );
  const footer = (
    <>
      <p className="footer__note">{t('layout.footerNote')}</p>
      <nav className="footer__links" aria-label={t('layout.staffLinks')}>
        <Link href="/dealer">{t('nav.dealer')}</Link>
        <Link href="/admin">{t('nav.admin')}</Link>
      </nav>
    </>
  );
  return (
    <Layout brand={brand} footer={footer}>
      {children}
    </Layout>
  );
}
