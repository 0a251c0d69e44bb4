import type { ValueTier } from "./segment-rules";

/**
 * The shop's own value tiers, from what its customers spent. Pure: value-tiers.server.ts gathers the spends.
 *
 * - NEW: no earlier order.
 * - HIGH: spent at least the 80th percentile of the shop's per-customer spend over the last 365 days, so about
 *   the top fifth of its customers (more when many share the threshold's amount).
 * - MEDIUM: everyone else with an order.
 *
 * With fewer than MIN_CUSTOMERS_FOR_TIERS customers a percentile says nothing, so there is no threshold and
 * nobody is HIGH.
 */

export const HIGH_TIER_PERCENTILE = 80;
export const MIN_CUSTOMERS_FOR_TIERS = 5;

export interface ValueTierThresholds {
  /** Spend (shop currency, minor units) at or above which a customer is HIGH; null: nobody is. */
  highAtLeastMinor: number | null;
  /** Customers whose spend the threshold was computed from. */
  customersCounted: number;
}

/**
 * The p-th percentile (0-100) of the values by linear interpolation between closest ranks (the "inclusive"
 * method of spreadsheets' PERCENTILE), so p = 80 of [1, 2, 3, 4, 5] is 4.2. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

/** The thresholds from one spend per customer (minor units). Rounded up: amounts are whole minor units. */
export function valueTierThresholds(spendsMinor: readonly number[]): ValueTierThresholds {
  const customersCounted = spendsMinor.length;
  if (customersCounted < MIN_CUSTOMERS_FOR_TIERS) return { highAtLeastMinor: null, customersCounted };
  const threshold = percentile(spendsMinor, HIGH_TIER_PERCENTILE) as number;
  return { highAtLeastMinor: Math.ceil(threshold), customersCounted };
}

export function valueTierOf(
  customer: { orderCount: number; totalSpentMinor: number },
  highAtLeastMinor: number | null,
): ValueTier {
  if (customer.orderCount === 0) return "NEW";
  if (highAtLeastMinor !== null && customer.totalSpentMinor >= highAtLeastMinor) return "HIGH";
  return "MEDIUM";
}
