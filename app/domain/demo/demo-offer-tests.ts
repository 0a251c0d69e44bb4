/**
 * The demo shop's offer tests, set at install (install-demo-shop.server.ts) and read by the demo's world
 * (demo/world.ts), which derives each arm's true effect from them: one list, so the two cannot drift apart.
 *
 * Two segments test their offer, each with a quarter of its checkouts held out, so that a simulated month
 * gives every group the 30 checkouts a comparison needs:
 *
 * - the first-time shoppers with a big cart test all three offers;
 * - a segment added for the demo, "Returning customers" (every returning customer the high-value segment
 *   above it did not take), tests no discount against the tier discount.
 *
 * With it, "Everyone else" holds only new shoppers with a cart under the median, so each of the demo's
 * segments holds one kind of shopper and one range of carts, which is what lets the world state each
 * segment's true effect. Plain strings (not OfferArm): the demo folder imports no discounts code.
 */

export const DEMO_FIRST_TIME_TEST = {
  offerArms: ["NO_DISCOUNT", "TIER_DISCOUNT", "FREE_SHIPPING"],
  holdoutPercent: 25,
} as const;

export const DEMO_RETURNING_SEGMENT_NAME = "Returning customers";

export const DEMO_RETURNING_TEST = {
  offerArms: ["NO_DISCOUNT", "TIER_DISCOUNT"],
  holdoutPercent: 25,
} as const;
