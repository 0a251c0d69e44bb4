import { describe, expect, it } from "vitest";
import { productLine, variantLine } from "../../../test/mocks/bulk-operations";
import { MAX_LINKED_PRODUCTS, parseBulkLine, parseLinkedProductIds } from "./bulk-product-line";

describe("parseBulkLine", () => {
  it("reads a product line into the catalog's facts, availability left to its variants", () => {
    const line = productLine({
      id: 632910392,
      title: "  IPod Nano - 8GB ",
      description: "It's the small iPod\n\nwith  one very big idea.",
      productType: "Cult Products",
      vendor: "Apple",
      tags: ["Emotive", " Flash Memory ", ""],
      category: "Electronics > Audio > Audio Players & Recorders > MP3 & MP4 Players",
      complementaryProducts: [921728736, 457924702],
      relatedProducts: [329678821],
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
        category: "Electronics > Audio > Audio Players & Recorders > MP3 & MP4 Players",
        tags: ["Emotive", "Flash Memory"],
        complementaryProductIds: ["921728736", "457924702"],
        relatedProductIds: ["329678821"],
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

  it("reads an unset category and no linked products as null and none", () => {
    expect(parseBulkLine(productLine({ id: 1 }))).toMatchObject({
      kind: "product",
      facts: { category: null, complementaryProductIds: [], relatedProductIds: [] },
    });
  });

  it("keeps only other products' ids from the links, once each, in the merchant's order", () => {
    const line = productLine({
      id: 5,
      complementaryProducts: JSON.stringify([
        "gid://shopify/Product/7",
        "gid://shopify/ProductVariant/8",
        "gid://shopify/Product/5",
        "gid://shopify/Product/3",
        "gid://shopify/Product/7",
        "gid://shopify/Product/abc",
        42,
        null,
        "9",
      ]),
    });
    expect(parseBulkLine(line)).toMatchObject({
      kind: "product",
      facts: { complementaryProductIds: ["7", "3"], relatedProductIds: [] },
    });
  });

  it("keeps at most MAX_LINKED_PRODUCTS links of each kind", () => {
    const ids = Array.from({ length: MAX_LINKED_PRODUCTS + 10 }, (_, index) => 1000 + index);
    const parsed = parseBulkLine(productLine({ id: 1, relatedProducts: ids }));
    expect(parsed.kind === "product" && parsed.facts.relatedProductIds).toEqual(
      ids.slice(0, MAX_LINKED_PRODUCTS).map(String),
    );
  });

  it.each([
    ["a value that is not JSON", { value: "[gid://shopify/Product/7" }],
    ["a value that is not a list", { value: '{"gid":"gid://shopify/Product/7"}' }],
    ["a metafield without a value", { type: "list.product_reference" }],
    ["a metafield that is a string", "gid://shopify/Product/7"],
  ])("reads %s as no links, and keeps the product and its other fields", (_case, metafield) => {
    const line = JSON.parse(
      productLine({ id: 1, category: "Home & Garden > Decor", relatedProducts: [2] }),
    ) as Record<string, unknown>;
    line.complementaryProducts = metafield;
    expect(parseBulkLine(JSON.stringify(line))).toMatchObject({
      kind: "product",
      facts: { category: "Home & Garden > Decor", complementaryProductIds: [], relatedProductIds: ["2"] },
    });
  });

  it("reads a category of an unexpected shape as none, keeping the product", () => {
    const line = JSON.parse(productLine({ id: 1, complementaryProducts: [2] })) as Record<string, unknown>;
    line.category = { name: "Tables" };
    expect(parseBulkLine(JSON.stringify(line))).toMatchObject({
      kind: "product",
      facts: { category: null, complementaryProductIds: ["2"] },
    });
  });

  it("leaves the category and links unsaid when the line has no such fields (an export that did not ask)", () => {
    const line = JSON.parse(productLine({ id: 1 })) as Record<string, unknown>;
    delete line.category;
    delete line.complementaryProducts;
    delete line.relatedProducts;
    const parsed = parseBulkLine(JSON.stringify(line));
    expect(parsed.kind).toBe("product");
    const facts = parsed.kind === "product" ? parsed.facts : null;
    expect(facts?.category).toBeUndefined();
    expect(facts?.complementaryProductIds).toBeUndefined();
    expect(facts?.relatedProductIds).toBeUndefined();
  });

  it("parses a list.product_reference value on its own", () => {
    expect(parseLinkedProductIds('["gid://shopify/Product/2","gid://shopify/Product/1"]', "1")).toEqual([
      "2",
    ]);
    expect(parseLinkedProductIds("", "1")).toEqual([]);
    expect(parseLinkedProductIds("null", "1")).toEqual([]);
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
