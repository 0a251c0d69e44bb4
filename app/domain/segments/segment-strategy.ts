import { z } from "zod";
// Pure modules, not the folders' indexes: the segment editor's client code reads these schemas too.
import { DiscountTierSchema } from "~/domain/discounts/discount-tier";
import { MAX_STEPS, SequenceStepSchema, type ShopSettings } from "~/domain/shops/settings";

/**
 * What a segment does with the checkouts it catches: its sequence (1-5 steps), its discount tiers (none: no
 * offer), how long a code lasts and its holdout share. Stored as immutable versions (SequenceVersion); an
 * enrolment finishes on the version it started with.
 */

function isStrictlyAscending(values: number[]): boolean {
  return values.every((value, index) => index === 0 || value > (values[index - 1] as number));
}

export const SegmentStrategySchema = z
  .object({
    steps: z
      .array(SequenceStepSchema)
      .min(1, "needs at least one step")
      .max(MAX_STEPS, `allows at most ${MAX_STEPS} steps`),
    /** Empty: this segment gets no discount, whatever its steps say. */
    tiers: z.array(DiscountTierSchema).max(10, "allows at most 10 tiers"),
    codeLifetimeHours: z
      .number()
      .int()
      .min(1)
      .max(30 * 24),
    holdoutPercent: z.number().int().min(0, "must be between 0 and 50").max(50, "must be between 0 and 50"),
  })
  .superRefine((strategy, ctx) => {
    if (!isStrictlyAscending(strategy.steps.map((step) => step.delayMinutes)))
      ctx.addIssue({
        code: "custom",
        path: ["steps"],
        message: "each step must come later than the one before it",
      });
    if (!isStrictlyAscending(strategy.tiers.map((tier) => tier.minimumSubtotalMinor)))
      ctx.addIssue({
        code: "custom",
        path: ["tiers"],
        message: "tier thresholds must be strictly ascending",
      });
  });
export type SegmentStrategy = z.infer<typeof SegmentStrategySchema>;

/** The catch-all segment's strategy: the shop's settings, edited on the Settings page. */
export function strategyFromSettings(settings: ShopSettings): SegmentStrategy {
  return {
    steps: settings.steps,
    tiers: settings.tiers,
    codeLifetimeHours: settings.codeLifetimeHours,
    holdoutPercent: settings.holdoutPercent,
  };
}

/** Key order fixed, so two strategies that say the same thing serialise the same. */
export function canonicalStrategy(strategy: SegmentStrategy): string {
  return JSON.stringify({
    steps: strategy.steps.map((step) => ({
      delayMinutes: step.delayMinutes,
      offer: step.offer,
      subject: step.subject,
      subjectB: step.subjectB ?? null,
    })),
    tiers: strategy.tiers.map((tier) => ({
      minimumSubtotalMinor: tier.minimumSubtotalMinor,
      percentOff: tier.percentOff,
      freeShipping: tier.freeShipping,
    })),
    codeLifetimeHours: strategy.codeLifetimeHours,
    holdoutPercent: strategy.holdoutPercent,
  });
}

/** The id enrolments and versions use for the shop's catch-all segment, which has no Segment row. */
export const DEFAULT_SEGMENT_ID = "default";
export const DEFAULT_SEGMENT_NAME = "Everyone else";
