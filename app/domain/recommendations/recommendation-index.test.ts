import { describe, expect, it } from "vitest";
import type { IndexableProduct } from "./product-terms";
import { recommend } from "./recommend";
import {
  buildIndex,
  createIndexBuilder,
  describeIndex,
  findIndexedProduct,
  productVector,
  updateIndex,
  type RecommendationIndex,
} from "./recommendation-index";
import { generateSampleCatalog } from "../../../test/fixtures/sample-catalog";

const TITLE_ONLY = {
  fieldWeights: { title: 1, productType: 0, category: 0, vendor: 0, tags: 0, description: 0 },
};

function product(
  productId: string,
  title: string,
  changes: Partial<IndexableProduct> = {},
): IndexableProduct {
  return {
    productId,
    handle: `p-${productId}`,
    title,
    description: "",
    productType: null,
    category: null,
    vendor: null,
    tags: [],
    complementaryProductIds: [],
    relatedProductIds: [],
    status: "ACTIVE",
    availableForSale: true,
    priceMinMinor: 1_000,
    currency: "USD",
    imageUrl: null,
    ...changes,
  };
}

// Smoothed IDF over 4 products: ln((1 + 4) / (1 + df)) + 1.
const IDF_SHARED = Math.log(5 / 3) + 1; // in 2 products
const IDF_OWN = Math.log(5 / 2) + 1; // in 1 product

const FRUIT = [
  product("1", "ripe apple"),
  product("2", "ripe cherry"),
  product("3", "sour apple"),
  product("4", "blue sky"),
];

describe("buildIndex", () => {
  it("weighs terms by TF-IDF and normalises each product to a unit vector", () => {
    const index = buildIndex(FRUIT, TITLE_ONLY);
    const apple = productVector(index, "1");
    expect(apple.get("ripe")).toBeCloseTo(Math.SQRT1_2, 6);
    expect(apple.get("apple")).toBeCloseTo(Math.SQRT1_2, 6);
    const cherry = productVector(index, "2");
    const norm = Math.hypot(IDF_SHARED, IDF_OWN);
    expect(cherry.get("ripe")).toBeCloseTo(IDF_SHARED / norm, 6); // 0.6191
    expect(cherry.get("cherry")).toBeCloseTo(IDF_OWN / norm, 6); // 0.7853
  });

  it("scores by cosine similarity, hand-checked", () => {
    const index = buildIndex(FRUIT, TITLE_ONLY);
    // cos(ripe apple, ripe cherry) = (1/√2) · idf(ripe) / ‖(idf(ripe), idf(cherry))‖ = 0.4378; the same for sour
    // apple, so the tie goes to the smaller id. Blue sky shares no term and is not similar at all.
    const expected = (Math.SQRT1_2 * IDF_SHARED) / Math.hypot(IDF_SHARED, IDF_OWN);
    expect(expected).toBeCloseTo(0.4378, 4);
    const forApple = recommend(index, ["1"], { minSimilarity: 0, limit: 5 });
    expect(forApple.map((entry) => [entry.product.productId, entry.score])).toEqual([
      ["2", expect.closeTo(expected, 6)],
      ["3", expect.closeTo(expected, 6)],
    ]);

    // Cart of both: ripe apple is found for each cart product on its own, at the same cosine.
    const forBoth = recommend(index, ["2", "3"], { minSimilarity: 0 });
    expect(forBoth).toHaveLength(1);
    expect(forBoth[0]?.product.productId).toBe("1");
    expect(forBoth[0]?.score).toBeCloseTo(expected, 6);
  });

  it("counts a term more in the title than in the description, by the field weights", () => {
    const products = [
      product("1", "linen"),
      product("2", "linen cap"),
      product("3", "cap", { description: "linen" }),
      product("4", "wool scarf"),
    ];
    const scoresWith = (fieldWeights: typeof TITLE_ONLY.fieldWeights) =>
      Object.fromEntries(
        recommend(buildIndex(products, { fieldWeights }), ["1"], { minSimilarity: 0 }).map((entry) => [
          entry.product.productId,
          entry.score,
        ]),
      );
    const weighted = scoresWith({
      title: 2,
      productType: 0,
      category: 0,
      vendor: 0,
      tags: 0,
      description: 1,
    });
    expect(weighted["2"]).toBeGreaterThan(weighted["3"]! + 0.1);
    // With equal weights the two products are the same bag of words.
    const equal = scoresWith({ title: 1, productType: 0, category: 0, vendor: 0, tags: 0, description: 1 });
    expect(equal["2"]).toBeCloseTo(equal["3"]!, 9);
  });

  it("keeps the last version of a product given twice, and builds the same page by page", () => {
    const index = buildIndex([product("1", "old title"), product("2", "other"), product("1", "new title")]);
    expect(index.size).toBe(2);
    expect(findIndexedProduct(index, "1")?.title).toBe("new title");

    const catalog = generateSampleCatalog({ productsPerCategory: 10 });
    const builder = createIndexBuilder();
    builder.add(catalog.slice(0, 40));
    builder.add(catalog.slice(40));
    const paged = builder.finish();
    const whole = buildIndex(catalog);
    for (const cart of [["7000000000001"], ["7000000000002", "7000000000013"]]) {
      expect(recommend(paged, cart)).toEqual(recommend(whole, cart));
    }
  });
});

