import { dateTimeFormat, isKnownTimeZone, numberFormat } from "~/lib/intl-formats";
import { formatMoney, type Money } from "~/lib/money";

/**
 * The languages a message speaks: copy has templates and phrase-level guardrails in each, and every channel
 * its fixed words (email/email-strings.ts). Any other locale gets English, for the templates, the channel and
 * Gemini alike, so AI copy never goes out in a language whose claims the guardrails cannot read.
 */
export const SHOPPER_LANGUAGES = ["en", "fr", "de", "es", "it", "nl", "pt", "ja"] as const;
export type ShopperLanguage = (typeof SHOPPER_LANGUAGES)[number];

/** English names, for the model's facts. */
export const LANGUAGE_NAMES: Record<ShopperLanguage, string> = {
  en: "English",
  fr: "French",
  de: "German",
  es: "Spanish",
  it: "Italian",
  nl: "Dutch",
  pt: "Portuguese",
  ja: "Japanese",
};

export interface ShopperLocale {
  language: ShopperLanguage;
  /** What Intl formats dates, percentages and money with: the checkout's locale ("fr-CA"), or "en". */
  intlLocale: string;
}

const ENGLISH: ShopperLocale = { language: "en", intlLocale: "en" };

function isCopyLanguage(value: string): value is ShopperLanguage {
  return (SHOPPER_LANGUAGES as readonly string[]).includes(value);
}

/** "fr-CA" -> French formatted for Canada; "pl-PL", "", null or garbage -> English. */
export function resolveShopperLocale(locale: string | null | undefined): ShopperLocale {
  if (!locale) return ENGLISH;
  let canonical: string | undefined;
  try {
    // Shopify has sent "pt_BR"-style tags; Intl only knows hyphens.
    canonical = Intl.getCanonicalLocales(locale.trim().replace(/_/g, "-"))[0];
  } catch {
    return ENGLISH;
  }
  if (!canonical) return ENGLISH;
  const language = canonical.split("-")[0]?.toLowerCase() ?? "";
  return isCopyLanguage(language) ? { language, intlLocale: canonical } : ENGLISH;
}

/** The zone to show times in; an unknown zone would make Intl throw, so it falls back to UTC. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  return isKnownTimeZone(timeZone) ? timeZone : "UTC";
}

/**
 * The moment the offer stops working, with its time and zone ("December 5, 2026 at 3:00 PM EST"): a date
 * alone would promise the whole day when the codes stop mid-afternoon. The one format for it: the copy's
 * sentence and the channel's offer box show the same words.
 */
export function formatExpiry(expiresAt: Date, locale: ShopperLocale, timeZone: string): string {
  return dateTimeFormat(locale.intlLocale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
    timeZone,
  }).format(expiresAt);
}

/** 10 -> "10%" in English, "10 %" in French and German. */
export function formatPercent(percent: number, locale: ShopperLocale): string {
  return numberFormat(locale.intlLocale, { style: "percent", maximumFractionDigits: 0 }).format(
    percent / 100,
  );
}

export function formatAmount(money: Money, locale: ShopperLocale): string {
  return formatMoney(money, locale.intlLocale);
}
