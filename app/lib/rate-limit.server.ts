import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "./app-error";
import { warnOfRedisFallback } from "./redis.server";

/**
 * Fixed-window request counting per key (an IP, a shop): enough to keep one source from flooding the database
 * through a public endpoint. With `shared` (REDIS_URL), the counts live in Redis (rate-limiter-flexible's
 * RateLimiterRedis), so the limit holds across every instance; without it each process counts its own share and
 * the effective limit is per instance. The in-process counts are registered with the in-process caches, so tests
 * start from zero.
 */
export interface RateLimiter {
  /** Counts one request for `key` at `now` (ms): allowed, or refused with the seconds until the window ends. */
  hit(key: string, now: number): Promise<RateLimitResult>;
  clear(): void;
}

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Where the counts of a limiter shared by all instances live; keyPrefix names the limiter in Redis. */
export interface SharedCounts {
  redis: Redis;
  keyPrefix: string;
}

export function createRateLimiter({
  limit,
  windowMs,
  maxKeys = 100_000,
  shared,
}: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
  shared?: SharedCounts;
}): RateLimiter {
  const local = countInProcess({ limit, windowMs, maxKeys });
  (globalThis.cartbackCaches ??= new Set()).add(local);
  if (!shared) return { hit: async (key, now) => local.hit(key, now), clear: local.clear };
  return { hit: countInRedis({ limit, windowMs, shared, fallback: local }), clear: local.clear };
}

function countInRedis({
  limit,
  windowMs,
  shared,
  fallback,
}: {
  limit: number;
  windowMs: number;
  shared: SharedCounts;
  fallback: ReturnType<typeof countInProcess>;
}): RateLimiter["hit"] {
  // Redis keeps the window as a key expiring in whole seconds (EX).
  if (windowMs % 1000 !== 0) throw new Error("a shared rate limit's window is whole seconds");
  const counts = new RateLimiterRedis({
    storeClient: shared.redis,
    keyPrefix: shared.keyPrefix,
    points: limit,
    duration: windowMs / 1000,
    // Not connected (yet, or any more): fail at once rather than wait for a reconnect.
    rejectIfRedisNotReady: true,
  });
  return async (key, now) => {
    try {
      await counts.consume(key);
      return { allowed: true };
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes)
        return { allowed: false, retryAfterSeconds: secondsUntil(refusal.msBeforeNext) };
      // Redis is unreachable or slow: this instance's own counts, the limits as they were before Redis.
      warnOfRedisFallback("rate-limit", refusal);
      return fallback.hit(key, now);
    }
  };
}

function countInProcess({ limit, windowMs, maxKeys }: { limit: number; windowMs: number; maxKeys: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key: string, now: number): RateLimitResult {
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
      return { allowed: false, retryAfterSeconds: secondsUntil(window.start + windowMs - now) };
    },
    clear: () => windows.clear(),
  };
}

const secondsUntil = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

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
export async function enforceRateLimit(limiter: RateLimiter, key: string, message: string, now: Date) {
  const result = await limiter.hit(key, now.getTime());
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
