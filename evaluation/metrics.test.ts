import { describe, expect, it } from "vitest";
import type { EvaluationCatalog, EvaluationProduct } from "./catalog-format";
import {
  buildCarts,
  createRandom,
  measureRecommendations,
  percentile,
  runRecommender,
  splitOrders,
  typeLabelOf,
  type CartRun,
  type EvaluationCart,
} from "./metrics";
import { evaluationProduct } from "./fixtures/evaluation-product";

const product = (id: string, fields: Partial<EvaluationProduct> = {}) =>
  evaluationProduct(id, `Product ${id}`, fields);

const catalogOf = (products: EvaluationProduct[], orders?: string[][]): EvaluationCatalog => ({
  slug: "test",
  name: "Test",
  source: { url: "https://example.test", license: "MIT", notes: "" },
  products,
  ...(orders ? { orders } : {}),
});

const cart = (
  productIds: string[],
  kind: EvaluationCart["kind"] = "single-type",
  heldOut: string[] = [],
) => ({
  kind,
  productIds,
  heldOut,
});

/** A run of one cart whose recommender answered `recommended`. */
const run = (cartValue: EvaluationCart, recommended: string[], milliseconds = 1): CartRun => ({
  cart: cartValue,
  recommendations: recommended.map((id) => ({ id, reason: "SIMILAR" })),
  milliseconds,
});

describe("createRandom", () => {
  it("repeats its sequence for a seed and differs between seeds", () => {
    const first = createRandom(7);
    const again = createRandom(7);
    const other = createRandom(8);
    const a = Array.from({ length: 5 }, first);
    expect(Array.from({ length: 5 }, again)).toEqual(a);
    expect(Array.from({ length: 5 }, other)).not.toEqual(a);
    for (const value of a) expect(value >= 0 && value < 1).toBe(true);
  });
});

describe("typeLabelOf", () => {
  it("is the product type, else the category's last segment, compared loosely, else none", () => {
    expect(typeLabelOf(product("1", { productType: " T-Shirts ", category: "Apparel > Tops" }))).toBe(
      "t-shirts",
    );
    expect(typeLabelOf(product("2", { category: "Home > Kitchen >  Coffee   Mugs" }))).toBe("coffee mugs");
    expect(typeLabelOf(product("3", { productType: "  ", category: "Candles" }))).toBe("candles");
    expect(typeLabelOf(product("4"))).toBeNull();
  });
});

describe("splitOrders", () => {
  it("keeps about a fifth for test, by position, the same every time", () => {
    const orders = Array.from({ length: 1000 }, (_, index) => [String(index)]);
    const { training, test } = splitOrders(orders);
    expect(training.length + test.length).toBe(1000);
    expect(test.length / 1000).toBeGreaterThan(0.17);
    expect(test.length / 1000).toBeLessThan(0.23);
    expect(new Set([...training, ...test].map((order) => order[0])).size).toBe(1000);
    expect(splitOrders(orders).test).toEqual(test);
    // By position, not content: the same orders in another order split differently.
    expect(splitOrders([...orders].reverse()).test.map((order) => order[0])).not.toEqual(
      test.map((order) => order[0]),
    );
  });
});

