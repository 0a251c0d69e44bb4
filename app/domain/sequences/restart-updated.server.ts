import { prisma } from "~/db.server";
import { endCheckoutsAlreadyOrdered } from "~/domain/checkouts";
import { loadAudienceFacts } from "./audience-facts.server";
import { audienceSkipReason, decideEnrollment } from "./decide-enrollment";
import { listSegments } from "~/domain/segments";
import { chooseSegments } from "./choose-segments.server";
import { loadEnrollmentSequences } from "./enrollment-sequence.server";
import {
  candidateWhere,
  CANDIDATE_SELECT,
  enrollmentFields,
  eventFor,
  holdsForSendTime,
} from "./enroll-candidates.server";
import { ENROLLMENT_STATUS } from "~/domain/outcomes";
import { recordEvent, type EventDetail } from "./record-event.server";
import type { ShopContext } from "./shop-context.server";

const MINUTE_MS = 60_000;

interface UpdatedEnrollment {
  id: string;
  checkoutId: string;
  status: string;
  nextStep: number | null;
  anchorAt: Date;
  sequenceVersionId: string | null;
}

/** Enrolments whose checkout changed after the state they were decided on (new items, new total, new email). */
async function findUpdated(shop: string, limit: number): Promise<UpdatedEnrollment[]> {
  const rows = await prisma.$queryRaw<
    Array<{
      id: string;
      checkoutId: string;
      status: string;
      nextStep: number | bigint | null;
      anchorAt: Date | string;
      sequenceVersionId: string | null;
    }>
  >`
    SELECT e."id", e."checkoutId", e."status", e."nextStep", e."anchorAt", e."sequenceVersionId"
    FROM "Enrollment" e JOIN "Checkout" c ON c."id" = e."checkoutId"
    WHERE e."shop" = ${shop}
      AND e."status" IN (${ENROLLMENT_STATUS.ACTIVE}, ${ENROLLMENT_STATUS.HOLDOUT}, ${ENROLLMENT_STATUS.SKIPPED})
      AND c."shopifyUpdatedAt" > e."anchorAt"
    LIMIT ${limit}`;
  return rows.map((row) => ({
    id: row.id,
    checkoutId: row.checkoutId,
    status: row.status,
    nextStep: row.nextStep === null ? null : Number(row.nextStep),
    anchorAt: new Date(row.anchorAt),
    sequenceVersionId: row.sequenceVersionId,
  }));
}

/**
 * A checkout updated after it was decided is looked at again. An active sequence restarts its timing from the
 * new updated_at (its later emails show the current cart; steps already sent are not sent again). A held-out
 * one moves its anchor. A skipped one is decided afresh: the shopper may have accepted marketing, or the cart
 * may be recent again. Every change is conditional on the anchor read, so concurrent ticks apply it once.
 */
