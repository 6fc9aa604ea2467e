/**
 * A small LRU of computed responses. Keys carry the store's catalog version, which every
 * catalog change bumps in the database, so an entry is never served after a change made by
 * any instance; entries of old versions simply age out. Concurrent misses for one key share
 * one computation, and a failed computation is not kept.
 */
export interface ReadCache {
  remember<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

export function createReadCache(maxEntries = 1000): ReadCache {
  const entries = new Map<string, Promise<unknown>>();
  return {
    remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const cached = entries.get(key);
      if (cached) {
        // Re-insert to mark it most recently used.
        entries.delete(key);
        entries.set(key, cached);
        return cached as Promise<T>;
      }
      const pending = compute();
      entries.set(key, pending);
      pending.catch(() => entries.delete(key));
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return pending;
    },
  };
}
