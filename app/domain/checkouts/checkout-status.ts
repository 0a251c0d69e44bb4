import {
  ARM,
  ENROLLMENT_STATUS,
  SKIP_REASONS,
  type AttributionMethod,
  type SkipReason,
} from "~/domain/outcomes";

/**
 * Where a checkout stands, as the merchant's checkout list names it. Pure, so the list's filters (SQL in
 * list-checkouts.server.ts) and the badge on each row are tested against the same definitions.
 *
 * Every checkout is in exactly one state, decided in this order:
 *   RECOVERED            an order was attributed to its enrolment and an email earned it (recoveredByEmail).
 *   COMPLETED_ON_ITS_OWN an order was attributed without an email's credit (held out, not emailed yet, or
 *                        after the attribution window), or the checkout was completed or ordered before any
 *                        recovery email was sent (no enrolment, or none of its steps sent).
 *   SKIPPED              the engine decided not to start a sequence, for a named reason.
 *   ENROLLED             in a sequence: ACTIVE, or COMPLETED / STOPPED without a recovery.
 *   HOLDOUT              in the holdout group (gets no email), no order yet.
 *   NOT_ENROLLED         no decision yet: not idle long enough, or never a candidate (no email, empty cart).
 */

export const CHECKOUT_FILTERS = ["all", "enrolled", "recovered", "skipped", "completed"] as const;
export type CheckoutFilter = (typeof CHECKOUT_FILTERS)[number];

export const CHECKOUT_FILTER_LABELS: Record<CheckoutFilter, string> = {
  all: "All",
  enrolled: "In a sequence",
  recovered: "Recovered by email",
  skipped: "Skipped",
  completed: "Completed on its own",
};

export type CheckoutState =
  "RECOVERED" | "COMPLETED_ON_ITS_OWN" | "SKIPPED" | "ENROLLED" | "HOLDOUT" | "NOT_ENROLLED";

/** The states each filter shows; "all" shows every state. */
export const FILTER_STATES: Record<Exclude<CheckoutFilter, "all">, CheckoutState> = {
  enrolled: "ENROLLED",
  recovered: "RECOVERED",
  skipped: "SKIPPED",
  completed: "COMPLETED_ON_ITS_OWN",
};

export const ATTRIBUTION_METHOD_LABELS: Record<AttributionMethod, string> = {
  DISCOUNT_CODE: "its discount code was used",
  CHECKOUT_TOKEN: "the order completed this checkout",
  CART_TOKEN: "the order came from the same cart",
  EMAIL_WINDOW: "the same shopper ordered within the attribution window",
};

/** What the status of a checkout is decided from (a checkout row and its enrolment, if any). */
export interface CheckoutStatusFacts {
  hasEmail: boolean;
  itemCount: number;
  subtotalMinor: number;
  completedAt: Date | null;
  orderedAt: Date | null;
  deletedAt: Date | null;
  redactedAt: Date | null;
  enrollment: {
    status: string;
    reason: string | null;
    arm: string;
    stepsSent: number;
    nextStep: number | null;
    recoveredOrderId: string | null;
    recoveredByEmail: boolean | null;
    attributionMethod: string | null;
  } | null;
}

/** Polaris badge tones the list uses; undefined is the neutral badge. */
export type StatusTone = "success" | "info" | "attention" | "warning" | "critical" | undefined;

export interface CheckoutStatusView {
  state: CheckoutState;
  label: string;
  tone: StatusTone;
  /** The named reason, in the merchant's words (outcomes.ts), when there is one. */
  reason: string | null;
}

/**
 * An order or a completion settles a checkout before its sequence's own status matters: the list's "completed
 * on its own" and "recovered" are about the outcome, the other states about what the engine is doing.
 */
