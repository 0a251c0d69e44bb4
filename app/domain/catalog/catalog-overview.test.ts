import { describe, expect, it } from "vitest";
import { PRODUCTS_BULK_QUERY, PRODUCTS_WITH_COSTS_BULK_QUERY } from "~/graphql/run-products-bulk-query";
import { describeProductCosts } from "./catalog-overview";

describe("describeProductCosts", () => {
  it("says the scope is missing, none are known yet, or how many variants have a cost", () => {
    expect(describeProductCosts({ isGranted: false, known: 0 })).toMatch(
      /^Product costs: not available: grant read_inventory/,
    );
    expect(describeProductCosts({ isGranted: true, known: 0 })).toMatch(
      /^Product costs: none yet\. Sync now/,
    );
    expect(describeProductCosts({ isGranted: true, known: 1 })).toBe(
      "Product costs: 1 variant; the others use your default margin.",
    );
    expect(describeProductCosts({ isGranted: true, known: 1812 })).toBe(
      "Product costs: 1,812 variants; the others use your default margin.",
    );
  });
});

describe("the two catalog exports", () => {
  it("differ only in the variants' unit cost", () => {
    expect(
      PRODUCTS_WITH_COSTS_BULK_QUERY.replace(" inventoryItem { unitCost { amount currencyCode } }", ""),
    ).toBe(PRODUCTS_BULK_QUERY);
  });
});
