import { describe, expect, it } from "vitest";
import { defaultShopSettings } from "~/domain/shops/settings";
import {
  blankSegmentDraft,
  keepRowKeys,
  newStepDraft,
  pickOfferArms,
  strategyFromDraft,
  strategyToDraft,
} from "./segment-editor-form";
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

describe("the segment editor's step content", () => {
  const TESTED: SegmentStrategy = SegmentStrategySchema.parse({
    ...STRATEGY,
    steps: STRATEGY.steps.map((step, index) =>
      index === 1
        ? {
            ...step,
            template: "OFFER",
            tone: "DIRECT",
            sendWindowHours: 12,
            variants: [
              { subject: step.subject, template: "IMAGE", tone: "DIRECT", offer: true },
              { subject: "Still deciding?", template: "NOTE", tone: "FRIENDLY", offer: false },
            ],
          }
        : step,
    ),
  });

  it("reads each step's design, tone, send window and variants into the draft and posts them back as they were", () => {
    const draft = strategyToDraft(TESTED, "USD");
    expect(draft.steps[1]).toMatchObject({
      template: "OFFER",
      tone: "DIRECT",
      sendWindowHours: "12",
      variants: [
        { subject: STRATEGY.steps[1]!.subject, template: "IMAGE", tone: "DIRECT", offer: true },
        { subject: "Still deciding?", template: "NOTE", tone: "FRIENDLY", offer: false },
      ],
    });
    expect(SegmentStrategySchema.parse(strategyFromDraft(draft, "USD"))).toEqual(TESTED);
  });

  it("posts a removed variant as gone, and one the same as A for the schema to refuse at that variant", () => {
    const draft = strategyToDraft(TESTED, "USD");
    const second = draft.steps[1]!;
    const removed = {
      ...draft,
      steps: draft.steps.map((step) => (step === second ? { ...step, variants: [] } : step)),
    };
    expect(SegmentStrategySchema.parse(strategyFromDraft(removed, "USD")).steps[1]?.variants).toEqual([]);

    const same = {
      subject: second.subject,
      template: second.template,
      tone: second.tone,
      offer: second.offer,
    };
    const again = {
      ...draft,
      steps: draft.steps.map((step) =>
        step === second ? { ...step, variants: [second.variants[1]!, same] } : step,
      ),
    };
    const parsed = SegmentStrategySchema.safeParse(strategyFromDraft(again, "USD"));
    expect(parsed.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["steps.1.variants.1", "must differ from the other variants in its subject, design, tone or offer"],
    ]);
  });

  it("adds an email a day after the last one, in its design, tone and send window, without its variants", () => {
    const draft = strategyToDraft(TESTED, "USD");
    const steps = draft.steps.slice(0, 2);
    expect(newStepDraft(steps)).toMatchObject({
      delay: "2",
      delayUnit: "days",
      subject: "",
      offer: true,
      template: "OFFER",
      tone: "DIRECT",
      sendWindowHours: "12",
      variants: [],
    });
  });
});

describe("the segment editor's row keys across a save", () => {
  const blank = (taken: string[] = []) => blankSegmentDraft(STRATEGY, "USD", taken);

  it("keeps the very drafts that did not change, and the keys of one that did, so no card is mounted again", () => {
    const first = { ...blank(), id: "seg_1" };
    const second = { ...blank(["Segment 1"]), id: "seg_2" };
    // What the server answers: the same segments, read back with fresh keys; the second one renamed.
    const answered = [
      { ...first, rowKey: "fresh-1", conditions: first.conditions.map((row) => ({ ...row, rowKey: "c" })) },
      {
        ...second,
        rowKey: "fresh-2",
        name: "Renamed",
        strategy: {
          ...second.strategy,
          steps: second.strategy.steps.map((step, index) => ({ ...step, rowKey: `s${index}` })),
        },
      },
    ];
    const kept = keepRowKeys([first, second], answered);
    expect(kept[0]).toBe(first);
    expect(kept[1]).not.toBe(second);
    expect(kept[1]?.name).toBe("Renamed");
    expect(kept[1]?.rowKey).toBe(second.rowKey);
    expect(kept[1]?.strategy.steps.map((step) => step.rowKey)).toEqual(
      second.strategy.steps.map((step) => step.rowKey),
    );
  });

  it("follows a segment by its id when the list was reordered, and a new one by its place", () => {
    const stored = { ...blank(), id: "seg_1" };
    const added = blank(["Segment 1"]);
    const answered = [
      { ...added, rowKey: "fresh-new", id: "seg_2" },
      { ...stored, rowKey: "fresh-old" },
    ];
    const kept = keepRowKeys([added, stored], answered);
    expect(kept.map((draft) => draft.rowKey)).toEqual([added.rowKey, stored.rowKey]);
    expect(kept[0]?.id).toBe("seg_2");
    expect(kept[1]).toBe(stored);
    // A segment the page never had keeps the key it came with.
    expect(keepRowKeys([], answered)).toEqual(answered);
  });
});
