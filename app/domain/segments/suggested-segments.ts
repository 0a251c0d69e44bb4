import { majorToMinor } from "~/lib/money";
import type { SegmentRule } from "./segment-rules";
import type { SegmentStrategy } from "./segment-strategy";

export interface SuggestedSegment {
  name: string;
  rule: SegmentRule;
  strategy: SegmentStrategy;
}

/**
 * The starting segments offered to a shop that has none: the two the merchants' most common complaint calls
 * for (no discount for loyal big spenders, who would likely buy anyway; a later offer for a first-timer's big
 * cart). Both start from the shop's own sequence, so nothing but the offer changes until the merchant edits.
 * Without a median (no checkout in the last 30 days) the cart bound is the lowest positive tier threshold,
 * else 50 in the shop's currency.
 */
export function suggestedSegments(
  currency: string,
  medianSubtotalMinor: number | null,
  defaultStrategy: SegmentStrategy,
): SuggestedSegment[] {
  const bound = medianSubtotalMinor ?? fallbackBoundMinor(defaultStrategy, currency);
  return [
    {
      name: "Returning, high-value: no discount",
      rule: { match: "ALL", conditions: [{ kind: "VALUE_TIER", tiers: ["HIGH"], negate: false }] },
      strategy: { ...defaultStrategy, steps: defaultStrategy.steps.map((step) => ({ ...step })), tiers: [] },
    },
    {
      name: "First-time, cart over the shop's median: offer from step 2",
      rule: {
        match: "ALL",
        conditions: [
          { kind: "CUSTOMER_TYPE", value: "NEW", negate: false },
          { kind: "CART_SUBTOTAL", comparison: "AT_LEAST", amountMinor: bound, negate: false },
        ],
      },
      strategy: {
        ...defaultStrategy,
        steps: defaultStrategy.steps.map((step, index) => ({ ...step, offer: index > 0 })),
        tiers: defaultStrategy.tiers.map((tier) => ({ ...tier })),
      },
    },
  ];
}

function fallbackBoundMinor(strategy: SegmentStrategy, currency: string): number {
  const thresholds = strategy.tiers.map((tier) => tier.minimumSubtotalMinor).filter((minor) => minor > 0);
  return thresholds.length > 0 ? Math.min(...thresholds) : majorToMinor(50, currency);
}
