import { Link, useLocation } from 'wouter';
import { useT } from '../../i18n/i18n-context';
import { Avatar } from './account-display';
import { useSession } from './session-context';

/** The top bar's way to the account: the person's initial when signed in, a sign-in icon otherwise. */
export function AccountLink() {
  const t = useT();
  const { session } = useSession();
  const [location] = useLocation();
  if (session.status === 'signedIn') {
    return (
      <Link
        href="/account"
        className="account-link"
        aria-label={t('nav.account')}
        aria-current={location === '/account' ? 'page' : undefined}
      >
        <Avatar name={session.account.displayName} size="s" />
      </Link>
    );
  }
  return (
    <Link href="/signin" className="account-link" aria-label={t('nav.signIn')} aria-current={location === '/signin' ? 'page' : undefined}>
      <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
        <circle cx="12" cy="8.5" r="3.8" fill="none" stroke="currentColor" strokeWidth="1.8" />
        <path d="M4.8 19.5c1.2-3.3 4-5 7.2-5s6 1.7 7.2 5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
    </Link>
  );
}
