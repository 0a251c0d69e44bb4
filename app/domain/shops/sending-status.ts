import type { ShopSettings } from "./settings";

/**
 * The sending state as the merchant reads it on the app home: active, or paused with who paused it and what
 * that means. An automatic pause protects the sending domain's reputation; the merchant resumes it in
 * Settings once the cause is dealt with.
 */

export interface SendingLimits {
  /** Bounces over the recent window above which sending pauses, as a fraction (0.05 = 5%). */
  maxBounceRate: number;
  maxComplaintRate: number;
  /** How many of the latest sends the rates are measured over. */
  window: number;
}

export interface SendingStatusView {
  status: "ACTIVE" | "PAUSED";
  pausedReason: ShopSettings["sending"]["pausedReason"];
  pausedAt: string | null;
  /** Paused by the app rather than by the merchant: shown as a critical problem, not a choice. */
  isAutomatic: boolean;
  title: string;
  /** What the pause means and how to resume; null while sending is active. */
  explanation: string | null;
}

const percent = (fraction: number) =>
  new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 }).format(fraction);

const WHILE_PAUSED =
  "While sending is paused, no recovery email goes out: checkouts abandoned meanwhile are not emailed, and " +
  "sequences that reach their next email stop.";

export function describeSendingStatus(
  sending: ShopSettings["sending"],
  limits: SendingLimits,
): SendingStatusView {
  const base = { status: sending.status, pausedReason: sending.pausedReason, pausedAt: sending.pausedAt };
  if (sending.status === "ACTIVE")
    return { ...base, isAutomatic: false, title: "Sending is active", explanation: null };
  switch (sending.pausedReason) {
    case "BOUNCE_RATE":
      return {
        ...base,
        isAutomatic: true,
        title: "Sending was paused automatically: too many bounces",
        explanation:
          `More than ${percent(limits.maxBounceRate)} of your last ${limits.window} recovery emails bounced ` +
          "(the address does not exist or the mailbox refused the email). Mailbox providers send mail from " +
          `senders with many bounces to spam, so Cartback stopped sending. ${WHILE_PAUSED} Addresses that ` +
          "bounced for good are already excluded; review who gets emails (for example, only subscribers), then resume sending " +
          "in Settings.",
      };
    case "COMPLAINT_RATE":
      return {
        ...base,
        isAutomatic: true,
        title: "Sending was paused automatically: too many spam complaints",
        explanation:
          `More than ${percent(limits.maxComplaintRate)} of your last ${limits.window} recovery emails were ` +
          "marked as spam by their recipients. Above that rate mailbox providers such as Gmail send the " +
          `emails to spam or refuse them, so Cartback stopped sending. ${WHILE_PAUSED} Those recipients ` +
          "are already excluded; review who gets emails and how often, then resume sending in Settings.",
      };
    default:
      return {
        ...base,
        isAutomatic: false,
        title: "Sending is paused",
        explanation: `You paused recovery emails. ${WHILE_PAUSED} Resume sending in Settings.`,
      };
  }
}
