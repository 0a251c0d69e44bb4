import type { CopyTone, RecoveryMessage } from "~/domain/messages";
import type { Money } from "~/lib/money";

/**
 * The words of one recovery email around the parts the template renders itself (product lines, prices,
 * codes, button, footer). Written by Gemini when the shop allows it and the answer passes the guardrails,
 * otherwise by the templates. Pure: the admin preview can import it.
 */
export interface RecoveryCopy {
  /**
   * A subject that fits the copy. The merchant's own subject (A/B per step, in settings) is the one to
   * send; this one is for a preview or a future "let AI write subjects" setting.
   */
  subject: string;
  preheader: string;
  /** One short paragraph that greets the shopper and says what is waiting (and the offer, when there is one). */
  opening: string;
  /** The line above the recommended products; null when the email shows none. */
  recommendationsIntro: string | null;
}

export interface CopyLine {
  title: string;
  quantity: number;
}

/** The offer's terms as the copy needs them; a RecoveryOffer fits. */
export interface CopyOffer {
  /** The codes the email shows. Copy never repeats them. */
  codes: string[];
  percentOff: number;
  freeShipping: boolean;
  expiresAt: Date;
  /** The cart must be worth at least this for the codes to apply; shown by the templates when above zero. */
  minimumSubtotal?: Money | null;
}

/** The facts copy is written from. Nothing else reaches the model or the templates. */
export interface RecoveryCopyInput {
  /** The shop's myshopify domain: scopes the cache. */
  shop: string;
  shopName: string;
  firstName: string | null;
  /** BCP 47 locale of the checkout, when Shopify sent one. */
  locale: string | null;
  lines: CopyLine[];
  offer: CopyOffer | null;
  step: number;
  stepCount: number;
  hasRecommendations: boolean;
  /** The shop's switch (settings.aiCopy.enabled, RecoveryMessage.aiCopy). Off: no request is made. */
  aiEnabled: boolean;
  /** IANA time zone the offer's expiry is shown in (the shop's). UTC when absent or unknown. */
  timeZone?: string | null;
  /** How the copy speaks (the step's content variant may change it); the prompt and the templates follow it. */
  tone: CopyTone;
}

/**
 * Where a step sits in the sequence decides the tone: a first nudge, a follow-up, or the last reminder. A
 * one-step sequence is a first reminder, never a "last chance".
 */
export type StepPosition = "FIRST" | "FOLLOW_UP" | "LAST";

export function stepPositionOf(step: number, stepCount: number): StepPosition {
  if (step <= 1) return "FIRST";
  if (step >= stepCount) return "LAST";
  return "FOLLOW_UP";
}

/** An offer that gives nothing is no offer: the copy must not talk about one. */
export function effectiveOffer(offer: CopyOffer | null): CopyOffer | null {
  if (!offer) return null;
  return offer.percentOff > 0 || offer.freeShipping ? offer : null;
}

const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/gu;

/** Trimmed, single-spaced text without control characters, cut to `max` characters with an ellipsis. */
export function cleanText(value: string, max: number): string {
  const text = value.replace(CONTROL_OR_FORMAT, " ").replace(/\s+/g, " ").trim();
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

const MAX_FIRST_NAME = 40;

/** The name as the email shows it, or null when there is nothing usable. */
export function displayFirstName(firstName: string | null): string | null {
  if (!firstName) return null;
  const name = cleanText(firstName, MAX_FIRST_NAME);
  return name === "" ? null : name;
}

/** The facts of a RecoveryMessage, for the composer. */
export function copyInputFromMessage(
  message: Pick<
    RecoveryMessage,
    | "shop"
    | "shopName"
    | "timezone"
    | "firstName"
    | "locale"
    | "lines"
    | "offer"
    | "step"
    | "stepCount"
    | "aiCopy"
    | "tone"
  >,
  extra: { hasRecommendations: boolean },
): RecoveryCopyInput {
  return {
    shop: message.shop,
    shopName: message.shopName,
    firstName: message.firstName,
    locale: message.locale,
    // The product title alone: the email lists variants beside each line, and copy only names the product.
    lines: message.lines.map((line) => ({ title: line.title, quantity: line.quantity })),
    offer: message.offer,
    step: message.step,
    stepCount: message.stepCount,
    hasRecommendations: extra.hasRecommendations,
    aiEnabled: message.aiCopy,
    timeZone: message.timezone,
    tone: message.tone,
  };
}
