import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { productFacts, removeProduct, storeOrders, storeProducts } from "../../../test/helpers/catalog";
import {
  findShopIndexStats,
  getRecommendations,
  MIN_REFRESH_INTERVAL_MS,
  VERSION_CHECK_INTERVAL_MS,
} from ".";

const NOW = new Date("2026-11-21T12:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);
const DAY_MS = 24 * 60 * 60 * 1000;

const shoe = (productId: string, title: string, changes: Parameters<typeof productFacts>[0] | object = {}) =>
  productFacts({
    productId,
    title,
    productType: "Running Shoes",
    tags: ["running"],
    description: "Cushioned running shoe with a breathable mesh upper.",
    ...changes,
  });

const RUNNING = [
  shoe("1001", "Trail Running Shoe"),
  shoe("1002", "Road Running Shoe"),
  shoe("1003", "Racing Running Shoe"),
  shoe("1004", "Stability Running Shoe"),
];
const COFFEE = [
  productFacts({
    productId: "2001",
    title: "Espresso Beans",
    productType: "Coffee",
    description: "Dark roast.",
  }),
  productFacts({
    productId: "2002",
    title: "Filter Coffee",
    productType: "Coffee",
    description: "Light roast.",
  }),
];

/** Unrelated products, so that a change of a few products stays small enough to be applied incrementally. */
const GIFT_CARDS = Array.from({ length: 30 }, (_, at) =>
  productFacts({ productId: String(5000 + at), title: `Gift card ${at + 1}`, productType: "Gift Cards" }),
);

const idsOf = (recommendations: Array<{ productId: string }>) =>
  recommendations.map((entry) => entry.productId);

describe("getRecommendations", () => {
  it("recommends from the shop's catalog, with the product facts an email shows and the reason", async () => {
    await storeProducts(SHOP_A, [
      ...RUNNING,
      shoe("1005", "Waterproof Running Shoe", {
        priceMinMinor: 12_900,
        priceMaxMinor: 14_900,
        currency: "CAD",
      }),
      ...COFFEE,
    ]);
    const recommendations = await getRecommendations(SHOP_A, ["1001", "1002"], { limit: 3, now: NOW });
    expect(recommendations).toHaveLength(3);
    expect(recommendations.every((entry) => entry.reason === "SIMILAR")).toBe(true);
    expect(idsOf(recommendations)).not.toContain("2001");
    const waterproof = (await getRecommendations(SHOP_A, ["1001"], { limit: 10, now: NOW })).find(
      (entry) => entry.productId === "1005",
    );
    expect(waterproof).toEqual({
      productId: "1005",
      handle: "waterproof-running-shoe",
      title: "Waterproof Running Shoe",
      imageUrl: "https://cdn.example.com/1005.jpg",
      price: { amountMinor: 12_900, currency: "CAD" },
      reason: "SIMILAR",
    });
  });

  it("builds the index once and reuses it while the catalog version stands", async () => {
    await storeProducts(SHOP_A, [...RUNNING, ...COFFEE]);
    const first = await getRecommendations(SHOP_A, ["1001"], { now: NOW });
    const second = await getRecommendations(SHOP_A, ["1002"], { now: later(60_000) });
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(3);
    expect(findShopIndexStats(SHOP_A)).toMatchObject({ fullBuilds: 1, incrementalRefreshes: 0, products: 6 });
  });

  it("picks up new, changed and deleted products incrementally after the version moves", async () => {
    await storeProducts(SHOP_A, [...RUNNING, ...COFFEE, ...GIFT_CARDS]);
    expect(idsOf(await getRecommendations(SHOP_A, ["1001"], { now: NOW }))).toEqual(["1002", "1003", "1004"]);
    const { version } = findShopIndexStats(SHOP_A)!;

    await storeProducts(SHOP_A, [
      shoe("1006", "Trail Running Shoe GTX"),
      { ...RUNNING[1]!, status: "ARCHIVED", shopifyUpdatedAt: later(1_000) },
    ]);
    await removeProduct(SHOP_A, "1003");

    const refreshed = await getRecommendations(SHOP_A, ["1001"], { now: later(MIN_REFRESH_INTERVAL_MS + 1) });
    expect(idsOf(refreshed)).toEqual(["1006", "1004"]);
    expect(findShopIndexStats(SHOP_A)).toMatchObject({
      fullBuilds: 1,
      incrementalRefreshes: 1,
      version: version + 3,
      products: 36,
    });
  });

  it("serves the current index for a moment after a refresh, then catches up", async () => {
    await storeProducts(SHOP_A, [...RUNNING, ...GIFT_CARDS]);
    await getRecommendations(SHOP_A, ["1001"], { now: NOW });
    await removeProduct(SHOP_A, "1002");

    const soon = await getRecommendations(SHOP_A, ["1001"], { now: later(MIN_REFRESH_INTERVAL_MS - 1) });
    expect(idsOf(soon)).toContain("1002");
    const after = await getRecommendations(SHOP_A, ["1001"], { now: later(MIN_REFRESH_INTERVAL_MS) });
    expect(idsOf(after)).not.toContain("1002");
    expect(findShopIndexStats(SHOP_A)).toMatchObject({ fullBuilds: 1, incrementalRefreshes: 1 });
  });

  it("reads the catalog version at most once a second once the index is current", async () => {
    await storeProducts(SHOP_A, [...RUNNING, ...GIFT_CARDS]);
    await getRecommendations(SHOP_A, ["1001"], { now: NOW });
    const checked = later(MIN_REFRESH_INTERVAL_MS);
    await getRecommendations(SHOP_A, ["1001"], { now: checked });
    await removeProduct(SHOP_A, "1002");

    const sameSecond = await getRecommendations(SHOP_A, ["1001"], {
      now: new Date(checked.getTime() + VERSION_CHECK_INTERVAL_MS - 1),
    });
    expect(idsOf(sameSecond)).toContain("1002");
    const nextSecond = await getRecommendations(SHOP_A, ["1001"], {
      now: new Date(checked.getTime() + VERSION_CHECK_INTERVAL_MS),
    });
    expect(idsOf(nextSecond)).not.toContain("1002");
  });

  it("catches a change whose updatedAt falls before the window at the next full comparison", async () => {
    await storeProducts(SHOP_A, [...RUNNING, ...GIFT_CARDS]);
    await getRecommendations(SHOP_A, ["1001"], { now: NOW });
    // As a write from a server whose clock is far behind would leave it.
    await prisma.product.update({
      where: { shop_productId: { shop: SHOP_A, productId: "1002" } },
      data: { status: "DRAFT", updatedAt: new Date("2020-01-01T00:00:00Z") },
    });
    await prisma.catalogState.update({ where: { shop: SHOP_A }, data: { version: { increment: 1 } } });

    const missed = await getRecommendations(SHOP_A, ["1001"], { now: later(MIN_REFRESH_INTERVAL_MS) });
    expect(idsOf(missed)).toContain("1002");
    await prisma.catalogState.update({ where: { shop: SHOP_A }, data: { version: { increment: 1 } } });
    const reconciled = await getRecommendations(SHOP_A, ["1001"], { now: later(60 * 60 * 1000) });
    expect(idsOf(reconciled)).toEqual(["1003", "1004"]);
    expect(findShopIndexStats(SHOP_A)).toMatchObject({ fullBuilds: 1, incrementalRefreshes: 2 });
  });

  it("rebuilds from scratch when most of the catalog changed", async () => {
    await storeProducts(SHOP_A, RUNNING);
    await getRecommendations(SHOP_A, ["1001"], { now: NOW });
    await storeProducts(
      SHOP_A,
      RUNNING.slice(0, 3).map((product) => ({
        ...product,
        title: `${product.title} 2027`,
        shopifyUpdatedAt: later(1),
      })),
    );
    await getRecommendations(SHOP_A, ["1001"], { now: later(MIN_REFRESH_INTERVAL_MS) });
    expect(findShopIndexStats(SHOP_A)).toMatchObject({
      fullBuilds: 2,
      incrementalRefreshes: 0,
      deltaProducts: 0,
    });
  });

  it("builds once for concurrent callers", async () => {
    await storeProducts(SHOP_A, [...RUNNING, ...COFFEE]);
    const results = await Promise.all(
      ["1001", "1002", "1003", "2001", "1001"].map((productId) =>
        getRecommendations(SHOP_A, [productId], { now: NOW }),
      ),
    );
    // The coffee has one related product in this catalog.
    expect(results.map((result) => result.length)).toEqual([3, 3, 3, 1, 3]);
    expect(results[4]).toEqual(results[0]);
    expect(findShopIndexStats(SHOP_A)).toMatchObject({ fullBuilds: 1, incrementalRefreshes: 0 });
  });

  it("keeps each shop to its own catalog and its own version", async () => {
    await storeProducts(SHOP_A, RUNNING);
    await storeProducts(SHOP_B, [
      shoe("1001", "Shop B's own shoe"),
      shoe("3001", "Trail Running Shoe Deluxe"),
      shoe("3002", "Road Running Shoe Deluxe"),
    ]);
    const forA = await getRecommendations(SHOP_A, ["1001"], { limit: 10, now: NOW });
    const forB = await getRecommendations(SHOP_B, ["1001"], { limit: 10, now: NOW });
    expect(idsOf(forA).sort()).toEqual(["1002", "1003", "1004"]);
    expect(idsOf(forB).sort()).toEqual(["3001", "3002"]);

    await removeProduct(SHOP_B, "3001");
    await getRecommendations(SHOP_A, ["1001"], { now: later(MIN_REFRESH_INTERVAL_MS) });
    expect(findShopIndexStats(SHOP_A)).toMatchObject({ fullBuilds: 1, incrementalRefreshes: 0 });
    expect(
      idsOf(await getRecommendations(SHOP_B, ["1001"], { now: later(MIN_REFRESH_INTERVAL_MS) })),
    ).toEqual(["3002"]);
  });

  it("fills the last gaps with the shop's recent best sellers, not test orders or old ones", async () => {
    await storeProducts(SHOP_A, [
      shoe("1001", "Trail Running Shoe"),
      ...COFFEE,
      productFacts({ productId: "4001", title: "Gift Card", productType: "Gift Cards" }),
      productFacts({ productId: "4002", title: "Tote Bag", productType: "Bags" }),
      productFacts({
        productId: "4003",
        title: "Water Bottle",
        productType: "Bottles",
        availableForSale: false,
      }),
    ]);
    await storeOrders(SHOP_A, [
      { orderId: "1", createdAt: later(-2 * DAY_MS), lines: [{ productId: "4002", quantity: 2 }] },
      { orderId: "2", createdAt: later(-3 * DAY_MS), lines: [{ productId: "4003", quantity: 9 }] },
      {
        orderId: "3",
        createdAt: later(-5 * DAY_MS),
        lines: [
          { productId: "4001", quantity: 1 },
          { productId: "1001", quantity: 5 },
          { productId: null, quantity: 4 },
        ],
      },
      {
        orderId: "4",
        createdAt: later(-1 * DAY_MS),
        lines: [{ productId: "2002", quantity: 50 }],
        isTest: true,
      },
      { orderId: "5", createdAt: later(-100 * DAY_MS), lines: [{ productId: "2001", quantity: 50 }] },
    ]);
    await storeOrders(SHOP_B, [
      { orderId: "b1", createdAt: later(-1 * DAY_MS), lines: [{ productId: "2002", quantity: 90 }] },
    ]);

    const recommendations = await getRecommendations(SHOP_A, ["1001"], { now: NOW });
    // 4003 sold most but cannot be bought, 1001 is in the cart; 2002 sold in a test order and in shop B, 2001
    // more than 90 days ago.
    expect(recommendations.map((entry) => [entry.productId, entry.reason])).toEqual([
      ["4002", "BEST_SELLER"],
      ["4001", "BEST_SELLER"],
    ]);
  });

  it("recommends nothing for a shop without a catalog", async () => {
    await storeOrders(SHOP_A, [{ orderId: "1", createdAt: NOW, lines: [{ productId: "1", quantity: 1 }] }]);
    expect(await getRecommendations(SHOP_A, ["1"], { now: NOW })).toEqual([]);
    expect(await prisma.catalogState.count()).toBe(0);
  });
});
