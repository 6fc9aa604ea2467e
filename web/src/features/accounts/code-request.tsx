import { useCallback, useEffect, useState } from 'react';
import { useLocale, useT } from '../../i18n/i18n-context';
import { requestCode, type CodeSent } from './accounts.api';
import { checkIdentifier, describeAuthError, retryAfterOf, type FormProblem } from './auth-errors';

interface Sent {
  /** The identifier as typed when the code was asked for: the countdown belongs to it alone. */
  to: string;
  answer: CodeSent | undefined;
  resendAt: number;
}

export interface CodeRequest {
  /** The server's answer for the identifier now typed, if a code went to it. */
  sent: CodeSent | undefined;
  secondsLeft: number;
  sending: boolean;
  /** Asks for a code; answers the problem to show, if any. */
  send(): Promise<FormProblem | undefined>;
}

/**
 * Sending a one-time code, and the wait before another: the server's `resendAfterSeconds`,
 * or its `retryAfterSeconds` when it refused. The wait follows one destination, so fixing a
 * typo in the number does not leave the button blocked.
 */
export function useCodeRequest(identifier: string): CodeRequest {
  const { locale } = useLocale();
  const [sending, setSending] = useState(false);
  const [last, setLast] = useState<Sent>();
  const [now, setNow] = useState(() => Date.now());
  const current = last && last.to === identifier.trim() ? last : undefined;
  const secondsLeft = current ? Math.max(0, Math.ceil((current.resendAt - now) / 1000)) : 0;

  useEffect(() => {
    if (secondsLeft <= 0) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [secondsLeft > 0]);

  const send = useCallback(async (): Promise<FormProblem | undefined> => {
    const invalid = checkIdentifier(identifier);
    if (invalid) return invalid;
    const to = identifier.trim();
    setSending(true);
    try {
      const answer = await requestCode(to, locale);
      const start = Date.now();
      setNow(start);
      setLast({ to, answer, resendAt: start + answer.resendAfterSeconds * 1000 });
      return undefined;
    } catch (error) {
      const wait = retryAfterOf(error);
      if (wait) {
        const start = Date.now();
        setNow(start);
        setLast((previous) => ({ to, answer: previous?.to === to ? previous.answer : undefined, resendAt: start + wait * 1000 }));
      }
      return describeAuthError(error);
    } finally {
      setSending(false);
    }
  }, [identifier, locale]);

  return { sent: current?.answer, secondsLeft, sending, send };
}

/** The "send code" button that sits inside the code field, counting down until a new code may be sent. */
export function SendCodeButton({ request, onProblem }: { request: CodeRequest; onProblem(problem: FormProblem | undefined): void }) {
  const t = useT();
  const waiting = request.secondsLeft > 0;
  const label = request.sending
    ? t('auth.sendingCode')
    : waiting
      ? t('auth.resendIn', { count: request.secondsLeft })
      : request.sent
        ? t('auth.resendCode')
        : t('auth.sendCode');
  return (
    <button
      type="button"
      className="field__text-button"
      disabled={request.sending || waiting}
      onClick={async () => onProblem(await request.send())}
    >
      {label}
    </button>
  );
}
