/**
 * A small in-process cache with a time to live, for facts that are read on every request and change rarely
 * (is this shop installed?). Every cache registers itself so tests can empty them all between tests.
 */
export interface TtlCache<K, V> {
  /** `now` in milliseconds: the caller's time (currentTime() or a test's), never read here. */
  get(key: K, now: number): V | undefined;
  set(key: K, value: V, now: number): void;
  delete(key: K): void;
  clear(): void;
}

declare global {
  var cartbackCaches: Set<{ clear(): void }> | undefined;
}

export function createTtlCache<K, V>({
  ttlMs,
  maxEntries = 10_000,
}: {
  ttlMs: number;
  maxEntries?: number;
}): TtlCache<K, V> {
  const entries = new Map<K, { value: V; expires: number }>();
  const cache: TtlCache<K, V> = {
    get(key, now) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, now) {
      if (entries.size >= maxEntries && !entries.has(key)) entries.delete(entries.keys().next().value as K);
      entries.set(key, { value, expires: now + ttlMs });
    },
    delete: (key) => void entries.delete(key),
    clear: () => entries.clear(),
  };
  (globalThis.cartbackCaches ??= new Set()).add(cache);
  return cache;
}
