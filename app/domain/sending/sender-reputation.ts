/**
 * When a shop's bounces and spam complaints put its sending domain at risk, judged over its recovery emails of
 * the last 30 days. A rate alone is no evidence for a small shop (one complaint in fifty emails is 2%, and
 * anyone can file one), so each level also needs an absolute number of events.
 *
 * The complaint limits are Gmail's and Yahoo's for bulk senders: keep the spam rate below 0.1%, never reach
 * 0.3% (Google's email sender guidelines, 2024). Mailbox providers publish no bounce limit; 5% is where Amazon
 * SES puts a sending account under review, and a list that bounces 2% needs cleaning.
 */

export const REPUTATION_WINDOW_DAYS = 30;

export type ReputationReason = "COMPLAINT_RATE" | "BOUNCE_RATE";

interface Limit {
  /** Above this share of the window's emails... */
  rate: number;
  /** ...and at least this many events, the level applies. */
  minimum: number;
}

export const REPUTATION_LIMITS: Record<ReputationReason, { warn: Limit; pause: Limit }> = {
  COMPLAINT_RATE: { warn: { rate: 0.001, minimum: 2 }, pause: { rate: 0.003, minimum: 3 } },
  BOUNCE_RATE: { warn: { rate: 0.02, minimum: 5 }, pause: { rate: 0.05, minimum: 10 } },
};

/** A shop's recovery emails sent in the window, and how many of them bounced for good or were complained of. */
export interface ReputationCounts {
  sent: number;
  bounced: number;
  complained: number;
}

export interface ReputationReading extends ReputationCounts {
  level: "OK" | "WARNING" | "PAUSE";
  /** The measure that set the level; null when OK. */
  reason: ReputationReason | null;
}

function eventsOf(counts: ReputationCounts, reason: ReputationReason): number {
  return reason === "COMPLAINT_RATE" ? counts.complained : counts.bounced;
}

function crosses(counts: ReputationCounts, reason: ReputationReason, limit: Limit): boolean {
  const events = eventsOf(counts, reason);
  return counts.sent > 0 && events >= limit.minimum && events / counts.sent > limit.rate;
}

/** Complaints first: they weigh most with mailbox providers. */
const REASONS: ReputationReason[] = ["COMPLAINT_RATE", "BOUNCE_RATE"];

export function judgeReputation(counts: ReputationCounts): ReputationReading {
  for (const level of ["pause", "warn"] as const) {
    const reason = REASONS.find((each) => crosses(counts, each, REPUTATION_LIMITS[each][level]));
    if (reason) return { ...counts, level: level === "pause" ? "PAUSE" : "WARNING", reason };
  }
  return { ...counts, level: "OK", reason: null };
}
