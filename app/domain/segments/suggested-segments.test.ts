import { describe, expect, it } from "vitest";
import { defaultShopSettings } from "~/domain/shops";
import { SegmentRuleSchema } from "./segment-rules";
import { SegmentStrategySchema, strategyFromSettings } from "./segment-strategy";
import { suggestedSegments } from "./suggested-segments";

const DEFAULT = strategyFromSettings(defaultShopSettings("USD"));

describe("suggestedSegments", () => {
  it("offers no discount to returning high-value customers, and the offer from email 2 to first-timers over the median", () => {
    const [high, firstTime] = suggestedSegments("USD", 7_450, {
      ...DEFAULT,
      steps: DEFAULT.steps.map((s) => ({ ...s, offer: true })),
    });

    expect(high?.name).toBe("Returning, high-value: no discount");
    expect(high?.rule).toEqual({
      match: "ALL",
      conditions: [{ kind: "VALUE_TIER", tiers: ["HIGH"], negate: false }],
    });
    expect(high?.strategy.tiers).toEqual([]);
    expect(firstTime?.name).toBe("First-time, cart over the shop's median: offer from step 2");
    expect(firstTime?.rule.conditions).toEqual([
      { kind: "CUSTOMER_TYPE", value: "NEW", negate: false },
      { kind: "CART_SUBTOTAL", comparison: "AT_LEAST", amountMinor: 7_450, negate: false },
    ]);
    expect(firstTime?.strategy.steps.map((step) => step.offer)).toEqual([false, true, true]);
    expect(firstTime?.strategy.tiers).toEqual(DEFAULT.tiers);
    for (const segment of [high, firstTime]) {
      expect(SegmentRuleSchema.parse(segment?.rule)).toEqual(segment?.rule);
      expect(SegmentStrategySchema.parse(segment?.strategy)).toEqual(segment?.strategy);
    }
  });

  it("without a median, bounds the cart by the lowest positive tier threshold, else 50 in the shop's currency", () => {
    const bound = (currency: string, tiers = DEFAULT.tiers) =>
      suggestedSegments(currency, null, { ...DEFAULT, tiers })[1]?.rule.conditions[1];
    expect(bound("USD")).toMatchObject({ amountMinor: 10_000 });
    expect(bound("USD", [])).toMatchObject({ amountMinor: 5_000 });
    expect(bound("JPY", [])).toMatchObject({ amountMinor: 50 });
  });
});
