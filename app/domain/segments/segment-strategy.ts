import { z } from "zod";
import { checkOfferArms, OfferArmsSchema, type OfferArm } from "~/domain/discounts";
// Pure modules, not the folders' indexes: the segment editor's client code reads these schemas too.
import {
  checkSequenceOrder,
  DiscountTiersSchema,
  SequenceStepsSchema,
  type ShopSettings,
} from "~/domain/shops/settings";

/**
 * What a segment does with the checkouts it catches: its sequence (1-5 steps), its discount tiers (none: no
 * offer), how long a code lasts and its holdout share. Stored as immutable versions (SequenceVersion); an
 * enrolment finishes on the version it started with.
 */

export const SegmentStrategySchema = z
  .object({
    steps: SequenceStepsSchema,
    /** Empty: this segment gets no discount, whatever its steps say. */
    tiers: DiscountTiersSchema,
    codeLifetimeHours: z
      .number()
      .int()
      .min(1)
      .max(30 * 24),
    holdoutPercent: z.number().int().min(0, "must be between 0 and 50").max(50, "must be between 0 and 50"),
    /** The offer test: none, or the offers the segment's checkouts in the sequence are split between. */
    offerArms: OfferArmsSchema.default([]),
  })
  .superRefine((strategy, ctx) => {
    checkSequenceOrder(strategy, ctx);
    checkOfferArms(strategy, ctx);
  });
export type SegmentStrategy = z.infer<typeof SegmentStrategySchema>;

/** The catch-all segment's strategy: the shop's settings, edited on the Settings page. */
export function strategyFromSettings(settings: ShopSettings): SegmentStrategy {
  return {
    steps: settings.steps,
    tiers: settings.tiers,
    codeLifetimeHours: settings.codeLifetimeHours,
    holdoutPercent: settings.holdoutPercent,
    offerArms: settings.offerArms,
  };
}

/** Key order fixed, so two strategies that say the same thing serialise the same. */
export function canonicalStrategy(strategy: SegmentStrategy): string {
  return JSON.stringify({
    steps: strategy.steps.map((step) => ({
      delayMinutes: step.delayMinutes,
      offer: step.offer,
      subject: step.subject,
      template: step.template,
      tone: step.tone,
      sendWindowHours: step.sendWindowHours,
      variants: step.variants.map((variant) => ({
        subject: variant.subject,
        template: variant.template,
        tone: variant.tone,
        offer: variant.offer,
      })),
    })),
    tiers: strategy.tiers.map((tier) => ({
      minimumSubtotalMinor: tier.minimumSubtotalMinor,
      percentOff: tier.percentOff,
      freeShipping: tier.freeShipping,
    })),
    codeLifetimeHours: strategy.codeLifetimeHours,
    holdoutPercent: strategy.holdoutPercent,
    // Only when set: a strategy from before offer tests keeps the form its stored versions were compared in.
    ...(strategy.offerArms.length > 0 ? { offerArms: strategy.offerArms } : {}),
  });
}

/** The id enrolments and versions use for the shop's catch-all segment, which has no Segment row. */
export const DEFAULT_SEGMENT_ID = "default";
export const DEFAULT_SEGMENT_NAME = "Everyone else";

/**
 * The strategy that keeps one offer of its offer test for every checkout (the dashboard's "Apply"): the test
 * ends, and the chosen offer becomes the strategy's plain offer. No discount turns the offer steps into
 * reminders and keeps the tiers (a later test can use them again); free shipping only keeps each tier's
 * threshold with free shipping and no percentage; the tier discount keeps the tiers as they are.
 */
export function strategyWithOffer(strategy: SegmentStrategy, arm: OfferArm): SegmentStrategy {
  const kept = { ...strategy, offerArms: [] };
  if (arm === "NO_DISCOUNT")
    return { ...kept, steps: strategy.steps.map((step) => ({ ...step, offer: false })) };
  if (arm === "FREE_SHIPPING")
    return {
      ...kept,
      tiers: strategy.tiers.map((tier) => ({ ...tier, percentOff: 0, freeShipping: true })),
    };
  return kept;
}
