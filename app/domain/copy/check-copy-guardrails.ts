import {
  CURRENCY_MENTIONS,
  DEADLINE_CLAIMS,
  DELIVERY_SPEED_CLAIMS,
  DISCOUNT_CLAIMS,
  EXPIRY_MENTIONS,
  FREE_PROMISES,
  FREE_SHIPPING_PHRASES,
  findPhrase,
  HARMLESS_FREE_IDIOMS,
  OFFER_MENTIONS,
  PERCENT_MARKER,
  removePhrases,
  SHIPPING_MENTIONS,
  STOCK_CLAIMS,
} from "./claim-patterns";
import { findLanguageMismatch } from "./check-copy-language";
import type { CopyCheckContext } from "./copy-facts";
import {
  COPY_FIELDS,
  COPY_LIMITS,
  FIRST_NAME_PLACEHOLDER,
  OFFER_EXPIRY_PLACEHOLDER,
  type AiCopy,
  type CopyField,
} from "./copy-schema";

/**
 * Checks an AI answer against the facts before a shopper reads it. Anything the facts do not support fails:
 * a percentage other than the offer's, any price or currency, a code, free shipping the offer lacks, any
 * stock or popularity claim, any deadline or date (the real expiry only enters through its placeholder), a
 * number that is not a fact, markup, links and addresses, and an answer not in the shopper's language
 * (check-copy-language.ts). Pure; the rules run in the order whose reasons are most useful.
 */

export type GuardrailRule =
  | "EMPTY"
  | "LENGTH"
  | "FORMAT"
  | "MARKUP"
  | "EMAIL"
  | "URL"
  | "PLACEHOLDER"
  | "CODE"
  | "PRICE"
  | "PERCENT"
  | "SHIPPING"
  | "FREE"
  | "DISCOUNT"
  | "OFFER"
  | "STOCK"
  | "DEADLINE"
  | "DATE"
  | "NUMBER"
  | "LANGUAGE";

export type GuardrailVerdict =
  { ok: true } | { ok: false; rule: GuardrailRule; field: CopyField; detail: string };

type Failure = { rule: GuardrailRule; detail: string };

const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const MARKUP = [
  /[<>]/,
  /&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i,
  /\*\*|__|~~|`/,
  /\[[^\]]*\]\([^)]*\)/,
  /^\s{0,3}#{1,6}\s/,
  /^\s*[-*+]\s/,
];
const EMAIL_OR_HANDLE = /@/;
const URL_PATTERNS = [
  /\b(?:https?|ftp):\/\//i,
  /\bwww\./i,
  // Any "name.tld": a domain is a link in most mail clients, and a product title could smuggle one in.
  /(?<![\p{L}\p{N}])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,24}(?![\p{L}\p{N}])/iu,
];
const CURRENCY_SYMBOL = /\p{Sc}/u;
const DIGIT_RUN = /\p{Nd}+/gu;
// Letters and digits together ("SAVE20", "CB-7KQ2MXPA") or 4+ capitals ("WELCOME"): how codes look.
const TOKEN = /[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]/g;

export function checkCopyGuardrails(copy: AiCopy, context: CopyCheckContext): GuardrailVerdict {
  const fields = COPY_FIELDS.filter(
    (field) => field !== "recommendationsIntro" || context.facts.showsRecommendations,
  );
  for (const field of fields) {
    const failure = checkField(field, copy[field], context);
    if (failure) return { ok: false, field, ...failure };
  }
  // Last, once every field is known to be clean: the answer as a whole must be in the shopper's language.
  const mismatch = findLanguageMismatch(
    fields.map((field) => [field, copy[field].normalize("NFKC").replace(/[’‘`´]/g, "'")]),
    context.language,
    factTexts(context),
  );
  if (mismatch) return { ok: false, rule: "LANGUAGE", ...mismatch };
  return { ok: true };
}

