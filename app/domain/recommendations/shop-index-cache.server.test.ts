import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { SHOP_A } from "../../../test/helpers/shops";
import { productFacts, storeProducts } from "../../../test/helpers/catalog";
import { findShopIndexStats, getShopIndex, MIN_REFRESH_INTERVAL_MS } from "./shop-index-cache.server";
import { findIndexedProduct } from "./recommendation-index";

const NOW = new Date("2026-11-21T12:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** Unrelated products, so that a change of one product is applied incrementally. */
const GIFT_CARDS = Array.from({ length: 30 }, (_, at) =>
  productFacts({ productId: String(5000 + at), title: `Gift card ${at + 1}`, productType: "Gift Cards" }),
);

const TABLE_TOP = productFacts({
  productId: "1",
  title: "Oak table top",
  category: "Furniture > Tables > Table Tops",
  complementaryProductIds: ["2", "3"],
  relatedProductIds: ["4"],
});

const linksOf = async (productId: string, now: Date) => {
  const product = findIndexedProduct(await getShopIndex(SHOP_A, { now }), productId);
  return product && { complementary: product.complementaryProductIds, related: product.relatedProductIds };
};

describe("getShopIndex: the catalog's category and merchant links", () => {
  it("indexes each product's stored category and links, on a full build and on an incremental refresh", async () => {
    await storeProducts(SHOP_A, [
      TABLE_TOP,
      productFacts({ productId: "2", title: "Table legs" }),
      ...GIFT_CARDS,
    ]);

    expect(await linksOf("1", NOW)).toEqual({ complementary: ["2", "3"], related: ["4"] });
    expect(await linksOf("2", NOW)).toEqual({ complementary: [], related: [] });
    expect(findIndexedProduct(await getShopIndex(SHOP_A, { now: NOW }), "1")?.categoryKey).not.toBeNull();
    expect(findIndexedProduct(await getShopIndex(SHOP_A, { now: NOW }), "2")?.categoryKey).toBeNull();

    await storeProducts(SHOP_A, [
      { ...TABLE_TOP, complementaryProductIds: ["3"], relatedProductIds: [], shopifyUpdatedAt: later(1_000) },
    ]);
    expect(await linksOf("1", later(MIN_REFRESH_INTERVAL_MS))).toEqual({ complementary: ["3"], related: [] });
    expect(findShopIndexStats(SHOP_A)).toMatchObject({ fullBuilds: 1, incrementalRefreshes: 1 });
  });

  it("reads a stored link list that is not a JSON list of id digits as none, or as its id digits", async () => {
    await storeProducts(SHOP_A, [TABLE_TOP, ...GIFT_CARDS]);
    await prisma.product.update({
      where: { shop_productId: { shop: SHOP_A, productId: "1" } },
      data: {
        complementaryProductIds: "not json",
        relatedProductIds: '[7, "8", null, "gid://shopify/Product/9"]',
      },
    });

    expect(await linksOf("1", NOW)).toEqual({ complementary: [], related: ["8"] });
  });
});
