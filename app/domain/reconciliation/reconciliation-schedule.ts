const MINUTE_MS = 60_000;

/** How often each shop's list of abandoned checkouts is read, when nothing asks sooner. */
export const RECONCILE_EVERY_MS = 60 * MINUTE_MS;
/** A run that failed (Shopify down, a timeout) is tried again this much later, from its saved page. */
export const RETRY_FAILED_AFTER_MS = 10 * MINUTE_MS;

export interface ScheduleFacts {
  leaseUntil: Date | null;
  requestedAt: Date | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastOutcome: string | null;
}

/**
 * Whether a shop's reconciliation should run at `now`: never while another tick holds it; at once when the
 * merchant asked, when it never ran, or when a run stopped midway (the tick's budget ran out, or it crashed:
 * a started run without a finish); else on the schedule. A run that lacked access waits the full schedule
 * like a good one: asking again every tick would change nothing until the merchant grants it.
 */
export function isReconciliationDue(state: ScheduleFacts | null, now: Date): boolean {
  if (!state) return true;
  if (state.leaseUntil && state.leaseUntil > now) return false;
  if (state.requestedAt) return true;
  if (!state.lastStartedAt || !state.lastFinishedAt) return true;
  const wait = state.lastOutcome === "FAILED" ? RETRY_FAILED_AFTER_MS : RECONCILE_EVERY_MS;
  return now.getTime() - state.lastFinishedAt.getTime() >= wait;
}
