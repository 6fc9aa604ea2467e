import { useT } from '../../i18n/i18n-context';
import { Avatar, contactOf, roleLabel } from './account-display';
import { useSession } from './session-context';

/** Who is at the console, and the way out: staff share counters and tablets. */
export function ConsoleIdentity() {
  const t = useT();
  const { session, signOut } = useSession();
  if (session.status !== 'signedIn') return null;
  const { account } = session;
  return (
    <section className="identity" aria-label={t('console.signedInAs')}>
      <Avatar name={account.displayName} />
      <div className="identity__text">
        <p className="identity__name">{account.displayName}</p>
        <p className="identity__meta">
          {roleLabel(account.role, t)} · <span className="identity__contact">{contactOf(account)}</span>
        </p>
      </div>
      <button type="button" className="button button--secondary button--small" onClick={() => signOut({ then: '/signin' })}>
        {t('account.signOut')}
      </button>
    </section>
  );
}
