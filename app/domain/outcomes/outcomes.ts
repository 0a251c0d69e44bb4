/**
 * The engine's named decisions. Every one is stored (Enrollment.status/reason, RecoverySend.outcome,
 * RecoveryEvent.type/reason) and shown to the merchant; none is a bare boolean or a thrown error.
 */

export const ENROLLMENT_STATUS = {
  /** In the sequence: the next step is due at dueAt. */
  ACTIVE: "ACTIVE",
  /** In the holdout: gets no email, tracked the same way to measure what the emails add. */
  HOLDOUT: "HOLDOUT",
  /** Never started, for `reason`. */
  SKIPPED: "SKIPPED",
  /** Started, then ended early, for `reason`. */
  STOPPED: "STOPPED",
  /** Every step was sent. */
  COMPLETED: "COMPLETED",
} as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUS)[keyof typeof ENROLLMENT_STATUS];

export const ARM = { TREATMENT: "TREATMENT", HOLDOUT: "HOLDOUT" } as const;
export type Arm = (typeof ARM)[keyof typeof ARM];

/** Why a checkout was not enrolled, or why its sequence stopped. */
export const SKIP_REASONS = {
  NO_EMAIL: "The checkout has no usable email address",
  EMPTY_CART: "The cart is empty or worth nothing",
  COMPLETED: "The checkout was completed",
  ORDERED: "The shopper placed an order",
  DELETED: "Shopify deleted the checkout",
  NOT_SUBSCRIBED: "The shopper did not accept email marketing",
  UNSUBSCRIBED: "The shopper unsubscribed",
  SUPPRESSED: "The address bounced or complained",
  BLOCKED_ADDRESS: "The address or its domain is on the shop's blocklist",
  BOT_ADDRESS: "The address belongs to a crawler or bot",
  TEST_CHECKOUT: "The address is a reserved test address",
  TOO_OLD: "The checkout was idle longer than the maximum age",
  FREQUENCY_CAP: "The shopper already got a recovery sequence recently",
  SHOP_UNINSTALLED: "The app was uninstalled",
  SENDING_PAUSED: "Sending was paused",
  NOTHING_AVAILABLE: "None of the cart's items can be bought any more",
  REDACTED: "The shopper's data was erased on request",
  SEND_FAILED: "Sending failed permanently",
  STOPPED_BY_MERCHANT: "Stopped by the merchant",
  SEQUENCE_SHORTENED: "The merchant removed the sequence's remaining steps",
  UNREADABLE_DATA:
    "The shopper's saved details could not be decrypted (changed in the database, or sealed with a key that is no longer configured)",
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

/** What happened to one step of one enrolment (RecoverySend.outcome). */
export const STEP_OUTCOMES = {
  SENT: "Sent",
  SENT_WITHOUT_OFFER: "Sent without its offer: the discount code could not be created",
  DEFERRED_QUIET_HOURS: "Waiting for the end of quiet hours",
  DEFERRED_FREQUENCY: "Waiting: the shopper got a recovery email less than the minimum interval ago",
  DEFERRED_RATE_LIMITED: "Waiting: the email provider asked to slow down (its rate limit)",
  DEFERRED_PROVIDER_QUOTA:
    "Waiting: the email provider's daily or monthly sending quota is used up; it is checked again",
  DEFERRED_PAUSED: "Waiting: sending is paused",
  DEFERRED_SEND_TIME: "Held for the hour the shopper is most likely to read it (send-time optimisation)",
  DEFERRED_REAUTH_REQUIRED:
    "Waiting: the merchant must open the app again before its discount code can be made",
  FAILED_RETRYABLE: "Sending failed for a reason that may pass; retrying",
  FAILED_PERMANENT: "Sending failed permanently",
  SKIPPED: "Not sent",
} as const;
export type StepOutcome = keyof typeof STEP_OUTCOMES;

/** Timeline entries (RecoveryEvent.type). */
export const EVENT_TYPES = [
  "ENROLLED",
  "HELD_OUT",
  "SKIPPED",
  "RESTARTED",
  "DEFERRED",
  "SENT",
  "RETRY",
  "FAILED",
  "STOPPED",
  "COMPLETED",
  "CLICKED",
  "ORDERED",
  "RECOVERED",
  /** The margin floor lowered or removed a step's offer: data { fromPercent, toPercent, floorPercent, freeShipping }. */
  "OFFER_LIMITED_BY_MARGIN",
  /** On the code's checkout: another shopper's order used its discount code (attribution-rules.ts). */
  "CODE_LEAKED",
  /** On the ordering shopper's own checkout: its order used a code sent to someone else. */
  "LEAKED_CODE_USED",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** How an order was matched to a checkout, strongest first. */
export const ATTRIBUTION_METHODS = ["DISCOUNT_CODE", "CHECKOUT_TOKEN", "CART_TOKEN", "EMAIL_WINDOW"] as const;
export type AttributionMethod = (typeof ATTRIBUTION_METHODS)[number];
