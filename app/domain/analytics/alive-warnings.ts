/**
 * Whether Cartback is visibly alive for a shop: the warnings the app home shows when checkouts stop arriving,
 * the tick stops, the shop's token can no longer be refreshed, reconciliation lacks access, or the email
 * provider's quota holds the shop's emails back. Pure: the facts come from get-alive-status.server.ts, `now` is
 * passed in.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The rate of checkouts is measured over this much time before the last one. */
export const CHECKOUT_RATE_WINDOW_MS = 14 * 24 * HOUR_MS;
/** Fewer checkouts than this in the window: a new or quiet shop, whose silences mean nothing. */
export const MIN_CHECKOUTS_FOR_RATE = 20;
/** Warn once the shop's own rate says at least this many checkouts should have come during the silence. */
export const EXPECTED_MISSING_CHECKOUTS = 5;
/** The tick runs every minute; this long without one finishing means the scheduler has stopped. */
export const TICK_SILENCE_MS = 15 * MINUTE_MS;
/**
 * A step held back for the provider's quota this recently, and no email sent since: the quota still holds.
 * While it does, the tick asks again every half hour and defers what it claimed, so a real hold keeps renewing
 * this; two hours of silence means the hold is over or nothing is due.
 */
export const PROVIDER_QUOTA_WINDOW_MS = 2 * HOUR_MS;

export interface CheckoutArrival {
  /** When Shopify last updated a checkout the app holds (what the last webhook or reconciliation brought). */
  lastAt: Date | null;
  /** Checkouts updated in the CHECKOUT_RATE_WINDOW_MS before `lastAt`. */
  countBeforeLast: number;
}

/**
 * How many checkouts the shop's own recent rate says should have arrived since the last one, when that number
 * is large enough to mean something is wrong; null otherwise.
 *
 * The rule: rate = checkouts in the 14 days before the last checkout / 14 days; expected = rate × silence.
 * Measuring before the last checkout keeps the silence itself out of the rate, so a long outage still warns.
 * No warning below MIN_CHECKOUTS_FOR_RATE checkouts (a new or quiet shop: a day without one is normal), and
 * none until EXPECTED_MISSING_CHECKOUTS (5) are missing: if checkouts came at random at that rate, five
 * expected and none arriving happens by chance less than 1% of the time. A shop whose checkouts all come in
 * daytime can see this after a long night; the banner says so.
 */
export function expectedMissingCheckouts(arrival: CheckoutArrival, now: Date): number | null {
  if (!arrival.lastAt || arrival.countBeforeLast < MIN_CHECKOUTS_FOR_RATE) return null;
  const silenceMs = now.getTime() - arrival.lastAt.getTime();
  if (silenceMs <= 0) return null;
  const expected = (arrival.countBeforeLast / CHECKOUT_RATE_WINDOW_MS) * silenceMs;
  return expected >= EXPECTED_MISSING_CHECKOUTS ? Math.round(expected) : null;
}

/** Whether the scheduled tick has stopped: none finished in TICK_SILENCE_MS, or none ever. */
export function hasTickStopped(lastFinishedAt: Date | null, now: Date): boolean {
  return lastFinishedAt === null || now.getTime() - lastFinishedAt.getTime() > TICK_SILENCE_MS;
}

export type AliveWarningId =
  | "REAUTH_REQUIRED"
  | "TICKS_STOPPED"
  | "CHECKOUTS_STOPPED"
  | "RECONCILIATION_MISSING_ACCESS"
  | "PROVIDER_QUOTA_USED_UP";

export interface AliveWarning {
  id: AliveWarningId;
  tone: "critical" | "warning";
  title: string;
  /** Paragraphs: what is wrong, then what to check or do. */
  explanation: string[];
  action: { label: string; url: string } | null;
}

export interface AliveFacts {
  checkouts: CheckoutArrival;
  tickFinishedAt: Date | null;
  reauth: { requiredAt: Date; reason: string | null } | null;
  reconciliation: { lastOutcome: string | null; lastError: string | null };
  /** The last time one of the shop's steps was deferred for the email provider's used-up quota. */
  providerQuotaDeferredAt: Date | null;
  /** The last time an email of the shop's was sent. */
  lastEmailAt: Date | null;
}

