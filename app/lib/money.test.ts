import { describe, expect, it } from "vitest";
import {
  currencyExponent,
  formatDecimal,
  formatMoney,
  majorToMinor,
  MAX_MINOR_UNITS,
  parseMinorUnits,
} from "./money";

describe("money", () => {
  it("knows each currency's minor unit", () => {
    expect([
      currencyExponent("USD"),
      currencyExponent("JPY"),
      currencyExponent("KWD"),
      currencyExponent("eur"),
    ]).toEqual([2, 0, 3, 2]);
  });

  it("parses Shopify's decimal strings exactly, without floats", () => {
    expect(parseMinorUnits("199.00", "USD")).toBe(19900);
    expect(parseMinorUnits("0.1", "USD")).toBe(10);
    expect(parseMinorUnits("19.99", "EUR")).toBe(1999);
    expect(parseMinorUnits("1200", "JPY")).toBe(1200);
    expect(parseMinorUnits("1200.00", "JPY")).toBe(1200);
    expect(parseMinorUnits("1.234", "KWD")).toBe(1234);
    expect(parseMinorUnits("-5.50", "USD")).toBe(-550);
    // 0.1 + 0.2 style drift cannot happen: the digits are moved, not multiplied.
    expect(parseMinorUnits("1234567.89", "USD")).toBe(123456789);
  });

  it("returns null rather than rounding an amount that is not exact", () => {
    expect(parseMinorUnits("1.005", "USD")).toBeNull();
    expect(parseMinorUnits("12.5", "JPY")).toBeNull();
    expect(parseMinorUnits("abc", "USD")).toBeNull();
    expect(parseMinorUnits("1e3", "USD")).toBeNull();
    expect(parseMinorUnits("99999999999999999999", "USD")).toBeNull();
  });

  it("refuses amounts beyond what the database's integer columns hold", () => {
    expect(parseMinorUnits("21474836.47", "USD")).toBe(MAX_MINOR_UNITS);
    expect(parseMinorUnits("21474836.48", "USD")).toBeNull();
    expect(parseMinorUnits(842740651, "USD")).toBeNull();
    expect(parseMinorUnits("-21474836.48", "USD")).toBeNull();
  });

  it("formats back to the decimal strings Shopify's APIs take", () => {
    expect(formatDecimal(19900, "USD")).toBe("199.00");
    expect(formatDecimal(5, "USD")).toBe("0.05");
    expect(formatDecimal(1200, "JPY")).toBe("1200");
    expect(formatDecimal(-550, "USD")).toBe("-5.50");
    expect(majorToMinor(100, "USD")).toBe(10000);
    expect(majorToMinor(100, "JPY")).toBe(100);
  });

  it("formats for people with Intl in the shopper's locale", () => {
    expect(formatMoney({ amountMinor: 19999, currency: "USD" }, "en-US")).toBe("$199.99");
    expect(formatMoney({ amountMinor: 1999, currency: "EUR" }, "de-DE")).toBe("19,99\u00a0€");
    expect(formatMoney({ amountMinor: 120000, currency: "JPY" }, "ja-JP")).toBe("￥120,000");
    expect(formatMoney({ amountMinor: 1000, currency: "USD" }, "not a locale!")).toBe("$10.00");
  });
});
