import { describe, expect, it } from "vitest";
import { buildCheckoutTimeline } from "./checkout-timeline";
import { describeMarginCut } from "./margin-cut-text";

describe("describeMarginCut", () => {
  it("says what the margin floor cut and why", () => {
    const cut = { fromPercent: 20, toPercent: 10, floorPercent: 30, freeShipping: false };
    const { title, detail } = describeMarginCut(cut);
    expect(`${title}: ${detail}`).toBe(
      "Offer cut from 20% to 10% off: 20% would take this cart below your 30% margin floor",
    );
    expect(describeMarginCut({ ...cut, toPercent: 0, freeShipping: true })).toEqual({
      title: "Offer cut from 20% off to free shipping only",
      detail: "Any percentage off would take this cart below your 30% margin floor",
    });
    expect(describeMarginCut({ ...cut, toPercent: 0 })).toEqual({
      title: "Offer of 20% off dropped: no offer sent",
      detail: "20% would take this cart below your 30% margin floor, and no smaller offer keeps it",
    });
    expect(describeMarginCut({ ...cut, fromPercent: 0, toPercent: 0 })).toEqual({
      title: "Free shipping dropped: no offer sent",
      detail: "This cart is below your 30% margin floor even without a discount",
    });
    expect(describeMarginCut({ fromPercent: "20" })).toEqual({
      title: "Offer limited by your margin floor",
      detail: null,
    });
  });

  it("is told on the checkout's timeline before the step's send", () => {
    const at = new Date("2026-11-20T19:00:00Z");
    const timeline = buildCheckoutTimeline({
      timeZone: "UTC",
      shopCurrency: "USD",
      checkout: {
        createdAt: new Date("2026-11-20T17:00:00Z"),
        lastActivityAt: new Date("2026-11-20T17:00:00Z"),
        completedAt: null,
        orderedAt: null,
        orderId: null,
        deletedAt: null,
        redactedAt: null,
      },
      enrollment: null,
      events: [
        { id: "e2", type: "SENT", reason: null, step: 2, at, data: null },
        {
          id: "e1",
          type: "OFFER_LIMITED_BY_MARGIN",
          reason: null,
          step: 2,
          at,
          data: JSON.stringify({ fromPercent: 20, toPercent: 10, floorPercent: 30, freeShipping: true }),
        },
      ],
      sends: [],
      orders: new Map(),
    });
    expect(timeline.slice(1).map((entry) => [entry.title, entry.detail])).toEqual([
      ["Offer cut from 20% to 10% off", "20% would take this cart below your 30% margin floor"],
      ["Step 2 sent", null],
    ]);
  });
});
