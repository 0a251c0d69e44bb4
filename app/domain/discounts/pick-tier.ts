import type { DiscountTier } from "./discount-tier";
import { tierOffersDiscount } from "./discount-code";

/**
 * The tier a cart earns: the one with the highest threshold the subtotal reaches (thresholds are in the
 * shop currency's minor units, like the subtotal). Null when no threshold is reached, or when the tier
 * reached offers nothing (0% and no free shipping): a merchant may set a top tier to "no discount", and a
 * lower tier is not a consolation prize for it.
 */
export function pickTier(tiers: DiscountTier[], subtotalMinor: number): DiscountTier | null {
  if (!Number.isFinite(subtotalMinor)) return null;
  let best: DiscountTier | null = null;
  // Settings keep thresholds ascending, but the highest reached threshold is what counts, whatever the order.
  for (const tier of tiers) {
    if (tier.minimumSubtotalMinor > subtotalMinor) continue;
    if (!best || tier.minimumSubtotalMinor > best.minimumSubtotalMinor) best = tier;
  }
  return best && tierOffersDiscount(best) ? best : null;
}
