import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson";

describe("wilsonInterval", () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it.each([
    { successes: 81, trials: 263, low: 0.2553, high: 0.3662 },
    { successes: 15, trials: 148, low: 0.0624, high: 0.1605 },
    { successes: 0, trials: 20, low: 0, high: 0.1611 },
    { successes: 1, trials: 29, low: 0.0061, high: 0.1718 },
  ])("matches the published interval for $successes of $trials", ({ successes, trials, low, high }) => {
    const interval = wilsonInterval({ successes, trials });
    expect(interval?.estimate).toBeCloseTo(successes / trials, 12);
    expect(interval?.low).toBeCloseTo(low, 4);
    expect(interval?.high).toBeCloseTo(high, 4);
  });

  it("is symmetric: k of n mirrors n - k of n", () => {
    const some = wilsonInterval({ successes: 3, trials: 40 });
    const rest = wilsonInterval({ successes: 37, trials: 40 });
    expect(rest?.low).toBeCloseTo(1 - (some?.high ?? 0), 12);
    expect(rest?.high).toBeCloseTo(1 - (some?.low ?? 0), 12);
  });

  it("stays inside [0, 1] where the Wald interval would not", () => {
    expect(wilsonInterval({ successes: 1, trials: 3 })?.low).toBeGreaterThan(0);
    expect(wilsonInterval({ successes: 5, trials: 5 })).toEqual({
      estimate: 1,
      low: expect.closeTo(0.5655, 4),
      high: 1,
    });
  });

  it("has no interval without trials, and refuses impossible counts", () => {
    expect(wilsonInterval({ successes: 0, trials: 0 })).toBeNull();
    expect(() => wilsonInterval({ successes: 4, trials: 3 })).toThrow(RangeError);
  });
});