export function checkoutStateOf(facts: CheckoutStatusFacts): CheckoutState {
  const enrollment = facts.enrollment;
  const isSettled =
    (enrollment?.recoveredOrderId ?? null) !== null ||
    ((facts.completedAt !== null || facts.orderedAt !== null) && (enrollment?.stepsSent ?? 0) === 0);
  if (isSettled)
    return enrollment?.recoveredOrderId && enrollment.recoveredByEmail === true
      ? "RECOVERED"
      : "COMPLETED_ON_ITS_OWN";
  if (!enrollment) return "NOT_ENROLLED";
  switch (enrollment.status) {
    case ENROLLMENT_STATUS.SKIPPED:
      return "SKIPPED";
    case ENROLLMENT_STATUS.ACTIVE:
    case ENROLLMENT_STATUS.COMPLETED:
    case ENROLLMENT_STATUS.STOPPED:
      return "ENROLLED";
    case ENROLLMENT_STATUS.HOLDOUT:
      return "HOLDOUT";
    default:
      return "NOT_ENROLLED";
  }
}

/** A stored reason code in the merchant's words; a code this version does not know is shown as it is. */
export function reasonText(code: string | null | undefined): string | null {
  if (!code) return null;
  return code in SKIP_REASONS ? SKIP_REASONS[code as SkipReason] : code;
}

export function attributionMethodText(method: string | null | undefined): string | null {
  if (!method) return null;
  return method in ATTRIBUTION_METHOD_LABELS
    ? ATTRIBUTION_METHOD_LABELS[method as AttributionMethod]
    : method;
}

function onItsOwnReason(facts: CheckoutStatusFacts): string {
  const enrollment = facts.enrollment;
  if (!enrollment?.recoveredOrderId) return "Completed before any recovery email was sent";
  if (enrollment.arm === ARM.HOLDOUT) return "In the holdout group: no email was sent";
  if (enrollment.stepsSent === 0) return "Ordered before the first recovery email";
  return "Ordered after the attribution window of the last email";
}

function notEnrolledReason(facts: CheckoutStatusFacts): string {
  if (facts.redactedAt) return SKIP_REASONS.REDACTED;
  if (facts.deletedAt) return SKIP_REASONS.DELETED;
  if (!facts.hasEmail) return SKIP_REASONS.NO_EMAIL;
  if (facts.itemCount === 0 || facts.subtotalMinor <= 0) return SKIP_REASONS.EMPTY_CART;
  return "Waiting: the cart has not been idle long enough yet";
}

export function describeCheckoutStatus(facts: CheckoutStatusFacts): CheckoutStatusView {
  const state = checkoutStateOf(facts);
  const enrollment = facts.enrollment;
  switch (state) {
    case "RECOVERED": {
      const method = attributionMethodText(enrollment?.attributionMethod);
      return {
        state,
        label: "Recovered by email",
        tone: "success",
        reason: method ? `Matched because ${method}` : null,
      };
    }
    case "COMPLETED_ON_ITS_OWN":
      return { state, label: "Completed on its own", tone: undefined, reason: onItsOwnReason(facts) };
    case "SKIPPED":
      return { state, label: "Skipped", tone: "warning", reason: reasonText(enrollment?.reason) };
    case "ENROLLED":
      if (enrollment?.status === ENROLLMENT_STATUS.ACTIVE)
        return {
          state,
          label: "In sequence",
          tone: "info",
          reason: enrollment.nextStep ? `Step ${enrollment.nextStep} is next` : null,
        };
      if (enrollment?.status === ENROLLMENT_STATUS.COMPLETED)
        return { state, label: "Sequence finished", tone: undefined, reason: "Every step was sent" };
      return { state, label: "Stopped", tone: "attention", reason: reasonText(enrollment?.reason) };
    case "HOLDOUT":
      return {
        state,
        label: "Holdout",
        tone: undefined,
        reason: "Gets no email, to measure what the emails add",
      };
    case "NOT_ENROLLED":
      return { state, label: "Not enrolled", tone: undefined, reason: notEnrolledReason(facts) };
  }
}
