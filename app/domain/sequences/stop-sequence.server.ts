import { prisma } from "~/db.server";
import { SEND_STATUS } from "./claim-step.server";
import { ENROLLMENT_STATUS, type SkipReason } from "~/domain/outcomes";
import { recordEvent } from "./record-event.server";
import { AppError } from "~/lib/app-error";
import { notActiveWhy, type StopSequenceOutcome } from "~/domain/checkouts";

const STOPPED_BY_MERCHANT: SkipReason = "STOPPED_BY_MERCHANT";

export function checkoutNotFound(): AppError {
  return new AppError("NOT_FOUND", "This checkout does not exist in your shop.");
}

/**
 * "Stop the sequence" on a checkout's page: its ACTIVE enrolment becomes STOPPED with the merchant as the
 * named reason, on the timeline too. A step waiting to be retried is closed as skipped, so nothing of this
 * sequence goes out any more. The stop is conditional on the enrolment still being ACTIVE, so a tick
 * finishing the sequence (or an order stopping it) at the same moment is not overwritten. A step already
 * claimed by a tick may still go out: its recorded outcome leaves the enrolment stopped.
 */
export async function stopSequence(
  shop: string,
  checkoutId: string,
  { now }: { now: Date },
): Promise<StopSequenceOutcome> {
  const checkout = await prisma.checkout.findFirst({
    where: { id: checkoutId, shop },
    select: { id: true, enrollment: { select: { id: true, status: true, reason: true } } },
  });
  if (!checkout) throw checkoutNotFound();
  const enrollment = checkout.enrollment;
  const why = notActiveWhy(enrollment);
  if (why || !enrollment)
    return { outcome: "NOT_ACTIVE", why: why ?? "NOT_ENROLLED", reason: enrollment?.reason ?? null };

  return prisma.$transaction(async (tx): Promise<StopSequenceOutcome> => {
    const { count } = await tx.enrollment.updateMany({
      where: { id: enrollment.id, shop, status: ENROLLMENT_STATUS.ACTIVE },
      data: {
        status: ENROLLMENT_STATUS.STOPPED,
        reason: STOPPED_BY_MERCHANT,
        stoppedAt: now,
        nextStep: null,
        dueAt: null,
      },
    });
    if (count === 0) {
      const current = await tx.enrollment.findUniqueOrThrow({
        where: { id: enrollment.id },
        select: { status: true, reason: true },
      });
      return { outcome: "NOT_ACTIVE", why: notActiveWhy(current) ?? "STOPPED", reason: current.reason };
    }
    await tx.recoverySend.updateMany({
      where: { shop, enrollmentId: enrollment.id, status: SEND_STATUS.RETRY },
      data: {
        status: SEND_STATUS.SKIPPED,
        outcome: "SKIPPED",
        reason: STOPPED_BY_MERCHANT,
        nextAttemptAt: null,
      },
    });
    await recordEvent(tx, {
      shop,
      checkoutId: checkout.id,
      enrollmentId: enrollment.id,
      type: "STOPPED",
      reason: STOPPED_BY_MERCHANT,
      at: now,
    });
    return { outcome: "STOPPED" };
  });
}
