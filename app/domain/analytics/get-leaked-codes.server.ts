import { prisma } from "~/db.server";
import { assertPeriod, type Period } from "./period";

/**
 * Leaked redemptions in a period: our codes used by an order that was not their recipient's (attribution's
 * rule, app/domain/attribution/attribution-rules.ts), by when the order was placed (DiscountCode.leakedAt,
 * which is its usedAt), with the discount they gave away. The share is of the codes used in the same period,
 * so it reads against the dashboard's discount cost: both count by the order's date.
 */
export interface LeakedCodeFigures {
  leaked: number;
  /** Shop currency, minor units. */
  costMinor: number;
  /** Our codes used in the period, leaked or not. */
  used: number;
  /** leaked / used; null when no code was used. */
  share: number | null;
}

/** Two indexed counts: (shop, leakedAt) for the few leaked rows, (shop, usedAt, …) read from the index alone. */
export async function getLeakedCodes(shop: string, period: Period): Promise<LeakedCodeFigures> {
  assertPeriod(period);
  const between = { gte: period.from, lt: period.to };
  const [leaked, used] = await Promise.all([
    prisma.discountCode.aggregate({
      where: { shop, leakedAt: between },
      _count: { _all: true },
      _sum: { discountMinor: true },
    }),
    prisma.discountCode.count({ where: { shop, usedAt: between, usedOrderId: { not: null } } }),
  ]);
  const count = leaked._count._all;
  return {
    leaked: count,
    costMinor: leaked._sum.discountMinor ?? 0,
    used,
    share: used > 0 ? count / used : null,
  };
}
