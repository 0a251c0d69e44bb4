import { describe, expect, it } from "vitest";
import { computeOrderProfit, costOfGoodsMinor, marginOfMinor, type OrderProfitFacts } from "./order-profit";

const costs = new Map([
  ["11", 1_000],
  ["12", 2_500],
]);

const facts = (changes: Partial<OrderProfitFacts> = {}): OrderProfitFacts => ({
  subtotalMinor: 9_000,
  lines: [
    { variantId: "11", quantity: 2 },
    { variantId: "12", quantity: 1 },
  ],
  unitCosts: costs,
  ourCodes: [],
  defaultMarginPercent: 50,
  ...changes,
});

describe("marginOfMinor", () => {
  it("rounds half up, in integers", () => {
    expect(marginOfMinor(10_000, 50)).toBe(5_000);
    expect(marginOfMinor(1, 50)).toBe(1);
    expect(marginOfMinor(3, 50)).toBe(2);
    expect(marginOfMinor(149, 1)).toBe(1);
    expect(marginOfMinor(49, 1)).toBe(0);
    expect(marginOfMinor(12_345, 100)).toBe(12_345);
    expect(marginOfMinor(0, 37)).toBe(0);
    // The largest amount the database stores, at every margin: exact, no float drift.
    expect(marginOfMinor(2_147_483_647, 99)).toBe(2_126_008_811);
  });
});

describe("costOfGoodsMinor", () => {
  it("sums unit cost times quantity when every line's cost is known", () => {
    expect(costOfGoodsMinor(facts().lines, costs)).toBe(4_500);
  });

  it("is unknown when a line has no cost, no variant, or there are no lines; lines of no quantity do not count", () => {
    expect(
      costOfGoodsMinor(
        [
          { variantId: "11", quantity: 1 },
          { variantId: "99", quantity: 1 },
        ],
        costs,
      ),
    ).toBeNull();
    expect(costOfGoodsMinor([{ variantId: null, quantity: 1 }], costs)).toBeNull();
    expect(costOfGoodsMinor([], costs)).toBeNull();
    expect(
      costOfGoodsMinor(
        [
          { variantId: "11", quantity: 1 },
          { variantId: "99", quantity: 0 },
        ],
        costs,
      ),
    ).toBe(1_000);
  });
});

describe("computeOrderProfit", () => {
  it("with every cost known and no code of ours: subtotal less cost of goods", () => {
    expect(computeOrderProfit(facts())).toEqual({
      merchandiseMinor: 9_000,
      costOfGoodsMinor: 4_500,
      discountMinor: 0,
      profitMinor: 4_500,
    });
  });

  it("adds our percentage code back to the merchandise, and takes it off the profit", () => {
    expect(
      computeOrderProfit(facts({ ourCodes: [{ discountMinor: 1_000, isFreeShipping: false }] })),
    ).toEqual({
      merchandiseMinor: 10_000,
      costOfGoodsMinor: 4_500,
      discountMinor: 1_000,
      profitMinor: 4_500,
    });
  });

  it("counts free shipping as the offer's cost, but not as merchandise (it never came off the subtotal)", () => {
    expect(
      computeOrderProfit(
        facts({
          ourCodes: [
            { discountMinor: 1_000, isFreeShipping: false },
            { discountMinor: 600, isFreeShipping: true },
          ],
        }),
      ),
    ).toEqual({
      merchandiseMinor: 10_000,
      costOfGoodsMinor: 4_500,
      discountMinor: 1_600,
      profitMinor: 3_900,
    });
  });

  it("uses the default margin on the merchandise before our discount when a cost is unknown", () => {
    const profit = computeOrderProfit(
      facts({
        unitCosts: new Map([["11", 1_000]]),
        defaultMarginPercent: 40,
        ourCodes: [{ discountMinor: 1_001, isFreeShipping: false }],
      }),
    );
    // 40% of 10,001 is 4,000.4: rounded to 4,000, less the discount.
    expect(profit).toEqual({
      merchandiseMinor: 10_001,
      costOfGoodsMinor: null,
      discountMinor: 1_001,
      profitMinor: 2_999,
    });
  });
});