describe("buildCarts", () => {
  const products = [
    ...["1", "2", "3", "4"].map((id) => product(id, { productType: "Shirts" })),
    ...["5", "6"].map((id) => product(id, { category: "Home > Mugs" })),
    product("7", { productType: "Candles" }),
    product("8", { productType: "Candles", status: "DRAFT" }),
    product("9", { productType: "Lamps", availableForSale: false }),
    product("10", { productType: "Vases", status: "ARCHIVED" }),
    product("11"),
  ];
  const labelOf = new Map(products.map((item) => [item.id, typeLabelOf(item)]));
  const counts = { singleType: 200, mixed: 200, basket: 0 };

  it("makes single-type carts of 1-3 sellable products of one label", () => {
    const carts = buildCarts(catalogOf(products), [], { seed: 1, counts }).filter(
      (item) => item.kind === "single-type",
    );
    expect(carts).toHaveLength(200);
    const sizes = new Set<number>();
    for (const { productIds } of carts) {
      sizes.add(productIds.length);
      expect(new Set(productIds).size).toBe(productIds.length);
      expect(new Set(productIds.map((id) => labelOf.get(id))).size).toBe(1);
      for (const id of productIds) expect(["1", "2", "3", "4", "5", "6", "7"]).toContain(id);
    }
    expect([...sizes].sort()).toEqual([1, 2, 3]);
  });

  it("makes mixed carts of 2-3 products of as many different labels", () => {
    const carts = buildCarts(catalogOf(products), [], { seed: 1, counts }).filter(
      (item) => item.kind === "mixed",
    );
    expect(carts).toHaveLength(200);
    const sizes = new Set<number>();
    for (const { productIds } of carts) {
      sizes.add(productIds.length);
      expect(new Set(productIds.map((id) => labelOf.get(id))).size).toBe(productIds.length);
      for (const id of productIds) expect(["1", "2", "3", "4", "5", "6", "7"]).toContain(id);
    }
    expect([...sizes].sort()).toEqual([2, 3]);
  });

  it("makes no mixed cart from a catalog of one label, and none at all from one without labels", () => {
    const oneLabel = products.filter((item) => labelOf.get(item.id) === "shirts");
    expect(buildCarts(catalogOf(oneLabel), [], { seed: 1, counts }).map((item) => item.kind)).toEqual(
      Array(200).fill("single-type"),
    );
    expect(buildCarts(catalogOf([product("1"), product("2")]), [], { seed: 1, counts })).toEqual([]);
  });

  it("holds one product of each test order out of a basket cart", () => {
    const testOrders = [["1", "5", "7"], ["2", "2", "6"], ["3"], ["4", "unknown"], ["9", "10"]];
    const carts = buildCarts(catalogOf(products), testOrders, {
      seed: 3,
      counts: { singleType: 0, mixed: 0, basket: 10 },
    });
    // ["3"] has one product, ["4", "unknown"] one known product: neither makes a cart.
    expect(carts).toHaveLength(3);
    const byOrder = carts.map((item) => [...item.productIds, ...item.heldOut].sort());
    expect(byOrder.sort()).toEqual([
      ["1", "5", "7"],
      ["10", "9"],
      ["2", "6"],
    ]);
    for (const item of carts) {
      expect(item.kind).toBe("basket");
      expect(item.heldOut).toHaveLength(1);
      expect(item.productIds).not.toContain(item.heldOut[0]);
    }
    expect(
      buildCarts(catalogOf(products), testOrders, {
        seed: 3,
        counts: { singleType: 0, mixed: 0, basket: 2 },
      }),
    ).toHaveLength(2);
  });

  it("is the same for a seed and differs between seeds", () => {
    const catalog = catalogOf(products);
    const carts = buildCarts(catalog, [], { seed: 5, counts });
    expect(buildCarts(catalog, [], { seed: 5, counts })).toEqual(carts);
    expect(buildCarts(catalog, [], { seed: 6, counts })).not.toEqual(carts);
  });
});

