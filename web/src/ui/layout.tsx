import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { isNotFound } from '../api/client';
import { AccountLink } from '../features/accounts/account-link';
import { storePaths } from '../features/catalog/catalog.api';
import { storeColours, useOptionalStore } from '../features/stores/store-context';
import { useT } from '../i18n/i18n-context';
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

/** The buyer's frame: the store's brand, mark and colours when the page has a store. */
export function StoreLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const pageStore = useOptionalStore();
  // An address naming no store shows the marketplace's frame, not a store that does not exist.
  const store = pageStore && !isNotFound(pageStore.summary.error) ? pageStore : null;
  const summary = store?.summary.data;
  const brand = store ? (
    <Link href={storePaths.home(store.slug)} className="wordmark wordmark--store">
      {summary?.branding?.mark && (
        <span className="store-mark" aria-hidden="true">
          {summary.branding.mark}
        </span>
      )}
      {summary?.brand ?? store.slug}
    </Link>
  ) : (
    <Link href="/" className="wordmark">
      Vitrine
    </Link>
  );
  // Buyers only: staff open /dealer or /admin themselves, and signing in takes them to their console.
  const footer = <p className="footer__note">{t('layout.footerNote')}</p>;
  return (
    // Colours are set through the CSSOM (React's style prop), which the CSP allows; markup never carries them.
    <div className={store ? 'store-frame' : 'hall-frame'} style={storeColours(summary)}>
      <Layout brand={brand} footer={footer}>
        {children}
      </Layout>
    </div>
  );
}
