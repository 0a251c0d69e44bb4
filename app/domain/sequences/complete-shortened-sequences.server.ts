import { prisma } from "~/db.server";
import { ENROLLMENT_STATUS, type SkipReason } from "~/domain/outcomes";
import { recordEvent } from "./record-event.server";
import type { ShopContext } from "./shop-context.server";

const SEQUENCE_SHORTENED: SkipReason = "SEQUENCE_SHORTENED";

/**
 * Sequences whose next step no longer exists (the merchant shortened the sequence) complete, with the reason on
 * the timeline. Left ACTIVE with nothing due, a sequence never ends: the shopper counts as "in a sequence now"
 * and the frequency cap skips every later checkout of theirs. Runs each tick before the due steps; bounded.
 */
export async function completeShortenedSequences(
  context: ShopContext,
  { now, limit = 500 }: { now: Date; limit?: number },
): Promise<Record<string, number>> {
  const stepCount = context.settings.steps.length;
  const stranded = await prisma.enrollment.findMany({
    where: {
      shop: context.shop,
      status: ENROLLMENT_STATUS.ACTIVE,
      // A pinned enrolment's version never changes, so only one without a version (from before versions) can
      // find its sequence shortened under it.
      OR: [{ nextStep: null }, { sequenceVersionId: null, nextStep: { gt: stepCount } }],
    },
    select: { id: true, checkoutId: true, nextStep: true },
    take: limit,
  });
  let completed = 0;
  for (const enrollment of stranded) {
    const done = await prisma.$transaction(async (tx) => {
      // Conditional on what was read: a restart or a settings change meanwhile is not overwritten.
      const { count } = await tx.enrollment.updateMany({
        where: {
          id: enrollment.id,
          shop: context.shop,
          status: ENROLLMENT_STATUS.ACTIVE,
          nextStep: enrollment.nextStep,
        },
        data: { status: ENROLLMENT_STATUS.COMPLETED, nextStep: null, dueAt: null },
      });
      if (count !== 1) return false;
      await recordEvent(tx, {
        shop: context.shop,
        checkoutId: enrollment.checkoutId,
        enrollmentId: enrollment.id,
        type: "COMPLETED",
        reason: SEQUENCE_SHORTENED,
        data: { steps: stepCount },
        at: now,
      });
      return true;
    });
    if (done) completed++;
  }
  return completed > 0 ? { completed_shortened: completed } : {};
}
