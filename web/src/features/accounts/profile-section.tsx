import { useId, useState, type FormEvent } from 'react';
import { useT } from '../../i18n/i18n-context';
import { Field, FormAlert, FormSuccess } from '../../ui/form';
import { updateProfile, type Account } from './accounts.api';
import { describeAuthError, type FormProblem } from './auth-errors';
import { useSession } from './session-context';

export function ProfileSection({ account }: { account: Account }) {
  const t = useT();
  const { accountChanged } = useSession();
  const errorId = useId();
  const [name, setName] = useState(account.displayName);
  const [problem, setProblem] = useState<FormProblem>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const unchanged = name.trim() === account.displayName;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const displayName = name.trim();
    if (!displayName) {
      setProblem({ key: 'account.profile.nameRequired', field: 'displayName' });
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      const answer = await updateProfile({ displayName });
      accountChanged(answer.account);
      setName(answer.account.displayName);
      setSaved(true);
    } catch (error) {
      setProblem(describeAuthError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 className="panel__title" id="profile-title">
        {t('account.profile.title')}
      </h2>
      <form className="form form--inline" onSubmit={submit} noValidate>
        <Field
          label={t('auth.field.displayName')}
          name="nickname"
          autoComplete="nickname"
          maxLength={60}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setSaved(false);
          }}
          invalid={problem?.field === 'displayName'}
          errorId={errorId}
        />
        <button type="submit" className="button button--secondary" disabled={busy || unchanged}>
          {t(busy ? 'account.profile.saving' : 'account.profile.save')}
        </button>
      </form>
      {problem && <FormAlert id={errorId}>{t(problem.key, problem.params)}</FormAlert>}
      {saved && <FormSuccess>{t('account.profile.saved')}</FormSuccess>}
    </section>
  );
}
