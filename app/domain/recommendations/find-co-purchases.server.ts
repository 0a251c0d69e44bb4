import { prisma } from "~/db.server";
import { createTtlCache } from "~/lib/ttl-cache";
import { parseOrderLines } from "./best-sellers";
import { buildCoPurchaseGraph, type CoPurchaseGraph } from "./co-purchase";

/**
 * Complements need evidence, which builds slowly (a pair needs three shared orders, co-purchase.ts), so the
 * window is a whole year: long enough for a small shop to gather it and to hold each season once (the
 * barbecue and its tongs are bought together in June, not in a 90-day window read in December), short enough
 * that pairs of products the shop stopped selling fade out.
 */
export const CO_PURCHASE_WINDOW_DAYS = 365;

/**
 * The newest 50,000 orders of the window are plenty to find a shop's habits, and the bound keeps this read's
 * memory and the graph build (well under a second, bench/recommendations.ts) flat for the busiest shops.
 */
export const MAX_CO_PURCHASE_ORDERS = 50_000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What the shop's customers bought together over the last CO_PURCHASE_WINDOW_DAYS (newest orders first, at
 * most MAX_CO_PURCHASE_ORDERS). Test orders do not count. Redacted orders do, as they do for best sellers:
 * redaction anonymises the order (who bought it) but keeps its lines, which are the merchant's sales record,
 * and the graph keeps only counts of pairs seen in several orders, nothing that leads back to one.
 */
export async function findCoPurchaseGraph(
  shop: string,
  { now, maxOrders = MAX_CO_PURCHASE_ORDERS }: { now: Date; maxOrders?: number },
): Promise<CoPurchaseGraph> {
  const orders = await prisma.order.findMany({
    where: {
      shop,
      isTest: false,
      shopifyCreatedAt: { gte: new Date(now.getTime() - CO_PURCHASE_WINDOW_DAYS * DAY_MS), lte: now },
    },
    select: { lines: true },
    orderBy: { shopifyCreatedAt: "desc" },
    take: maxOrders,
  });
  return buildCoPurchaseGraph(productIdsOf(orders));
}

function* productIdsOf(orders: Array<{ lines: string }>): Generator<string[]> {
  for (const order of orders) yield parseOrderLines(order.lines).map((line) => line.productId);
}

/**
 * A year of habits moves slowly and the read is the heaviest of a recommendation, so a shop's graph is built at
 * most once an hour. The promise is what is cached, so concurrent emails share a read.
 */
const coPurchaseCache = createTtlCache<string, Promise<CoPurchaseGraph>>({
  ttlMs: 60 * 60 * 1000,
  maxEntries: 1_000,
});

/** The shop's co-purchase graph, read at most once an hour (findCoPurchaseGraph). */
export function cachedCoPurchaseGraph(shop: string, now: Date): Promise<CoPurchaseGraph> {
  const cached = coPurchaseCache.get(shop, now.getTime());
  if (cached) return cached;
  const read = findCoPurchaseGraph(shop, { now });
  coPurchaseCache.set(shop, read, now.getTime());
  // A failed read is not kept: the next email asks again (unless a newer read has taken its place).
  read.catch(() => {
    if (coPurchaseCache.get(shop, now.getTime()) === read) coPurchaseCache.delete(shop);
  });
  return read;
}
