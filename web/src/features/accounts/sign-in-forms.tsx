import { useId, useRef, useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { useLocale, useT } from '../../i18n/i18n-context';
import { Field, FormAlert, PasswordField } from '../../ui/form';
import { signInWithCode, signInWithPassword } from './accounts.api';
import { checkCode, checkIdentifier, describeAuthError, type FormProblem } from './auth-errors';
import { SendCodeButton, useCodeRequest } from './code-request';
import { useSession } from './session-context';

interface IdentifierProps {
  /** Shared by both ways of signing in: switching tabs keeps what was typed. */
  identifier: string;
  onIdentifierChange(identifier: string): void;
}

export function PasswordSignInForm({ identifier, onIdentifierChange }: IdentifierProps) {
  const t = useT();
  const { signedIn } = useSession();
  const errorId = useId();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const invalid =
      checkIdentifier(identifier) ?? (password ? undefined : ({ key: 'auth.error.passwordRequired', field: 'password' } as const));
    setProblem(invalid);
    if (invalid) return;
    setBusy(true);
    try {
      signedIn(await signInWithPassword(identifier.trim(), password));
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
        onChange={(event) => onIdentifierChange(event.target.value)}
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
  const { signedIn } = useSession();
  const errorId = useId();
  const codeInput = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);
  const codeRequest = useCodeRequest(identifier);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const invalid = checkIdentifier(identifier) ?? checkCode(code);
    setProblem(invalid);
    if (invalid) return;
    setBusy(true);
    try {
      signedIn(await signInWithCode(identifier.trim(), code, locale));
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
        onChange={(event) => onIdentifierChange(event.target.value)}
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
            : t('auth.signIn.codeNote')
        }
      />
      {problem && <FormAlert id={errorId}>{t(problem.key, problem.params)}</FormAlert>}
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {t(busy ? 'auth.signIn.submitting' : 'auth.signIn.submit')}
      </button>
    </form>
  );
}

interface CodeFieldProps {
  ref?: Ref<HTMLInputElement>;
  code: string;
  onCodeChange(code: string): void;
  invalid: boolean;
  errorId: string;
  sendButton: ReactNode;
  hint: string;
}

/** Six digits, with the phone's one-time-code autofill, and the button that sends them beside it. */
export function CodeField({ ref, code, onCodeChange, invalid, errorId, sendButton, hint }: CodeFieldProps) {
  const t = useT();
  return (
    <Field
      ref={ref}
      label={t('auth.field.code')}
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      placeholder={t('auth.field.codePlaceholder')}
      value={code}
      onChange={(event) => onCodeChange(event.target.value.replace(/\D/g, '').slice(0, 6))}
      invalid={invalid}
      errorId={errorId}
      trailing={sendButton}
      hint={hint}
    />
  );
}