export async function restartUpdated(
  context: ShopContext,
  { now, limit = 200 }: { now: Date; limit?: number },
) {
  const counts: Record<string, number> = {};
  const updated = await findUpdated(context.shop, limit);
  if (updated.length === 0) return counts;
  const checkouts = await prisma.checkout.findMany({
    where: { id: { in: updated.map((row) => row.checkoutId) }, shop: context.shop },
    select: {
      ...CANDIDATE_SELECT,
      lineItemCount: true,
      subtotalMinor: true,
      completedAt: true,
      orderedAt: true,
      deletedAt: true,
      redactedAt: true,
    },
  });
  const checkoutOf = new Map(checkouts.map((checkout) => [checkout.id, checkout]));
  const facts = await loadAudienceFacts(context, checkouts, {
    now,
    ownEnrollmentIds: updated.map((row) => row.id),
  });
  // An order that ends a checkout marks it ordered first, so it is no candidate below.
  await endCheckoutsAlreadyOrdered(prisma, context.shop, { ids: checkouts.map((checkout) => checkout.id) });
  const stillCandidate = new Set(
    (
      await prisma.checkout.findMany({
        where: { ...candidateWhere(context.shop), id: { in: checkouts.map((checkout) => checkout.id) } },
        select: { id: true },
      })
    ).map((row) => row.id),
  );
  // Active ones keep the version they started with; a skipped one that now starts gets a segment, as a new
  // candidate would.
  const sequenceOf = await loadEnrollmentSequences(
    context,
    updated.map((row) => row.sequenceVersionId),
  );
  const skipped = new Set(
    updated.filter((row) => row.status === ENROLLMENT_STATUS.SKIPPED).map((row) => row.checkoutId),
  );
  const choices = skipped.size
    ? await chooseSegments(
        context,
        await listSegments(context.shop),
        checkouts.filter((checkout) => {
          const candidate = facts.get(checkout.id);
          return (
            skipped.has(checkout.id) &&
            stillCandidate.has(checkout.id) &&
            candidate !== undefined &&
            audienceSkipReason(candidate, context.settings, { now }) === null
          );
        }),
        { now },
      )
    : new Map();

  for (const enrollment of updated) {
    const checkout = checkoutOf.get(enrollment.checkoutId);
    if (!checkout) continue;
    const anchorAt = checkout.shopifyUpdatedAt;
    const unchanged = { id: enrollment.id, anchorAt: enrollment.anchorAt, status: enrollment.status };
    let outcome: string;
    if (enrollment.status === ENROLLMENT_STATUS.ACTIVE) {
      const step = sequenceOf(enrollment.sequenceVersionId).steps[(enrollment.nextStep ?? 1) - 1];
      const dueAt = step ? new Date(anchorAt.getTime() + step.delayMinutes * MINUTE_MS) : null;
      outcome = await applyChange(unchanged, { anchorAt, dueAt }, context, checkout.id, now, {
        type: "RESTARTED",
        data: { step: enrollment.nextStep },
      });
    } else if (enrollment.status === ENROLLMENT_STATUS.HOLDOUT) {
      outcome = await applyChange(unchanged, { anchorAt }, context, checkout.id, now, null);
    } else {
      const candidate = facts.get(checkout.id);
      const choice = choices.get(checkout.id);
      const decision =
        candidate && stillCandidate.has(checkout.id)
          ? decideEnrollment(candidate, context.settings, {
              now,
              holdoutPercent: choice?.version.strategy.holdoutPercent,
              offerArms: choice?.version.strategy.offerArms,
              holdsForSendTime: holdsForSendTime(choice),
            })
          : null;
      if (decision && decision.status !== ENROLLMENT_STATUS.SKIPPED) {
        const fields = enrollmentFields(decision, choice, anchorAt, now);
        const event = eventFor(decision, choice);
        outcome = await applyChange(
          unchanged,
          { ...fields, dueAt: fields.dueAt, stoppedAt: null },
          context,
          checkout.id,
          now,
          { ...event, data: { ...event.data, after: "update" } },
        );
        // Like any new candidate, a sequence that starts now is due its first delay after the update.
      } else {
        const reason = decision?.status === ENROLLMENT_STATUS.SKIPPED ? decision.reason : undefined;
        outcome = await applyChange(
          unchanged,
          { anchorAt, ...(reason ? { reason } : {}) },
          context,
          checkout.id,
          now,
          null,
        );
      }
    }
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

async function applyChange(
  current: { id: string; anchorAt: Date; status: string },
  data: Record<string, unknown>,
  context: ShopContext,
  checkoutId: string,
  now: Date,
  event: {
    type: "RESTARTED" | "ENROLLED" | "HELD_OUT" | "SKIPPED";
    reason?: string | null;
    data?: Record<string, EventDetail>;
  } | null,
): Promise<string> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.enrollment.updateMany({
      where: { id: current.id, shop: context.shop, anchorAt: current.anchorAt, status: current.status },
      data,
    });
    if (count === 0) return "CHANGED_CONCURRENTLY";
    if (event) {
      await recordEvent(tx, {
        shop: context.shop,
        checkoutId,
        enrollmentId: current.id,
        at: now,
        type: event.type,
        reason: event.reason,
        data: event.data,
      });
      return event.type;
    }
    return "ANCHOR_MOVED";
  });
}
