import type { DiscountTier } from "~/domain/discounts";
// The pure module, not the folder's index: the settings page shows these examples in the browser too.
import { pickTier } from "~/domain/discounts/pick-tier";
import { currencyExponent, formatMoney, majorToMinor } from "~/lib/money";
import type { TierForm } from "./settings-form";
import { parseAmount, parsePercent } from "./settings-values";

/**
 * The live example under the tier editor ("A cart of $100.00 gets 10% off + free shipping"), computed with
 * the same pickTier the sender uses, so what the merchant reads is what shoppers will get.
 */

export interface TierExample {
  cartMinor: number;
  text: string;
}

const MAX_EXAMPLES = 8;

export function describeOffer(tier: DiscountTier | null): string {
  if (!tier) return "no offer";
  const parts = [
    ...(tier.percentOff > 0 ? [`${tier.percentOff}% off`] : []),
    ...(tier.freeShipping ? ["free shipping"] : []),
  ];
  return parts.length > 0 ? parts.join(" + ") : "no offer";
}

/**
 * Carts on both sides of every threshold: one major unit below it and exactly at it, since "at least" is the
 * rule merchants most often misread. Without a positive threshold, one everyday cart.
 */
export function tierExamples(tiers: DiscountTier[], currency: string, locale = "en"): TierExample[] {
  const unit = 10 ** currencyExponent(currency);
  const thresholds = [...new Set(tiers.map((tier) => tier.minimumSubtotalMinor))]
    .filter((minor) => minor > 0)
    .sort((a, b) => a - b);
  const carts =
    thresholds.length === 0
      ? [majorToMinor(50, currency)]
      : [...new Set(thresholds.flatMap((minor) => [Math.max(0, minor - unit), minor]))];
  return carts
    .sort((a, b) => a - b)
    .slice(0, MAX_EXAMPLES)
    .map((cartMinor) => ({
      cartMinor,
      text: `A cart of ${formatMoney({ amountMinor: cartMinor, currency }, locale)} gets ${describeOffer(pickTier(tiers, cartMinor))}`,
    }));
}

/** The tiers as typed so far, or null while any threshold or percentage cannot be read. */
export function tiersFromForm(rows: TierForm[], currency: string): DiscountTier[] | null {
  const tiers: DiscountTier[] = [];
  for (const row of rows) {
    const minimum = parseAmount(row.minimumSubtotal, currency);
    const percent = parsePercent(row.percentOff);
    if (!minimum.ok || !percent.ok || minimum.value < 0 || percent.value < 0 || percent.value > 100)
      return null;
    tiers.push({
      minimumSubtotalMinor: minimum.value,
      percentOff: percent.value,
      freeShipping: row.freeShipping,
    });
  }
  return tiers;
}
