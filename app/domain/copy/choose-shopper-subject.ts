import { findOtherLanguage } from "./check-copy-language";
import { resolveShopperLocale } from "~/domain/messages";

/**
 * The subject a shopper reads. The merchant's subject (A or B) goes out as written when it is in the
 * shopper's language, or too short to tell; when it plainly reads as another language (the built-in
 * defaults are English), the copy's subject goes out instead: Gemini's, which passed the guardrails, or the
 * template's for the step, both in the shopper's language. So a merchant who writes subjects in the shop's
 * language reaches those shoppers with their own words, and every other shopper gets one language from the
 * subject to the footer.
 */
export function chooseShopperSubject(
  merchantSubject: string,
  copySubject: string,
  locale: string | null,
): string {
  const { language } = resolveShopperLocale(locale);
  const normalized = merchantSubject.normalize("NFKC").replace(/[’‘`´]/g, "'");
  return findOtherLanguage(normalized, language) === null ? merchantSubject : copySubject;
}
