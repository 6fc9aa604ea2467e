import { useId, useState } from 'react';
import { useLocale, useT } from '../../i18n/i18n-context';
import { FormAlert, PasswordField } from '../../ui/form';
import { signInWithCode, signInWithPassword } from './accounts.api';
import { checkCode, checkIdentifier } from './auth-errors';
import { IdentifierAndCodeFields, IdentifierField } from './identifier-fields';
import { useSignIn } from './use-sign-in';

interface IdentifierProps {
  /** Shared by both ways of signing in: switching tabs keeps what was typed. */
  identifier: string;
  onIdentifierChange(identifier: string): void;
}

export function PasswordSignInForm({ identifier, onIdentifierChange }: IdentifierProps) {
  const t = useT();
  const errorId = useId();
  const [password, setPassword] = useState('');
  const { problem, busy, submit } = useSignIn(
    () => checkIdentifier(identifier) ?? (password ? undefined : ({ key: 'auth.error.passwordRequired', field: 'password' } as const)),
    () => signInWithPassword(identifier.trim(), password),
  );

  return (
    <form className="form" onSubmit={submit} noValidate>
      <IdentifierField
        identifier={identifier}
        onIdentifierChange={onIdentifierChange}
        invalid={problem?.field === 'identifier'}
        errorId={errorId}
      />
      <PasswordField
        label={t('auth.field.password')}
        name="password"
        autoComplete="current-password"
        placeholder={t('auth.field.passwordPlaceholder')}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        invalid={problem?.field === 'password'}
        errorId={errorId}
      />
      {problem && <FormAlert id={errorId}>{t(problem.key, problem.params)}</FormAlert>}
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {t(busy ? 'auth.signIn.submitting' : 'auth.signIn.submit')}
      </button>
    </form>
  );
}

export function CodeSignInForm({ identifier, onIdentifierChange }: IdentifierProps) {
  const t = useT();
  const { locale } = useLocale();
  const errorId = useId();
  const [code, setCode] = useState('');
  const { problem, setProblem, busy, submit } = useSignIn(
    () => checkIdentifier(identifier) ?? checkCode(code),
    () => signInWithCode(identifier.trim(), code, locale),
  );

  return (
    <form className="form" onSubmit={submit} noValidate>
      <IdentifierAndCodeFields
        identifier={identifier}
        onIdentifierChange={onIdentifierChange}
        code={code}
        onCodeChange={setCode}
        problem={problem}
        onProblem={setProblem}
        errorId={errorId}
        idleHint={t('auth.signIn.codeNote')}
      />
      {problem && <FormAlert id={errorId}>{t(problem.key, problem.params)}</FormAlert>}
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {t(busy ? 'auth.signIn.submitting' : 'auth.signIn.submit')}
      </button>
    </form>
  );
}
