import { describe, expect, it } from "vitest";
import { productLine, variantLine } from "../../../test/mocks/bulk-operations";
import { parseBulkLine } from "./bulk-product-line";

describe("parseBulkLine", () => {
  it("reads a product line into the catalog's facts, availability left to its variants", () => {
    const line = productLine({
      id: 632910392,
      title: "  IPod Nano - 8GB ",
      description: "It's the small iPod\n\nwith  one very big idea.",
      productType: "Cult Products",
      vendor: "Apple",
      tags: ["Emotive", " Flash Memory ", ""],
      price: ["199.0", "249"],
      updatedAt: "2026-11-01T10:00:00-05:00",
    });

    expect(parseBulkLine(line)).toEqual({
      kind: "product",
      facts: {
        productId: "632910392",
        handle: "product-632910392",
        title: "IPod Nano - 8GB",
        description: "It's the small iPod with one very big idea.",
        productType: "Cult Products",
        vendor: "Apple",
        tags: ["Emotive", "Flash Memory"],
        status: "ACTIVE",
        currency: "USD",
        priceMinMinor: 19900,
        priceMaxMinor: 24900,
        imageUrl: "https://cdn.shopify.com/p/632910392.jpg",
        availableForSale: false,
        shopifyUpdatedAt: new Date("2026-11-01T15:00:00Z"),
      },
    });
  });

  it("reads a variant line as its product's availability", () => {
    expect(parseBulkLine(variantLine(632910392, 808950810, true))).toEqual({
      kind: "variant",
      productId: "632910392",
      variantId: "808950810",
      availableForSale: true,
      unitCost: null,
    });
  });

  it("reads a variant's unit cost when the export asked for it, and none when it has none", () => {
    const cost = { amount: "12.3450", currencyCode: "USD" };
    expect(parseBulkLine(variantLine(1, 11, false, cost))).toMatchObject({
      kind: "variant",
      variantId: "11",
      availableForSale: false,
      unitCost: cost,
    });
    expect(parseBulkLine(variantLine(1, 12, true, null))).toMatchObject({ variantId: "12", unitCost: null });
  });

  it("keeps a variant's availability when its cost has an unexpected shape", () => {
    const line = JSON.stringify({
      id: "gid://shopify/ProductVariant/13",
      availableForSale: true,
      inventoryItem: { unitCost: { amount: { value: 3 } } },
      __parentId: "gid://shopify/Product/1",
    });
    expect(parseBulkLine(line)).toEqual({
      kind: "variant",
      productId: "1",
      variantId: "13",
      availableForSale: true,
      unitCost: null,
    });
  });

  it("keeps prices exact in the export's currency and drops an image that is not https", () => {
    const parsed = parseBulkLine(
      productLine({
        id: 1,
        price: ["1200", "1500"],
        currencyCode: "JPY",
        imageUrl: "http://cdn.example/a.jpg",
      }),
    );
    expect(parsed).toMatchObject({
      kind: "product",
      facts: { currency: "JPY", priceMinMinor: 1200, priceMaxMinor: 1500, imageUrl: null },
    });
  });

  it("names the product of an unusable line when it can, so a sync does not take it for deleted", () => {
    expect(parseBulkLine(productLine({ id: 7, price: ["9.999", "10.00"] }))).toEqual({
      kind: "invalid",
      productId: "7",
      reason: "price is not an amount",
    });
    expect(parseBulkLine(productLine({ id: 8, status: "active" }))).toMatchObject({
      kind: "invalid",
      productId: "8",
    });
    expect(parseBulkLine('{"id":"gid://shopify/Product/9","title":')).toMatchObject({
      kind: "invalid",
      productId: null,
    });
    expect(parseBulkLine('{"id":"gid://shopify/Collection/3"}')).toMatchObject({
      kind: "invalid",
      productId: null,
    });
    expect(
      parseBulkLine('{"id":"gid://shopify/ProductVariant/3","__parentId":"gid://shopify/Product/x"}'),
    ).toMatchObject({
      kind: "invalid",
      productId: null,
    });
  });
});
