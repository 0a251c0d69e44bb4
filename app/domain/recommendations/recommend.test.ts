import { describe, expect, it } from "vitest";
import type { IndexableProduct } from "./product-terms";
import { DEFAULT_MIN_SIMILARITY, recommend, TYPE_BOOST } from "./recommend";
import { buildIndex, updateIndex } from "./recommendation-index";

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
    priceMinMinor: 2_500,
    currency: "EUR",
    imageUrl: `https://cdn.example.com/${productId}.jpg`,
    ...changes,
  };
}

const ids = (recommendations: ReturnType<typeof recommend>) =>
  recommendations.map((entry) => entry.product.productId);
const reasons = (recommendations: ReturnType<typeof recommend>) =>
  recommendations.map((entry) => [entry.product.productId, entry.reason]);

const trail = (productId: string, extra = "", changes: Partial<IndexableProduct> = {}) =>
  product(productId, `Trail running shoe ${extra}`.trim(), {
    productType: "Running Shoes",
    tags: ["running", "trail"],
    description: "Cushioned trail running shoe with a grippy outsole.",
    ...changes,
  });

describe("recommend", () => {
  it("never recommends the cart's products, drafts, archived products or products not for sale", () => {
    const index = buildIndex([
      trail("1"),
      trail("2", "waterproof"),
      trail("3", "", { status: "DRAFT" }),
      trail("4", "", { status: "ARCHIVED" }),
      trail("5", "", { availableForSale: false }),
      trail("6", "lightweight"),
      trail("7", "racing"),
    ]);
    expect(ids(recommend(index, ["1", "2"], { limit: 10 }))).toEqual(["6", "7"]);
    // Not as fillers either: same type, and best sellers.
    const filled = recommend(index, ["1", "2"], { limit: 10, bestSellers: ["3", "4", "5", "1", "2", "6"] });
    expect(ids(filled)).toEqual(["6", "7"]);
  });

  it("returns what it knows of each product, with the reason it was chosen", () => {
    const index = buildIndex([trail("1"), trail("2", "waterproof")]);
    expect(recommend(index, ["1"])).toEqual([
      {
        product: {
          productId: "2",
          handle: "p-2",
          title: "Trail running shoe waterproof",
          imageUrl: "https://cdn.example.com/2.jpg",
          priceMinMinor: 2_500,
          currency: "EUR",
          productType: "Running Shoes",
          typeKey: "running shoes",
          categoryKey: null,
          lineKey: "|trail running shoe waterproof",
          complementaryProductIds: [],
          relatedProductIds: [],
          isRecommendable: true,
        },
        reason: "SIMILAR",
        score: expect.any(Number),
      },
    ]);
  });

  it("breaks ties by product id, numerically, whatever the order of the catalog or the cart", () => {
    // Equal scores, yet four product lines: each has one word of its own, as rare as the others'.
    const twins = ["100", "9", "10", "11"].map((id) => trail(id, `model${id}`));
    const cartProducts = [trail("1"), product("2", "Trail shoe laces", { productType: "Running Shoes" })];
    const forward = buildIndex([...cartProducts, ...twins]);
    const backward = buildIndex([...twins].reverse().concat([...cartProducts].reverse()));
    const first = recommend(forward, ["1", "2"]);
    expect(ids(first)).toEqual(["9", "10", "11"]);
    expect(recommend(backward, ["2", "1"])).toEqual(first);
  });

  it("fills gaps with products of the cart's type, then with best sellers, in that order", () => {
    const index = buildIndex([
      trail("1"),
      trail("2", "waterproof"),
      // Same type (however the merchant spelt it), less alike than the threshold below: closest first.
      product("20", "Gel insoles", { productType: "Running Shoes" }),
      product("21", "Shoe bag", { productType: "running  shoes " }),
      product("30", "Espresso beans", { productType: "Coffee" }),
      product("31", "Ceramic mug", { productType: "Kitchen" }),
    ]);
    const options = { limit: 5, minSimilarity: 0.75, bestSellers: ["1", "31", "21", "30"] };
    const recommendations = recommend(index, ["1"], options);
    expect(reasons(recommendations)).toEqual([
      ["2", "SIMILAR"],
      ["21", "SAME_TYPE"],
      ["20", "SAME_TYPE"],
      ["31", "BEST_SELLER"],
      ["30", "BEST_SELLER"],
    ]);
    const [twin, bag, insoles, mug] = recommendations.map((entry) => entry.score);
    // Similarity plus the type boost.
    expect(twin).toBeGreaterThanOrEqual(0.75 + TYPE_BOOST);
    expect(bag).toBeLessThan(0.75 + TYPE_BOOST);
    expect(bag).toBeGreaterThan(insoles!);
    expect(insoles).toBeGreaterThan(TYPE_BOOST);
    expect(mug).toBe(0);
    expect(reasons(recommend(index, ["1"], { ...options, limit: 2 }))).toEqual([
      ["2", "SIMILAR"],
      ["21", "SAME_TYPE"],
    ]);
  });

  it("says nothing rather than pad with unrelated products", () => {
    const index = buildIndex([
      trail("1"),
      product("2", "Espresso beans", {
        description: "Dark roast with a grippy crema.",
        productType: "Coffee",
      }),
      product("3", "Ceramic mug", { productType: "Kitchen" }),
    ]);
    // Coffee shares one description word with the shoe: a similarity, but far below the threshold.
    const loose = recommend(index, ["1"], { minSimilarity: 0 });
    expect(ids(loose)).toEqual(["2"]);
    expect(loose[0]!.score).toBeLessThan(DEFAULT_MIN_SIMILARITY);
    expect(recommend(index, ["1"])).toEqual([]);
    // Best sellers, when the shop has them, are the one deliberate filler.
    expect(reasons(recommend(index, ["1"], { bestSellers: ["3"] }))).toEqual([["3", "BEST_SELLER"]]);
  });

  it("ignores cart products the index does not know, and still never recommends them", () => {
    const index = buildIndex([trail("1"), trail("2", "waterproof"), trail("3", "racing")]);
    expect(ids(recommend(index, ["404", "1"]))).toEqual(["2", "3"]);
    expect(recommend(index, ["404"])).toEqual([]);
    expect(ids(recommend(index, ["404"], { bestSellers: ["404", "3"] }))).toEqual(["3"]);
  });

  it("honours the limit: three by default, none for zero, at most 24", () => {
    const index = buildIndex(Array.from({ length: 40 }, (_, at) => trail(String(at + 1), `model-${at}`)));
    expect(recommend(index, ["1"])).toHaveLength(3);
    expect(recommend(index, ["1"], { limit: 0 })).toEqual([]);
    expect(recommend(index, ["1"], { limit: 7 })).toHaveLength(7);
    expect(recommend(index, ["1"], { limit: 500 })).toHaveLength(24);
  });

  it("matches text across accents and scripts", () => {
    const index = buildIndex([
      product("1", "Café crème en grains"),
      product("2", "Cafe creme moulu"),
      product("3", "抹茶ラテ パウダー"),
      product("4", "抹茶 ラテ セット"),
      product("5", "Thé vert"),
    ]);
    expect(ids(recommend(index, ["1"]))).toEqual(["2"]);
    expect(ids(recommend(index, ["3"]))).toEqual(["4"]);
  });

  it("sees a product's new state after an update, and forgets a deleted one", () => {
    const index = buildIndex([trail("1"), trail("2", "waterproof"), trail("3", "racing")]);
    const updated = updateIndex(index, {
      upserted: [trail("2", "waterproof", { status: "ARCHIVED" }), trail("4", "ultra")],
      deletedProductIds: ["3"],
    });
    expect(ids(recommend(updated, ["1"]))).toEqual(["4"]);
    expect(ids(recommend(index, ["1"]))).toEqual(["2", "3"]);
  });

  it("ranks products of a cart product's type first, and reads the standard category when the type is empty", () => {
    const index = buildIndex([
      product("1", "Gold hoop ring", { productType: "Rings", tags: ["gold"] }),
      // More words in common with the ring, but earrings.
      product("2", "Gold hoop earrings", { productType: "Earrings", tags: ["gold"] }),
      product("3", "Silver band ring", { productType: "Rings" }),
      product("4", "Oak table top", { category: "Furniture > Tables > Table Tops" }),
      product("5", "Oak shelf", { category: "Furniture > Shelving" }),
      product("6", "Walnut table top", { category: "furniture > tables > table tops" }),
    ]);
    expect(reasons(recommend(index, ["1"], { limit: 2 }))).toEqual([
      ["3", "SIMILAR"],
      ["2", "SIMILAR"],
    ]);
    expect(ids(recommend(index, ["4"], { limit: 1 }))).toEqual(["6"]);
  });

  it("serves every part of a mixed cart", () => {
    const sofas = ["Velvet sofa", "Leather sofa", "Corner sofa", "Sofa bed"].map((title, at) =>
      product(String(10 + at), title, { productType: "Sofas", description: "Deep seats, soft cushions." }),
    );
    const lamps = ["Brass floor lamp", "Arc floor lamp"].map((title, at) =>
      product(String(20 + at), title, { productType: "Lamps" }),
    );
    const index = buildIndex([
      product("1", "Linen sofa", { productType: "Sofas", description: "Deep seats, soft cushions." }),
      product("2", "Floor lamp", { productType: "Lamps" }),
      ...sofas,
      ...lamps,
    ]);
    const types = recommend(index, ["1", "2"]).map((entry) => entry.product.productType);
    expect(new Set(types)).toEqual(new Set(["Sofas", "Lamps"]));
  });

  it("shows one product of a product line; another size of a cart product only after the rest of its type", () => {
    const index = buildIndex([
      trail("1", "- size 40"),
      trail("2", "- size 42"),
      trail("6", "- size 44"),
      product("3", "Trail running jacket - M", { productType: "Running Shoes", tags: ["running", "trail"] }),
      product("4", "Trail running jacket - L", { productType: "Running Shoes", tags: ["running", "trail"] }),
      product("5", "Trail running socks", { productType: "Running Shoes", tags: ["running", "trail"] }),
    ]);
    expect(ids(recommend(index, ["1"], { limit: 5 }))).toEqual(["3", "5", "2"]);
    // Not of the cart product's type: never.
    const coffee = buildIndex([
      product("1", "Espresso beans - 250 g", { productType: "Coffee" }),
      product("2", "Espresso beans - 1 kg", { productType: "Coffee Bulk" }),
    ]);
    expect(recommend(coffee, ["1"])).toEqual([]);
  });

  it("puts the merchant's complementary and related products first, in the merchant's order", () => {
    const index = buildIndex([
      trail("1", "", { complementaryProductIds: ["7", "404", "6", "8"], relatedProductIds: ["2", "6"] }),
      trail("2", "waterproof"),
      trail("3", "racing"),
      product("6", "Sports drink"),
      product("7", "Gel insoles"),
      product("8", "Shoe bag", { status: "DRAFT" }),
    ]);
    expect(reasons(recommend(index, ["1"], { limit: 4 }))).toEqual([
      ["7", "COMPLEMENT"],
      ["6", "COMPLEMENT"],
      ["2", "SIMILAR"],
      ["3", "SIMILAR"],
    ]);
  });

  it("blends products bought together with similar ones", () => {
    const index = buildIndex([
      product("1", "Oak table top", { productType: "Table Tops" }),
      product("2", "Walnut table top", { productType: "Table Tops" }),
      product("3", "Ash table top", { productType: "Table Tops" }),
      product("4", "Steel hairpin legs", { productType: "Table Legs" }),
      product("5", "Steel stool", { productType: "Stools" }),
    ]);
    const coPurchases = {
      partnersOf: (productId: string) => (productId === "1" ? [{ productId: "4", score: 0.6 }] : []),
    };
    // The legs share no word and no type with the top: only the orders bring them in, first.
    expect(reasons(recommend(index, ["1"], { coPurchases }))).toEqual([
      ["4", "BOUGHT_TOGETHER"],
      ["2", "SIMILAR"],
      ["3", "SIMILAR"],
    ]);
    expect(ids(recommend(index, ["1"]))).toEqual(["2", "3"]);
  });

  it("is not crowded out by one product line sold in many sizes", () => {
    const index = buildIndex([
      product("1", "Pine bookcase", { productType: "Bookcases" }),
      // Thirty sizes of one bookcase, all closer to the cart's than the other lines are.
      ...Array.from({ length: 30 }, (_, at) =>
        product(String(100 + at), `Pine bookcase with doors, ${40 + at}x28 cm`, { productType: "Bookcases" }),
      ),
      product("2", "Oak shelving unit", { productType: "Bookcases" }),
      product("3", "Steel wall shelf", { productType: "Bookcases" }),
    ]);
    const recommendations = recommend(index, ["1"]);
    expect(ids(recommendations)).toHaveLength(3);
    expect(ids(recommendations).filter((id) => Number(id) >= 100)).toHaveLength(1);
    expect(ids(recommendations)).toEqual(expect.arrayContaining(["2", "3"]));
  });
});
