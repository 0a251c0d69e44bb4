import { describe, expect, it } from "vitest";
import { rankBestSellers } from "./best-sellers";

const order = (...lines: Array<[string | null, number]>) =>
  JSON.stringify(lines.map(([productId, quantity]) => ({ productId, variantId: null, quantity })));

describe("rankBestSellers", () => {
  it("ranks products by units sold across orders, ties to the smaller id", () => {
    const orders = [
      order(["20", 1], ["3", 2]),
      order(["20", 3]),
      order(["100", 3], ["3", 1]),
      order(["7", 2]),
    ];
    // 20: 4 units; 3 and 100: 3 each; 7: 2.
    expect(rankBestSellers(orders)).toEqual(["20", "3", "100", "7"]);
  });

  it("skips lines without a product or a positive whole quantity, and unreadable orders", () => {
    const orders = [
      order([null, 9], ["5", 1], ["6", 0], ["7", -2], ["8", 1.5]),
      "not json",
      "{}",
      JSON.stringify([null, 3, { productId: 9, quantity: 4 }, { productId: "9", quantity: "4" }]),
    ];
    expect(rankBestSellers(orders)).toEqual(["5"]);
  });

  it("keeps the top count", () => {
    const orders = Array.from({ length: 10 }, (_, at) => order([String(at + 1), at + 1]));
    expect(rankBestSellers(orders, 3)).toEqual(["10", "9", "8"]);
  });
});
