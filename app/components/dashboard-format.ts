import type { Interval } from "~/domain/analytics";
import { currencyExponent, formatMoney } from "~/lib/money";

/**
 * How the app home writes numbers, money, rates and dates. One fixed locale ("en", the admin's language for
 * now) on purpose: the server and the browser must print the same text, or hydration would mismatch.
 */

const LOCALE = "en";
const counts = new Intl.NumberFormat(LOCALE);
const rates = new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 1 });
const points = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1, signDisplay: "exceptZero" });
const longDate = new Intl.DateTimeFormat(LOCALE, {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});
const shortDate = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", timeZone: "UTC" });

/** Shown where a rate has nothing to divide by. */
export const NO_VALUE = "—";

export const formatCount = (value: number) => counts.format(value);

export const formatRate = (rate: number | null) => (rate === null ? NO_VALUE : rates.format(rate));

const tenths = new Intl.NumberFormat(LOCALE, {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
/** A rate with one decimal always, for tables that compare rates and their ranges: 0.03 -> "3.0%". */
export const formatRateTenths = (rate: number | null) => (rate === null ? NO_VALUE : tenths.format(rate));

export const formatAmount = (amountMinor: number, currency: string) =>
  formatMoney({ amountMinor, currency }, LOCALE);

/** A difference of two rates in percentage points: 0.032 -> "+3.2". */
export const formatPoints = (difference: number) => points.format(difference * 100);

const pointTenths = new Intl.NumberFormat(LOCALE, {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: "exceptZero",
});
/** The same with one decimal always: 0.06 -> "+6.0". */
export const formatPointsTenths = (difference: number) => pointTenths.format(difference * 100);

// Calendar dates (YYYY-MM-DD) are the shop's own days: printed as they are, in UTC, never shifted by a zone.
const asCalendarDay = (date: string) => {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
};

/** "2026-11-03" -> "Nov 3, 2026". */
export const formatDate = (date: string) => longDate.format(asCalendarDay(date));

/** "2026-11-03" -> "Nov 3". */
export const formatShortDate = (date: string) => shortDate.format(asCalendarDay(date));

export function formatDateRange(firstDate: string, lastDate: string): string {
  return firstDate === lastDate
    ? formatDate(firstDate)
    : `${formatDate(firstDate)} – ${formatDate(lastDate)}`;
}

/** An instant in the shop's time zone: "Nov 3, 2026, 2:05 PM". */
export function formatInstant(iso: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(LOCALE, { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(LOCALE, { ...options, timeZone: "UTC" }).format(new Date(iso));
  }
}

/** A chart axis amount, short and rounded: 1234500 USD (minor units) -> "$12.3K". */
export function formatAxisAmount(amountMinor: number, currency: string): string {
  return new Intl.NumberFormat(LOCALE, {
    style: "currency",
    currency,
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(amountMinor / 10 ** currencyExponent(currency));
}

const withSign = (value: number, text: string) => (value > 0 ? `+${text}` : text);

/** A change in whole counts: 12 -> "+12", -3 -> "-3". */
export const formatSignedCount = (value: number) =>
  withSign(Math.round(value), formatCount(Math.round(value)));

/** A change in money: 1250 EUR -> "+€12.50". */
export const formatSignedAmount = (amountMinor: number, currency: string) =>
  withSign(amountMinor, formatAmount(amountMinor, currency));

/**
 * "+12 recoveries (likely between -3 and +27)": a 95% confidence interval in plain words, each bound in the
 * estimate's own format (the dashboard names the statistics one click away).
 */
export function formatInterval(interval: Interval, format: (value: number) => string, unit = ""): string {
  return `${format(interval.estimate)}${unit} (likely between ${format(interval.low)} and ${format(interval.high)})`;
}

const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });
const RELATIVE_UNITS: Array<[unit: Intl.RelativeTimeFormatUnit, ms: number]> = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/**
 * How long before `now` an instant was, in words: "12 minutes ago", "3 hours ago", "yesterday". Under a minute
 * is "just now". `now` comes from the loader, so the server and the browser print the same words.
 */
export function formatTimeAgo(iso: string, now: string): string {
  const elapsedMs = new Date(now).getTime() - new Date(iso).getTime();
  for (const [unit, ms] of RELATIVE_UNITS)
    if (Math.abs(elapsedMs) >= ms) return relative.format(-Math.floor(elapsedMs / ms), unit);
  return "just now";
}
