import { prisma, Prisma } from "~/db.server";
import { checkoutAbandonedPayload, FLOW_TRIGGERS, queueFlowTrigger } from "~/domain/flow";
import { endCheckoutsAlreadyOrdered } from "~/domain/checkouts";
import { listSegments, SEGMENT_CHECKOUT_SELECT } from "~/domain/segments";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { loadAudienceFacts } from "./audience-facts.server";
import {
  chooseSegments,
  earliestFirstDelayMinutes,
  segmentEventData,
  type SegmentChoice,
} from "./choose-segments.server";
import { audienceSkipReason, decideEnrollment, type EnrollmentDecision } from "./decide-enrollment";
import { ENROLLMENT_STATUS } from "~/domain/outcomes";
import { recordEvent } from "./record-event.server";
import type { ShopContext } from "./shop-context.server";

const MINUTE_MS = 60_000;

/** Checkout columns the engine reads to decide; the where clause is the candidate predicate. */
export const CANDIDATE_SELECT = {
  ...SEGMENT_CHECKOUT_SELECT,
  id: true,
  token: true,
  emailHash: true,
  email: true,
  acceptsMarketing: true,
  shopifyUpdatedAt: true,
  subtotalMinor: true,
  currency: true,
  customerId: true,
} as const;

/**
 * A checkout is a candidate when it has an email, at least one item, a positive subtotal, no completion, no
 * order, and has been idle (by Shopify's updated_at, not our arrival time) at least the first step's delay.
 */
export function candidateWhere(shop: string, idleSince?: Date): Prisma.CheckoutWhereInput {
  return {
    shop,
    emailHash: { not: null },
    lineItemCount: { gt: 0 },
    subtotalMinor: { gt: 0 },
    completedAt: null,
    pixelCompletedAt: null,
    orderedAt: null,
    deletedAt: null,
    redactedAt: null,
    ...(idleSince ? { shopifyUpdatedAt: { lte: idleSince } } : {}),
  };
}

/**
 * The Enrollment columns for a decision; the first step of the chosen segment's version is due its delay after
 * the checkout's last activity. A skipped checkout has no segment and no sequence.
 */
export function enrollmentFields(
  decision: EnrollmentDecision,
  choice: SegmentChoice | undefined,
  anchorAt: Date,
  now: Date,
) {
  const active = decision.status === ENROLLMENT_STATUS.ACTIVE;
  const started = decision.status !== ENROLLMENT_STATUS.SKIPPED && choice !== undefined;
  const firstDelay = choice?.version.strategy.steps[0]?.delayMinutes ?? 60;
  return {
    segmentId: started ? choice.segmentId : null,
    sequenceVersionId: started ? choice.version.id : null,
    status: decision.status,
    reason: decision.status === ENROLLMENT_STATUS.SKIPPED ? decision.reason : null,
    arm: decision.arm,
    offerArm: started ? decision.offerArm : null,
    sendTimeArm: started ? decision.sendTimeArm : null,
    anchorAt,
    nextStep: active ? 1 : null,
    dueAt: active ? new Date(anchorAt.getTime() + firstDelay * MINUTE_MS) : null,
    stoppedAt: decision.status === ENROLLMENT_STATUS.SKIPPED ? now : null,
  };
}

/** Whether the chosen strategy holds any step for the shopper's best hour. */
export const holdsForSendTime = (choice: SegmentChoice | undefined): boolean =>
  choice?.version.strategy.steps.some((step) => step.sendWindowHours > 0) ?? false;

/** The timeline's event for a decision; a started one says which segment caught the checkout and why. */
export function eventFor(decision: EnrollmentDecision, choice?: SegmentChoice) {
  if (decision.status === ENROLLMENT_STATUS.SKIPPED)
    return { type: "SKIPPED" as const, reason: decision.reason };
  const data = choice ? segmentEventData(choice) : undefined;
  if (decision.status === ENROLLMENT_STATUS.HOLDOUT) return { type: "HELD_OUT" as const, reason: null, data };
  // The offer test's arm, on the timeline beside the segment: why this shopper's offer differs from another's.
  // The offer test's arm and the send-time group, on the timeline beside the segment: why this shopper's offer
  // or timing differs from another's.
  const { offerArm, sendTimeArm } = decision;
  if (!offerArm && !sendTimeArm) return { type: "ENROLLED" as const, reason: null, data };
  return {
    type: "ENROLLED" as const,
    reason: null,
    data: { ...data, ...(offerArm ? { offerArm } : {}), ...(sendTimeArm ? { sendTimeArm } : {}) },
  };
}

