import type { ReactNode } from 'react';
import { Redirect, useSearch } from 'wouter';
import { StoreLayout } from '../../ui/layout';
import { homeOf, safeNext } from './roles';
import { useSession } from './session-context';
import './sign-in.css';

/** The page a sign-in should lead to: `?next=` when it is a path on this site. */
export function useNextPath(): string | undefined {
  return safeNext(new URLSearchParams(useSearch()).get('next'));
}

/** Carries `?next=` over when moving between sign-in and sign-up. */
export function withNext(path: string, next: string | undefined): string {
  return next ? `${path}?next=${encodeURIComponent(next).replace(/%2F/gi, '/')}` : path;
}

interface AuthFrameProps {
  title: string;
  subtitle: string;
  titleId: string;
  /** "No account yet? Create one", under the card. */
  footer: ReactNode;
  children: ReactNode;
}

/**
 * The sign-in and sign-up pages: one card in the storefront's frame. Whoever is signed in
 * (already, or by this very form) moves on to `next`, else to their role's home.
 */
export function AuthFrame({ title, subtitle, titleId, footer, children }: AuthFrameProps) {
  const { session } = useSession();
  const next = useNextPath();
  if (session.status === 'signedIn') return <Redirect to={next ?? homeOf(session.account.role)} replace />;
  return (
    <StoreLayout>
      <div className="auth">
        <section className="auth__card" aria-labelledby={titleId}>
          <header className="auth__header">
            <h1 className="auth__title" id={titleId}>
              {title}
            </h1>
            <p className="auth__subtitle">{subtitle}</p>
          </header>
          {children}
        </section>
        <p className="auth__switch">{footer}</p>
      </div>
    </StoreLayout>
  );
}
