import { useCallback, useRef } from 'react';

/**
 * One Idempotency-Key per intent of the buyer. Asking again for the same intent (the same
 * description: a retry after a network error) gives the same key, so the server answers what
 * it answered the first time; a different description is a new intent with a fresh key.
 * `forget` ends an intent that is settled, so the next tap is a new one.
 */
export function useIntentKey(): { keyFor(intent: string): string; forget(): void } {
  const current = useRef<{ intent: string; key: string } | null>(null);
  const keyFor = useCallback((intent: string) => {
    if (current.current?.intent !== intent) current.current = { intent, key: crypto.randomUUID() };
    return current.current.key;
  }, []);
  const forget = useCallback(() => {
    current.current = null;
  }, []);
  return { keyFor, forget };
}
