import { AppError } from "./app-error";

/**
 * Fixed-window request counting per key (an IP, a shop), in this process. Enough to keep one source from
 * flooding the database through a public endpoint; with several instances each counts its own share, so the
 * effective limit is per instance (docs: Deploying). Registered with the in-process caches so tests start
 * from zero.
 */
export interface RateLimiter {
  /** Counts one request for `key` at `now` (ms): allowed, or refused with the seconds until the window ends. */
  hit(key: string, now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number };
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
    hit(key, now) {
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

/** A refusal for going over a limit, with the seconds after which a retry may pass (the Retry-After header). */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("RATE_LIMITED", message);
  }
}

/** Counts one request for `key`; throws RateLimitedError (with `message`) when it is over the limit. */
export function enforceRateLimit(limiter: RateLimiter, key: string, message: string, now: Date) {
  const result = limiter.hit(key, now.getTime());
  if (!result.allowed) throw new RateLimitedError(message, result.retryAfterSeconds);
}

/** The 429 answer for a RateLimitedError, with Retry-After; anything else is rethrown. */
export function rateLimitedResponse(error: unknown, headers: Record<string, string> = {}): Response {
  if (!(error instanceof RateLimitedError)) throw error;
  return Response.json(
    { error: error.code, message: error.message },
    { status: 429, headers: { ...headers, "Retry-After": String(error.retryAfterSeconds) } },
  );
}

/** The client address the server put in the request's context (server/index.ts), or "unknown". */
export function clientIpOf(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | null | undefined)?.clientIp;
  return typeof ip === "string" && ip.length > 0 ? ip : "unknown";
}
