import { describe, expect, it } from "vitest";
import { defaultShopSettings } from "~/domain/shops/settings";
import { pickOfferArms, strategyFromDraft, strategyToDraft } from "./segment-editor-form";
import { SegmentStrategySchema, strategyFromSettings, type SegmentStrategy } from "./segment-strategy";

const STRATEGY: SegmentStrategy = strategyFromSettings(defaultShopSettings("USD"));

describe("the segment editor's offer test", () => {
  it("reads a strategy's offer test into the draft and posts it back as it was", () => {
    const testing: SegmentStrategy = { ...STRATEGY, offerArms: ["NO_DISCOUNT", "FREE_SHIPPING"] };
    const draft = strategyToDraft(testing, "USD");
    expect(draft.offerArms).toEqual(["NO_DISCOUNT", "FREE_SHIPPING"]);
    expect(SegmentStrategySchema.parse(strategyFromDraft(draft, "USD"))).toEqual(testing);
    // No test: nothing ticked, and none posted.
    expect(strategyFromDraft(strategyToDraft(STRATEGY, "USD"), "USD").offerArms).toEqual([]);
  });

  it("keeps the ticked offers in one order whatever order they were ticked in, and ignores anything else", () => {
    expect(pickOfferArms(["FREE_SHIPPING", "NO_DISCOUNT"])).toEqual(["NO_DISCOUNT", "FREE_SHIPPING"]);
    expect(pickOfferArms(["TIER_DISCOUNT", "HALF_PRICE"])).toEqual(["TIER_DISCOUNT"]);
    expect(pickOfferArms([])).toEqual([]);
  });

  it("posts one offer alone for the server to refuse, with the schema's words at the field", () => {
    const draft = { ...strategyToDraft(STRATEGY, "USD"), offerArms: pickOfferArms(["TIER_DISCOUNT"]) };
    const parsed = SegmentStrategySchema.safeParse(strategyFromDraft(draft, "USD"));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["offerArms", "an offer test needs at least two offers"],
    ]);
  });

  it("posts no test for a segment without a discount, keeping the ticks in the draft", () => {
    const draft = {
      ...strategyToDraft(STRATEGY, "USD"),
      discount: "NONE" as const,
      offerArms: pickOfferArms(["NO_DISCOUNT", "TIER_DISCOUNT"]),
    };
    const posted = strategyFromDraft(draft, "USD");
    expect(posted).toMatchObject({ tiers: [], offerArms: [] });
    expect(SegmentStrategySchema.safeParse(posted).success).toBe(true);
    expect(draft.offerArms).toEqual(["NO_DISCOUNT", "TIER_DISCOUNT"]);
  });
});
