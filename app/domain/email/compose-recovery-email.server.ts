import {
  chooseShopperSubject,
  copyInputFromMessage,
  writeRecoveryCopy,
  type GeminiClientLike,
} from "~/domain/copy";
import { isFreeShippingCode } from "~/domain/discounts";
import {
  formatExpiry,
  resolveShopperLocale,
  safeTimeZone,
  withUtm,
  type RecoveryMessage,
  type RecoveryOffer,
} from "~/domain/messages";
import { normalizeEmail } from "~/lib/encryption.server";
import { formatMoney, type Money } from "~/lib/money";
import type { ComposedEmail } from "./composed-email";
import { emailStringsFor, type EmailStrings } from "./email-strings";
import { showsRecommendations } from "./recovery-email";
import type { RecoveryEmailModel } from "./recovery-email-model";
import { renderRecoveryEmail } from "./render-recovery-email.server";

export interface RecommendedProduct {
  productId: string;
  handle: string;
  title: string;
  imageUrl: string | null;
  price: Money;
}

export interface ComposeDependencies {
  /** EMAIL_FROM: its address is the sender; the display name becomes the shop's. */
  emailFrom: string;
  recommend(
    shop: string,
    cartProductIds: string[],
    options: { limit: number; now: Date },
  ): Promise<RecommendedProduct[]>;
  /** The Gemini client; undefined uses the one configured from env, null means none. */
  ai?: GeminiClientLike | null;
  /** When the email is sent: best sellers, cached AI copy and the like are read as of then. */
  now: Date;
}

const RECOMMENDATION_COUNT = 3;

/** `"Name" <address>` with a display name that cannot break the header (no quotes, brackets or line breaks). */
export function senderAddress(emailFrom: string, displayName: string): string {
  const address = /<([^<>]+)>/.exec(emailFrom)?.[1]?.trim() ?? emailFrom.trim();
  const name = displayName
    .replace(/[\r\n"<>\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 78);
  return name ? `"${name}" <${address}>` : address;
}

/** Resend tag values allow letters, digits, _ and - only. */
const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 256);

/**
 * One recovery email from the engine's facts: the shopper's own cart and offer, up to three recommendations,
 * copy in the shopper's language (AI-written within guardrails, or the template's), the merchant's subject
 * when it is in the shopper's language (so A/B subject tests measure what the merchant wrote) and the
 * copy's otherwise (chooseShopperSubject), the message's one-click unsubscribe link and the RFC 8058
 * headers mailbox providers require (the same in every design the step may name in message.template).
 */
export async function composeRecoveryEmail(
  message: RecoveryMessage,
  deps: ComposeDependencies,
): Promise<ComposedEmail> {
  const shopperLocale = resolveShopperLocale(message.locale);
  const { language } = shopperLocale;
  const strings = emailStringsFor(language);
  const locale = message.locale ?? language;
  const money = (value: Money) => formatMoney(value, locale);
  const cartProductIds = message.lines
    .map((line) => line.productId)
    .filter((id): id is string => id !== null);
  const recommendations = showsRecommendations(message.template)
    ? await deps.recommend(message.shop, cartProductIds, { limit: RECOMMENDATION_COUNT, now: deps.now })
    : [];
  const { copy } = await writeRecoveryCopy(
    copyInputFromMessage(message, { hasRecommendations: recommendations.length > 0 }),
    { ...(deps.ai !== undefined ? { ai: deps.ai } : {}), now: deps.now },
  );

  const email = normalizeEmail(message.to);
  if (!email) throw new Error("the recipient is not an email address");
  const unsubscribeUrl = message.links.unsubscribe;
  const shopName = message.sender.displayName ?? message.shopName;
  const subject = chooseShopperSubject(message.subject, copy.subject, message.locale);

  const model: RecoveryEmailModel = {
    template: message.template,
    lang: language,
    title: subject,
    preheader: copy.preheader,
    shopName,
    logoUrl: message.sender.logoUrl,
    accentColor: message.sender.accentColor,
    opening: copy.opening,
    cartHeading: strings.cartHeading,
    lines: message.lines.map((line) => ({
      title: line.title,
      variant: line.variantTitle,
      quantity: strings.quantity(line.quantity),
      price: money(line.linePrice),
      imageUrl: line.imageUrl,
    })),
    subtotalLabel: strings.subtotal,
    subtotal: money(message.subtotal),
    offer: message.offer
      ? {
          headline: strings.offerHeadline(message.offer.percentOff, message.offer.freeShipping),
          codeLabel: strings.codeLabel(message.offer.codes.length),
          codes: codesWithTheirTerms(message.offer, strings),
          expiry: strings.expires(
            formatExpiry(message.offer.expiresAt, shopperLocale, safeTimeZone(message.timezone)),
          ),
          minimum:
            message.offer.minimumSubtotal.amountMinor > 0
              ? strings.minimum(money(message.offer.minimumSubtotal))
              : null,
        }
      : null,
    ctaLabel: strings.cta,
    ctaUrl: message.links.recovery,
    recommendations:
      recommendations.length > 0
        ? {
            // One heading: the copy's line (AI or template) in the shopper's language, or the fixed label.
            heading: copy.recommendationsIntro?.trim() || strings.recommendationsHeading,
            items: recommendations.map((product) => ({
              title: product.title,
              price: money(product.price),
              imageUrl: product.imageUrl,
              url: withUtm(`${message.storefrontUrl}/products/${encodeURIComponent(product.handle)}`, {
                channel: message.channel,
                step: message.step,
                placement: "recommendation",
              }),
            })),
          }
        : null,
    signOff: strings.signOff(shopName),
    footer: {
      reason: strings.footerReason(shopName),
      address: message.shopAddress,
      unsubscribeLabel: strings.unsubscribe,
      unsubscribeUrl,
    },
  };
  const { html, text } = await renderRecoveryEmail(model);
  return {
    from: senderAddress(deps.emailFrom, shopName),
    to: email,
    replyTo: message.sender.replyTo,
    subject,
    html,
    text,
    headers: {
      "List-Unsubscribe": `<${unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    tags: [
      { name: "shop", value: tagValue(message.shop) },
      { name: "step", value: String(message.step) },
      // Another subject than the merchant's A or B counts for neither.
      { name: "variant", value: (subject === message.subject && message.subjectVariant) || "none" },
      // Resend includes the tags in its webhook events: an email whose id the app never learned (a retry
      // answered "already sent") is found by its send (record-delivery-event.server.ts).
      { name: "send", value: tagValue(message.sendId) },
    ],
  };
}

/**
 * With two codes, each says what it gives ("10% off your order", "Free shipping on your order"): a checkout
 * that applies only the first code of the link (apply-offer-to-url.ts) leaves the shopper the other to type.
 */
function codesWithTheirTerms(offer: RecoveryOffer, strings: EmailStrings) {
  return offer.codes.map((code) => ({
    code,
    gives:
      offer.codes.length > 1
        ? isFreeShippingCode(code)
          ? strings.offerHeadline(0, true)
          : strings.offerHeadline(offer.percentOff, false)
        : null,
  }));
}
