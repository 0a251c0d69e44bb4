/**
 * Fixed-window request counting per key (an IP, a shop), in this process. Enough to keep one source from
 * flooding the database through a public endpoint; with several instances each counts its own share, so the
 * effective limit is per instance (docs: Deploying). Registered with the in-process caches so tests start
 * from zero.
 */
export interface RateLimiter {
  /** Counts one request for `key`: allowed, or refused with the seconds until the window ends. */
  hit(key: string, now?: number): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  clear(): void;
}

export function createRateLimiter({
  limit,
  windowMs,
  maxKeys = 100_000,
}: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
}): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const limiter: RateLimiter = {
    hit(key, now = Date.now()) {
      let window = windows.get(key);
      if (!window || now - window.start >= windowMs) {
        // Bounded memory: a flood of new keys (spoofed sources) drops the expired windows, then the oldest.
        if (!window && windows.size >= maxKeys) {
          for (const [candidate, entry] of windows)
            if (now - entry.start >= windowMs || windows.size >= maxKeys) windows.delete(candidate);
            else break;
        }
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count <= limit) return { allowed: true };
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)),
      };
    },
    clear: () => windows.clear(),
  };
  (globalThis.cartbackCaches ??= new Set()).add(limiter);
  return limiter;
}
