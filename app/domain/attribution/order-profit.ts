/**
 * What a recovered order earned, as Enrollment keeps it (merchandiseMinor, costOfGoodsMinor, discountMinor,
 * profitMinor; their definitions are on the schema). Pure: the facts are read in the order's transaction
 * (order-profit-facts.server.ts), so the arithmetic is tested without a database. Shop currency, minor units.
 *
 * Our discount is counted whole as the offer's cost, free shipping included (what the shopper did not pay for
 * shipping, as the dashboard's discount cost counts it), but only a percentage code's amount comes off the
 * subtotal: merchandise adds back that part alone.
 */

/** A line of a recorded order (Order.lines). */
export interface OrderProfitLine {
  variantId: string | null;
  quantity: number;
}

/** One of our codes the order used, of the enrolment it recovered. */
export interface OurCodeUse {
  discountMinor: number;
  /** A free-shipping code's amount is shipping the shopper did not pay, not merchandise. */
  isFreeShipping: boolean;
}

export interface OrderProfitFacts {
  /** The order's subtotal: after every discount, before shipping and tax. */
  subtotalMinor: number;
  lines: readonly OrderProfitLine[];
  /** Unit costs by variant id (VariantCost). */
  unitCosts: ReadonlyMap<string, number>;
  ourCodes: readonly OurCodeUse[];
  /** The shop's margin for merchandise whose costs Shopify does not have (settings.defaultMarginPercent). */
  defaultMarginPercent: number;
}

export interface OrderProfit {
  merchandiseMinor: number;
  /** Null when any line's unit cost is unknown: a partial sum would understate it. */
  costOfGoodsMinor: number | null;
  discountMinor: number;
  profitMinor: number;
}

/**
 * round(amount x percent / 100), half up, in integers (amounts are never negative). The settings save
 * recomputes profits with the same arithmetic in SQL (app/domain/shops/recompute-default-margin-profits.server.ts),
 * and a test holds the two to the same answers.
 */
export function marginOfMinor(amountMinor: number, marginPercent: number): number {
  return Math.floor((amountMinor * marginPercent + 50) / 100);
}

/** The sum of the lines' unit costs, or null when a line has no variant or no known cost (or there is none). */
export function costOfGoodsMinor(
  lines: readonly OrderProfitLine[],
  unitCosts: ReadonlyMap<string, number>,
): number | null {
  const bought = lines.filter((line) => line.quantity > 0);
  if (bought.length === 0) return null;
  let total = 0;
  for (const line of bought) {
    const unitCost = line.variantId === null ? undefined : unitCosts.get(line.variantId);
    if (unitCost === undefined) return null;
    total += unitCost * line.quantity;
  }
  return total;
}

export function computeOrderProfit(facts: OrderProfitFacts): OrderProfit {
  const discountMinor = facts.ourCodes.reduce((sum, code) => sum + code.discountMinor, 0);
  const offMerchandise = facts.ourCodes
    .filter((code) => !code.isFreeShipping)
    .reduce((sum, code) => sum + code.discountMinor, 0);
  const merchandiseMinor = facts.subtotalMinor + offMerchandise;
  const cost = costOfGoodsMinor(facts.lines, facts.unitCosts);
  const grossMinor =
    cost === null ? marginOfMinor(merchandiseMinor, facts.defaultMarginPercent) : merchandiseMinor - cost;
  return { merchandiseMinor, costOfGoodsMinor: cost, discountMinor, profitMinor: grossMinor - discountMinor };
}
