import { useCallback, useEffect, useState, type DependencyList } from 'react';

export interface RequestState<T> {
  /** The last answer; kept while a new one loads, so switching language does not blank the page. */
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  retry(): void;
}

/**
 * Runs `load` whenever `deps` change and aborts the request it replaces, so a slow answer
 * in the previous language can never overwrite a newer one.
 */
export function useRequest<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): RequestState<T> {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Omit<RequestState<T>, 'retry'>>({
    data: undefined,
    error: undefined,
    isLoading: true,
  });

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, error: undefined, isLoading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, isLoading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => ({ ...previous, error, isLoading: false }));
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; `deps` says when it really changes.
  }, [...deps, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
