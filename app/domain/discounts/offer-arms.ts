import { z } from "zod";
import type { DiscountTier } from "./discount-tier";
import { pickTier } from "./pick-tier";

/**
 * An offer experiment: a segment's strategy may randomise the offer its checkouts get among two or three arms,
 * alongside its holdout, so the dashboard can say which offer earns more profit for those shoppers.
 *
 *   NO_DISCOUNT   the offer steps go out as reminders without a code;
 *   TIER_DISCOUNT the tier the cart reaches, as without an experiment;
 *   FREE_SHIPPING free shipping only, for carts that reach a tier (its threshold; no percentage).
 *
 * An arm is drawn once per checkout at enrolment (Enrollment.offerArm), for the checkouts in the sequence only:
 * the holdout gets no email, so no offer. No experiment (no arms) is every checkout getting its tier.
 */

export const OFFER_ARMS = ["NO_DISCOUNT", "TIER_DISCOUNT", "FREE_SHIPPING"] as const;
export type OfferArm = (typeof OFFER_ARMS)[number];

export const OFFER_ARM_LABELS: Record<OfferArm, string> = {
  NO_DISCOUNT: "No discount",
  TIER_DISCOUNT: "Tier discount",
  FREE_SHIPPING: "Free shipping only",
};

/** The same names as they read mid-sentence ("no discount earns more than the tier discount"). */
export const OFFER_ARM_IN_SENTENCE: Record<OfferArm, string> = {
  NO_DISCOUNT: "no discount",
  TIER_DISCOUNT: "the tier discount",
  FREE_SHIPPING: "free shipping only",
};

export const isOfferArm = (value: unknown): value is OfferArm =>
  typeof value === "string" && (OFFER_ARMS as readonly string[]).includes(value);

/** None (no experiment), or two or three different arms, kept in the order of OFFER_ARMS. */
export const OfferArmsSchema = z
  .array(z.enum(OFFER_ARMS))
  .max(OFFER_ARMS.length)
  .refine((arms) => new Set(arms).size === arms.length, "each offer may appear once")
  .refine((arms) => arms.length !== 1, "an offer test needs at least two offers")
  .transform((arms) => OFFER_ARMS.filter((arm) => arms.includes(arm)));

/** An offer test compares discounts, so it needs the tiers that say who earns one. */
export function checkOfferArms(
  strategy: { offerArms: readonly OfferArm[]; tiers: readonly DiscountTier[] },
  ctx: z.RefinementCtx,
): void {
  if (strategy.offerArms.length > 0 && strategy.tiers.length === 0)
    ctx.addIssue({
      code: "custom",
      path: ["offerArms"],
      message: "an offer test needs at least one discount tier",
    });
}

/**
 * The tier an offer step gives a cart under its arm (null arm: no experiment). Null when the arm gives no
 * discount or the cart reaches no tier that offers one.
 */
export function tierForArm(
  arm: OfferArm | null,
  tiers: DiscountTier[],
  subtotalMinor: number,
): DiscountTier | null {
  if (arm === "NO_DISCOUNT") return null;
  const tier = pickTier(tiers, subtotalMinor);
  if (!tier || arm !== "FREE_SHIPPING") return tier;
  return { minimumSubtotalMinor: tier.minimumSubtotalMinor, percentOff: 0, freeShipping: true };
}

/**
 * The arm for a checkout from a draw in [0, 1) (deterministic per checkout, see the engine): equal shares.
 * Null when there is no experiment.
 */
export function offerArmOf(arms: readonly OfferArm[], draw: number): OfferArm | null {
  if (arms.length === 0) return null;
  const index = Math.min(arms.length - 1, Math.floor(draw * arms.length));
  return arms[index] ?? null;
}
