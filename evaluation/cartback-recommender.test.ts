import { describe, expect, it } from "vitest";
import { createCartbackRecommender } from "./cartback-recommender";
import { tinyCatalog } from "./fixtures/tiny-catalog";

describe("createCartbackRecommender", () => {
  it("recommends sellable products of the catalog, never the cart's own", () => {
    const recommend = createCartbackRecommender(tinyCatalog, []);
    const recommendations = recommend(["1"]);
    expect(recommendations.length).toBeGreaterThan(0);
    const sellable = new Set(
      tinyCatalog.products
        .filter((product) => product.status === "ACTIVE" && product.availableForSale)
        .map((product) => product.id),
    );
    for (const { id } of recommendations) {
      expect(sellable.has(id)).toBe(true);
      expect(id).not.toBe("1");
    }
  });

  it("fills the gaps with the training orders' best sellers", () => {
    // The gift card shares no type and hardly a word with the rest of the shop.
    expect(createCartbackRecommender(tinyCatalog, [])(["13"]).length).toBeLessThan(3);
    const orders = [["9", "12"], ["9"], ["12", "6"], ["9"]];
    const recommendations = createCartbackRecommender(tinyCatalog, orders)(["13"]);
    expect(recommendations).toHaveLength(3);
    const bestSellers = recommendations.filter(({ reason }) => reason === "BEST_SELLER").map(({ id }) => id);
    expect(bestSellers.length).toBeGreaterThan(0);
    for (const id of bestSellers) expect(["9", "12", "6"]).toContain(id);
  });
});