describe("measureRecommendations", () => {
  it("counts a recommendation right by type when its label is a cart item's; unlabelled ones miss", () => {
    const catalog = catalogOf([
      product("1", { productType: "Shirts" }),
      product("2", { productType: "shirts" }),
      product("3", { category: "Apparel > Shirts" }),
      product("4", { productType: "Mugs" }),
      product("5"),
    ]);
    const metrics = measureRecommendations(catalog, [
      run(cart(["1"]), ["2", "3", "4"]),
      run(cart(["1"], "mixed"), ["5"]),
      // A cart without a labelled item says nothing about type precision.
      run(cart(["5"]), ["1", "2", "3"]),
    ]);
    expect(metrics.typePrecision["single-type"]).toEqual({ hits: 2, total: 3 });
    expect(metrics.typePrecision.mixed).toEqual({ hits: 0, total: 1 });
    expect(metrics.recommendations).toBe(7);
    expect(metrics.carts).toEqual({ "single-type": 2, mixed: 1, basket: 0 });
    expect(metrics.coverage).toEqual({ hits: 2, total: 3 });
  });

  it("counts a tag shared with any cart item, ignoring case, over carts whose items have tags", () => {
    const catalog = catalogOf([
      product("1", { tags: ["Summer"] }),
      product("2", { tags: ["cotton"] }),
      product("3", { tags: ["SUMMER", "linen"] }),
      product("4", { tags: ["Cotton "] }),
      product("5", { tags: ["winter"] }),
      product("6"),
    ]);
    const metrics = measureRecommendations(catalog, [
      run(cart(["1", "2"]), ["3", "4", "5"]),
      run(cart(["1"]), ["6"]),
      run(cart(["6"]), ["3", "4"]),
    ]);
    expect(metrics.tagPrecision).toEqual({ hits: 2, total: 4 });
  });

  it("measures how many of a mixed cart's types got a recommendation", () => {
    const catalog = catalogOf([
      product("s1", { productType: "Shirts" }),
      product("s2", { productType: "Shirts" }),
      product("s3", { productType: "Shirts" }),
      product("m1", { productType: "Mugs" }),
      product("m2", { productType: "Mugs" }),
      product("c1", { productType: "Candles" }),
      product("c2", { productType: "Candles" }),
    ]);
    const metrics = measureRecommendations(catalog, [
      run(cart(["s1", "m1"], "mixed"), ["s2", "s3", "m2"]),
      run(cart(["s1", "m1", "c1"], "mixed"), ["s2", "s3", "c2"]),
      run(cart(["s1", "m1"], "mixed"), []),
      // Single-type carts are not mixed carts.
      run(cart(["s1"]), []),
    ]);
    expect(metrics.mixedTypesServed).toBeCloseTo((1 + 2 / 3 + 0) / 3, 10);
    expect(metrics.mixedAllTypesServed).toEqual({ hits: 1, total: 3 });
  });

  it("counts only the types a mixed cart can be served: another sellable product outside its lines", () => {
    const catalog = catalogOf([
      // Wardrobes: the only other one is of the cart's line.
      product("w1", { productType: "Wardrobes", lineKey: "pax" }),
      product("w2", { productType: "Wardrobes", lineKey: "pax" }),
      // Beds: the only other one is a draft.
      product("b1", { productType: "Beds" }),
      product("b2", { productType: "Beds", status: "DRAFT" }),
      // Lamps: the other one has no line, so it is a line of its own.
      product("l1", { productType: "Lamps" }),
      product("l2", { productType: "Lamps" }),
      // Mugs: the only other one is in the cart too.
      product("m1", { productType: "Mugs", lineKey: "mug" }),
      product("m2", { productType: "Mugs" }),
      // Chairs: another line of the type.
      product("c1", { productType: "Chairs", lineKey: "ivar" }),
      product("c2", { productType: "Chairs", lineKey: "ivar" }),
      product("c3", { productType: "Chairs", lineKey: "odger" }),
    ]);
    const metrics = measureRecommendations(catalog, [
      // Servable: lamps and mugs' m2 is in the cart, so lamps only; served by l2.
      run(cart(["w1", "b1", "l1"], "mixed"), ["w2", "b2", "l2"]),
      run(cart(["m1", "m2"], "mixed"), ["l1"]),
      // Servable: chairs and lamps; a product of the cart's chair line still serves its type.
      run(cart(["c1", "l1"], "mixed"), ["c2", "w1"]),
      // Not a mixed cart.
      run(cart(["c1"]), []),
    ]);
    expect(metrics.mixedServableTypesServed).toEqual({ hits: 2, total: 3 });
    // The raw share counts every type, and the first cart's wardrobe and bed as served: 3/3, 0/1, 1/2.
    expect(metrics.mixedTypesServed).toBeCloseTo((1 + 0 + 1 / 2) / 3, 10);
  });

  it("finds two recommendations of one product line, and recommendations of a cart item's line", () => {
    const catalog = catalogOf([
      product("1", { lineKey: "tee" }),
      product("2", { lineKey: "tee" }),
      product("3", { lineKey: "tee" }),
      product("4", { lineKey: "mug" }),
      product("5"),
      product("6"),
    ]);
    const metrics = measureRecommendations(catalog, [
      run(cart(["4"]), ["1", "2", "3"]),
      run(cart(["1"]), ["2", "4", "5"]),
      run(cart(["4"]), ["5", "6"]),
      run(cart(["5"]), ["6", "4"]),
    ]);
    expect(metrics.lineDuplicateCarts).toEqual({ hits: 1, total: 4 });
    expect(metrics.lineDuplicatePairs).toBe(3);
    // Carts with a line: the first three; "2" is the cart's tee in another colour.
    expect(metrics.sameLineAsCart).toEqual({ hits: 1, total: 8 });
  });

  it("counts a right type of a cart item's product line as right by type but not among other lines", () => {
    const catalog = catalogOf([
      product("1", { productType: "Wardrobes", lineKey: "pax" }),
      product("2", { productType: "Wardrobes", lineKey: "pax" }),
      product("3", { productType: "Wardrobes", lineKey: "brimnes" }),
      product("4", { productType: "Wardrobes" }),
      product("5", { productType: "Beds", lineKey: "pax" }),
    ]);
    const metrics = measureRecommendations(catalog, [run(cart(["1"]), ["2", "3", "4", "5"])]);
    expect(metrics.typePrecision["single-type"]).toEqual({ hits: 3, total: 4 });
    expect(metrics.typePrecisionOtherLines).toEqual({ hits: 2, total: 4 });
  });

  it("counts drafts, archived, unavailable, unknown and in-cart recommendations as not sellable", () => {
    const catalog = catalogOf([
      product("1"),
      product("2"),
      product("3", { status: "DRAFT" }),
      product("4", { status: "ARCHIVED" }),
      product("5", { availableForSale: false }),
    ]);
    const metrics = measureRecommendations(catalog, [
      run(cart(["1"]), ["2", "3", "4"]),
      run(cart(["1"]), ["5", "1", "gone"]),
      run(cart(["3"]), ["2"]),
    ]);
    expect(metrics.notSellable).toEqual({ hits: 5, total: 7 });
  });

  it("counts cross-sell hits over carts whose items have cross-sells outside the cart", () => {
    const catalog = catalogOf([
      product("1", { crossSells: ["3", "4"] }),
      product("2", { crossSells: ["5"] }),
      product("3"),
      product("4"),
      product("5", { crossSells: ["2"] }),
      product("6"),
    ]);
    const metrics = measureRecommendations(catalog, [
      run(cart(["1", "2"]), ["5", "3", "6"]),
      run(cart(["1"]), ["6", "2"]),
      run(cart(["2"]), ["5"]),
      // Each item cross-sells only the other, which is in the cart: nothing to hit.
      run(cart(["2", "5"]), ["3", "4"]),
      run(cart(["3"]), ["4"]),
    ]);
    expect(metrics.crossSellCarts).toEqual({ hits: 2, total: 3 });
    expect(metrics.crossSellRecommendations).toEqual({ hits: 3, total: 6 });
  });

  it("counts a basket cart as a hit when the held-out product is recommended", () => {
    const catalog = catalogOf(["1", "2", "3", "4"].map((id) => product(id)));
    const metrics = measureRecommendations(catalog, [
      run(cart(["1"], "basket", ["2"]), ["3", "2"]),
      run(cart(["1"], "basket", ["4"]), ["3", "2"]),
      run(cart(["1"]), ["4"]),
    ]);
    expect(metrics.basketHits).toEqual({ hits: 1, total: 2 });
  });

  it("takes each cart's time from the clock it is given, and its percentiles", () => {
    let clock = 0;
    const durations = [5, 1, 3, 2, 4];
    let call = 0;
    const recommender = () => {
      clock += durations[call++] as number;
      return [];
    };
    const carts = durations.map(() => cart(["1"]));
    const runs = runRecommender(recommender, carts, () => clock);
    expect(runs.map((item) => item.milliseconds)).toEqual(durations);
    const metrics = measureRecommendations(catalogOf([product("1")]), runs);
    expect(metrics.milliseconds).toEqual({ p50: 3, p99: 5 });
  });
});

describe("percentile", () => {
  it("is the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([], 50)).toBe(0);
  });
});
