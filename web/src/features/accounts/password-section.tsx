import { useId, useState, type FormEvent } from 'react';
import { useT } from '../../i18n/i18n-context';
import { FormAlert, FormSuccess, PasswordField } from '../../ui/form';
import { changePassword, type Account } from './accounts.api';
import { checkNewPassword, describeAuthError, type FormProblem } from './auth-errors';
import { useSession } from './session-context';

/** Change the password, or set a first one for an account made with a code; other sessions end. */
export function PasswordSection({ account, onOtherSessionsEnded }: { account: Account; onOtherSessionsEnded(): void }) {
  const t = useT();
  const { signedIn } = useSession();
  const errorId = useId();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [problem, setProblem] = useState<FormProblem>();
  const [revoked, setRevoked] = useState<number>();
  const [busy, setBusy] = useState(false);
  const hasPassword = account.hasPassword;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRevoked(undefined);
    const invalid =
      (hasPassword && !currentPassword
        ? ({ key: 'auth.error.passwordRequired', field: 'currentPassword' } as const)
        : undefined) ?? checkNewPassword(newPassword);
    setProblem(invalid);
    if (invalid) return;
    setBusy(true);
    try {
      const answer = await changePassword(newPassword, hasPassword ? currentPassword : undefined);
      setRevoked(answer.revokedSessions);
      setCurrentPassword('');
      setNewPassword('');
      // This session was renewed too: carry on with its new CSRF token.
      signedIn({ account: { ...account, hasPassword: true }, csrfToken: answer.csrfToken });
      onOtherSessionsEnded();
    } catch (error) {
      setProblem(describeAuthError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 className="panel__title" id="password-title">
        {t('account.password.title')}
      </h2>
      <p className="panel__intro">{t(hasPassword ? 'account.password.changeIntro' : 'account.password.setIntro')}</p>
      <form className="form" onSubmit={submit} noValidate>
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={account.phone ?? account.email ?? ''} readOnly hidden />
        {hasPassword && (
          <PasswordField
            label={t('account.password.current')}
            name="current-password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.target.value)}
            invalid={problem?.field === 'currentPassword'}
            errorId={errorId}
          />
        )}
        <PasswordField
          label={t('account.password.new')}
          name="new-password"
          autoComplete="new-password"
          maxLength={128}
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
          hint={t('auth.field.passwordRule')}
          invalid={problem?.field === 'newPassword'}
          errorId={errorId}
        />
        {problem && <FormAlert id={errorId}>{t(problem.key, problem.params)}</FormAlert>}
        {revoked !== undefined && <FormSuccess>{t('account.password.changed', { count: revoked })}</FormSuccess>}
        <div>
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t(busy ? 'account.password.saving' : hasPassword ? 'account.password.change' : 'account.password.set')}
          </button>
        </div>
      </form>
    </section>
  );
}
