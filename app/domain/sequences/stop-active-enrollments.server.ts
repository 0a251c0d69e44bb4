import type { DbTransaction, Prisma } from "~/db.server";
import { ENROLLMENT_STATUS, type SkipReason } from "~/domain/outcomes";
import { recordEvent } from "./record-event.server";

/**
 * Ends a shop's active sequences that match `where` (an order made them pointless, the shopper unsubscribed,
 * the address bounced), each with its reason on the timeline. Each stop is conditional on the enrolment still
 * being ACTIVE, so a tick finishing the sequence at the same moment (PostgreSQL) is not overwritten and no
 * STOPPED event is written for a stop that did not happen. Returns how many were stopped.
 */
export async function stopActiveEnrollments(
  tx: DbTransaction,
  shop: string,
  where: Prisma.EnrollmentWhereInput,
  reason: SkipReason,
  now: Date,
): Promise<number> {
  const active = await tx.enrollment.findMany({
    where: { ...where, shop, status: ENROLLMENT_STATUS.ACTIVE },
    select: { id: true, checkoutId: true },
  });
  let stopped = 0;
  for (const enrollment of active) {
    const { count } = await tx.enrollment.updateMany({
      where: { id: enrollment.id, shop, status: ENROLLMENT_STATUS.ACTIVE },
      data: { status: ENROLLMENT_STATUS.STOPPED, reason, stoppedAt: now, nextStep: null, dueAt: null },
    });
    if (count !== 1) continue;
    await recordEvent(tx, {
      shop,
      checkoutId: enrollment.checkoutId,
      enrollmentId: enrollment.id,
      type: "STOPPED",
      reason,
      at: now,
    });
    stopped += 1;
  }
  return stopped;
}
