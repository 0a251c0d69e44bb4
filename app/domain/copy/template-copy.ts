import {
  formatAmount,
  formatExpiry,
  formatPercent,
  resolveShopperLocale,
  safeTimeZone,
  type ShopperLocale,
} from "~/domain/messages";
import {
  cleanText,
  displayFirstName,
  effectiveOffer,
  stepPositionOf,
  type CopyOffer,
  type RecoveryCopy,
  type RecoveryCopyInput,
} from "./recovery-copy";
import { TEMPLATES, type TemplateContext } from "./template-strings";

export type TemplateCopyInput = Omit<RecoveryCopyInput, "shop" | "aiEnabled">;

// Titles can be long ("Organic cotton crew-neck T-shirt, 3-pack, ..."); the line list shows them in full.
const MAX_TITLE_IN_COPY = 60;
const MAX_SHOP_NAME = 80;

/**
 * Copy from the templates for the step's position, the tone and the checkout's language (English for any
 * language without templates). Used when AI copy is off, unavailable or rejected; the composer may also take
 * its preheader and opening under the merchant's own subject.
 */
export function templateCopy(input: TemplateCopyInput): RecoveryCopy {
  const locale = resolveShopperLocale(input.locale);
  const strings = TEMPLATES[locale.language];
  const offer = effectiveOffer(input.offer);
  const [first] = input.lines;
  const context: TemplateContext = {
    greeting: strings.greeting(displayFirstName(input.firstName)),
    shop: cleanText(input.shopName, MAX_SHOP_NAME),
    items: first
      ? strings.items(cleanText(first.title, MAX_TITLE_IN_COPY), input.lines.length > 1)
      : strings.anyItems,
    offer: offer ? offerText(offer, locale) : "",
    minimum: offer ? minimumText(offer, locale) : "",
    expiry: offer ? formatExpiry(offer.expiresAt, locale, safeTimeZone(input.timeZone)) : "",
  };
  const position = stepPositionOf(input.step, input.stepCount);
  const step = strings.steps[input.tone][position];
  const text = offer ? step.withOffer(context) : step.plain(context);
  return {
    ...text,
    recommendationsIntro: input.hasRecommendations ? strings.recommendationsIntro : null,
  };
}

function offerText(offer: CopyOffer, locale: ShopperLocale): string {
  const percent = offer.percentOff > 0 ? formatPercent(offer.percentOff, locale) : null;
  return TEMPLATES[locale.language].offer(percent, offer.freeShipping);
}

function minimumText(offer: CopyOffer, locale: ShopperLocale): string {
  const minimum = offer.minimumSubtotal;
  if (!minimum || minimum.amountMinor <= 0) return "";
  return TEMPLATES[locale.language].minimum(formatAmount(minimum, locale));
}
