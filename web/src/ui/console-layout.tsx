import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { Layout } from './layout';

const CONSOLE_LINKS: { href: string; label: MessageKey }[] = [
  { href: '/', label: 'nav.storefront' },
  { href: '/dealer', label: 'nav.dealer' },
  { href: '/admin', label: 'nav.admin' },
];

/** The staff frame shared by the dealer and brand consoles. */
export function ConsoleLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const [location] = useLocation();
  const brand = (
    <Link href="/" className="wordmark">
      Vitrine
    </Link>
  );
  const subnav = (
    <nav className="subnav" aria-label={t('layout.staffLinks')}>
      <ul className="subnav__list">
        {CONSOLE_LINKS.map(({ href, label }) => (
          <li key={href}>
            <Link href={href} className="subnav__link" aria-current={location === href ? 'page' : undefined}>
              {t(label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
  return (
    <Layout brand={brand} subnav={subnav} footer={<p className="footer__note">Vitrine</p>}>
      {children}
    </Layout>
  );
}
