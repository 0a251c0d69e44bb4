import { z } from "zod";
import { ENROLLMENT_STATUS, SKIP_REASONS, type SkipReason } from "~/domain/outcomes";
import { reasonText } from "./checkout-status";

/**
 * What the checkout page's two actions answer, as named outcomes, and the sentence the merchant reads in the
 * banner beside the buttons. Pure: the wording of every outcome is tested without a database.
 */

export const CHECKOUT_ACTIONS = ["stop", "send-now"] as const;
export type CheckoutAction = (typeof CHECKOUT_ACTIONS)[number];

/** The form the page's buttons post. */
export const CheckoutActionFormSchema = z.object({
  intent: z.enum(CHECKOUT_ACTIONS, { error: "must be stop or send-now" }),
});

/** Why a sequence is not one the merchant can act on, from its status (null: no enrolment). */
export type NotActiveWhy = "NOT_ENROLLED" | "HOLDOUT" | "SKIPPED" | "STOPPED" | "FINISHED";

export type StopSequenceOutcome =
  { outcome: "STOPPED" } | { outcome: "NOT_ACTIVE"; why: NotActiveWhy; reason: string | null };

export type SendNextStepOutcome =
  | { outcome: "SENT"; step: number }
  | { outcome: "SENT_WITHOUT_OFFER"; step: number; reason: string | null }
  /** Not active: nothing was changed. */
  | { outcome: "NOT_ACTIVE"; why: NotActiveWhy; reason: string | null }
  /** The pre-send check said no before anything was claimed: nothing was changed. */
  | { outcome: "REFUSED"; step: number; reason: SkipReason }
  /** The engine's own pre-send check (after the claim) stopped the sequence, as a scheduled send would. */
  | { outcome: "STOPPED"; step: number; reason: SkipReason }
  | { outcome: "RETRYING"; step: number; reason: string | null; nextAttemptLabel: string | null }
  | { outcome: "FAILED"; step: number; reason: string | null }
  | { outcome: "DEFERRED"; step: number; untilLabel: string | null }
  /** Another worker (the scheduled tick) holds this step right now. */
  | { outcome: "BUSY"; step: number }
  /** The step was closed (sent, skipped or failed) by someone else meanwhile. */
  | { outcome: "ALREADY_DONE"; step: number };

export type BannerTone = "success" | "warning" | "critical" | "info";

/** The answer of either action, ready for the banner. */
export interface CheckoutActionAnswer {
  intent: CheckoutAction;
  outcome: string;
  tone: BannerTone;
  title: string;
  detail: string | null;
}

export function notActiveWhy(enrollment: { status: string } | null): NotActiveWhy | null {
  if (!enrollment) return "NOT_ENROLLED";
  switch (enrollment.status) {
    case ENROLLMENT_STATUS.ACTIVE:
      return null;
    case ENROLLMENT_STATUS.HOLDOUT:
      return "HOLDOUT";
    case ENROLLMENT_STATUS.SKIPPED:
      return "SKIPPED";
    case ENROLLMENT_STATUS.COMPLETED:
      return "FINISHED";
    default:
      return "STOPPED";
  }
}

/** Why neither action applies, in a sentence (shown beside disabled buttons and in refusals). */
export function notActiveText(why: NotActiveWhy, reason: string | null): string {
  const because = reasonText(reason);
  switch (why) {
    case "NOT_ENROLLED":
      return "This checkout is not in a recovery sequence.";
    case "HOLDOUT":
      return "This checkout is in the holdout group: it gets no email, so the dashboard can measure what the emails add.";
    case "SKIPPED":
      return `No sequence was started for this checkout${because ? `: ${because}` : ""}.`;
    case "FINISHED":
      return "Every step of the sequence was already sent.";
    case "STOPPED":
      return `The sequence is stopped${because ? `: ${because}` : ""}.`;
  }
}

export function describeStopOutcome(result: StopSequenceOutcome): CheckoutActionAnswer {
  if (result.outcome === "STOPPED")
    return {
      intent: "stop",
      outcome: result.outcome,
      tone: "success",
      title: "The sequence is stopped. No more recovery emails will be sent for this checkout.",
      detail: null,
    };
  return {
    intent: "stop",
    outcome: result.outcome,
    tone: "warning",
    title: "Nothing to stop.",
    detail: notActiveText(result.why, result.reason),
  };
}

export function describeSendNextStepOutcome(result: SendNextStepOutcome): CheckoutActionAnswer {
  const answer = (tone: BannerTone, title: string, detail: string | null = null): CheckoutActionAnswer => ({
    intent: "send-now",
    outcome: result.outcome,
    tone,
    title,
    detail,
  });
  switch (result.outcome) {
    case "SENT":
      return answer("success", `Step ${result.step} was sent.`);
    case "SENT_WITHOUT_OFFER":
      return answer(
        "warning",
        `Step ${result.step} was sent without its offer: the discount code could not be created.`,
        result.reason,
      );
    case "NOT_ACTIVE":
      return answer("warning", "Not sent.", notActiveText(result.why, result.reason));
    case "REFUSED":
      return answer(
        "critical",
        `Not sent: ${SKIP_REASONS[result.reason]}.`,
        "Nothing was sent and the sequence was not changed.",
      );
    case "STOPPED":
      return answer(
        "critical",
        `Not sent: ${SKIP_REASONS[result.reason]}.`,
        "The sequence was stopped, as it would have been at the step's scheduled time.",
      );
    case "RETRYING":
      return answer(
        "warning",
        `Step ${result.step} could not be sent yet; it will be retried automatically.`,
        [result.reason, result.nextAttemptLabel ? `Next attempt ${result.nextAttemptLabel}.` : null]
          .filter(Boolean)
          .join(". ") || null,
      );
    case "FAILED":
      return answer(
        "critical",
        `Step ${result.step} could not be sent, and the sequence was stopped.`,
        result.reason,
      );
    case "DEFERRED":
      return answer(
        "info",
        `Step ${result.step} will be sent later.`,
        result.untilLabel ? `It waits until ${result.untilLabel}.` : null,
      );
    case "BUSY":
      return answer(
        "info",
        `Step ${result.step} is being sent by the scheduler right now.`,
        "Refresh the page in a minute to see its outcome.",
      );
    case "ALREADY_DONE":
      return answer(
        "info",
        `Step ${result.step} was already dealt with meanwhile.`,
        "See the timeline below.",
      );
  }
}
