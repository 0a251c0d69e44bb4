import { describe, expect, it } from "vitest";
import { countCaveat } from "./segment-version-line";

describe("the live count's caveat", () => {
  it("says what the count cannot see that enrolment will", () => {
    expect(countCaveat(["COUNTRY", "CART_SUBTOTAL"])).toBeNull();
    expect(countCaveat(["TOTAL_SPENT"])).toMatch(
      /orders Cartback received; at enrolment Shopify's own figures/,
    );
    // The Shopify segment caveat wins: nobody is in one for the count, whatever else the segment asks.
    expect(countCaveat(["ORDER_COUNT", "SHOPIFY_SEGMENT"])).toMatch(/^Shopify customer segments are asked/);
  });
});
