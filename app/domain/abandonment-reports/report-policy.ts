import type { RetryDelays } from "~/lib/retry-delays";

/**
 * How Cartback reports its recovery emails to Shopify's abandonment records: which sends, how long a report
 * may wait for what it needs, and the words the merchant reads when one is not sent.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const REPORT_STATUS = {
  PENDING: "PENDING",
  DONE: "DONE",
  FAILED: "FAILED",
  SKIPPED: "SKIPPED",
} as const;

/** The scope abandonmentUpdateActivitiesDeliveryStatuses and the marketing activity need. */
export const MARKETING_EVENTS_SCOPE = "write_marketing_events";

/**
 * Sends this recent get a report. Shopify's abandonment record matters while the checkout may still be
 * recovered; an older send (from before the feature, or a long outage) is not worth reporting.
 */
export const REPORT_WINDOW_MS = 3 * DAY;

/** Waits between attempts that failed in a way that may pass (throttling, 5xx, no record yet): six tries. */
export const REPORT_RETRY_DELAYS: RetryDelays = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 12 * HOUR];

/**
 * A checkout whose Shopify id is unknown (checkout webhooks no longer carry it) waits this long between looks
 * for reconciliation to fill it in, and is given up this long after its email was sent.
 */
export const CHECKOUT_ID_RECHECK_MS = HOUR;
export const CHECKOUT_ID_GIVE_UP_MS = 2 * DAY;

/**
 * A shop without the permission waits for the merchant to approve it: its reports are looked at again this
 * often (no call to Shopify while the grant lacks the scope), and given up this long after the email.
 */
export const PERMISSION_RECHECK_MS = HOUR;
export const PERMISSION_GIVE_UP_MS = 7 * DAY;

export const REASONS = {
  CHECKOUT_ID_UNKNOWN: "Shopify's id for this checkout is unknown",
  CHECKOUT_GONE: "The checkout no longer exists in Cartback (deleted or erased)",
  PERMISSION_NOT_GRANTED:
    "Waiting for the merchant to approve the marketing events permission (write_marketing_events)",
  /** Shopify answered ACCESS_DENIED although the grant lists the scope. */
  PERMISSION_REFUSED:
    "Shopify refused the report: the app lacks the marketing events permission (write_marketing_events)",
  NO_ABANDONMENT: "Shopify has no abandonment record for this checkout yet",
} as const;

/** The one marketing activity per shop that Cartback's recovery emails are reported under. */
export const MARKETING_ACTIVITY = {
  remoteId: "cartback-abandoned-checkout-emails",
  title: "Cartback abandoned checkout emails",
  // The same tags every link in the emails carries (app/domain/messages/campaign-tags.ts), so Shopify credits
  // the visits they bring to this activity.
  utm: { source: "cartback", medium: "email", campaign: "abandoned-checkout" },
} as const;

/** Shopify's gid for a checkout's abandoned-checkout record, from the checkout's numeric id. */
export const abandonedCheckoutGid = (shopifyId: string) => `gid://shopify/AbandonedCheckout/${shopifyId}`;
