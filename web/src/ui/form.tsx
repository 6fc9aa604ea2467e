import { useId, useState, type ComponentProps, type ReactNode } from 'react';
import { useT } from '../i18n/i18n-context';

interface FieldProps extends Omit<ComponentProps<'input'>, 'className'> {
  label: string;
  /** Shown after the label, as "optional". */
  optionalNote?: string | undefined;
  hint?: string | undefined;
  invalid?: boolean | undefined;
  /** The form's error message, read out with the field when it is the invalid one. */
  errorId?: string | undefined;
  /** A button inside the field's box, after the input (show password, send code). */
  trailing?: ReactNode;
}

/** A labelled input: the label above, the hint below, the box marked when the form's error is about it. */
export function Field({ label, optionalNote, hint, invalid, errorId, trailing, id, ...input }: FieldProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const describedBy = [hintId, invalid ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label className="field__label" htmlFor={inputId}>
        {label}
        {optionalNote && <span className="field__optional">{optionalNote}</span>}
      </label>
      <div className="field__box" data-invalid={invalid || undefined}>
        <input
          id={inputId}
          className="field__input"
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          {...input}
        />
        {trailing}
      </div>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** A password input with a show/hide toggle: typing a password on a phone keyboard is error-prone. */
export function PasswordField(props: Omit<FieldProps, 'type' | 'trailing'>) {
  const t = useT();
  const [visible, setVisible] = useState(false);
  const toggle = (
    <button
      type="button"
      className="field__icon-button"
      aria-label={t(visible ? 'auth.hidePassword' : 'auth.showPassword')}
      aria-pressed={visible}
      onClick={() => setVisible((shown) => !shown)}
    >
      <EyeIcon crossed={visible} />
    </button>
  );
  return <Field {...props} type={visible ? 'text' : 'password'} trailing={toggle} />;
}

function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
      <path
        d="M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.7"
        strokeLinejoin="round"
      />
      <circle cx="12" cy="12" r="3" fill="none" stroke="currentColor" strokeWidth="1.7" />
      {crossed && <path d="M4 20 20 4" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />}
    </svg>
  );
}

/** The one error of a form, announced as soon as it appears. */
export function FormAlert({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p className="form-message form-message--error" role="alert" id={id}>
      <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" className="form-message__icon">
        <circle cx="10" cy="10" r="8.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M10 5.8v5.2m0 2.6v.4" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      <span>{children}</span>
    </p>
  );
}

/** A form's success, announced politely. */
export function FormSuccess({ children }: { children: ReactNode }) {
  return (
    <p className="form-message form-message--success" role="status">
      <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" className="form-message__icon">
        <circle cx="10" cy="10" r="8.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="m6.5 10.2 2.3 2.3 4.7-4.9" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span>{children}</span>
    </p>
  );
}
