import { Redis } from "ioredis";
import { startStopwatch } from "./clock.server";
import { env } from "./env.server";
import { logger } from "./logger.server";

/**
 * The Redis that several instances share their counts through (REDIS_URL): the public links' rate limits and
 * the email provider's request budget. Without REDIS_URL there is none and each instance counts its own.
 *
 * A request never waits on Redis: while the connection is down a command fails at once (no offline queue),
 * one that hangs fails after COMMAND_TIMEOUT_MS, and the callers fall back to this instance's own counts.
 */
const COMMAND_TIMEOUT_MS = 500;

export function createRedisClient(url: string): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
  });
  // ioredis reconnects on its own and reports each failed attempt; one line per outage is enough.
  let isDown = false;
  client.on("error", (error: Error) => {
    if (isDown) return;
    isDown = true;
    logger.warn({ unit: "redis", err: error }, "Redis is unreachable; reconnecting");
  });
  client.on("ready", () => {
    if (isDown) logger.info({ unit: "redis" }, "Redis is reachable again");
    isDown = false;
  });
  return client;
}

let shared: Redis | null | undefined;

/** This process's client, made on first use from REDIS_URL; null without it. */
export function findRedis(): Redis | null {
  if (shared === undefined) shared = env.REDIS_URL ? createRedisClient(env.REDIS_URL) : null;
  return shared;
}

/** At shutdown: lets sent commands finish, then closes the connection. */
export async function closeRedis(): Promise<void> {
  const client = shared;
  shared = undefined;
  if (!client) return;
  await client.quit().catch(() => client.disconnect());
}

const FALLBACK_WARNING_EVERY_MS = 60_000;
const lastFallbackWarning = new Map<string, () => number>();

/**
 * A command failed and `unit` counted in this instance instead: logged once a minute per unit, since every
 * request falls back while Redis is down.
 */
export function warnOfRedisFallback(unit: string, error: unknown) {
  const since = lastFallbackWarning.get(unit);
  if (since && since() < FALLBACK_WARNING_EVERY_MS) return;
  lastFallbackWarning.set(unit, startStopwatch());
  logger.warn({ unit, err: error }, "Redis failed; counting in this instance until it answers again");
}
