import { describe, expect, it } from "vitest";
import type { DiscountTier } from "./discount-tier";
import { pickTier } from "./pick-tier";

const FREE_SHIPPING: DiscountTier = { minimumSubtotalMinor: 0, percentOff: 0, freeShipping: true };
const TEN: DiscountTier = { minimumSubtotalMinor: 10_000, percentOff: 10, freeShipping: true };
const TWENTY: DiscountTier = { minimumSubtotalMinor: 50_000, percentOff: 20, freeShipping: false };
const TIERS = [FREE_SHIPPING, TEN, TWENTY];

describe("pickTier", () => {
  it("picks the highest tier whose threshold the subtotal reaches, the threshold itself included", () => {
    expect(pickTier(TIERS, 0)).toBe(FREE_SHIPPING);
    expect(pickTier(TIERS, 9_999)).toBe(FREE_SHIPPING);
    expect(pickTier(TIERS, 10_000)).toBe(TEN);
    expect(pickTier(TIERS, 49_999)).toBe(TEN);
    expect(pickTier(TIERS, 50_000)).toBe(TWENTY);
    expect(pickTier(TIERS, 5_000_000)).toBe(TWENTY);
  });

  it("does not depend on the order of the tiers", () => {
    expect(pickTier([TWENTY, FREE_SHIPPING, TEN], 12_000)).toBe(TEN);
  });

  it("is null when no threshold is reached, or there are no tiers", () => {
    expect(pickTier([TEN, TWENTY], 9_999)).toBeNull();
    expect(pickTier([], 100_000)).toBeNull();
    expect(pickTier(TIERS, Number.NaN)).toBeNull();
  });

  it("is null when the tier reached offers nothing, without falling back to a lower one", () => {
    const nothing: DiscountTier = { minimumSubtotalMinor: 100_000, percentOff: 0, freeShipping: false };
    expect(pickTier([...TIERS, nothing], 100_000)).toBeNull();
    expect(pickTier([...TIERS, nothing], 99_999)).toBe(TWENTY);
  });

  it("takes a percentage alone or free shipping alone as an offer", () => {
    expect(pickTier([TWENTY], 50_000)).toBe(TWENTY);
    expect(pickTier([FREE_SHIPPING], 1)).toBe(FREE_SHIPPING);
  });
});
