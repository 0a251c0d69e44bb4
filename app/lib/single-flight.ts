/**
 * Concurrent calls for the same key share one run of `work`: the first call starts it, the others wait for
 * its result (or its error); once it settles, the next call starts afresh. For work that must not run twice
 * at once for one key in this process.
 */
export function singleFlight<K, T>(work: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const running = new Map<K, Promise<T>>();
  return (key) => {
    const current = running.get(key);
    if (current) return current;
    const started = work(key).finally(() => running.delete(key));
    running.set(key, started);
    return started;
  };
}