/** Whether the provider's quota holds the shop's emails back now (PROVIDER_QUOTA_WINDOW_MS). */
export function isHeldByProviderQuota(facts: AliveFacts, now: Date): boolean {
  const deferredAt = facts.providerQuotaDeferredAt;
  if (!deferredAt || now.getTime() - deferredAt.getTime() > PROVIDER_QUOTA_WINDOW_MS) return false;
  return !facts.lastEmailAt || facts.lastEmailAt < deferredAt;
}

const SCHEDULER_DOCS = "README, “Deploying”, “The tick”";

/** The warnings to show, most serious first. */
export function listAliveWarnings(facts: AliveFacts, now: Date): AliveWarning[] {
  const warnings: AliveWarning[] = [];
  if (facts.reauth)
    warnings.push({
      id: "REAUTH_REQUIRED",
      tone: "critical",
      title: "Cartback can no longer reach your store's Admin API",
      explanation: [
        "Cartback's access to your store expired and could not be renewed, so discount codes, catalog updates and checks with Shopify are on hold.",
        "Open Cartback from your Shopify admin (Apps › Cartback) to reconnect. This message goes away once it has.",
        ...(facts.reauth.reason ? [`Details: ${facts.reauth.reason}.`] : []),
      ],
      action: null,
    });
  if (hasTickStopped(facts.tickFinishedAt, now))
    warnings.push({
      id: "TICKS_STOPPED",
      tone: "critical",
      title: facts.tickFinishedAt
        ? "Scheduled work has stopped: no recovery emails are going out"
        : "Scheduled work has never run: no recovery emails are going out",
      explanation: [
        "Recovery emails, reconciliation and clean-up run in a tick that must be called every minute. " +
          (facts.tickFinishedAt
            ? "None has finished for more than 15 minutes."
            : "None has run since Cartback was deployed."),
        `Whoever runs Cartback should check its scheduler: a cron calling POST /jobs/tick with the CRON_SECRET every minute, or SCHEDULER=interval on a single server (${SCHEDULER_DOCS}).`,
      ],
      action: null,
    });
  const missing = expectedMissingCheckouts(facts.checkouts, now);
  if (missing !== null)
    warnings.push({
      id: "CHECKOUTS_STOPPED",
      tone: "warning",
      title: "Checkouts have stopped arriving",
      explanation: [
        `At your store's usual rate over the last 14 days, about ${missing} checkouts would have arrived since the last one, and none has. ` +
          "If your store is simply quiet right now (for example overnight), there is nothing to do.",
        "Otherwise check: that Cartback is still installed (reinstalling it restores its webhook subscriptions), that your store is open to shoppers, and Shopify's status page (shopifystatus.com) for webhook delays.",
      ],
      action: null,
    });
  if (isHeldByProviderQuota(facts, now))
    warnings.push({
      id: "PROVIDER_QUOTA_USED_UP",
      tone: "warning",
      title: "Recovery emails are waiting: the email provider's sending quota is used up",
      explanation: [
        "The email provider Cartback sends through (Resend) refused more emails for its daily or monthly quota. Your emails are not lost: they wait, and go out by themselves, each once, when the quota renews. Cartback checks again every half hour.",
        "Whoever runs Cartback can raise the provider's plan to send more (README, “Scaling out”). Each waiting email shows the reason on its checkout's timeline.",
      ],
      action: null,
    });
  if (facts.reconciliation.lastOutcome === "MISSING_ACCESS")
    warnings.push({
      id: "RECONCILIATION_MISSING_ACCESS",
      tone: "warning",
      title: "Cartback cannot read your store's abandoned checkouts",
      explanation: [
        "Cartback checks Shopify's list of abandoned checkouts for any its webhooks missed, but Shopify refused it access.",
        facts.reconciliation.lastError ??
          "Open Cartback from your Shopify admin and approve the permissions it asks for.",
      ],
      action: null,
    });
  return warnings;
}
