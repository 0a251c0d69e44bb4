import { describe, expect, it } from "vitest";
import type { EvaluationCatalog, EvaluationProduct } from "./catalog-format";
import {
  buildSeedIndex,
  createSeedRecommender,
  recommendLikeSeed,
  SEED_SAME_CATEGORY_BOOST,
  tokenizeLikeScikitLearn,
} from "./seed-recommender";
import { evaluationProduct } from "./fixtures/evaluation-product";

const product = (id: string, title: string, fields: Partial<EvaluationProduct> = {}) =>
  evaluationProduct(id, title, { handle: id, ...fields });

describe("tokenizeLikeScikitLearn", () => {
  it("keeps lowercased runs of two or more word characters of any script", () => {
    expect(tokenizeLikeScikitLearn("T-Shirt's 2 X4 Été_ok, Größe 42 日本")).toEqual([
      "shirt",
      "x4",
      "été_ok",
      "größe",
      "42",
      "日本",
    ]);
  });
});

describe("recommendLikeSeed", () => {
  it("scores by the cosine of raw-count, smooth-idf, L2-normalised vectors, titles counted three times", () => {
    const index = buildSeedIndex([
      product("a", "red mug"),
      product("b", "red cup"),
      product("c", "blue bowl"),
    ]);
    // "red" is in 2 of 3 documents, "mug" and "cup" in one: idf = ln(4/3) + 1 and ln(4/2) + 1. The title's
    // three repeats scale both terms alike, so the cosine of a and b is red² / (red² + mug²).
    const red = Math.log(4 / 3) + 1;
    const single = Math.log(2) + 1;
    const [first, second] = recommendLikeSeed(index, ["a"]);
    expect(first?.id).toBe("b");
    expect(first?.score).toBeCloseTo((red * red) / (red * red + single * single), 10);
    // Nothing in common scores 0 and still fills the list.
    expect(second).toEqual({ id: "c", score: 0 });
  });

  it("counts the category four times and the description once", () => {
    // b shares a's category word, c a's description word: 4 against 1 of equally rare terms.
    const index = buildSeedIndex([
      product("a", "alpha", { productType: "Lamps", description: "glow" }),
      product("b", "beta", { productType: "Lamps" }),
      product("c", "gamma", { description: "glow" }),
      product("d", "delta", { category: "Home > Lamps" }),
    ]);
    const scores = new Map(recommendLikeSeed(index, ["a"]).map(({ id, score }) => [id, score]));
    // Four documents: "lamps" is in 3, "glow" in 2, every title word and "home" in 1.
    const lamps = Math.log(5 / 4) + 1;
    const glow = Math.log(5 / 3) + 1;
    const rare = Math.log(5 / 2) + 1;
    const a = Math.hypot(3 * rare, 4 * lamps, glow);
    // b is boosted: its category is exactly a's.
    expect(scores.get("b")).toBeCloseTo(
      (4 * lamps * 4 * lamps) / (a * Math.hypot(3 * rare, 4 * lamps)) + SEED_SAME_CATEGORY_BOOST,
      10,
    );
    expect(scores.get("c")).toBeCloseTo((glow * glow) / (a * Math.hypot(3 * rare, glow)), 10);
    // d's category path tokenises to "home" and "lamps", each counted four times; it is not a's category.
    expect(scores.get("d")).toBeCloseTo(
      (4 * lamps * 4 * lamps) / (a * Math.hypot(3 * rare, 4 * rare, 4 * lamps)),
      10,
    );
  });

  it("takes each product's best cosine with any one cart item, not its cosine with the whole cart", () => {
    const products = [
      product("a", "red mug"),
      product("b", "blue bowl"),
      product("c", "red mug large"),
      product("d", "blue bowl small"),
      product("e", "red bowl"),
      product("f", "green vase"),
    ];
    const index = buildSeedIndex(products);
    const alone = (cart: string) =>
      new Map(recommendLikeSeed(index, [cart], 6).map(({ id, score }) => [id, score]));
    const withA = alone("a");
    const withB = alone("b");
    const both = recommendLikeSeed(index, ["a", "b"], 6);
    expect(both.map(({ id }) => id)).toEqual(["c", "d", "e", "f"]);
    for (const { id, score } of both) {
      expect(score).toBeCloseTo(Math.max(withA.get(id) ?? 0, withB.get(id) ?? 0), 10);
    }
  });

  it("adds the boost to a product whose category is exactly a cart item's", () => {
    const index = buildSeedIndex([
      product("a", "mug", { productType: "Mugs" }),
      product("b", "cup", { productType: "Mugs" }),
      product("c", "cup", { productType: "mugs" }),
    ]);
    const [first, second] = recommendLikeSeed(index, ["a"]);
    // b and c are the same words; only b's category string equals a's.
    expect(first?.id).toBe("b");
    expect(second?.id).toBe("c");
    expect((first?.score ?? 0) - (second?.score ?? 0)).toBeCloseTo(SEED_SAME_CATEGORY_BOOST, 10);
  });

  it("recommends drafts, archived and sold-out products, never the cart's own", () => {
    const catalog: EvaluationCatalog = {
      slug: "s",
      name: "S",
      source: { url: "https://example.test", license: "MIT", notes: "" },
      products: [
        product("1", "linen shirt"),
        product("2", "linen shirt blue", { status: "DRAFT" }),
        product("3", "linen shirt green", { status: "ARCHIVED" }),
        product("4", "linen shirt white", { availableForSale: false }),
        product("5", "linen shirt black"),
      ],
    };
    const recommender = createSeedRecommender(catalog);
    expect(recommender(["1", "5"]).map(({ id }) => id)).toEqual(["2", "3", "4"]);
  });

  it("ranks equal scores in catalog order and ignores unknown cart ids", () => {
    const index = buildSeedIndex([product("x", "one"), product("y", "two"), product("z", "three")]);
    expect(recommendLikeSeed(index, ["unknown"]).map(({ id }) => id)).toEqual(["x", "y", "z"]);
  });
});
