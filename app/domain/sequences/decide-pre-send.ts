import type { ShopSettings } from "~/domain/shops";
import { addressSkipReason, type CandidateFacts } from "./decide-enrollment";
import type { SkipReason, StepOutcome } from "~/domain/outcomes";
import { quietHoursEnd } from "./quiet-hours";

/**
 * The last look before a step goes out: everything that may have changed since the checkout was enrolled.
 * Pure, so each rule is tested with a clock and no database.
 */

export interface PreSendFacts extends CandidateFacts {
  shopInstalled: boolean;
  timezone: string;
  checkout: {
    completedAt: Date | null;
    /** The web pixel saw checkout_completed (its order webhook may not have arrived yet). */
    pixelCompletedAt?: Date | null;
    orderedAt: Date | null;
    deletedAt: Date | null;
    redactedAt: Date | null;
  };
  /** When this address last got a recovery email from this shop (any checkout). */
  lastEmailToAddressAt: Date | null;
}

export type PreSendDecision =
  | { action: "SEND" }
  | { action: "STOP"; reason: SkipReason }
  | {
      action: "DEFER";
      until: Date;
      outcome: Extract<StepOutcome, "DEFERRED_QUIET_HOURS" | "DEFERRED_FREQUENCY" | "DEFERRED_PAUSED">;
    };

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface PreSendOptions {
  now: Date;
  /**
   * The merchant pressed "Send the next step now" for this checkout. Their explicit "now" overrides the two
   * waits that only exist to pick a polite moment (quiet hours, the minimum gap between emails to one address).
   * Every rule that protects the shopper or the sender (uninstall, pause, order, completion, deletion, erasure,
   * unsubscribe, suppression, consent, blocklist, maximum age) still applies.
   */
  isMerchantRequest?: boolean;
}

export function decidePreSend(
  facts: PreSendFacts,
  settings: ShopSettings,
  { now, isMerchantRequest = false }: PreSendOptions,
): PreSendDecision {
  const stop = (reason: SkipReason): PreSendDecision => ({ action: "STOP", reason });
  if (!facts.shopInstalled) return stop("SHOP_UNINSTALLED");
  // A pause holds the sequence, it does not end it: the step waits and is looked at again after the pause.
  if (facts.sendingPaused)
    return { action: "DEFER", until: new Date(now.getTime() + HOUR_MS), outcome: "DEFERRED_PAUSED" };
  if (facts.checkout.redactedAt) return stop("REDACTED");
  if (facts.checkout.orderedAt) return stop("ORDERED");
  if (facts.checkout.completedAt || facts.checkout.pixelCompletedAt) return stop("COMPLETED");
  if (facts.checkout.deletedAt) return stop("DELETED");
  if (facts.unreadable) return stop("UNREADABLE_DATA");
  if (!facts.email) return stop("NO_EMAIL");
  const addressReason = addressSkipReason(facts.email, facts, settings.audience);
  if (addressReason) return stop(addressReason);
  // A step that could not go out in time (a long outage, a long pause) is not sent weeks late.
  if (now.getTime() - facts.lastActivityAt.getTime() > settings.audience.maxCheckoutAgeDays * DAY_MS)
    return stop("TOO_OLD");

  if (isMerchantRequest) return { action: "SEND" };
  const quietEnd = quietHoursEnd(now, facts.timezone, settings.audience.quietHours);
  if (quietEnd) return { action: "DEFER", until: quietEnd, outcome: "DEFERRED_QUIET_HOURS" };
  const minGap = settings.audience.minHoursBetweenEmails * HOUR_MS;
  if (facts.lastEmailToAddressAt && now.getTime() - facts.lastEmailToAddressAt.getTime() < minGap) {
    return {
      action: "DEFER",
      until: new Date(facts.lastEmailToAddressAt.getTime() + minGap),
      outcome: "DEFERRED_FREQUENCY",
    };
  }
  return { action: "SEND" };
}
