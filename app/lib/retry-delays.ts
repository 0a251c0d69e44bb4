/**
 * The one way Cartback writes down how queued work is retried: a table of waits, in milliseconds, where
 * entry n is the wait after the n-th failed attempt. When the table runs out the work gives up, so a table
 * of n waits allows n + 1 attempts, and the whole policy of a queue reads in one named constant:
 *
 *   const FLOW_RETRY_DELAYS: RetryDelays = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 12 * HOUR];
 *
 * A queue that wants the same wait several times writes it several times; nothing is implied by the
 * table's last entry.
 */
export type RetryDelays = readonly number[];

/** How many attempts a table allows, the first one included. */
export function maxAttemptsFor(delays: RetryDelays): number {
  return delays.length + 1;
}

/**
 * When to try again after `attempts` failed attempts (1 for the first), or null when the table has no wait
 * left for it and the work should give up.
 */
export function nextRetryAt(delays: RetryDelays, attempts: number, now: Date): Date | null {
  const delay = Number.isInteger(attempts) && attempts >= 1 ? delays[attempts - 1] : undefined;
  return delay === undefined ? null : new Date(now.getTime() + delay);
}
