import { useId, useState } from 'react';
import { useLocale, useT } from '../../i18n/i18n-context';
import { FormAlert, PasswordField } from '../../ui/form';
import { completeSecondFactor, signInWithCode, signInWithPassword, type SecondFactorChallenge } from './accounts.api';
import { checkCode, checkIdentifier } from './auth-errors';
import { IdentifierAndCodeFields, IdentifierField, OneTimeCodeField } from './identifier-fields';
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
  const [challenge, setChallenge] = useState<SecondFactorChallenge>();
  const { problem, busy, submit } = useSignIn(
    () => checkIdentifier(identifier) ?? (password ? undefined : ({ key: 'auth.error.passwordRequired', field: 'password' } as const)),
    async () => {
      const answer = await signInWithPassword(identifier.trim(), password);
      if (!('secondFactor' in answer)) return answer;
      setChallenge(answer);
      return undefined;
    },
  );

  if (challenge) {
    return (
      <SecondFactorForm
        challenge={challenge}
        onRestart={() => {
          setChallenge(undefined);
          setPassword('');
        }}
      />
    );
  }

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

/**
 * The second step of a staff sign-in: the code sent by SMS, or the one the authenticator app
 * shows. The challenge is single use and short lived; starting again asks for the password.
 */
function SecondFactorForm({ challenge, onRestart }: { challenge: SecondFactorChallenge; onRestart(): void }) {
  const t = useT();
  const errorId = useId();
  const [code, setCode] = useState('');
  const { problem, busy, submit } = useSignIn(
    () => checkCode(code),
    () => completeSecondFactor(challenge.challenge, code),
  );
  const byApp = challenge.methods.includes('totp');

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="second-factor-title">
      <h2 className="auth__step" id="second-factor-title">
        {t('auth.secondFactor.title')}
      </h2>
      <p className="auth__note">
        {byApp ? t('auth.secondFactor.totp') : t('auth.secondFactor.sms', { destination: challenge.destination ?? '' })}
      </p>
      <OneTimeCodeField
        label={t('auth.secondFactor.code')}
        name="second-factor-code"
        code={code}
        onCodeChange={setCode}
        invalid={problem?.field === 'code'}
        errorId={errorId}
        autoFocus
      />
      {problem && <FormAlert id={errorId}>{t(problem.key, problem.params)}</FormAlert>}
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {t(busy ? 'auth.signIn.submitting' : 'auth.secondFactor.submit')}
      </button>
      <button type="button" className="button button--quiet button--block" onClick={onRestart}>
        {t('auth.secondFactor.restart')}
      </button>
    </form>
  );
}
