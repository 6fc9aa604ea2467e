import { useCallback, useRef } from 'react';

interface Held {
  intent: string;
  key: string;
}

/**
 * One Idempotency-Key per intent of the buyer. Asking again for the same intent (the same
 * description: a retry after a network error) gives the same key, so the server answers what
 * it answered the first time; a different description is a new intent with a fresh key.
 * `forget` ends an intent that is settled, so the next tap is a new one.
 *
 * With a `storageName`, the key outlives the page for the tab's session: coming back to
 * checkout with the same choices (the back button from the pay page) is still the same intent,
 * and the server answers with the order already placed instead of placing a second one.
 */
export function useIntentKey(storageName?: string): { keyFor(intent: string): string; forget(): void } {
  const current = useRef<Held | null>(null);
  const keyFor = useCallback(
    (intent: string) => {
      const held = current.current ?? (storageName ? readHeld(storageName) : null);
      if (held?.intent === intent) {
        current.current = held;
        return held.key;
      }
      current.current = { intent, key: crypto.randomUUID() };
      if (storageName) writeHeld(storageName, current.current);
      return current.current.key;
    },
    [storageName],
  );
  const forget = useCallback(() => {
    current.current = null;
    if (storageName) writeHeld(storageName, null);
  }, [storageName]);
  return { keyFor, forget };
}

function readHeld(name: string): Held | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(name) ?? 'null') as Partial<Held> | null;
    return typeof value?.intent === 'string' && typeof value.key === 'string' ? { intent: value.intent, key: value.key } : null;
  } catch {
    // Storage refused (private mode) or garbled: the key lives in memory only.
    return null;
  }
}

function writeHeld(name: string, held: Held | null): void {
  try {
    if (held) sessionStorage.setItem(name, JSON.stringify(held));
    else sessionStorage.removeItem(name);
  } catch {
    // see readHeld
  }
}
