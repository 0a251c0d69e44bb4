import type { Redis } from "ioredis";
import { machineTime, sleep as sleepFor, type Deadline } from "./clock.server";
import { env } from "./env.server";
import { findRedis, warnOfRedisFallback } from "./redis.server";

/**
 * The email provider's request budget (EMAIL_REQUESTS_PER_SECOND), shared by every sender of every instance
 * through Redis when REDIS_URL is set, by this process's senders otherwise.
 *
 * Requests start one interval (1/rate s) apart: the store keeps the time the next request may start, and each
 * acquire takes that slot (or now, when it is later) and moves it one interval on, in one atomic step. So
 * however many senders ask at once, the provider never sees a burst (a fixed window of `rate` per second would
 * let two windows' requests meet at the boundary), and a fractional rate is only a longer interval.
 *
 * A 429 pauses everyone: the next slot moves past the Retry-After, and a sender already waiting for a slot
 * inside the pause asks again after it. The schedule is kept in the machine's time, which the instances'
 * synchronised clocks agree on to a few milliseconds.
 */
export interface SendPacer {
  /** Waits until one more request to the email provider may start; false (without waiting past it) when `deadline` would pass first. */
  acquire(deadline: Deadline): Promise<boolean>;
  /** The provider answered 429 with Retry-After: no instance starts a request before `retryAfterMs` from now. */
  pause(retryAfterMs: number): Promise<void>;
  /** How much longer the current pause lasts, 0 when there is none. */
  pausedForMs(): Promise<number>;
}

/** Where the schedule lives; times in ms of the pacer's clock. */
interface PacerStore {
  /** Takes the next start slot and returns the wait until it, or null (taking nothing) when over `maxWaitMs`. */
  reserve(now: number, intervalMs: number, maxWaitMs: number): Promise<number | null>;
  /** Moves the next slot to `ms` after `now` at the earliest, and remembers the pause until then. */
  pause(now: number, ms: number): Promise<void>;
  pausedUntil(): Promise<number>;
}

export function createSendPacer({
  requestsPerSecond,
  redis,
  keyPrefix = "cartback:email-pacer",
  now = () => machineTime().getTime(),
  sleep = sleepFor,
  marginMs = 0,
}: {
  requestsPerSecond: number;
  /**
   * Added to every interval. Timers fire a few milliseconds late, unevenly, so two requests an exact interval
   * apart can land closer than that, and a provider counting a sliding second then sees one too many (429).
   */
  marginMs?: number;
  /** Shares the schedule with every instance using the same Redis and keyPrefix. */
  redis?: Redis;
  keyPrefix?: string;
  /** Milliseconds; instances sharing a schedule need the same clock (the machine's, by default). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): SendPacer {
  if (!(requestsPerSecond > 0 && Number.isFinite(requestsPerSecond)))
    throw new Error("requestsPerSecond must be a positive number");
  const intervalMs = 1000 / requestsPerSecond + marginMs;
  const store = redis ? redisStore(redis, keyPrefix) : memoryStore();
  return {
    async acquire(deadline) {
      for (;;) {
        const askedAt = now();
        const waitMs = await store.reserve(askedAt, intervalMs, deadline.remainingMs());
        if (waitMs === null) return false;
        if (waitMs === 0) return true;
        await sleep(waitMs);
        // A pause that began while this sender waited covers its slot: it takes a new one after the pause.
        if ((await store.pausedUntil()) <= askedAt + waitMs) return true;
      }
    },
    async pause(retryAfterMs) {
      await store.pause(now(), Math.max(0, retryAfterMs));
    },
    async pausedForMs() {
      return Math.max(0, (await store.pausedUntil()) - now());
    },
  };
}

/**
 * The margin the app's pacer keeps: 2 requests a second become one every 520 ms (1.92/s). Without it, 1 in 13
 * requests met a 429 at a stand-in provider counting a sliding second (bench/provider-rate.ts).
 */
export const PACER_MARGIN_MS = 20;

let processPacer: SendPacer | undefined;

/** This process's pacer, from EMAIL_REQUESTS_PER_SECOND and (when set) REDIS_URL. */
export function getSendPacer(): SendPacer {
  processPacer ??= createSendPacer({
    requestsPerSecond: env.EMAIL_REQUESTS_PER_SECOND,
    redis: findRedis() ?? undefined,
    marginMs: PACER_MARGIN_MS,
  });
  return processPacer;
}

function memoryStore(): PacerStore {
  let nextStart = Number.NEGATIVE_INFINITY;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  // Tests start from an empty schedule, like the other in-process state.
  (globalThis.cartbackCaches ??= new Set()).add({
    clear() {
      nextStart = Number.NEGATIVE_INFINITY;
      pausedUntil = Number.NEGATIVE_INFINITY;
    },
  });
  return {
    async reserve(now, intervalMs, maxWaitMs) {
      const start = Math.max(nextStart, now);
      if (start - now > maxWaitMs) return null;
      nextStart = start + intervalMs;
      return start - now;
    },
    async pause(now, ms) {
      pausedUntil = Math.max(pausedUntil, now + ms);
      nextStart = Math.max(nextStart, now + ms);
    },
    pausedUntil: async () => pausedUntil,
  };
}

// Times travel as strings with three decimals: Lua would print an epoch in milliseconds with 14 digits, and Redis
// truncates a number it returns to an integer. Keys expire a minute after they stop mattering (a time in the
// past means nothing to either script), so a clock a little behind another's still finds them.
const RESERVE_SCRIPT = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local start = math.max(tonumber(redis.call('GET', KEYS[1]) or 0), now)
if start - now > tonumber(ARGV[3]) then return false end
redis.call('SET', KEYS[1], string.format('%.3f', start + interval), 'PX', math.ceil(start - now + interval) + 60000)
return string.format('%.3f', start - now)
`;
const PAUSE_SCRIPT = `
local untilMs = tonumber(ARGV[1]) + tonumber(ARGV[2])
local ttl = math.ceil(tonumber(ARGV[2])) + 60000
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or 0) < untilMs then
    redis.call('SET', key, string.format('%.3f', untilMs), 'PX', ttl)
  end
end
`;

/**
 * The schedule in Redis, shared by every instance. When Redis fails, this instance paces itself alone (the
 * provider may then see up to one rate per instance, and answers the excess with 429s, which pause the senders).
 */
function redisStore(redis: Redis, keyPrefix: string): PacerStore {
  const nextKey = `${keyPrefix}:next-start`;
  const pauseKey = `${keyPrefix}:paused-until`;
  const fallback = memoryStore();
  const orFallback = async <T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> => {
    try {
      return await shared();
    } catch (error) {
      warnOfRedisFallback("send-pacer", error);
      return local();
    }
  };
  return {
    reserve: (now, intervalMs, maxWaitMs) =>
      orFallback(
        async () => {
          const wait = await redis.eval(
            RESERVE_SCRIPT,
            1,
            nextKey,
            String(now),
            String(intervalMs),
            String(Math.min(maxWaitMs, Number.MAX_SAFE_INTEGER)),
          );
          return wait === null ? null : Number(wait);
        },
        () => fallback.reserve(now, intervalMs, maxWaitMs),
      ),
    pause: (now, ms) =>
      orFallback(
        async () => {
          await redis.eval(PAUSE_SCRIPT, 2, nextKey, pauseKey, String(now), String(ms));
        },
        () => fallback.pause(now, ms),
      ),
    pausedUntil: () =>
      orFallback(
        async () => Number((await redis.get(pauseKey)) ?? Number.NEGATIVE_INFINITY),
        () => fallback.pausedUntil(),
      ),
  };
}
