import { useState, type FormEvent } from 'react';
import type { SignedIn } from './accounts.api';
import { describeAuthError, type FormProblem } from './auth-errors';
import { useSession } from './session-context';

export interface SignIn {
  problem: FormProblem | undefined;
  setProblem(problem: FormProblem | undefined): void;
  busy: boolean;
  submit(event: FormEvent<HTMLFormElement>): Promise<void>;
}

/**
 * A form that ends signed in: checks what was typed first and shows the first problem, else
 * asks the server once at a time. On success the session changes and the page moves on, so
 * the form stays busy; on failure it says why and may be sent again. A request that answers
 * nothing led to another step, and the form is free again.
 */
export function useSignIn(check: () => FormProblem | undefined, request: () => Promise<SignedIn | undefined>): SignIn {
  const { signedIn } = useSession();
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    // The field at fault takes the focus once it is marked: its keyboard opens, ready to correct it.
    const show = (found: FormProblem | undefined) => {
      setProblem(found);
      if (found) requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    };
    const invalid = check();
    show(invalid);
    if (invalid) return;
    setBusy(true);
    try {
      const answer = await request();
      // No answer: the form moved on to a further step (a staff second factor) instead.
      if (answer) signedIn(answer);
      else setBusy(false);
    } catch (error) {
      show(describeAuthError(error));
      setBusy(false);
    }
  }

  return { problem, setProblem, busy, submit };
}