function checkField(field: CopyField, raw: string, context: CopyCheckContext): Failure | null {
  const { facts } = context;
  if (raw.trim() === "") return { rule: "EMPTY", detail: `${field} is empty` };
  // Measured as the shopper will read it, with the real expiry in place of its placeholder.
  const length = [...raw.split(OFFER_EXPIRY_PLACEHOLDER).join(context.expiryText ?? "")].length;
  if (length > COPY_LIMITS[field]) {
    return { rule: "LENGTH", detail: `${field} has ${length} characters (at most ${COPY_LIMITS[field]})` };
  }
  if (CONTROL_OR_FORMAT.test(raw))
    return { rule: "FORMAT", detail: `${field} has a line break or control character` };

  // NFKC folds full-width and compatibility forms ("２０％" -> "20%", "ＦＲＥＥ" -> "FREE") before any rule.
  const normalized = raw.normalize("NFKC").replace(/[’‘`´]/g, "'");
  const quote = (match: string) => `${field}: "${match.slice(0, 60)}"`;

  const markup = findPhrase(normalized, MARKUP);
  if (markup) return { rule: "MARKUP", detail: quote(markup) };
  if (EMAIL_OR_HANDLE.test(normalized)) return { rule: "EMAIL", detail: `${field} has an address or handle` };
  const url = findPhrase(normalized, URL_PATTERNS);
  if (url) return { rule: "URL", detail: quote(url) };

  const names = occurrences(normalized, FIRST_NAME_PLACEHOLDER);
  const expiries = occurrences(normalized, OFFER_EXPIRY_PLACEHOLDER);
  if (names > 0 && !facts.greetByName) {
    return { rule: "PLACEHOLDER", detail: `${field} names a shopper whose name is unknown` };
  }
  if (expiries > 0 && !facts.offer)
    return { rule: "PLACEHOLDER", detail: `${field} states an expiry, and there is no offer` };
  if (names > 1 || expiries > 1) return { rule: "PLACEHOLDER", detail: `${field} repeats a placeholder` };
  const text = normalized.split(FIRST_NAME_PLACEHOLDER).join(" ").split(OFFER_EXPIRY_PLACEHOLDER).join(" ");
  if (/[{}]/.test(text)) return { rule: "PLACEHOLDER", detail: `${field} has template syntax` };

  const code = context.codes.find((real) => real && text.toUpperCase().includes(real.toUpperCase()));
  if (code) return { rule: "CODE", detail: `${field} repeats a discount code` };

  if (CURRENCY_SYMBOL.test(text))
    return { rule: "PRICE", detail: quote(CURRENCY_SYMBOL.exec(text)?.[0] ?? "") };
  const currency = findPhrase(text, CURRENCY_MENTIONS);
  if (currency) return { rule: "PRICE", detail: quote(currency) };

  const percent = checkPercentages(text, facts.offer?.percentOff ?? null);
  if (percent) return { rule: "PERCENT", detail: `${field}: ${percent}` };

  const offer = facts.offer;
  let rest = text;
  if (offer?.freeShipping) {
    const speed = findPhrase(rest, DELIVERY_SPEED_CLAIMS);
    if (speed) return { rule: "SHIPPING", detail: quote(speed) };
    rest = removePhrases(rest, FREE_SHIPPING_PHRASES);
  } else {
    const shipping = findPhrase(rest, SHIPPING_MENTIONS);
    if (shipping) return { rule: "SHIPPING", detail: quote(shipping) };
  }
  const free = findPhrase(removePhrases(rest, HARMLESS_FREE_IDIOMS), FREE_PROMISES);
  if (free) return { rule: "FREE", detail: quote(free) };

  if (offer?.percentOff === null || !offer) {
    const discount = findPhrase(text, DISCOUNT_CLAIMS);
    if (discount) return { rule: "DISCOUNT", detail: quote(discount) };
  }
  if (!offer) {
    const mention = findPhrase(text, OFFER_MENTIONS);
    if (mention) return { rule: "OFFER", detail: quote(mention) };
  }

  const stock = findPhrase(text, STOCK_CLAIMS);
  if (stock) return { rule: "STOCK", detail: quote(stock) };

  const deadline = findPhrase(text, DEADLINE_CLAIMS);
  if (deadline) return { rule: "DEADLINE", detail: quote(deadline) };
  if (!offer) {
    const expiry = findPhrase(text, EXPIRY_MENTIONS);
    if (expiry) return { rule: "DEADLINE", detail: quote(expiry) };
  }
  const date = findDate(text, context.language);
  if (date) return { rule: "DATE", detail: quote(date) };

  const token = findCodeLikeToken(text, context);
  if (token) return { rule: "CODE", detail: quote(token) };
  const number = findUnsupportedNumber(text, context);
  if (number) return { rule: "NUMBER", detail: `${field}: ${number} is not in the facts` };
  return null;
}

/** Every percentage must be the offer's own number; with no percentage offer there may be none at all. */
function checkPercentages(text: string, allowed: number | null): string | null {
  for (const marker of text.matchAll(PERCENT_MARKER)) {
    if (allowed === null) return `"${marker[0]}" but the offer has no percentage`;
    const index = marker.index ?? 0;
    const before = /(\d+(?:[.,]\d+)?)\s*$/u.exec(text.slice(Math.max(0, index - 12), index))?.[1];
    const after = /^\s*(\d+(?:[.,]\d+)?)/u.exec(text.slice(index + marker[0].length))?.[1];
    const number = before ?? after;
    if (number === undefined) return `"${marker[0]}" without the offer's number`;
    if (Number(number.replace(",", ".")) !== allowed) return `${number}% but the offer is ${allowed}%`;
  }
  return null;
}

function occurrences(text: string, token: string): number {
  return text.split(token).length - 1;
}

/**
 * A date written out: a month name next to a number, or a weekday, in the copy's language or in English.
 * Numeric dates fall to the number check. Month names only count next to a number, so English "may" is not
 * read as May; Japanese months ("12月") are numbers.
 */
function findDate(text: string, language: CopyCheckContext["language"]): string | null {
  for (const name of dateWordsOf(language === "en" ? ["en"] : [language, "en"])) {
    for (const match of text.matchAll(name.pattern)) {
      if (!name.needsNumber) return match[0];
      const index = match.index ?? 0;
      const around = text.slice(Math.max(0, index - 8), index + match[0].length + 8);
      if (/\d/.test(around)) return match[0];
    }
  }
  return null;
}

const dateWordCache = new Map<string, Array<{ pattern: RegExp; needsNumber: boolean }>>();

function dateWordsOf(languages: string[]) {
  const key = languages.join(",");
  let words = dateWordCache.get(key);
  if (!words) {
    words = languages.flatMap((language) => {
      const format = (options: Intl.DateTimeFormatOptions, date: number) =>
        new Intl.DateTimeFormat(language, { ...options, timeZone: "UTC" }).format(date).normalize("NFKC");
      // 2026-01-04 is a Sunday.
      const weekdays = Array.from({ length: 7 }, (_, day) =>
        format({ weekday: "long" }, Date.UTC(2026, 0, 4 + day)),
      );
      if (language === "ja") {
        return weekdays.map((name) => ({
          pattern: new RegExp(escapeRegExp(name.replace(/日$/, "")), "gu"),
          needsNumber: false,
        }));
      }
      const months = Array.from({ length: 12 }, (_, month) =>
        (["long", "short"] as const).map((style) => format({ month: style }, Date.UTC(2024, month, 15))),
      ).flat();
      const whole = (name: string) =>
        new RegExp(`(?<![\\p{L}])${escapeRegExp(name.replace(/\.$/, ""))}\\.?(?![\\p{L}])`, "giu");
      return [
        ...[...new Set(months)]
          .filter((name) => [...name].length >= 3)
          .map((name) => ({ pattern: whole(name), needsNumber: true })),
        ...weekdays.map((name) => ({ pattern: whole(name), needsNumber: false })),
      ];
    });
    dateWordCache.set(key, words);
  }
  return words;
}

/** Text the facts put in copy's mouth legitimately: the shop's name and the titles. */
function factTexts(context: CopyCheckContext): string[] {
  return [context.facts.shopName, ...context.facts.cart.map((line) => line.title)].map((text) =>
    text.normalize("NFKC"),
  );
}

function findCodeLikeToken(text: string, context: CopyCheckContext): string | null {
  const known = new Set(
    factTexts(context).flatMap((fact) => (fact.match(TOKEN) ?? []).map((t) => t.toUpperCase())),
  );
  for (const [token] of text.matchAll(TOKEN)) {
    if (token.length < 4 || known.has(token.toUpperCase())) continue;
    const hasLetter = /[A-Za-z]/.test(token);
    const hasDigit = /\d/.test(token);
    const isCapitals = !/[a-z]/.test(token) && (token.match(/[A-Z]/g)?.length ?? 0) >= 4;
    if ((hasLetter && hasDigit) || isCapitals) return token;
  }
  return null;
}

function findUnsupportedNumber(text: string, context: CopyCheckContext): string | null {
  const { facts } = context;
  const allowed = new Set<number>();
  if (facts.offer?.percentOff) allowed.add(facts.offer.percentOff);
  for (const fact of factTexts(context)) {
    for (const [digits] of fact.matchAll(DIGIT_RUN)) allowed.add(Number(digits));
  }
  let units = 0;
  for (const line of facts.cart) {
    allowed.add(line.quantity);
    units += line.quantity;
  }
  allowed.add(units);
  allowed.add(facts.cart.length + facts.otherCartLines);
  for (const [digits] of text.matchAll(DIGIT_RUN)) {
    if (!/^[0-9]+$/.test(digits) || !allowed.has(Number(digits))) return digits;
  }
  return null;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
