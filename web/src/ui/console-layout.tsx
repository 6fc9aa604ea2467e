import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { Role } from '../features/accounts/accounts.api';
import { ConsoleIdentity } from '../features/accounts/console-identity';
import { CONSOLE_ROLES } from '../features/accounts/roles';
import { useSession } from '../features/accounts/session-context';
import { useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { Layout } from './layout';

const CONSOLE_LINKS: { href: string; label: MessageKey; roles?: readonly Role[] }[] = [
  { href: '/', label: 'nav.storefront' },
  { href: '/dealer', label: 'nav.dealer', roles: CONSOLE_ROLES.dealer },
  { href: '/admin', label: 'nav.admin', roles: CONSOLE_ROLES.admin },
];

/** The staff frame shared by the dealer and brand consoles: who is signed in comes first. */
export function ConsoleLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const [location] = useLocation();
  const { session } = useSession();
  // Only the consoles this account may open; before the session is known, all of them.
  const links = CONSOLE_LINKS.filter(
    ({ roles }) => !roles || session.status !== 'signedIn' || roles.includes(session.account.role),
  );
  const brand = (
    <Link href="/" className="wordmark">
      Vitrine
    </Link>
  );
  const subnav = (
    <nav className="subnav" aria-label={t('layout.staffLinks')}>
      <ul className="subnav__list">
        {links.map(({ href, label }) => (
          <li key={href}>
            <Link href={href} className="subnav__link" aria-current={location === href || (href !== '/' && location.startsWith(`${href}/`)) ? 'page' : undefined}>
              {t(label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
  return (
    <Layout brand={brand} subnav={subnav} footer={<p className="footer__note">Vitrine</p>}>
      <ConsoleIdentity />
      {children}
    </Layout>
  );
}
