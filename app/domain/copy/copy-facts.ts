import {
  formatExpiry,
  LANGUAGE_NAMES,
  resolveShopperLocale,
  safeTimeZone,
  type CopyTone,
  type ShopperLanguage,
} from "~/domain/messages";
import {
  cleanText,
  displayFirstName,
  effectiveOffer,
  stepPositionOf,
  type RecoveryCopyInput,
} from "./recovery-copy";

/**
 * Everything the model is told, and nothing else. It holds no personal data and nothing that differs
 * between two shoppers with the same cart (the name and the exact expiry are placeholders), so it is also
 * the cache key. Strings in it that come from the shop's catalogue (shopName, titles) are untrusted; the
 * prompt passes them as data.
 */
export interface CopyFacts {
  shopName: string;
  /** English name of the language to write in. */
  language: string;
  locale: string;
  /** How the copy speaks; the system instruction for this tone says what it means. */
  tone: CopyTone;
  step: number;
  stepCount: number;
  stepPosition: "FIRST_REMINDER" | "FOLLOW_UP" | "LAST_REMINDER";
  /** Whether the {firstName} placeholder may be used. */
  greetByName: boolean;
  cart: Array<{ title: string; quantity: number }>;
  /** Cart lines beyond those listed. */
  otherCartLines: number;
  /** null: no offer. Its expiry is stated through the {offerExpiry} placeholder. */
  offer: { percentOff: number | null; freeShipping: boolean } | null;
  showsRecommendations: boolean;
}

/** The facts plus what the guardrails and the final copy need and the model must not see. */
export interface CopyCheckContext {
  facts: CopyFacts;
  language: ShopperLanguage;
  /** The real codes: copy never repeats them (the email shows them). */
  codes: string[];
  /** What {offerExpiry} becomes: "December 5, 2026 at 3:00 PM EST", in the shopper's language. */
  expiryText: string | null;
}

// Enough to say what the cart holds; a prompt with 80 lines would only cost time and tokens.
const MAX_LINES_IN_PROMPT = 10;
const MAX_TITLE_IN_PROMPT = 150;
const MAX_SHOP_NAME = 100;

const POSITION_NAMES = {
  FIRST: "FIRST_REMINDER",
  FOLLOW_UP: "FOLLOW_UP",
  LAST: "LAST_REMINDER",
} as const;

export function gatherCopyFacts(input: Omit<RecoveryCopyInput, "shop" | "aiEnabled">): CopyCheckContext {
  const locale = resolveShopperLocale(input.locale);
  const offer = effectiveOffer(input.offer);
  const listed = input.lines.slice(0, MAX_LINES_IN_PROMPT);
  const facts: CopyFacts = {
    shopName: cleanText(input.shopName, MAX_SHOP_NAME),
    language: LANGUAGE_NAMES[locale.language],
    locale: locale.intlLocale,
    tone: input.tone,
    step: input.step,
    stepCount: input.stepCount,
    stepPosition: POSITION_NAMES[stepPositionOf(input.step, input.stepCount)],
    greetByName: displayFirstName(input.firstName) !== null,
    cart: listed.map((line) => ({
      title: cleanText(line.title, MAX_TITLE_IN_PROMPT),
      quantity: Math.max(1, Math.trunc(line.quantity)),
    })),
    otherCartLines: input.lines.length - listed.length,
    offer: offer
      ? { percentOff: offer.percentOff > 0 ? offer.percentOff : null, freeShipping: offer.freeShipping }
      : null,
    showsRecommendations: input.hasRecommendations,
  };
  return {
    facts,
    language: locale.language,
    codes: offer?.codes ?? [],
    expiryText: offer ? formatExpiry(offer.expiresAt, locale, safeTimeZone(input.timeZone)) : null,
  };
}