/** Recommendations as comparable values: ids, reasons and scores rounded to what drift may move. */
function outcome(index: RecommendationIndex, cart: string[]) {
  return recommend(index, cart, { limit: 5 }).map((entry) => ({
    id: entry.product.productId,
    reason: entry.reason,
    score: Number(entry.score.toFixed(2)),
  }));
}

describe("updateIndex", () => {
  const catalog = generateSampleCatalog({ productsPerCategory: 30 });
  const carts = [
    [catalog[0]!.productId],
    [catalog[1]!.productId, catalog[11]!.productId],
    [catalog[7]!.productId],
  ];

  it("re-indexes only what changed: new versions go to the delta, old slots are tombstoned", () => {
    const index = buildIndex(catalog);
    const changed = { ...catalog[5]!, title: "Ultralight Backpacking Tent UL-2" };
    const added = { ...catalog[6]!, productId: "8000000000001", title: "Carbon Steel Wok" };
    const updated = updateIndex(index, {
      upserted: [changed, added],
      deletedProductIds: [catalog[9]!.productId],
    });
    expect(describeIndex(updated)).toMatchObject({
      products: catalog.length + 1 - 1,
      deltaProducts: 2,
      tombstones: 2,
    });
    expect(findIndexedProduct(updated, changed.productId)?.title).toBe("Ultralight Backpacking Tent UL-2");
    expect(findIndexedProduct(updated, added.productId)?.title).toBe("Carbon Steel Wok");
    expect(findIndexedProduct(updated, catalog[9]!.productId)).toBeNull();
    // The version it came from is untouched, and still answers queries.
    expect(findIndexedProduct(index, changed.productId)?.title).toBe(catalog[5]!.title);
    expect(findIndexedProduct(index, catalog[9]!.productId)).not.toBeNull();
    expect(outcome(index, carts[0]!)).toEqual(outcome(buildIndex(catalog), carts[0]!));
  });

  it("answers like a fresh build, up to IDF drift", () => {
    const changes = catalog
      .slice(0, 20)
      .map((entry, at) => ({ ...entry, title: `${entry.title} Edition ${at}` }));
    const updated = updateIndex(buildIndex(catalog), { upserted: changes });
    expect(describeIndex(updated).deltaProducts).toBe(20);
    const fresh = buildIndex([...changes, ...catalog.slice(20)]);
    for (const cart of carts) {
      const fromUpdate = outcome(updated, cart);
      const fromFresh = outcome(fresh, cart);
      expect(fromFresh.length).toBeGreaterThan(0);
      expect(fromUpdate.map((entry) => entry.id)).toEqual(fromFresh.map((entry) => entry.id));
      fromUpdate.forEach((entry, at) => expect(entry.score).toBeCloseTo(fromFresh[at]!.score, 1));
    }
  });

  it("finds a product whose words the index has never seen, through the delta's own IDF", () => {
    const index = buildIndex(catalog);
    const first = product("9000000000001", "Zorblax quantum flux capacitor");
    const second = product("9000000000002", "Zorblax flux capacitor refill");
    const updated = updateIndex(index, { upserted: [first, second] });
    const [top] = recommend(updated, [first.productId]);
    expect(top?.product.productId).toBe(second.productId);
    expect(top?.reason).toBe("SIMILAR");
  });

  it("compacts into one base with exact IDF when the change grows past the ratio", () => {
    const index = buildIndex(catalog);
    const changes = catalog.slice(0, 70).map((entry) => ({ ...entry, title: `${entry.title} Mk II` }));
    const updated = updateIndex(index, { upserted: changes, deletedProductIds: [catalog[299]!.productId] });
    expect(describeIndex(updated)).toMatchObject({ products: 299, deltaProducts: 0, tombstones: 0 });
    const fresh = buildIndex([...changes, ...catalog.slice(70, 299)]);
    for (const cart of carts) {
      const fromUpdate = recommend(updated, cart, { limit: 5 });
      const fromFresh = recommend(fresh, cart, { limit: 5 });
      expect(fromUpdate.map((entry) => entry.product.productId)).toEqual(
        fromFresh.map((entry) => entry.product.productId),
      );
      fromUpdate.forEach((entry, at) => expect(entry.score).toBeCloseTo(fromFresh[at]!.score, 9));
    }
    // Terms only the old titles had are gone from the vocabulary.
    expect(describeIndex(updated).terms).toBe(describeIndex(fresh).terms);
  });

  it("returns the same index when nothing changed", () => {
    const index = buildIndex(catalog);
    expect(updateIndex(index, { upserted: [], deletedProductIds: [] })).toBe(index);
  });
});
