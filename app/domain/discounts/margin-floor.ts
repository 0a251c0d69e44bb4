import type { DiscountTier } from "./discount-tier";

/**
 * The margin floor (settings.marginFloorPercent): no offer may take a cart's margin below it. Given the
 * offer the cart's tier (and offer-test arm) would give, this keeps it when the cart's margin after the
 * discount stays at or above the floor, and otherwise gives the largest offer that does: the highest of the
 * strategy's tier percentages below the original one, else the tier's free shipping alone, else nothing.
 *
 *   margin after a p% discount = (M x (1 - p) - C) / (M x (1 - p)), kept when M x (1 - p) x (1 - floor) >= C
 *
 * M is the cart's merchandise (its lines' prices) and C their cost: a variant's unit cost x quantity when the
 * catalog has it (VariantCost), else the line's price x (1 - the default margin). Compared in integers.
 *
 * Free shipping costs the merchant shipping, not merchandise, and Cartback does not know the shipping rate a
 * shopper would pay: the floor, a margin on merchandise, cannot weigh it. So free shipping never counts
 * against the floor, with one exception: a cart already below the floor without any discount gets no offer
 * at all, free shipping included, since any give-away deepens a loss the floor exists to prevent.
 */

export interface MarginLine {
  variantId: string | null;
  quantity: number;
  /** The line's price (quantity included), shop currency minor units. */
  linePriceMinor: number;
}

export interface MarginFloorInput {
  lines: readonly MarginLine[];
  /** Unit costs by variant id, shop currency minor units. */
  unitCosts: ReadonlyMap<string, number>;
  defaultMarginPercent: number;
  floorPercent: number;
  /** The offer the cart would get without the floor. */
  tier: DiscountTier;
  /** The strategy's tiers: their percentages are the offers the floor may fall back to. */
  tiers: readonly DiscountTier[];
}

/** What the floor did to an offer, as the timeline tells it (the OFFER_LIMITED_BY_MARGIN event's data). */
export interface MarginCut {
  fromPercent: number;
  /** 0 when no percentage is left. */
  toPercent: number;
  floorPercent: number;
  /** Whether the offer that goes out still has free shipping (it may be all that is left). */
  freeShipping: boolean;
}

export interface MarginFloorDecision {
  /** The offer to make; null when none keeps the floor. */
  tier: DiscountTier | null;
  /** Set when the floor changed the offer. */
  cut: MarginCut | null;
}

/** M x 100 and C x 100 (C in hundredths of a minor unit, so a default-margin cost stays exact). */
function cartTotals(input: MarginFloorInput): { merchandise: number; costHundredths: number } {
  let merchandise = 0;
  let costHundredths = 0;
  for (const line of input.lines) {
    if (line.quantity <= 0 || line.linePriceMinor <= 0) continue;
    merchandise += line.linePriceMinor;
    const unitCost = line.variantId === null ? undefined : input.unitCosts.get(line.variantId);
    costHundredths +=
      unitCost === undefined
        ? line.linePriceMinor * (100 - input.defaultMarginPercent)
        : unitCost * line.quantity * 100;
  }
  return { merchandise, costHundredths };
}

export function applyMarginFloor(input: MarginFloorInput): MarginFloorDecision {
  const { tier, floorPercent } = input;
  const { merchandise, costHundredths } = cartTotals(input);
  // A cart with nothing priced has no margin to keep: the offer is as the tier says.
  if (merchandise <= 0) return { tier, cut: null };
  const keepsFloor = (percentOff: number) =>
    merchandise * (100 - percentOff) * (100 - floorPercent) >= costHundredths * 100;
  if (keepsFloor(tier.percentOff)) return { tier, cut: null };

  const cutTo = (next: DiscountTier | null): MarginFloorDecision => ({
    tier: next,
    cut: {
      fromPercent: tier.percentOff,
      toPercent: next?.percentOff ?? 0,
      floorPercent,
      freeShipping: next?.freeShipping ?? false,
    },
  });
  if (!keepsFloor(0)) return cutTo(null);
  const lower = [...new Set(input.tiers.map((candidate) => candidate.percentOff))]
    .filter((percentOff) => percentOff > 0 && percentOff < tier.percentOff)
    .sort((a, b) => b - a)
    .find(keepsFloor);
  if (lower !== undefined) return cutTo({ ...tier, percentOff: lower });
  return cutTo(tier.freeShipping ? { ...tier, percentOff: 0 } : null);
}
