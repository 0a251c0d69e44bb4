import { describe, expect, it } from "vitest";
import { percentile, valueTierOf, valueTierThresholds } from "./value-tiers";

describe("percentile", () => {
  it("interpolates between closest ranks, whatever the input order", () => {
    expect(percentile([5, 1, 4, 2, 3], 80)).toBeCloseTo(4.2);
    expect(percentile([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4, 5], 100)).toBe(5);
    expect(percentile([7], 80)).toBe(7);
    expect(percentile([], 80)).toBeNull();
  });
});

describe("valueTierThresholds", () => {
  it("sets HIGH at the 80th percentile, rounded up to whole minor units", () => {
    expect(valueTierThresholds([1000, 2000, 3000, 4000, 5001])).toEqual({
      highAtLeastMinor: 4201,
      customersCounted: 5,
    });
  });

  it("has no threshold with fewer than five customers", () => {
    expect(valueTierThresholds([100, 200, 300, 400])).toEqual({
      highAtLeastMinor: null,
      customersCounted: 4,
    });
  });

  it("puts about the top fifth of a large shop in HIGH", () => {
    const spends = Array.from({ length: 1000 }, (_, index) => (index + 1) * 100);
    const { highAtLeastMinor } = valueTierThresholds(spends);
    expect(spends.filter((spend) => spend >= (highAtLeastMinor as number))).toHaveLength(200);
  });
});

describe("valueTierOf", () => {
  it("is NEW without an order, HIGH at or above the threshold, else MEDIUM; nobody HIGH without one", () => {
    expect(valueTierOf({ orderCount: 0, totalSpentMinor: 0 }, 500)).toBe("NEW");
    expect(valueTierOf({ orderCount: 2, totalSpentMinor: 500 }, 500)).toBe("HIGH");
    expect(valueTierOf({ orderCount: 2, totalSpentMinor: 499 }, 500)).toBe("MEDIUM");
    expect(valueTierOf({ orderCount: 9, totalSpentMinor: 1_000_000 }, null)).toBe("MEDIUM");
  });
});
