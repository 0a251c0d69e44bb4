import { describe, expect, it } from "vitest";
import { createRandom } from "../../../test/fixtures/sample-catalog";
import {
  buildCoPurchaseGraph,
  DEFAULT_MAX_PRODUCTS_PER_ORDER,
  EMPTY_CO_PURCHASE_GRAPH,
  MIN_CO_PURCHASE_ORDERS,
} from "./co-purchase";

const times = (count: number, order: string[]): string[][] => Array.from({ length: count }, () => order);
const partnerIds = (graph: ReturnType<typeof buildCoPurchaseGraph>, productId: string) =>
  graph.partnersOf(productId).map((partner) => partner.productId);
const products = (count: number, prefix = "") =>
  Array.from({ length: count }, (_, at) => `${prefix}${at + 1}`);

describe("buildCoPurchaseGraph", () => {
  it("counts a pair from its third shared order, not its second", () => {
    expect(MIN_CO_PURCHASE_ORDERS).toBe(3);
    const twice = buildCoPurchaseGraph(times(2, ["1", "2"]));
    expect(twice.partnersOf("1")).toEqual([]);
    expect(twice.partnersOf("2")).toEqual([]);
    expect(twice.orderCount).toBe(2);

    const thrice = buildCoPurchaseGraph(times(3, ["1", "2"]));
    expect(thrice.partnersOf("1")).toEqual([{ productId: "2", orders: 3, score: 1 }]);
    expect(thrice.partnersOf("2")).toEqual([{ productId: "1", orders: 3, score: 1 }]);
  });

  it("counts shared orders, not orders of either product", () => {
    // 1 and 2 sell often, but together only twice.
    const graph = buildCoPurchaseGraph([
      ...times(2, ["1", "2"]),
      ...times(5, ["1", "3"]),
      ...times(5, ["2", "3"]),
    ]);
    expect(partnerIds(graph, "1")).toEqual(["3"]);
    expect(partnerIds(graph, "2")).toEqual(["3"]);
  });

  it("takes another threshold when asked", () => {
    const orders = times(2, ["1", "2"]);
    expect(partnerIds(buildCoPurchaseGraph(orders, { minOrders: 2 }), "1")).toEqual(["2"]);
    expect(partnerIds(buildCoPurchaseGraph(times(4, ["1", "2"]), { minOrders: 5 }), "1")).toEqual([]);
  });

  it("leaves bulk orders out, pairs and totals alike", () => {
    expect(DEFAULT_MAX_PRODUCTS_PER_ORDER).toBe(20);
    const bulk = buildCoPurchaseGraph(times(3, products(21)));
    expect(bulk.partnersOf("1")).toEqual([]);
    expect(bulk.orderCount).toBe(0);

    const largest = buildCoPurchaseGraph(times(3, products(20)));
    expect(largest.partnersOf("1")).toHaveLength(19);
    expect(largest.orderCount).toBe(3);

    // A bulk order holding 1 does not dilute 1's score with 2.
    const mixed = buildCoPurchaseGraph([...times(3, ["1", "2"]), ...times(3, products(21))]);
    expect(mixed.partnersOf("1")).toEqual([{ productId: "2", orders: 3, score: 1 }]);

    const small = buildCoPurchaseGraph(times(3, ["1", "2", "3"]), { maxProductsPerOrder: 2 });
    expect(small.partnersOf("1")).toEqual([]);
  });

  it("counts a product once per order, whatever its lines", () => {
    // 21 lines but 20 distinct products: not a bulk order.
    const graph = buildCoPurchaseGraph(times(3, [...products(20), "1"]));
    expect(graph.partnersOf("1")).toHaveLength(19);

    const repeated = buildCoPurchaseGraph([
      ["1", "2", "2", "1"],
      ["1", "2", "1"],
      ["2", "1", "2"],
      ["1", "1"],
    ]);
    // 1 is in 4 orders and 2 in 3, both 3 times together: 3 / sqrt(4 · 3).
    expect(repeated.partnersOf("1")).toEqual([{ productId: "2", orders: 3, score: 3 / Math.sqrt(12) }]);
    expect(repeated.orderCount).toBe(4);
  });

  it("counts a product's orders alone in its total, so a product usually bought alone scores lower", () => {
    const graph = buildCoPurchaseGraph([...times(3, ["1", "2"]), ...times(9, ["2"])]);
    expect(graph.partnersOf("1")).toEqual([{ productId: "2", orders: 3, score: 3 / Math.sqrt(3 * 12) }]);
    expect(graph.orderCount).toBe(12);
  });

  it("ranks by score, then shared orders, then product id, whatever order the orders come in", () => {
    const orders = [
      ...times(3, ["1", "30"]),
      ...times(6, ["1", "200"]),
      ...times(6, ["200"]),
      ...times(3, ["10", "1"]),
      ...times(3, ["1", "4"]),
      ...times(4, ["1", "5"]),
    ];
    const graph = buildCoPurchaseGraph(orders);
    // 1 is in 19 orders. 5: 4 / sqrt(19 · 4). 200: 6 / sqrt(19 · 12), equal to 4, 10 and 30: 3 / sqrt(19 · 3);
    // 200 has more shared orders; 4, 10 and 30 go by id, shorter first.
    const partners = graph.partnersOf("1");
    expect(partners.map((partner) => [partner.productId, partner.orders])).toEqual([
      ["5", 4],
      ["200", 6],
      ["4", 3],
      ["10", 3],
      ["30", 3],
    ]);
    expect(partners[1]!.score).toBe(partners[2]!.score);
    expect(partners[0]!.score).toBeGreaterThan(partners[1]!.score);
    expect(buildCoPurchaseGraph([...orders].reverse()).partnersOf("1")).toEqual(partners);
  });

  it("keeps the best partners per product", () => {
    const orders = [
      ...times(3, ["1", "2"]),
      ...times(4, ["1", "3"]),
      ...times(5, ["1", "4"]),
      ...times(3, ["4", "5"]),
    ];
    const graph = buildCoPurchaseGraph(orders, { maxPartnersPerProduct: 2 });
    // 3: 4 / sqrt(12 · 4) ≈ 0.58, 4: 5 / sqrt(12 · 8) ≈ 0.51, 2: 3 / sqrt(12 · 3) = 0.5.
    expect(partnerIds(graph, "1")).toEqual(["3", "4"]);
    // Each product's list is cut on its own: 2 keeps 1 though 1 kept others.
    expect(partnerIds(graph, "2")).toEqual(["1"]);
    expect(partnerIds(buildCoPurchaseGraph(orders, { maxPartnersPerProduct: 0 }), "1")).toEqual([]);
  });

  it("does not let a best seller outrank a product's habitual partner", () => {
    // 1 is the shop's best seller, in 100 orders, 10 of them with the tent (50); 51, the tent pegs, sold 4
    // times, always with the tent.
    const orders = [
      ...times(10, ["1", "50"]),
      ...times(4, ["50", "51"]),
      ...times(90, ["1"]),
      ...times(3, ["60", "61"]),
    ];
    const graph = buildCoPurchaseGraph(orders);
    const tent = graph.partnersOf("50");
    expect(tent.map((partner) => [partner.productId, partner.orders])).toEqual([
      ["51", 4],
      ["1", 10],
    ]);
    expect(tent[0]!.score).toBeCloseTo(4 / Math.sqrt(14 * 4), 12);
    expect(tent[1]!.score).toBeCloseTo(10 / Math.sqrt(14 * 100), 12);
    // A niche pair always bought together scores the most there is; the best seller's best pair stays low.
    expect(graph.partnersOf("60")).toEqual([{ productId: "61", orders: 3, score: 1 }]);
    expect(graph.partnersOf("1")[0]!.score).toBeLessThan(0.3);
  });

  it("is empty for no orders and for unknown products", () => {
    const graph = buildCoPurchaseGraph([]);
    expect(graph.orderCount).toBe(0);
    expect(graph.partnersOf("1")).toEqual([]);
    expect(buildCoPurchaseGraph([[], []]).orderCount).toBe(0);
    expect(buildCoPurchaseGraph(times(3, ["1", "2"])).partnersOf("3")).toEqual([]);
    expect(EMPTY_CO_PURCHASE_GRAPH.orderCount).toBe(0);
    expect(EMPTY_CO_PURCHASE_GRAPH.partnersOf("1")).toEqual([]);
  });

  it("reads orders from any iterable, once", () => {
    function* orders() {
      yield* times(3, ["1", "2"]);
    }
    expect(partnerIds(buildCoPurchaseGraph(orders()), "1")).toEqual(["2"]);
  });

  it("agrees with a direct count on random orders", () => {
    const random = createRandom(3);
    const orders = Array.from({ length: 1_500 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 6) }, () => String(1 + Math.floor(random() ** 2 * 40))),
    );
    const graph = buildCoPurchaseGraph(orders, { maxProductsPerOrder: 5, maxPartnersPerProduct: 1_000 });

    const sets = orders.map((order) => new Set(order)).filter((set) => set.size <= 5);
    const holding = (...ids: string[]) => sets.filter((set) => ids.every((id) => set.has(id))).length;
    let pairs = 0;
    for (let a = 1; a <= 40; a++) {
      const expected = [];
      for (let b = 1; b <= 40; b++) {
        const together = a === b ? 0 : holding(String(a), String(b));
        if (together >= 3) {
          const score = together / Math.sqrt(holding(String(a)) * holding(String(b)));
          expected.push({ productId: String(b), orders: together, score });
        }
      }
      const actual = [...graph.partnersOf(String(a))].sort(
        (x, y) => Number(x.productId) - Number(y.productId),
      );
      expect(actual).toEqual(expected);
      pairs += expected.length;
    }
    expect(graph.orderCount).toBe(sets.length);
    expect(pairs).toBeGreaterThan(100);
  });

  it("refuses options that make no sense", () => {
    expect(() => buildCoPurchaseGraph([], { minOrders: 0 })).toThrow(RangeError);
    expect(() => buildCoPurchaseGraph([], { minOrders: 2.5 })).toThrow(RangeError);
    expect(() => buildCoPurchaseGraph([], { maxProductsPerOrder: 1 })).toThrow(RangeError);
    expect(() => buildCoPurchaseGraph([], { maxPartnersPerProduct: -1 })).toThrow(RangeError);
  });
});
