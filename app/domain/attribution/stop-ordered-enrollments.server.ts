import type { DbTransaction } from "~/db.server";
import { ENROLLMENT_STATUS, type EventType, type SkipReason } from "~/domain/sequences/outcomes";

const ORDERED: SkipReason = "ORDERED";
const STOPPED: EventType = "STOPPED";

/**
 * Ends the active sequences an order makes pointless: those of the checkouts it ended (the one it completed
 * and the shopper's earlier open ones) and the one it was attributed to. Nothing pending goes out after a
 * purchase; the engine re-checks before each send as well, but the enrolment itself must say so, with its
 * reason on the timeline. Each stop is a conditional update, so a tick that is finishing the sequence at the
 * same moment (PostgreSQL) is not overwritten. Returns how many were stopped.
 */
export async function stopOrderedEnrollments(
  tx: DbTransaction,
  shop: string,
  { checkoutIds, enrollmentIds }: { checkoutIds: readonly string[]; enrollmentIds: readonly string[] },
  now: Date,
): Promise<number> {
  const matches = [
    ...(checkoutIds.length > 0 ? [{ checkoutId: { in: [...checkoutIds] } }] : []),
    ...(enrollmentIds.length > 0 ? [{ id: { in: [...enrollmentIds] } }] : []),
  ];
  if (matches.length === 0) return 0;
  const active = await tx.enrollment.findMany({
    where: { shop, status: ENROLLMENT_STATUS.ACTIVE, OR: matches },
    select: { id: true, checkoutId: true },
  });
  let stopped = 0;
  for (const enrollment of active) {
    const { count } = await tx.enrollment.updateMany({
      where: { id: enrollment.id, shop, status: ENROLLMENT_STATUS.ACTIVE },
      data: {
        status: ENROLLMENT_STATUS.STOPPED,
        reason: ORDERED,
        stoppedAt: now,
        nextStep: null,
        dueAt: null,
      },
    });
    if (count !== 1) continue;
    await tx.recoveryEvent.create({
      data: {
        shop,
        checkoutId: enrollment.checkoutId,
        enrollmentId: enrollment.id,
        type: STOPPED,
        reason: ORDERED,
        at: now,
      },
    });
    stopped += 1;
  }
  return stopped;
}
