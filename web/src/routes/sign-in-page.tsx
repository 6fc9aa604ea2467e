import { useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'wouter';
import { AuthFrame, useNextPath, withNext } from '../features/accounts/auth-frame';
import { CodeSignInForm, PasswordSignInForm } from '../features/accounts/sign-in-forms';
import { useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { useDocumentTitle } from '../ui/use-document-title';

const METHODS = [
  { id: 'password', label: 'auth.signIn.tabPassword' },
  { id: 'code', label: 'auth.signIn.tabCode' },
] as const satisfies readonly { id: string; label: MessageKey }[];

type Method = (typeof METHODS)[number]['id'];

export function SignInPage() {
  const t = useT();
  const next = useNextPath();
  const [method, setMethod] = useState<Method>('password');
  const [identifier, setIdentifier] = useState('');
  const tabs = useRef<Partial<Record<Method, HTMLButtonElement | null>>>({});
  useDocumentTitle(t('auth.signIn.title'));

  // The tabs pattern: arrows move between tabs, and the panel follows the focus.
  function onTabKey(event: KeyboardEvent) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const other: Method = method === 'password' ? 'code' : 'password';
    setMethod(other);
    tabs.current[other]?.focus();
  }

  const footer = (
    <>
      {t('auth.signIn.noAccount')} <Link href={withNext('/signup', next)}>{t('auth.signIn.toSignUp')}</Link>
    </>
  );

  return (
    <AuthFrame title={t('auth.signIn.title')} subtitle={t('auth.signIn.subtitle')} titleId="signin-title" footer={footer}>
      <div className="tabs" role="tablist" aria-label={t('auth.signIn.methods')} onKeyDown={onTabKey}>
        {METHODS.map(({ id, label }) => (
          <button
            key={id}
            ref={(element) => {
              tabs.current[id] = element;
            }}
            type="button"
            role="tab"
            id={`signin-tab-${id}`}
            className="tabs__tab"
            aria-selected={method === id}
            // Only the chosen method's panel is rendered, so only its tab points at one.
            aria-controls={method === id ? `signin-panel-${id}` : undefined}
            tabIndex={method === id ? 0 : -1}
            onClick={() => setMethod(id)}
          >
            {t(label)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`signin-panel-${method}`} aria-labelledby={`signin-tab-${method}`}>
        {method === 'password' ? (
          <PasswordSignInForm identifier={identifier} onIdentifierChange={setIdentifier} />
        ) : (
          <CodeSignInForm identifier={identifier} onIdentifierChange={setIdentifier} />
        )}
      </div>
    </AuthFrame>
  );
}
