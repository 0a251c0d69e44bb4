/**
 * Money is integer minor units plus an ISO 4217 currency code; never a float. Shopify sends amounts as
 * decimal strings ("199.00"), which are converted exactly, digit by digit.
 */
export interface Money {
  /** Integer minor units: cents for USD, yen for JPY. */
  amountMinor: number;
  currency: string;
}

import { numberFormat } from "./intl-formats";

const exponentCache = new Map<string, number>();

/** Decimal places of a currency: 2 for USD and EUR, 0 for JPY, 3 for KWD. */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  let exponent = exponentCache.get(code);
  if (exponent === undefined) {
    try {
      exponent = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
        .maximumFractionDigits as number;
    } catch {
      exponent = 2;
    }
    exponentCache.set(code, exponent);
  }
  return exponent;
}

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * The largest amount Cartback stores, in minor units: PostgreSQL's integer columns end here (21,474,836.47 in
 * a two-decimal currency). A larger "amount" is refused as invalid rather than failing the insert.
 */
export const MAX_MINOR_UNITS = 2_147_483_647;

/**
 * "199.99" in USD -> 19999. Extra decimals beyond the currency's exponent must be zeros; anything else is not
 * an exact amount and returns null rather than being rounded. Beyond MAX_MINOR_UNITS either way: null.
 */
export function parseMinorUnits(value: string | number, currency: string): number | null {
  const text = typeof value === "number" ? String(value) : value.trim();
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return null;
  const [, sign, whole = "", fraction = ""] = match;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent && /[1-9]/.test(fraction.slice(exponent))) return null;
  const digits = `${whole}${fraction.slice(0, exponent).padEnd(exponent, "0")}`;
  const amount = Number(digits);
  if (!Number.isSafeInteger(amount) || amount > MAX_MINOR_UNITS) return null;
  return sign ? -amount : amount;
}

/**
 * "12.345" in USD -> 1235: an amount that may be finer than the currency's minor unit (a unit cost, which
 * Shopify keeps to four decimals), rounded half up to it. Null when not a decimal or beyond MAX_MINOR_UNITS.
 */
export function roundToMinorUnits(value: string | number, currency: string): number | null {
  const text = typeof value === "number" ? String(value) : value.trim();
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return null;
  const [, sign, whole = "", fraction = ""] = match;
  const exponent = currencyExponent(currency);
  const kept = Number(`${whole}${fraction.slice(0, exponent).padEnd(exponent, "0")}`);
  const amount = kept + (Number(fraction.charAt(exponent) || "0") >= 5 ? 1 : 0);
  if (!Number.isSafeInteger(amount) || amount > MAX_MINOR_UNITS) return null;
  return sign && amount !== 0 ? -amount : amount;
}

/** 19999 in USD -> "199.99", the form Shopify's APIs accept. */
export function formatDecimal(amountMinor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = amountMinor < 0;
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, "0");
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? "" : `.${digits.slice(-exponent)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** Whole units of a currency as minor units: 100 USD -> 10000, 100 JPY -> 100. */
export function majorToMinor(amountMajor: number, currency: string): number {
  return Math.round(amountMajor * 10 ** currencyExponent(currency));
}

/** Locale-aware display: formatMoney({ amountMinor: 120000, currency: "JPY" }, "ja-JP") -> "￥120,000". */
export function formatMoney(money: Money, locale = "en"): string {
  const exponent = currencyExponent(money.currency);
  const formatter = numberFormat(safeLocale(locale), {
    style: "currency",
    currency: money.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // The decimal string keeps large amounts exact; Intl accepts it as a numeric string.
  return formatter.format(formatDecimal(money.amountMinor, money.currency) as unknown as number);
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? "en";
  } catch {
    return "en";
  }
}
