import type { ShopSettings } from "~/domain/shops";
import { offerArmOf, type OfferArm } from "~/domain/discounts";
import { deterministicDraw, drawArm } from "./deterministic-draw";
import type { SkipReason } from "~/domain/outcomes";

/**
 * Whether a candidate checkout starts a recovery sequence, and if not, the named reason. Pure: everything
 * it needs is in the facts. The order of the rules is the order a merchant would ask "why not?".
 */

/** Crawlers that fill carts and get recovery emails (Google's shopping crawler among them). */
const BOT_DOMAINS = ["storebotmail.joonix.net"];
/** Domains reserved for tests and documentation (RFC 2606, RFC 6761): they never receive mail. */
const TEST_DOMAIN = /(^|\.)(example\.(com|net|org)|test|example|invalid|localhost)$/;

export interface CandidateFacts {
  shop: string;
  checkoutId: string;
  /**
   * Shopify's token for the checkout, the holdout draw's key: the same checkout draws the same arm in any
   * database (a restore, a replay of its webhooks, every run of the demo), where our row id is new each time.
   */
  checkoutToken: string;
  /** Normalised address, decrypted for the decision; null when the checkout has none. */
  email: string | null;
  acceptsMarketing: boolean;
  /** Shopify's updated_at: the start of idleness and of the sequence's timing. */
  lastActivityAt: Date;
  consent: { state: string; updatedAt: Date } | null;
  /** UNSUBSCRIBED | HARD_BOUNCE | COMPLAINT | MANUAL when the shop must not email this address. */
  suppression: string | null;
  /** The same shopper is in a sequence now, or got a recovery email within the cooldown. */
  hasRecentSequence: boolean;
  sendingPaused: boolean;
  /** A personal field the decision needs did not decrypt: the checkout is skipped, nothing is guessed. */
  unreadable?: boolean;
}

export type EnrollmentDecision =
  | { status: "ACTIVE"; arm: "TREATMENT"; offerArm: OfferArm | null; sendTimeArm: SendTimeArm | null }
  | { status: "HOLDOUT"; arm: "HOLDOUT"; offerArm: null; sendTimeArm: null }
  | { status: "SKIPPED"; reason: SkipReason; arm: "TREATMENT"; offerArm: null; sendTimeArm: null };

/**
 * Send-time optimisation's groups: OPTIMISED checkouts' steps may be held for the shopper's best hour, CONTROL's
 * go out at the plain delay, so the dashboard can tell whether holding pays.
 */
export const SEND_TIME_ARMS = ["OPTIMISED", "CONTROL"] as const;
export type SendTimeArm = (typeof SEND_TIME_ARMS)[number];

/** CONTROL for controlPercent of checkouts, drawn with a key of its own (apart from the holdout and offers). */
export function drawSendTimeArm(shop: string, checkoutToken: string, controlPercent: number): SendTimeArm {
  return deterministicDraw("send-time", shop, checkoutToken) * 100 < controlPercent ? "CONTROL" : "OPTIMISED";
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

function matchesDomain(domain: string, listed: string): boolean {
  return domain === listed || domain.endsWith(`.${listed}`);
}

/**
 * Subscribed when the latest word on consent says so: a consent update newer than the checkout wins; else the
 * checkout's own "accepts marketing" box, or an earlier subscription the checkout did not revoke.
 */
export function isSubscribed(
  facts: Pick<CandidateFacts, "acceptsMarketing" | "consent" | "lastActivityAt">,
): boolean {
  if (facts.consent && facts.consent.updatedAt >= facts.lastActivityAt)
    return facts.consent.state === "SUBSCRIBED";
  return facts.acceptsMarketing || facts.consent?.state === "SUBSCRIBED";
}

/** Why this address must not be emailed, if it must not; the rules that do not depend on timing. */
export function addressSkipReason(
  email: string,
  facts: CandidateFacts,
  audience: ShopSettings["audience"],
): SkipReason | null {
  const domain = domainOf(email);
  if (audience.excludeTestCheckouts && TEST_DOMAIN.test(domain)) return "TEST_CHECKOUT";
  if (BOT_DOMAINS.some((bot) => matchesDomain(domain, bot))) return "BOT_ADDRESS";
  if (
    audience.blockedEmails.includes(email) ||
    audience.blockedDomains.some((blocked) => matchesDomain(domain, blocked))
  ) {
    return "BLOCKED_ADDRESS";
  }
  if (facts.suppression === "UNSUBSCRIBED") return "UNSUBSCRIBED";
  if (facts.suppression) return "SUPPRESSED";
  // An opt-out the shopper gave Shopify wins in every audience mode, "everyone" included, unless a later
  // checkout of theirs accepted marketing again.
  if (facts.consent?.state === "UNSUBSCRIBED" && !isSubscribed(facts)) return "UNSUBSCRIBED";
  if (audience.mode === "SUBSCRIBERS" && !isSubscribed(facts)) return "NOT_SUBSCRIBED";
  return null;
}

/** Why the shop's audience rules keep this checkout out of every sequence, if they do. */
export function audienceSkipReason(
  facts: CandidateFacts,
  settings: ShopSettings,
  { now }: { now: Date },
): SkipReason | null {
  if (facts.unreadable) return "UNREADABLE_DATA";
  if (!facts.email) return "NO_EMAIL";
  if (facts.sendingPaused) return "SENDING_PAUSED";
  if (now.getTime() - facts.lastActivityAt.getTime() > settings.audience.maxCheckoutAgeDays * DAY_MS)
    return "TOO_OLD";
  const addressReason = addressSkipReason(facts.email, facts, settings.audience);
  if (addressReason) return addressReason;
  if (facts.hasRecentSequence) return "FREQUENCY_CAP";
  return null;
}

/**
 * The decision: the audience rules, then the holdout draw with the share of the checkout's segment (its
 * strategy's holdoutPercent; the shop's settings when no segment was chosen), then, for a checkout in the
 * sequence, its offer test's arm (the strategy's offerArms; none: no test) and, when the strategy holds steps
 * for the shopper's best hour, its send-time group. The draws use different keys, so each is balanced whatever
 * the others drew.
 */
export function decideEnrollment(
  facts: CandidateFacts,
  settings: ShopSettings,
  {
    now,
    holdoutPercent = settings.holdoutPercent,
    offerArms = settings.offerArms,
    holdsForSendTime = false,
  }: {
    now: Date;
    holdoutPercent?: number;
    offerArms?: readonly OfferArm[];
    /** The strategy has a step with a send-time window: a checkout in the sequence draws its group. */
    holdsForSendTime?: boolean;
  },
): EnrollmentDecision {
  const reason = audienceSkipReason(facts, settings, { now });
  if (reason) return { status: "SKIPPED", reason, arm: "TREATMENT", offerArm: null, sendTimeArm: null };
  if (drawArm(facts.shop, facts.checkoutToken, holdoutPercent) === "HOLDOUT")
    return { status: "HOLDOUT", arm: "HOLDOUT", offerArm: null, sendTimeArm: null };
  return {
    status: "ACTIVE",
    arm: "TREATMENT",
    offerArm: offerArmOf(offerArms, deterministicDraw("offer", facts.shop, facts.checkoutToken)),
    sendTimeArm: holdsForSendTime
      ? drawSendTimeArm(facts.shop, facts.checkoutToken, settings.sendTime.controlPercent)
      : null,
  };
}
