import type { ComponentType, ReactNode } from 'react';
import { Link, Redirect, useLocation, useSearch } from 'wouter';
import { useT } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { StoreLayout } from '../../ui/layout';
import { ErrorState, LoadingState } from '../../ui/request-states';
import { useDocumentTitle } from '../../ui/use-document-title';
import type { Account, Role } from './accounts.api';
import { roleLabel } from './account-display';
import { homeLabelOf, homeOf, signInPath } from './roles';
import { useSession } from './session-context';

interface RequireAccountProps {
  /** Who may see the page; any signed-in account when omitted. */
  roles?: readonly Role[];
  /** The page's name, for the "not allowed" message. */
  pageName: MessageKey;
  /** The page's frame, shown while the session loads too, so the page does not jump. */
  frame: ComponentType<{ children: ReactNode }>;
  children: ReactNode;
}

/**
 * A page for signed-in people only. Nobody signed in: off to sign-in, coming back here after.
 * The wrong role: a page that says so and offers to switch account. The server checks every
 * call again; this only spares people a page that cannot work for them.
 */
export function RequireAccount({ roles, pageName, frame: Frame, children }: RequireAccountProps) {
  const { session, refresh } = useSession();
  const [location] = useLocation();
  const search = useSearch();

  if (session.status === 'signedOut') {
    return <Redirect to={signInPath(search ? `${location}?${search}` : location)} replace />;
  }
  if (session.status === 'loading') {
    return (
      <Frame>
        <LoadingState>
          <div className="page-spinner" />
        </LoadingState>
      </Frame>
    );
  }
  if (session.status === 'unavailable') {
    return (
      <Frame>
        <ErrorState onRetry={refresh} />
      </Frame>
    );
  }
  if (roles && !roles.includes(session.account.role)) {
    return <NotAllowed account={session.account} pageName={pageName} />;
  }
  return <Frame>{children}</Frame>;
}

function NotAllowed({ account, pageName }: { account: Account; pageName: MessageKey }) {
  const t = useT();
  const { signOut } = useSession();
  const [location] = useLocation();
  useDocumentTitle(t('guard.notAllowed.title'));
  return (
    <StoreLayout>
      <section className="notice" aria-labelledby="not-allowed-title">
        <svg className="notice__icon notice__icon--muted" viewBox="0 0 24 24" aria-hidden="true">
          <rect x="5" y="10.5" width="14" height="10" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <path d="M8.5 10.5V8a3.5 3.5 0 0 1 7 0v2.5M12 14.5v2.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
        <h1 className="notice__title" id="not-allowed-title">
          {t('guard.notAllowed.title')}
        </h1>
        <p className="notice__body">
          {t('guard.notAllowed.body', { name: account.displayName, role: roleLabel(account.role, t), page: t(pageName) })}
        </p>
        <div className="notice__actions">
          <button type="button" className="button button--primary" onClick={() => signOut({ then: signInPath(location) })}>
            {t('guard.switchAccount')}
          </button>
          <Link href={homeOf(account.role)} className="button button--secondary">
            {t(homeLabelOf(account.role))}
          </Link>
        </div>
      </section>
    </StoreLayout>
  );
}
