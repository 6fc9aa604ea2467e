/**
 * A small LRU of computed responses. Keys carry the store's catalog version, which every
 * catalog change bumps in the database, so an entry is never served after a change made by
 * any instance; entries of old versions simply age out.
 */
export interface ReadCache {
  remember<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

export function createReadCache(maxEntries = 1000): ReadCache {
  const entries = new Map<string, unknown>();
  return {
    async remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
      if (entries.has(key)) {
        const value = entries.get(key) as T;
        // Re-insert to mark it most recently used.
        entries.delete(key);
        entries.set(key, value);
        return value;
      }
      const value = await compute();
      entries.set(key, value);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return value;
    },
  };
}
