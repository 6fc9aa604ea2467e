import { useId, useRef, useState, type FormEvent } from 'react';
import { useLocale, useT } from '../../i18n/i18n-context';
import { Field, FormAlert, PasswordField } from '../../ui/form';
import { register } from './accounts.api';
import { checkCode, checkIdentifier, checkNewPassword, describeAuthError, type FormProblem } from './auth-errors';
import { SendCodeButton, useCodeRequest } from './code-request';
import { useSession } from './session-context';
import { CodeField } from './sign-in-forms';

/** A buyer account with a password; the code proves the phone or email belongs to whoever signs up. */
export function SignUpForm() {
  const t = useT();
  const { locale } = useLocale();
  const { signedIn } = useSession();
  const errorId = useId();
  const codeInput = useRef<HTMLInputElement>(null);
  const [identifier, setIdentifier] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);
  const codeRequest = useCodeRequest(identifier);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const invalid = checkIdentifier(identifier) ?? checkCode(code) ?? checkNewPassword(password);
    setProblem(invalid);
    if (invalid) return;
    setBusy(true);
    try {
      const name = displayName.trim();
      signedIn(await register({ identifier: identifier.trim(), code, password, locale, ...(name ? { displayName: name } : {}) }));
    } catch (error) {
      setProblem(describeAuthError(error));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <Field
        label={t('auth.field.identifier')}
        name="username"
        autoComplete="username"
        inputMode="email"
        autoCapitalize="off"
        spellCheck={false}
        placeholder={t('auth.field.identifierPlaceholder')}
        value={identifier}
        onChange={(event) => setIdentifier(event.target.value)}
        invalid={problem?.field === 'identifier'}
        errorId={errorId}
      />
      <CodeField
        ref={codeInput}
        code={code}
        onCodeChange={setCode}
        invalid={problem?.field === 'code'}
        errorId={errorId}
        sendButton={
          <SendCodeButton
            request={codeRequest}
            onProblem={(sendProblem) => {
              setProblem(sendProblem);
              if (!sendProblem) codeInput.current?.focus();
            }}
          />
        }
        hint={
          codeRequest.sent
            ? t('auth.codeSent', {
                destination: codeRequest.sent.destination,
                minutes: Math.round(codeRequest.sent.expiresInSeconds / 60),
              })
            : ''
        }
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
