import { useState } from 'react';
import type { Account } from '../features/accounts/accounts.api';
import { formatDate } from '../features/accounts/account-dates';
import { Avatar, formatPhone, roleLabel } from '../features/accounts/account-display';
import { ApiTokensSection } from '../features/accounts/api-tokens-section';
import { PasswordSection } from '../features/accounts/password-section';
import { ProfileSection } from '../features/accounts/profile-section';
import { RequireAccount } from '../features/accounts/require-account';
import { API_TOKEN_ROLES, STAFF_ROLES } from '../features/accounts/roles';
import { SecondFactorSection } from '../features/accounts/second-factor-section';
import { SessionsSection } from '../features/accounts/sessions-section';
import { useAccount, useSession } from '../features/accounts/session-context';
import { MyOrdersLink, SavedConfigurationsSection } from '../features/orders/account-sections';
import { MyTestDrivesLink } from '../features/test-drives/test-drive-links';
import { MyVouchersLink } from '../features/vouchers/my-vouchers-link';
import { useLocale, useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';
import { useDocumentTitle } from '../ui/use-document-title';
import './account-page.css';

export function AccountPage() {
  return (
    <RequireAccount pageName="nav.account" frame={StoreLayout}>
      <AccountOverview />
    </RequireAccount>
  );
}

function AccountOverview() {
  const t = useT();
  const account = useAccount();
  // A new password ends the other sessions: the list then reloads.
  const [sessionsVersion, setSessionsVersion] = useState(0);
  useDocumentTitle(t('account.title'));

  return (
    <div className="account">
      <AccountHeader account={account} />
      {account.role === 'buyer' && <MyOrdersLink />}
      {account.role === 'buyer' && <MyVouchersLink />}
      {account.role === 'buyer' && <MyTestDrivesLink />}
      {account.role === 'buyer' && <SavedConfigurationsSection />}
      <ProfileSection account={account} />
      <PasswordSection account={account} onOtherSessionsEnded={() => setSessionsVersion((n) => n + 1)} />
      {STAFF_ROLES.includes(account.role) && <SecondFactorSection />}
      <SessionsSection version={sessionsVersion} />
      {API_TOKEN_ROLES.includes(account.role) && <ApiTokensSection />}
      <SignOutSection />
    </div>
  );
}

function AccountHeader({ account }: { account: Account }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <section className="account-card" aria-labelledby="account-name">
      <div className="account-card__hero">
        <Avatar name={account.displayName} size="l" />
        <div className="account-card__who">
          <h1 className="account-card__name" id="account-name">
            {account.displayName}
          </h1>
          <p className="account-card__meta">
            <span className="badge badge--on-dark">{roleLabel(account.role, t)}</span>
            <span>{t('account.memberSince', { date: formatDate(account.createdAt, locale) })}</span>
          </p>
        </div>
      </div>
      <dl className="facts">
        <div className="facts__row">
          <dt>{t('account.phone')}</dt>
          <dd>{account.phone ? formatPhone(account.phone) : <span className="facts__empty">{t('account.notSet')}</span>}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('account.email')}</dt>
          <dd>{account.email ?? <span className="facts__empty">{t('account.notSet')}</span>}</dd>
        </div>
      </dl>
    </section>
  );
}

function SignOutSection() {
  const t = useT();
  const { signOut } = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <section className="panel panel--row" aria-labelledby="signout-title">
      <div>
        <h2 className="panel__title" id="signout-title">
          {t('account.signOut')}
        </h2>
        <p className="panel__intro">{t('account.signOutIntro')}</p>
      </div>
      <button
        type="button"
        className="button button--danger"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void signOut({ then: '/' });
        }}
      >
        {t('account.signOut')}
      </button>
    </section>
  );
}
