import { currencyExponent, formatDecimal, majorToMinor, parseMinorUnits } from "~/lib/money";
import type { DelayUnit } from "./settings-form";

/**
 * Reading what a merchant typed into one settings field: amounts, percentages, delays, times of day. Exact
 * (no float rounding) and without zod, so the page's live tier example uses the very same rules in the
 * browser without shipping the settings schema.
 */

export type Converted<T> = { ok: true; value: T } | { ok: false; error: string };
export const converted = <T>(value: T): Converted<T> => ({ ok: true, value });
export const refused = (error: string): Converted<never> => ({ ok: false, error });

export function parseWholeNumber(text: string): Converted<number> {
  const trimmed = text.trim();
  if (trimmed === "") return refused("is required");
  if (!/^-?\d{1,9}$/.test(trimmed)) return refused("must be a whole number");
  return converted(Number(trimmed));
}

export function parsePercent(text: string): Converted<number> {
  return parseWholeNumber(text.trim().replace(/\s*%$/, ""));
}

/**
 * An amount typed in the shop currency, exactly in minor units: "120.50" EUR is 12050, "5000" JPY is 5000.
 * A lone decimal comma ("99,50") is read as most of Europe writes it; a comma before three digits could be
 * an English thousands separator, so that is refused rather than guessed.
 */
export function parseAmount(text: string, currency: string): Converted<number> {
  let trimmed = text.trim();
  if (trimmed === "") return refused("is required");
  const exponent = currencyExponent(currency);
  const decimalComma = /^-?\d+,(\d+)$/.exec(trimmed);
  if (decimalComma && exponent > 0 && (decimalComma[1] ?? "").length <= exponent) {
    trimmed = trimmed.replace(",", ".");
  }
  const minor = parseMinorUnits(trimmed, currency);
  if (minor !== null) return converted(minor);
  if (/^-?\d+\.\d+$/.test(trimmed)) {
    return refused(
      exponent === 0
        ? `${currency} amounts have no decimals`
        : `${currency} amounts have at most ${exponent} decimals`,
    );
  }
  return refused(`must be an amount such as ${formatDecimal(majorToMinor(100, currency), currency)}`);
}

/** A delay typed in minutes or hours, as whole minutes: 1.5 hours is 90; 0.01 hours is refused, not rounded. */
export function parseDelayMinutes(text: string, unit: DelayUnit): Converted<number> {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return refused("is required");
  if (unit === "minutes") {
    if (/^\d{1,6}$/.test(trimmed)) return converted(Number(trimmed));
    return refused(/^\d+\.\d+$/.test(trimmed) ? "must be a whole number of minutes" : "must be a number");
  }
  const match = /^(\d{1,4})(?:\.(\d{1,4}))?$/.exec(trimmed);
  if (!match) return refused("must be a number of hours, such as 1.5");
  const [, whole = "0", fraction = ""] = match;
  const scale = 10 ** fraction.length;
  const fractionMinutes = Number(fraction || "0") * 60;
  if (fractionMinutes % scale !== 0) return refused("is not a whole number of minutes: enter it in minutes");
  return converted(Number(whole) * 60 + fractionMinutes / scale);
}

/** "9:30" and a time input's "21:00:00" as the stored "09:30" and "21:00"; anything else is left for the schema. */
export function normaliseTimeOfDay(text: string): string {
  const trimmed = text.trim();
  const match = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(trimmed);
  return match ? `${(match[1] ?? "").padStart(2, "0")}:${match[2]}` : trimmed;
}
