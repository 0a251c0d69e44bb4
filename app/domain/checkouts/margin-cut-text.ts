/**
 * What an OFFER_LIMITED_BY_MARGIN event tells the merchant: the offer the cart would have had, what the margin
 * floor left of it, and why (app/domain/discounts/margin-floor.ts decides; the engine records its data:
 * fromPercent, toPercent, floorPercent, freeShipping). Data that is not numbers reads as a plain sentence.
 */
export function describeMarginCut(data: Record<string, unknown>): { title: string; detail: string | null } {
  const { fromPercent: from, toPercent: to, floorPercent: floor, freeShipping } = data;
  if (typeof from !== "number" || typeof to !== "number" || typeof floor !== "number")
    return { title: "Offer limited by your margin floor", detail: null };
  const below = `below your ${floor}% margin floor`;
  if (to > 0)
    return {
      title: `Offer cut from ${from}% to ${to}% off`,
      detail: `${from}% would take this cart ${below}`,
    };
  if (freeShipping === true)
    return {
      title: `Offer cut from ${from}% off to free shipping only`,
      detail: `Any percentage off would take this cart ${below}`,
    };
  if (from > 0)
    return {
      title: `Offer of ${from}% off dropped: no offer sent`,
      detail: `${from}% would take this cart ${below}, and no smaller offer keeps it`,
    };
  return {
    title: "Free shipping dropped: no offer sent",
    detail: `This cart is ${below} even without a discount`,
  };
}
