import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useLocation } from 'wouter';
import { useLocale } from '../../i18n/i18n-context';
import { fetchSession, signOut as signOutOnServer, updateProfile, type Account, type SignedIn } from './accounts.api';
import { installSessionMiddleware } from './session-middleware';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  /** The session probe failed (offline, 5xx): nobody can tell who is signed in. */
  | { status: 'unavailable' }
  | { status: 'signedIn'; account: Account; csrfToken: string | null };

interface SessionContextValue {
  session: SessionState;
  /** The answer of a sign-in, sign-up or code verification. */
  signedIn(answer: SignedIn): void;
  accountChanged(account: Account): void;
  /** Ends the session on the server (whatever it answers), then forgets it here, after moving to `then`. */
  signOut(options?: { then?: string }): Promise<void>;
  refresh(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Who is signed in, asked once when the app starts and kept current by every sign-in and sign-out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [, navigate] = useLocation();
  const csrfToken = useRef<string | undefined>(undefined);
  useEffect(() => {
    csrfToken.current = session.status === 'signedIn' ? (session.csrfToken ?? undefined) : undefined;
  }, [session]);

  useEffect(
    () =>
      installSessionMiddleware({
        csrfToken: () => csrfToken.current,
        onSessionLost: () => setSession((current) => (current.status === 'signedOut' ? current : { status: 'signedOut' })),
      }),
    [],
  );

  useEffect(() => {
    const controller = new AbortController();
    fetchSession(controller.signal).then(
      ({ account, csrfToken }) => {
        if (controller.signal.aborted) return;
        setSession(account ? { status: 'signedIn', account, csrfToken } : { status: 'signedOut' });
      },
      () => {
        if (!controller.signal.aborted) setSession({ status: 'unavailable' });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const signedIn = useCallback((answer: SignedIn) => {
    setSession({ status: 'signedIn', account: answer.account, csrfToken: answer.csrfToken });
  }, []);

  const accountChanged = useCallback((account: Account) => {
    setSession((current) => (current.status === 'signedIn' ? { ...current, account } : current));
  }, []);

  // The language chosen on this device is the account's language too: codes and notices
  // sent by SMS or email then arrive in it. Saved at sign-in and at every switch.
  const { locale } = useLocale();
  const accountLocale = session.status === 'signedIn' && session.csrfToken ? session.account.locale : undefined;
  useEffect(() => {
    if (!accountLocale || accountLocale === locale) return;
    updateProfile({ locale }).then(
      (answer) => accountChanged(answer.account),
      () => {},
    );
  }, [accountLocale, locale, accountChanged]);

  const signOut = useCallback(
    async (options: { then?: string } = {}) => {
      try {
        await signOutOnServer();
      } catch {
        // Already gone on the server (401) or unreachable: this browser forgets it either way.
      }
      // One render for both: a guarded page must not see the signed-out state and bounce to
      // sign-in, nor the sign-in page see the old account and bounce back to its console.
      flushSync(() => {
        if (options.then) navigate(options.then);
        setSession({ status: 'signedOut' });
      });
    },
    [navigate],
  );

  const refresh = useCallback(() => {
    setSession({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(
    () => ({ session, signedIn, accountChanged, signOut, refresh }),
    [session, signedIn, accountChanged, signOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in account, for components that only render behind a guard. */
export function useAccount(): Account {
  const { session } = useSession();
  if (session.status !== 'signedIn') throw new Error('useAccount must be used behind <RequireAccount>');
  return session.account;
}
