import { describe, expect, it } from "vitest";
import { defaultShopSettings } from "./settings";
import { describeOffer, tierExamples, tiersFromForm } from "./tier-examples";

describe("tierExamples", () => {
  it("shows carts on both sides of every threshold, with what pickTier gives them", () => {
    expect(tierExamples(defaultShopSettings("USD").tiers, "USD").map((example) => example.text)).toEqual([
      "A cart of $99.00 gets free shipping",
      "A cart of $100.00 gets 10% off + free shipping",
      "A cart of $499.00 gets 10% off + free shipping",
      "A cart of $500.00 gets 20% off + free shipping",
    ]);
  });

  it("formats in the shop currency, whole yen for JPY", () => {
    const tiers = [
      { minimumSubtotalMinor: 5000, percentOff: 5, freeShipping: false },
      { minimumSubtotalMinor: 12000, percentOff: 10, freeShipping: true },
    ];
    expect(tierExamples(tiers, "JPY")).toEqual([
      { cartMinor: 4999, text: "A cart of ¥4,999 gets no offer" },
      { cartMinor: 5000, text: "A cart of ¥5,000 gets 5% off" },
      { cartMinor: 11999, text: "A cart of ¥11,999 gets 5% off" },
      { cartMinor: 12000, text: "A cart of ¥12,000 gets 10% off + free shipping" },
    ]);
    expect(
      tierExamples([{ minimumSubtotalMinor: 12050, percentOff: 10, freeShipping: false }], "EUR"),
    ).toEqual([
      { cartMinor: 11950, text: "A cart of €119.50 gets no offer" },
      { cartMinor: 12050, text: "A cart of €120.50 gets 10% off" },
    ]);
  });

  it("says a tier that offers nothing gives no offer, and shows one cart when no threshold is set", () => {
    const nothingAtTop = [
      { minimumSubtotalMinor: 0, percentOff: 10, freeShipping: false },
      { minimumSubtotalMinor: 100000, percentOff: 0, freeShipping: false },
    ];
    expect(tierExamples(nothingAtTop, "USD").at(-1)?.text).toBe("A cart of $1,000.00 gets no offer");
    expect(tierExamples([], "USD")).toEqual([{ cartMinor: 5000, text: "A cart of $50.00 gets no offer" }]);
    expect(tierExamples([nothingAtTop[0]!], "USD")).toEqual([
      { cartMinor: 5000, text: "A cart of $50.00 gets 10% off" },
    ]);
  });

  it("shows at most 8 carts", () => {
    const many = Array.from({ length: 10 }, (_, index) => ({
      minimumSubtotalMinor: (index + 1) * 10000,
      percentOff: index + 1,
      freeShipping: false,
    }));
    expect(tierExamples(many, "USD")).toHaveLength(8);
  });
});

describe("describeOffer", () => {
  it("names the parts of an offer", () => {
    expect(describeOffer(null)).toBe("no offer");
    expect(describeOffer({ minimumSubtotalMinor: 0, percentOff: 0, freeShipping: true })).toBe(
      "free shipping",
    );
    expect(describeOffer({ minimumSubtotalMinor: 0, percentOff: 15, freeShipping: false })).toBe("15% off");
  });
});

describe("tiersFromForm", () => {
  it("reads the tiers as typed, or nothing while one cannot be read", () => {
    expect(
      tiersFromForm([{ minimumSubtotal: "120,50", percentOff: "10", freeShipping: true }], "EUR"),
    ).toEqual([{ minimumSubtotalMinor: 12050, percentOff: 10, freeShipping: true }]);
    expect(
      tiersFromForm([{ minimumSubtotal: "12", percentOff: "101", freeShipping: true }], "EUR"),
    ).toBeNull();
    expect(
      tiersFromForm([{ minimumSubtotal: "12.5", percentOff: "1", freeShipping: true }], "JPY"),
    ).toBeNull();
  });
});
