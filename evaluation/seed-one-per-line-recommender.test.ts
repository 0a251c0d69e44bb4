import { describe, expect, it } from "vitest";
import type { EvaluationCatalog, EvaluationProduct } from "./catalog-format";
import { createSeedOnePerLineRecommender } from "./seed-one-per-line-recommender";
import { createSeedRecommender } from "./seed-recommender";
import { evaluationProduct } from "./fixtures/evaluation-product";

const product = (id: string, title: string, fields: Partial<EvaluationProduct> = {}) =>
  evaluationProduct(id, title, { handle: id, vendor: "Woodwork", ...fields });

const catalogOf = (products: EvaluationProduct[]): EvaluationCatalog => ({
  slug: "s",
  name: "S",
  source: { url: "https://example.test", license: "MIT", notes: "" },
  products,
});

// Fourteen other sizes of the cart's table: more than the first ranking the recommender reads (12).
const sizes = Array.from({ length: 14 }, (_, at) =>
  product(`size-${90 + 10 * at}`, `Oak Table - ${90 + 10 * at} cm`),
);

describe("createSeedOnePerLineRecommender", () => {
  it("keeps one product of a line, the cart's line included, and refills from the seed's next products", () => {
    const catalog = catalogOf([
      product("cart", "Oak Table - 80 cm"),
      ...sizes,
      product("chair", "Oak Chair"),
      product("shelf", "Oak Shelf", { status: "DRAFT" }),
      product("vase", "Glass Vase"),
    ]);
    // The seed itself shows three sizes of the cart's table.
    expect(createSeedRecommender(catalog)(["cart"]).map(({ id }) => id)).toEqual([
      "size-90",
      "size-100",
      "size-110",
    ]);
    // One size (a product of the cart's line comes once, as in Cartback), then the next lines; the seed's
    // own choices stay (a draft is not skipped).
    expect(createSeedOnePerLineRecommender(catalog)(["cart"])).toEqual([
      { id: "size-90", reason: "SIMILAR" },
      { id: "chair", reason: "SIMILAR" },
      { id: "shelf", reason: "SIMILAR" },
    ]);
  });

  it("tells two vendors' products of one title apart and returns fewer when the catalog runs out", () => {
    const catalog = catalogOf([
      product("cart", "Oak Table - 80 cm"),
      ...sizes,
      product("other-vendor", "Oak Table - 90 cm", { vendor: "Elsewhere" }),
    ]);
    expect(createSeedOnePerLineRecommender(catalog)(["cart"]).map(({ id }) => id)).toEqual([
      "size-90",
      "other-vendor",
    ]);
  });
});