/**
 * Decides, for a bounded batch of a shop's new candidates, whether each starts a sequence. The enrolment's
 * unique checkout id makes concurrent ticks safe: the second insert for a checkout fails and is counted as
 * already decided, with nothing written.
 */
export async function enrollCandidates(
  context: ShopContext,
  {
    now,
    limit = 500,
    adminFor,
  }: { now: Date; limit?: number; adminFor?: (shop: string) => Promise<AdminGraphql> },
) {
  const segments = await listSegments(context.shop);
  const firstDelay = earliestFirstDelayMinutes(context, segments);
  const candidates = await prisma.checkout.findMany({
    where: {
      ...candidateWhere(context.shop, new Date(now.getTime() - firstDelay * MINUTE_MS)),
      enrollment: null,
    },
    orderBy: { shopifyUpdatedAt: "asc" },
    take: limit,
    select: CANDIDATE_SELECT,
  });
  const counts: Record<string, number> = {};
  if (candidates.length === 0) return counts;
  // An order the checkout's own webhooks never saw (it arrived first, or at the same moment on another
  // instance) ends it now: it is marked ordered and never enrolled, in either arm.
  const ordered = new Set(
    await endCheckoutsAlreadyOrdered(prisma, context.shop, {
      ids: candidates.map((checkout) => checkout.id),
    }),
  );
  if (ordered.size > 0) counts.ORDERED_BEFORE_ENROLMENT = ordered.size;
  const facts = await loadAudienceFacts(
    context,
    candidates.filter((checkout) => !ordered.has(checkout.id)),
    { now },
  );
  // Segments are chosen only for checkouts the audience rules let through: a skipped one costs no query about
  // its shopper, and no Admin API call.
  const choices = await chooseSegments(
    context,
    segments,
    candidates.filter((checkout) => {
      const candidate = facts.get(checkout.id);
      return candidate !== undefined && audienceSkipReason(candidate, context.settings, { now }) === null;
    }),
    { now, adminFor },
  );
  // Decided in order, so two checkouts of one shopper in the same batch do not both start a sequence.
  const startedInBatch = new Set<string>();
  for (const checkout of candidates) {
    const candidate = facts.get(checkout.id);
    if (!candidate) continue;
    if (checkout.emailHash && startedInBatch.has(checkout.emailHash)) candidate.hasRecentSequence = true;
    const choice = choices.get(checkout.id);
    const decision = decideEnrollment(candidate, context.settings, {
      now,
      holdoutPercent: choice?.version.strategy.holdoutPercent,
      offerArms: choice?.version.strategy.offerArms,
      holdsForSendTime: holdsForSendTime(choice),
    });
    const outcome =
      decision.status === ENROLLMENT_STATUS.SKIPPED ? `SKIPPED_${decision.reason}` : decision.status;
    try {
      await prisma.$transaction(async (tx) => {
        const enrollment = await tx.enrollment.create({
          data: {
            shop: context.shop,
            checkoutId: checkout.id,
            emailHash: checkout.emailHash,
            enrolledAt: now,
            ...enrollmentFields(decision, choice, checkout.shopifyUpdatedAt, now),
          },
          select: { id: true },
        });
        await recordEvent(tx, {
          shop: context.shop,
          checkoutId: checkout.id,
          enrollmentId: enrollment.id,
          at: now,
          ...eventFor(decision, choice),
        });
        // Flow's "Checkout abandoned" is for sequences that start; the holdout must stay untouched by
        // merchants' own automations, or it would no longer measure what no email does.
        if (decision.status === ENROLLMENT_STATUS.ACTIVE)
          await queueFlowTrigger(tx, context.shop, {
            handle: FLOW_TRIGGERS.CHECKOUT_ABANDONED,
            checkoutId: checkout.id,
            payload: checkoutAbandonedPayload(checkout),
            now,
          });
      });
      if (decision.status === ENROLLMENT_STATUS.ACTIVE && checkout.emailHash)
        startedInBatch.add(checkout.emailHash);
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
      counts.ALREADY_DECIDED = (counts.ALREADY_DECIDED ?? 0) + 1;
    }
  }
  return counts;
}
