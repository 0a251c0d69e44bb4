import { describe, expect, it } from "vitest";
import { orderDiscountsFor } from "./simulate";

describe("the demo's orders", () => {
  it("report each code the link applied as Shopify does: the percentage one and the free-shipping one", () => {
    const emailText = "Hi Jane, ...\n\n10% off your order + free shipping\nYour codes: ...";
    expect(orderDiscountsFor(["CB-7KQ2MXPA", "CB-7KQ2MXPA-SHIP"], emailText, 12_000)).toEqual([
      { code: "CB-7KQ2MXPA", amountMinor: 1_200, type: "percentage" },
      { code: "CB-7KQ2MXPA-SHIP", amountMinor: 800, type: "shipping" },
    ]);
    expect(orderDiscountsFor(["CB-7KQ2MXPA-SHIP"], "Free shipping on your order", 5_000)).toEqual([
      { code: "CB-7KQ2MXPA-SHIP", amountMinor: 800, type: "shipping" },
    ]);
    expect(orderDiscountsFor([], emailText, 12_000)).toEqual([]);
  });
});
