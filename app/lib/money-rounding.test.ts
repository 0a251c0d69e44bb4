import { describe, expect, it } from "vitest";
import { roundToMinorUnits } from "./money";

describe("roundToMinorUnits (unit costs finer than a cent)", () => {
  it.each([
    ["12.34", "USD", 1234],
    ["12.3449", "USD", 1234],
    ["12.345", "USD", 1235],
    ["0.005", "USD", 1],
    ["0.0049", "USD", 0],
    ["12", "USD", 1200],
    [7.5, "USD", 750],
    ["1200.4", "JPY", 1200],
    ["1200.5", "JPY", 1201],
    ["1.2345", "KWD", 1235],
  ] as const)("%s %s -> %s", (value, currency, expected) => {
    expect(roundToMinorUnits(value, currency)).toBe(expected);
  });

  it("refuses what is not a decimal amount, and amounts beyond what the database stores", () => {
    expect(roundToMinorUnits("twelve", "USD")).toBeNull();
    expect(roundToMinorUnits("1e3", "USD")).toBeNull();
    expect(roundToMinorUnits("", "USD")).toBeNull();
    expect(roundToMinorUnits("21474836.48", "USD")).toBeNull();
  });
});
