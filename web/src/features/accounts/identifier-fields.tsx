import { useRef, useState, type ComponentProps } from 'react';
import { useT } from '../../i18n/i18n-context';
import { Field } from '../../ui/form';
import type { FormProblem } from './auth-errors';
import { SendCodeButton, useCodeRequest } from './code-request';
import { identifierKindOf, type IdentifierKind } from './identifier-kind';

interface IdentifierFieldProps {
  identifier: string;
  onIdentifierChange(identifier: string): void;
  invalid: boolean;
  errorId: string;
}

/**
 * A mobile number or an email, as the password manager files it under "username". Most buyers
 * sign in with their mobile, so the phone opens its number pad; one tap switches to the email
 * keyboard, and anything that can only be an email switches by itself.
 */
export function IdentifierField({ identifier, onIdentifierChange, invalid, errorId }: IdentifierFieldProps) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<IdentifierKind>('phone');
  const kind = identifierKindOf(identifier, chosen);
  const other: IdentifierKind = kind === 'phone' ? 'email' : 'phone';
  const switchKind = (
    <button
      type="button"
      className="field__text-button"
      // Typed letters already make it an email: nothing to switch back to until they are gone.
      hidden={identifierKindOf(identifier) === 'email'}
      onClick={() => {
        setChosen(other);
        input.current?.focus();
      }}
    >
      {t(other === 'email' ? 'auth.field.useEmail' : 'auth.field.usePhone')}
    </button>
  );
  return (
    <Field
      ref={input}
      label={t('auth.field.identifier')}
      name="username"
      autoComplete="username"
      type={kind === 'phone' ? 'tel' : 'email'}
      inputMode={kind === 'phone' ? 'tel' : 'email'}
      autoCapitalize="off"
      spellCheck={false}
      placeholder={t(kind === 'phone' ? 'auth.field.phonePlaceholder' : 'auth.field.emailPlaceholder')}
      value={identifier}
      onChange={(event) => onIdentifierChange(event.target.value)}
      invalid={invalid}
      errorId={errorId}
      trailing={switchKind}
    />
  );
}

interface IdentifierAndCodeFieldsProps {
  identifier: string;
  onIdentifierChange(identifier: string): void;
  code: string;
  onCodeChange(code: string): void;
  /** The form's problem: marks the field it is about. */
  problem: FormProblem | undefined;
  /** Called with the problem sending a code met, or undefined once it is sent. */
  onProblem(problem: FormProblem | undefined): void;
  errorId: string;
  /** Under the code field until a code is sent. */
  idleHint?: string | undefined;
}

/**
 * The identifier, then the code sent to it with the button that sends it (and counts down
 * before another); once sent, the hint says where to and for how long it is good.
 */
export function IdentifierAndCodeFields({
  identifier,
  onIdentifierChange,
  code,
  onCodeChange,
  problem,
  onProblem,
  errorId,
  idleHint,
}: IdentifierAndCodeFieldsProps) {
  const t = useT();
  const codeInput = useRef<HTMLInputElement>(null);
  const codeRequest = useCodeRequest(identifier);
  return (
    <>
      <IdentifierField
        identifier={identifier}
        onIdentifierChange={onIdentifierChange}
        invalid={problem?.field === 'identifier'}
        errorId={errorId}
      />
      <OneTimeCodeField
        ref={codeInput}
        label={t('auth.field.code')}
        name="code"
        code={code}
        onCodeChange={onCodeChange}
        invalid={problem?.field === 'code'}
        errorId={errorId}
        trailing={
          <SendCodeButton
            request={codeRequest}
            onProblem={(sendProblem) => {
              onProblem(sendProblem);
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
            : idleHint
        }
      />
    </>
  );
}

type OneTimeCodeFieldProps = Omit<ComponentProps<typeof Field>, 'value' | 'onChange' | 'inputMode' | 'autoComplete' | 'pattern' | 'maxLength'> & {
  code: string;
  onCodeChange(code: string): void;
};

/** Six digits, with the phone's one-time-code autofill: SMS codes and authenticator codes alike. */
export function OneTimeCodeField({ code, onCodeChange, ...field }: OneTimeCodeFieldProps) {
  const t = useT();
  return (
    <Field
      placeholder={t('auth.field.codePlaceholder')}
      {...field}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      value={code}
      onChange={(event) => onCodeChange(event.target.value.replace(/\D/g, '').slice(0, 6))}
    />
  );
}
