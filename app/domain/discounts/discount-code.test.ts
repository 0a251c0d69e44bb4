import { describe, expect, it } from "vitest";
import {
  CODE_ALPHABET,
  DISCOUNT_KIND,
  codeFor,
  generateCodeStem,
  isCartbackCode,
  kindsForTier,
  stemOf,
} from "./discount-code";

describe("discount codes", () => {
  it("are CB- and 8 characters that cannot be confused (no 0, O, 1 or I)", () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[0O1I]/);
    for (let index = 0; index < 200; index++) {
      const stem = generateCodeStem();
      expect(stem).toMatch(/^CB-[2-9A-HJ-NP-Z]{8}$/);
      expect(isCartbackCode(stem)).toBe(true);
    }
  });

  it("are random: a thousand draws do not repeat and use the whole alphabet", () => {
    const stems = new Set(Array.from({ length: 1000 }, () => generateCodeStem()));
    expect(stems.size).toBe(1000);
    const used = new Set([...stems].flatMap((stem) => [...stem.slice(3)]));
    expect(used.size).toBe(32);
  });

  it("give the free-shipping code the stem plus -SHIP, and find the stem back", () => {
    expect(codeFor("CB-7KQ2MXPA", DISCOUNT_KIND.PERCENTAGE)).toBe("CB-7KQ2MXPA");
    expect(codeFor("CB-7KQ2MXPA", DISCOUNT_KIND.FREE_SHIPPING)).toBe("CB-7KQ2MXPA-SHIP");
    expect(stemOf("CB-7KQ2MXPA-SHIP")).toBe("CB-7KQ2MXPA");
    expect(isCartbackCode("CB-7KQ2MXPA-SHIP")).toBe(true);
    expect(isCartbackCode("CB-7KQ2MXP0")).toBe(false);
  });

  it("needs a percentage code, a free-shipping code, or both, percentage first", () => {
    expect(kindsForTier({ percentOff: 10, freeShipping: true })).toEqual(["PERCENTAGE", "FREE_SHIPPING"]);
    expect(kindsForTier({ percentOff: 0, freeShipping: true })).toEqual(["FREE_SHIPPING"]);
    expect(kindsForTier({ percentOff: 15, freeShipping: false })).toEqual(["PERCENTAGE"]);
    expect(kindsForTier({ percentOff: 0, freeShipping: false })).toEqual([]);
  });
});
