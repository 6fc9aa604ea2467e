import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { useFirstViewSeed } from './first-view';

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
 *
 * `firstViewKey` names the API address `load` asks: when the page came rendered from the server
 * with that answer (api/first-view.tsx), the first render shows it and nothing is fetched, unless
 * `refreshFirstView`: an answer that changes by the minute (units left in a sale) is shown as
 * rendered, then asked again in the background and updated in place.
 */
export function useRequest<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  firstViewKey?: string,
  { refreshFirstView = false }: { refreshFirstView?: boolean } = {},
): RequestState<T> {
  const seed = useFirstViewSeed<T>(firstViewKey);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Omit<RequestState<T>, 'retry'>>(() =>
    seed ? { data: seed.data, error: seed.error, isLoading: false } : { data: undefined, error: undefined, isLoading: true },
  );
  const seeded = useRef(seed !== undefined);

  useEffect(() => {
    if (seeded.current) {
      seeded.current = false;
      if (!refreshFirstView) return;
    }
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
