import {
  REPUTATION_LIMITS,
  REPUTATION_WINDOW_DAYS,
  type ReputationReading,
  type ReputationReason,
} from "~/domain/sending";
import type { ShopSettings } from "./settings";

/**
 * The sending state as the merchant reads it on the app home: active, or paused with who paused it and what
 * that means. An automatic pause protects the sending domain's reputation; the merchant resumes it in
 * Settings once the cause is dealt with.
 */

export interface SendingStatusView {
  status: "ACTIVE" | "PAUSED";
  pausedReason: ShopSettings["sending"]["pausedReason"];
  pausedAt: string | null;
  /** Paused by the app rather than by the merchant: shown as a critical problem, not a choice. */
  isAutomatic: boolean;
  title: string;
  /** What the pause means and how to resume; null while sending is active. */
  explanation: string | null;
  /** Bounces or complaints nearing the pause level, while sending is active: what to do before it pauses. */
  warning: { title: string; explanation: string } | null;
}

const percent = (fraction: number) =>
  new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 }).format(fraction);

const WHILE_PAUSED =
  "While sending is paused, no recovery email goes out and nothing is lost: checkouts abandoned meanwhile " +
  "and sequences that reach their next email wait, and go on when you resume (an email that would arrive " +
  "later than the maximum checkout age is not sent).";

const count = (n: number, one: string, many: string) =>
  `${new Intl.NumberFormat("en").format(n)} ${n === 1 ? one : many}`;

/** "3 of your 412 recovery emails of the last 30 days (0.7%)" */
function share(events: number, reading: ReputationReading) {
  const rate = reading.sent > 0 ? events / reading.sent : 0;
  return `${events} of your ${count(reading.sent, "recovery email", "recovery emails")} of the last ${REPUTATION_WINDOW_DAYS} days (${percent(rate)})`;
}

/**
 * What caused a pause: the window's figures while they still show it; once they no longer do (the pause is
 * older than the window, or the events were erased), the limit that was crossed.
 */
function cause(reading: ReputationReading, reason: ReputationReason) {
  const events = reason === "COMPLAINT_RATE" ? reading.complained : reading.bounced;
  if (reading.level === "PAUSE" && reading.reason === reason) return share(events, reading);
  const { rate, minimum } = REPUTATION_LIMITS[reason].pause;
  return `More than ${percent(rate)} of your recovery emails over ${REPUTATION_WINDOW_DAYS} days (at least ${minimum})`;
}

function warningOf(reading: ReputationReading): SendingStatusView["warning"] {
  if (reading.level !== "WARNING") return null;
  const { pause } = REPUTATION_LIMITS[reading.reason ?? "COMPLAINT_RATE"];
  if (reading.reason === "COMPLAINT_RATE")
    return {
      title: "Spam complaints are rising",
      explanation:
        `${share(reading.complained, reading)} were marked as spam. Gmail asks senders to stay below 0.1% and ` +
        `refuses them at 0.3%; Cartback pauses sending above ${percent(pause.rate)} (with at least ` +
        `${pause.minimum} complaints). Those recipients get no more emails. To bring the rate down, email ` +
        "only subscribers, send fewer steps, or make the first email less pushy.",
    };
  return {
    title: "Many recovery emails are bouncing",
    explanation:
      `${share(reading.bounced, reading)} bounced for good. Cartback pauses sending above ` +
      `${percent(pause.rate)} (with at least ${pause.minimum} bounces). Those addresses get no more emails; ` +
      "blocking the domains of fake addresses in Settings brings the rate down.",
  };
}

export function describeSendingStatus(
  sending: ShopSettings["sending"],
  reputation: ReputationReading,
): SendingStatusView {
  const base = { status: sending.status, pausedReason: sending.pausedReason, pausedAt: sending.pausedAt };
  if (sending.status === "ACTIVE")
    return {
      ...base,
      isAutomatic: false,
      title: "Sending is active",
      explanation: null,
      warning: warningOf(reputation),
    };
  const paused = { ...base, warning: null };
  switch (sending.pausedReason) {
    case "BOUNCE_RATE":
      return {
        ...paused,
        isAutomatic: true,
        title: "Sending was paused automatically: too many bounces",
        explanation:
          `${cause(reputation, "BOUNCE_RATE")} bounced: the address does not exist or the mailbox ` +
          `refused the email. Above ${percent(REPUTATION_LIMITS.BOUNCE_RATE.pause.rate)} mailbox providers send ` +
          `a sender's mail to spam, so Cartback paused sending. ${WHILE_PAUSED} Addresses that bounced for ` +
          "good are already excluded; review who gets emails (for example, only subscribers), then resume " +
          "sending in Settings.",
      };
    case "COMPLAINT_RATE":
      return {
        ...paused,
        isAutomatic: true,
        title: "Sending was paused automatically: too many spam complaints",
        explanation:
          `${cause(reputation, "COMPLAINT_RATE")} were marked as spam by their recipients. Above ` +
          `${percent(REPUTATION_LIMITS.COMPLAINT_RATE.pause.rate)} mailbox providers such as Gmail send the ` +
          `emails to spam or refuse them, so Cartback paused sending. ${WHILE_PAUSED} Those recipients are ` +
          "already excluded; review who gets emails and how often, then resume sending in Settings.",
      };
    default:
      return {
        ...paused,
        isAutomatic: false,
        title: "Sending is paused",
        explanation: `You paused recovery emails. ${WHILE_PAUSED} Resume sending in Settings.`,
      };
  }
}
