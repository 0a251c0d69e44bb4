import { prisma } from "~/db.server";
import { BEST_SELLER_COUNT, rankBestSellers } from "./best-sellers";

/** "Best sellers" means recently: last season's hit may be out of stock for good. */
export const BEST_SELLER_WINDOW_DAYS = 90;

/**
 * A busy shop's 90 days can hold a great many orders; the most recent ones are plenty to rank the top 50, and
 * the bound keeps this query's memory and time flat.
 */
const MAX_ORDERS_READ = 20_000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The shop's best-selling product ids over the recent window, most units first. Test orders do not count. */
export async function findBestSellers(
  shop: string,
  { now, windowDays = BEST_SELLER_WINDOW_DAYS }: { now: Date; windowDays?: number },
): Promise<string[]> {
  const orders = await prisma.order.findMany({
    where: {
      shop,
      isTest: false,
      shopifyCreatedAt: { gte: new Date(now.getTime() - windowDays * DAY_MS), lte: now },
    },
    select: { lines: true },
    orderBy: { shopifyCreatedAt: "desc" },
    take: MAX_ORDERS_READ,
  });
  return rankBestSellers(
    orders.map((order) => order.lines),
    BEST_SELLER_COUNT,
  );
}
