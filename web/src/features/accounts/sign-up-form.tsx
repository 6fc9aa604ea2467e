import { useId, useState } from 'react';
import { useLocale, useT } from '../../i18n/i18n-context';
import { Field, FormAlert, PasswordField } from '../../ui/form';
import { register } from './accounts.api';
import { checkCode, checkIdentifier, checkNewPassword } from './auth-errors';
import { IdentifierAndCodeFields } from './identifier-fields';
import { useSignIn } from './use-sign-in';

/** A buyer account with a password; the code proves the phone or email belongs to whoever signs up. */
export function SignUpForm() {
  const t = useT();
  const { locale } = useLocale();
  const errorId = useId();
  const [identifier, setIdentifier] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const { problem, setProblem, busy, submit } = useSignIn(
    () => checkIdentifier(identifier) ?? checkCode(code) ?? checkNewPassword(password),
    () => {
      const name = displayName.trim();
      return register({ identifier: identifier.trim(), code, password, locale, ...(name ? { displayName: name } : {}) });
    },
  );

  return (
    <form className="form" onSubmit={submit} noValidate>
      <IdentifierAndCodeFields
        identifier={identifier}
        onIdentifierChange={setIdentifier}
        code={code}
        onCodeChange={setCode}
        problem={problem}
        onProblem={setProblem}
        errorId={errorId}
      />
      <PasswordField
        label={t('auth.field.newPassword')}
        name="new-password"
        autoComplete="new-password"
        minLength={8}
        maxLength={128}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        hint={t('auth.field.passwordRule')}
        invalid={problem?.field === 'newPassword' || problem?.field === 'password'}
        errorId={errorId}
      />
      <Field
        label={t('auth.field.displayName')}
        optionalNote={t('auth.field.optional')}
        name="nickname"
        autoComplete="nickname"
        maxLength={60}
        value={displayName}
        onChange={(event) => setDisplayName(event.target.value)}
      />
      {problem && <FormAlert id={errorId}>{t(problem.key, problem.params)}</FormAlert>}
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {t(busy ? 'auth.signUp.submitting' : 'auth.signUp.submit')}
      </button>
    </form>
  );
}
