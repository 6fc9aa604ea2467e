import { Link, useLocation, useSearch } from 'wouter';
import { useT } from '../../i18n/i18n-context';
import { Avatar } from './account-display';
import { signInPath } from './roles';
import { useSession } from './session-context';

/**
 * The top bar's way to the account: the person's initial when signed in, a sign-in icon
 * otherwise. Signing in from a page comes back to it, address and all: a configuration in the
 * making lives in its query, so the buyer finds their car as they left it.
 */
export function AccountLink() {
  const t = useT();
  const { session } = useSession();
  const [location] = useLocation();
  const search = useSearch();
  const onAuthPage = location === '/signin' || location === '/signup';
  const signIn = onAuthPage ? '/signin' : signInPath(search ? `${location}?${search}` : location);
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
    <Link href={signIn} className="account-link" aria-label={t('nav.signIn')} aria-current={location === '/signin' ? 'page' : undefined}>
      <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
        <circle cx="12" cy="8.5" r="3.8" fill="none" stroke="currentColor" strokeWidth="1.8" />
        <path d="M4.8 19.5c1.2-3.3 4-5 7.2-5s6 1.7 7.2 5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
    </Link>
  );
}
