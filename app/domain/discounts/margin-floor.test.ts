import { describe, expect, it } from "vitest";
import type { DiscountTier } from "./discount-tier";
import { applyMarginFloor, type MarginFloorInput } from "./margin-floor";

const tier = (minimumSubtotalMinor: number, percentOff: number, freeShipping = false): DiscountTier => ({
  minimumSubtotalMinor,
  percentOff,
  freeShipping,
});
const TIERS = [tier(0, 5), tier(5_000, 10, true), tier(10_000, 15), tier(20_000, 20, true)];

/** A 100.00 cart of two lines; variant "a" costs 30.00 for two, "b" has no cost (50% default margin). */
const input = (changes: Partial<MarginFloorInput> = {}): MarginFloorInput => ({
  lines: [
    { variantId: "a", quantity: 2, linePriceMinor: 6_000 },
    { variantId: "b", quantity: 1, linePriceMinor: 4_000 },
  ],
  unitCosts: new Map([["a", 1_500]]),
  defaultMarginPercent: 50,
  floorPercent: 30,
  tier: tier(20_000, 20, true),
  tiers: TIERS,
  ...changes,
});

// Cost: 2 x 15.00 + 40.00 x 50% = 50.00 on 100.00 of merchandise (50% margin before any discount).
// After p% off: margin = (100 - p - 50) / (100 - p); 30% holds while p <= 28.57.

describe("applyMarginFloor", () => {
  it("keeps an offer that leaves the margin at or above the floor", () => {
    expect(applyMarginFloor(input())).toEqual({ tier: tier(20_000, 20, true), cut: null });
    // Exactly at the floor: 100 - 25 = 75, cost 50: margin 33.3% >= 33%.
    expect(applyMarginFloor(input({ floorPercent: 33, tier: tier(0, 25) }))).toMatchObject({ cut: null });
  });

  it("cuts to the largest of the strategy's percentages that keeps the floor, keeping the tier's threshold and free shipping", () => {
    // At 40%: 20% off leaves 80 - 50 = 30 on 80 (37.5%), below 40; 15% leaves 35/85 = 41.2%.
    expect(applyMarginFloor(input({ floorPercent: 40 }))).toEqual({
      tier: tier(20_000, 15, true),
      cut: { fromPercent: 20, toPercent: 15, floorPercent: 40, freeShipping: true },
    });
    // At 45%: only 5% (45/95 = 47.4%) keeps it.
    expect(applyMarginFloor(input({ floorPercent: 45 }))).toMatchObject({
      tier: tier(20_000, 5, true),
      cut: { toPercent: 5 },
    });
  });

  it("falls back to the tier's free shipping alone when no percentage keeps the floor", () => {
    expect(applyMarginFloor(input({ floorPercent: 49 }))).toEqual({
      tier: tier(20_000, 0, true),
      cut: { fromPercent: 20, toPercent: 0, floorPercent: 49, freeShipping: true },
    });
  });

  it("gives nothing when no percentage keeps the floor and the tier has no free shipping", () => {
    expect(applyMarginFloor(input({ floorPercent: 49, tier: tier(10_000, 15) }))).toEqual({
      tier: null,
      cut: { fromPercent: 15, toPercent: 0, floorPercent: 49, freeShipping: false },
    });
  });

  it("gives nothing, free shipping included, to a cart already below the floor without a discount", () => {
    expect(applyMarginFloor(input({ floorPercent: 60 }))).toEqual({
      tier: null,
      cut: { fromPercent: 20, toPercent: 0, floorPercent: 60, freeShipping: false },
    });
    // Free shipping alone (the offer test's arm) is kept while the cart is at or above the floor.
    expect(applyMarginFloor(input({ floorPercent: 50, tier: tier(0, 0, true) }))).toEqual({
      tier: tier(0, 0, true),
      cut: null,
    });
    expect(applyMarginFloor(input({ floorPercent: 51, tier: tier(0, 0, true) }))).toMatchObject({
      tier: null,
      cut: { fromPercent: 0, toPercent: 0, freeShipping: false },
    });
  });

  it("uses the known costs: a cheap variant leaves room for the whole offer", () => {
    const costs = new Map([
      ["a", 500],
      ["b", 1_000],
    ]);
    // Cost 20.00 on 100.00: 20% off leaves 60/80 = 75%.
    expect(applyMarginFloor(input({ unitCosts: costs, floorPercent: 70 }))).toMatchObject({ cut: null });
    // A line without a variant is priced at the default margin: cost 70.00; 20% off leaves 10/80 = 12.5%,
    // 15% off 15/85 = 17.6%.
    const lines = [{ variantId: null, quantity: 1, linePriceMinor: 10_000 }];
    expect(applyMarginFloor(input({ lines, defaultMarginPercent: 30, floorPercent: 15 }))).toMatchObject({
      tier: tier(20_000, 15, true),
      cut: { toPercent: 15 },
    });
  });

  it("a floor of 0 refuses only offers that would sell below cost", () => {
    const costs = new Map([
      ["a", 4_000],
      ["b", 2_000],
    ]);
    // Cost 100.00 on 100.00: any percentage sells at a loss; free shipping still goes (0% keeps 0).
    expect(applyMarginFloor(input({ unitCosts: costs, floorPercent: 0 }))).toEqual({
      tier: tier(20_000, 0, true),
      cut: { fromPercent: 20, toPercent: 0, floorPercent: 0, freeShipping: true },
    });
  });

  it("leaves the offer as it is for a cart with nothing priced", () => {
    expect(applyMarginFloor(input({ lines: [] }))).toEqual({ tier: tier(20_000, 20, true), cut: null });
  });
});
