import { describe, expect, it } from "vitest";
import { normaliseTimeOfDay, parseAmount, parseDelayMinutes, parsePercent } from "./settings-values";

describe("parseAmount", () => {
  it("converts a decimal in the shop currency exactly to minor units", () => {
    expect(parseAmount("120.50", "EUR")).toEqual({ ok: true, value: 12050 });
    expect(parseAmount("0.1", "USD")).toEqual({ ok: true, value: 10 });
    expect(parseAmount(" 19.99 ", "USD")).toEqual({ ok: true, value: 1999 });
    expect(parseAmount("1.234", "KWD")).toEqual({ ok: true, value: 1234 });
    expect(parseAmount("12000", "JPY")).toEqual({ ok: true, value: 12000 });
    expect(parseAmount("12000.00", "JPY")).toEqual({ ok: true, value: 12000 });
  });

  it("reads a lone decimal comma, and refuses what could be a thousands separator", () => {
    expect(parseAmount("99,50", "EUR")).toEqual({ ok: true, value: 9950 });
    expect(parseAmount("1,000", "USD")).toEqual({ ok: false, error: "must be an amount such as 100.00" });
    expect(parseAmount("1,000", "JPY")).toEqual({ ok: false, error: "must be an amount such as 100" });
  });

  it("refuses decimals the currency does not have rather than rounding them", () => {
    expect(parseAmount("12000.5", "JPY")).toEqual({ ok: false, error: "JPY amounts have no decimals" });
    expect(parseAmount("10.005", "USD")).toEqual({ ok: false, error: "USD amounts have at most 2 decimals" });
    expect(parseAmount("", "USD")).toEqual({ ok: false, error: "is required" });
    expect(parseAmount("ten", "USD")).toMatchObject({ ok: false });
  });
});

describe("parseDelayMinutes", () => {
  it("turns hours into whole minutes exactly", () => {
    expect(parseDelayMinutes("1.5", "hours")).toEqual({ ok: true, value: 90 });
    expect(parseDelayMinutes("0.25", "hours")).toEqual({ ok: true, value: 15 });
    expect(parseDelayMinutes("1,5", "hours")).toEqual({ ok: true, value: 90 });
    expect(parseDelayMinutes("72", "hours")).toEqual({ ok: true, value: 4320 });
    expect(parseDelayMinutes("45", "minutes")).toEqual({ ok: true, value: 45 });
  });

  it("refuses a delay that is not a whole number of minutes", () => {
    expect(parseDelayMinutes("0.01", "hours")).toEqual({
      ok: false,
      error: "is not a whole number of minutes: enter it in minutes",
    });
    expect(parseDelayMinutes("1.5", "minutes")).toEqual({
      ok: false,
      error: "must be a whole number of minutes",
    });
    expect(parseDelayMinutes("soon", "hours")).toMatchObject({ ok: false });
    expect(parseDelayMinutes(" ", "minutes")).toEqual({ ok: false, error: "is required" });
  });
});

describe("normaliseTimeOfDay", () => {
  it("pads the hour and drops a time input's seconds", () => {
    expect(normaliseTimeOfDay("9:30")).toBe("09:30");
    expect(normaliseTimeOfDay("21:00:00")).toBe("21:00");
    expect(normaliseTimeOfDay("25:00")).toBe("25:00");
  });
});

describe("parsePercent", () => {
  it("reads a whole percentage, with or without its sign", () => {
    expect(parsePercent("10 %")).toEqual({ ok: true, value: 10 });
    expect(parsePercent("12.5")).toEqual({ ok: false, error: "must be a whole number" });
  });
});
