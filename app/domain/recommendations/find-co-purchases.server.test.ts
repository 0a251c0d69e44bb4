import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { storeOrders, type OrderSeed } from "../../../test/helpers/catalog";
import {
  cachedCoPurchaseGraph,
  CO_PURCHASE_WINDOW_DAYS,
  findCoPurchaseGraph,
  MAX_CO_PURCHASE_ORDERS,
  MIN_CO_PURCHASE_ORDERS,
} from ".";

const NOW = new Date("2026-11-21T12:00:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

let sequence = 0;
/** `count` orders of the given products, one a day from `firstDaysAgo` back. */
const orders = (
  count: number,
  productIds: Array<string | null>,
  { firstDaysAgo = 1, isTest = false }: { firstDaysAgo?: number; isTest?: boolean } = {},
): OrderSeed[] =>
  Array.from({ length: count }, (_, at) => ({
    orderId: String(++sequence),
    createdAt: daysAgo(firstDaysAgo + at),
    lines: productIds.map((productId) => ({ productId, quantity: 1 })),
    isTest,
  }));

const partnerIds = async (shop: string, productId: string, now = NOW) =>
  (await findCoPurchaseGraph(shop, { now })).partnersOf(productId).map((partner) => partner.productId);

describe("findCoPurchaseGraph", () => {
  it("pairs products bought together in at least three of the shop's orders", async () => {
    expect(MIN_CO_PURCHASE_ORDERS).toBe(3);
    await storeOrders(SHOP_A, [
      ...orders(3, ["1001", "1002", null]),
      ...orders(2, ["1001", "1003"]),
      ...orders(1, ["1001"]),
    ]);
    const graph = await findCoPurchaseGraph(SHOP_A, { now: NOW });
    expect(graph.orderCount).toBe(6);
    // 1001 is in 6 orders, 1002 in 3, together in 3; 1003 shares only 2.
    expect(graph.partnersOf("1001")).toEqual([{ productId: "1002", orders: 3, score: 3 / Math.sqrt(18) }]);
    expect(graph.partnersOf("1003")).toEqual([]);
  });

  it("reads only the shop's own orders", async () => {
    await storeOrders(SHOP_A, orders(2, ["1001", "1002"]));
    await storeOrders(SHOP_B, [...orders(2, ["1001", "1002"]), ...orders(3, ["1001", "2001"])]);
    expect(await partnerIds(SHOP_A, "1001")).toEqual([]);
    expect(await partnerIds(SHOP_B, "1001")).toEqual(["2001"]);
    expect((await findCoPurchaseGraph(SHOP_A, { now: NOW })).orderCount).toBe(2);
  });

  it("leaves test orders out", async () => {
    await storeOrders(SHOP_A, [
      ...orders(2, ["1001", "1002"]),
      ...orders(5, ["1001", "1002"], { isTest: true }),
    ]);
    expect(await partnerIds(SHOP_A, "1001")).toEqual([]);
    expect((await findCoPurchaseGraph(SHOP_A, { now: NOW })).orderCount).toBe(2);
  });

  it("counts redacted orders: their lines stay the merchant's sales", async () => {
    await storeOrders(SHOP_A, orders(3, ["1001", "1002"]));
    await prisma.order.updateMany({ where: { shop: SHOP_A }, data: { redactedAt: NOW } });
    expect(await partnerIds(SHOP_A, "1001")).toEqual(["1002"]);
  });

  it("reads the year before now, not orders older or from after it", async () => {
    expect(CO_PURCHASE_WINDOW_DAYS).toBe(365);
    await storeOrders(SHOP_A, [
      // Days 363 to 365 back: inside.
      ...orders(3, ["1001", "1002"], { firstDaysAgo: 363 }),
      // Days 365 + a day, 367 and 368: outside.
      ...orders(3, ["1001", "1003"], { firstDaysAgo: 366 }),
      // After now (a clock ahead of ours): not yet.
      ...orders(3, ["1001", "1004"], { firstDaysAgo: -5 }),
    ]);
    expect(await partnerIds(SHOP_A, "1001")).toEqual(["1002"]);
    // A year later the first pair has aged out and the future one is inside.
    expect(await partnerIds(SHOP_A, "1001", daysAgo(-363))).toEqual(["1004"]);
  });

  it("reads the newest orders up to the bound", async () => {
    expect(MAX_CO_PURCHASE_ORDERS).toBe(50_000);
    await storeOrders(SHOP_A, [
      ...orders(3, ["1001", "1002"], { firstDaysAgo: 1 }),
      ...orders(3, ["1001", "1003"], { firstDaysAgo: 10 }),
    ]);
    const graph = await findCoPurchaseGraph(SHOP_A, { now: NOW, maxOrders: 3 });
    expect(graph.orderCount).toBe(3);
    expect(graph.partnersOf("1001").map((partner) => partner.productId)).toEqual(["1002"]);
  });
});

describe("cachedCoPurchaseGraph", () => {
  it("reuses a shop's graph for an hour, then reads again", async () => {
    await storeOrders(SHOP_A, orders(3, ["1001", "1002"]));
    const first = await cachedCoPurchaseGraph(SHOP_A, NOW);
    await storeOrders(SHOP_A, orders(3, ["1001", "1003"]));
    await storeOrders(SHOP_B, orders(3, ["1001", "2001"]));

    const withinTheHour = await cachedCoPurchaseGraph(SHOP_A, new Date(NOW.getTime() + 60 * 60 * 1000 - 1));
    expect(withinTheHour).toBe(first);
    expect(withinTheHour.partnersOf("1001").map((partner) => partner.productId)).toEqual(["1002"]);
    // The other shop has a graph of its own.
    const shopB = await cachedCoPurchaseGraph(SHOP_B, NOW);
    expect(shopB.partnersOf("1001").map((partner) => partner.productId)).toEqual(["2001"]);

    const anHourLater = await cachedCoPurchaseGraph(SHOP_A, new Date(NOW.getTime() + 60 * 60 * 1000));
    expect(anHourLater).not.toBe(first);
    expect(
      anHourLater
        .partnersOf("1001")
        .map((partner) => partner.productId)
        .sort(),
    ).toEqual(["1002", "1003"]);
  });

  it("shares one read among concurrent callers", async () => {
    await storeOrders(SHOP_A, orders(3, ["1001", "1002"]));
    const [a, b] = await Promise.all([
      cachedCoPurchaseGraph(SHOP_A, NOW),
      cachedCoPurchaseGraph(SHOP_A, NOW),
    ]);
    expect(a).toBe(b);
  });
});
