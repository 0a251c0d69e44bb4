import { prisma } from "~/db.server";
import { createTtlCache } from "~/lib/ttl-cache";
import { valueTierThresholds, type ValueTierThresholds } from "./value-tiers";

const DAY_MS = 86_400_000;
export const VALUE_TIER_WINDOW_DAYS = 365;
const CACHE_TTL_MS = 10 * 60_000;

const cache = createTtlCache<string, ValueTierThresholds>({ ttlMs: CACHE_TTL_MS, maxEntries: 5_000 });

/**
 * The shop's value-tier thresholds (value-tiers.ts) from its orders of the last 365 days that Cartback saw, not
 * test, not redacted: one spend per customer (by Shopify customer id, else by email hash; orders with neither
 * are left out). Order totals are in the shop's currency. `highAtLeastMinor` is null when fewer than 5
 * customers ordered: then nobody is HIGH. Cached per shop for 10 minutes: the percentile moves slowly and
 * every enrolment batch asks.
 */
export async function getValueTierThresholds(shop: string, now: Date): Promise<ValueTierThresholds> {
  const cached = cache.get(shop, now.getTime());
  if (cached) return cached;
  // Grouped in the database: a shop's year of orders can be large, its customers far fewer.
  const groups = await prisma.order.groupBy({
    by: ["customerId", "emailHash"],
    where: {
      shop,
      isTest: false,
      redactedAt: null,
      shopifyCreatedAt: { gte: new Date(now.getTime() - VALUE_TIER_WINDOW_DAYS * DAY_MS), lte: now },
      OR: [{ customerId: { not: null } }, { emailHash: { not: null } }],
    },
    _sum: { totalMinor: true },
  });
  const spends = new Map<string, number>();
  for (const group of groups) {
    const key = group.customerId ? `c:${group.customerId}` : `e:${group.emailHash}`;
    spends.set(key, (spends.get(key) ?? 0) + (group._sum.totalMinor ?? 0));
  }
  const thresholds = valueTierThresholds([...spends.values()]);
  cache.set(shop, thresholds, now.getTime());
  return thresholds;
}

/** Drops the shop's cached thresholds (after its orders were erased, say). */
export function forgetValueTierThresholds(shop: string): void {
  cache.delete(shop);
}
