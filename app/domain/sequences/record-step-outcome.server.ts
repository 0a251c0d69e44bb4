import { prisma, Prisma, type DbTransaction } from "~/db.server";
import type { MarginCut } from "~/domain/discounts";
import { createGroupCommit } from "~/lib/group-commit.server";
import type { ContentVariant, EmailTemplate } from "~/domain/messages";
import type { SequenceStep } from "~/domain/shops";
import { SEND_STATUS, type StepClaim } from "./claim-step.server";
import { ENROLLMENT_STATUS, type SkipReason, type StepOutcome } from "~/domain/outcomes";
import { recordEvent } from "./record-event.server";

/**
 * How a claimed step ends. Each write is conditional on the claim token: a worker whose lease lapsed (and was
 * taken over) records nothing, so exactly one outcome is recorded per step.
 */

const MINUTE_MS = 60_000;
export type RecordResult = "RECORDED" | "LEASE_LOST";

/** Attempts before a retryable failure becomes permanent, and the wait before each retry. */
export const MAX_SEND_ATTEMPTS = 6;
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 60 * 60_000];

export function retryDelayMs(attempts: number, retryAfterMs = 0): number {
  return Math.max(
    retryAfterMs,
    RETRY_DELAYS_MS[Math.min(attempts - 1, RETRY_DELAYS_MS.length - 1)] as number,
  );
}

const held = (claim: StepClaim) => ({
  id: claim.sendId,
  claimToken: claim.token,
  status: SEND_STATUS.CLAIMED,
});

export interface SentDetails {
  now: Date;
  /** The enrolment's own sequence (its pinned version): where it goes after this step. */
  steps: readonly SequenceStep[];
  anchorAt: Date;
  outcome: Extract<StepOutcome, "SENT" | "SENT_WITHOUT_OFFER">;
  reason: string | null;
  subject: string;
  subjectVariant: ContentVariant | null;
  /** The content experiment the send counts in (content-variants.ts), null when none or once decided. */
  experimentKey?: string | null;
  template?: EmailTemplate | null;
  hasOffer: boolean;
  providerMessageId: string | null;
  /** The margin floor lowered (or removed) this step's offer: told on the timeline with the send. */
  marginCut?: MarginCut | null;
}

export type RecordSent = (claim: StepClaim, details: SentDetails) => Promise<RecordResult>;

/** A delivered step, recorded in its own transaction. */
export const recordSent: RecordSent = (claim, details) =>
  prisma.$transaction((tx) => writeSent(tx, claim, details));

/**
 * A recordSent that writes the steps delivered close together (within `waitMs`, at most `maxGroup`) in one
 * transaction (createGroupCommit): a tick sending hundreds of emails a second spent a seventh of its CPU
 * beginning and committing one transaction per email. Each step's writes stay conditional on its own claim
 * token, and a step whose writes fail is recorded again on its own, so it never loses the others'.
 */
export function createGroupedRecordSent({
  maxGroup = 25,
  waitMs = 1,
  write = writeSent,
}: { maxGroup?: number; waitMs?: number; write?: typeof writeSent } = {}): RecordSent {
  const commit = createGroupCommit({ maxGroup, waitMs });
  return (claim, details) => commit((tx) => write(tx, claim, details));
}

export async function writeSent(
  tx: DbTransaction,
  claim: StepClaim,
  details: SentDetails,
): Promise<RecordResult> {
  const { now, steps } = details;
  const next = steps[claim.step];
  // Plain statements, as this runs for every email: only the claim's holder can mark it sent. A retry told
  // "already sent" has no provider id (null); one learned meanwhile from the email's delivery event is kept.
  const count = await tx.$executeRaw`
    UPDATE "RecoverySend" SET
      "status" = ${SEND_STATUS.SENT}, "outcome" = ${details.outcome}, "reason" = ${details.reason},
      "subject" = ${details.subject}, "subjectVariant" = ${details.subjectVariant},
      "experimentKey" = ${details.experimentKey ?? null}, "template" = ${details.template ?? null},
      "hasOffer" = ${details.hasOffer}, "sentAt" = ${now},
      "providerMessageId" = COALESCE(${details.providerMessageId}, "providerMessageId"),
      "leaseUntil" = NULL, "claimToken" = NULL, "updatedAt" = ${now}
    WHERE "id" = ${claim.sendId} AND "shop" = ${claim.shop} AND "claimToken" = ${claim.token}
      AND "status" = ${SEND_STATUS.CLAIMED}`;
  if (count === 0) return "LEASE_LOST";
  // The counters always move; the sequence moves on only if it is still ACTIVE at this step: an order (or
  // anything else) may have stopped it meanwhile, and then it stays stopped. One statement (the CASEs read
  // the row as it was), as this runs for every email.
  const nextStep = next ? claim.step + 1 : null;
  const dueAt = next ? new Date(details.anchorAt.getTime() + next.delayMinutes * MINUTE_MS) : null;
  const status = next ? ENROLLMENT_STATUS.ACTIVE : ENROLLMENT_STATUS.COMPLETED;
  const movesOn = Prisma.sql`"status" = ${ENROLLMENT_STATUS.ACTIVE} AND "nextStep" = ${claim.step}`;
  await tx.$executeRaw`
    UPDATE "Enrollment" SET
      "stepsSent" = "stepsSent" + 1,
      "lastSentAt" = ${now},
      "firstSentAt" = COALESCE("firstSentAt", ${now}),
      "nextStep" = CASE WHEN ${movesOn} THEN ${nextStep} ELSE "nextStep" END,
      "dueAt" = CASE WHEN ${movesOn} THEN ${dueAt} ELSE "dueAt" END,
      "status" = CASE WHEN ${movesOn} THEN ${status} ELSE "status" END,
      "updatedAt" = ${now}
    WHERE "id" = ${claim.enrollmentId} AND "shop" = ${claim.shop}`;
  if (details.marginCut) {
    const { fromPercent, toPercent, floorPercent, freeShipping } = details.marginCut;
    await recordEvent(tx, {
      shop: claim.shop,
      checkoutId: claim.checkoutId,
      enrollmentId: claim.enrollmentId,
      step: claim.step,
      type: "OFFER_LIMITED_BY_MARGIN",
      data: { fromPercent, toPercent, floorPercent, freeShipping },
      at: now,
    });
  }
  await recordEvent(tx, {
    shop: claim.shop,
    checkoutId: claim.checkoutId,
    enrollmentId: claim.enrollmentId,
    step: claim.step,
    type: "SENT",
    reason: details.outcome === "SENT" ? null : details.reason,
    data: { variant: details.subjectVariant, offer: details.hasOffer },
    at: now,
  });
  if (!next) {
    await recordEvent(tx, {
      shop: claim.shop,
      checkoutId: claim.checkoutId,
      enrollmentId: claim.enrollmentId,
      type: "COMPLETED",
      at: now,
    });
  }
  return "RECORDED";
}

/** Not this step, not any later one: the step is recorded as skipped and the enrolment stopped, with the reason. */
export async function recordStopped(
  claim: StepClaim,
  { now, reason }: { now: Date; reason: SkipReason },
): Promise<RecordResult> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.recoverySend.updateMany({
      where: held(claim),
      data: { status: SEND_STATUS.SKIPPED, outcome: "SKIPPED", reason, leaseUntil: null, claimToken: null },
    });
    if (count === 0) return "LEASE_LOST";
    await tx.enrollment.updateMany({
      where: { id: claim.enrollmentId, status: ENROLLMENT_STATUS.ACTIVE },
      data: { status: ENROLLMENT_STATUS.STOPPED, reason, stoppedAt: now, nextStep: null, dueAt: null },
    });
    await recordEvent(tx, {
      shop: claim.shop,
      checkoutId: claim.checkoutId,
      enrollmentId: claim.enrollmentId,
      step: claim.step,
      type: "STOPPED",
      reason,
      at: now,
    });
    return "RECORDED";
  });
}

/**
 * The step no longer exists (the merchant shortened the sequence after it was claimed): the claim is given up,
 * as the step was never attempted, and the sequence completes with the reason on the timeline.
 */
export async function recordShortened(claim: StepClaim, { now }: { now: Date }): Promise<RecordResult> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.recoverySend.deleteMany({ where: held(claim) });
    if (count === 0) return "LEASE_LOST";
    await tx.enrollment.updateMany({
      where: { id: claim.enrollmentId, status: ENROLLMENT_STATUS.ACTIVE, nextStep: claim.step },
      data: { status: ENROLLMENT_STATUS.COMPLETED, nextStep: null, dueAt: null },
    });
    await recordEvent(tx, {
      shop: claim.shop,
      checkoutId: claim.checkoutId,
      enrollmentId: claim.enrollmentId,
      type: "COMPLETED",
      reason: "SEQUENCE_SHORTENED",
      at: now,
    });
    return "RECORDED";
  });
}

/**
 * Not now: quiet hours, the minimum gap between emails, or the provider's rate limit (a 429 means nothing was
 * sent, so it is no failed attempt of the step). The claim is given up (the step was not attempted, and its
 * attempts start again) and the enrolment is due again when the wait ends.
 */
export async function recordDeferred(
  claim: StepClaim,
  {
    now,
    until,
    outcome,
    data,
  }: {
    now: Date;
    until: Date;
    outcome: Extract<
      StepOutcome,
      | "DEFERRED_QUIET_HOURS"
      | "DEFERRED_FREQUENCY"
      | "DEFERRED_RATE_LIMITED"
      | "DEFERRED_PROVIDER_QUOTA"
      | "DEFERRED_PAUSED"
      | "DEFERRED_REAUTH_REQUIRED"
      | "DEFERRED_SEND_TIME"
    >;
    /** More for the timeline (no personal data), beside `until`. */
    data?: Record<string, string | number>;
  },
): Promise<RecordResult> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.recoverySend.deleteMany({ where: held(claim) });
    if (count === 0) return "LEASE_LOST";
    await tx.enrollment.updateMany({
      where: { id: claim.enrollmentId, status: ENROLLMENT_STATUS.ACTIVE, nextStep: claim.step },
      data: { dueAt: until },
    });
    await recordEvent(tx, {
      shop: claim.shop,
      checkoutId: claim.checkoutId,
      enrollmentId: claim.enrollmentId,
      step: claim.step,
      type: "DEFERRED",
      reason: outcome,
      data: { ...data, until: until.toISOString() },
      at: now,
    });
    return "RECORDED";
  });
}

/**
 * A failure that may pass (provider 429/5xx, a timeout, Admin API throttling): retried with growing waits,
 * honouring Retry-After, up to MAX_SEND_ATTEMPTS; then it is permanent.
 */
export async function recordFailure(
  claim: StepClaim,
  {
    now,
    reason,
    retryable,
    retryAfterMs,
  }: { now: Date; reason: string; retryable: boolean; retryAfterMs?: number },
): Promise<RecordResult> {
  const permanent = !retryable || claim.attempts >= MAX_SEND_ATTEMPTS;
  const nextAttemptAt = new Date(now.getTime() + retryDelayMs(claim.attempts, retryAfterMs));
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.recoverySend.updateMany({
      where: held(claim),
      data: permanent
        ? {
            status: SEND_STATUS.FAILED,
            outcome: "FAILED_PERMANENT",
            reason,
            leaseUntil: null,
            claimToken: null,
          }
        : {
            status: SEND_STATUS.RETRY,
            outcome: "FAILED_RETRYABLE",
            reason,
            nextAttemptAt,
            leaseUntil: null,
            claimToken: null,
          },
    });
    if (count === 0) return "LEASE_LOST";
    await tx.enrollment.updateMany({
      where: { id: claim.enrollmentId, status: ENROLLMENT_STATUS.ACTIVE },
      data: permanent
        ? {
            status: ENROLLMENT_STATUS.STOPPED,
            reason: "SEND_FAILED",
            stoppedAt: now,
            nextStep: null,
            dueAt: null,
          }
        : { dueAt: nextAttemptAt },
    });
    await recordEvent(tx, {
      shop: claim.shop,
      checkoutId: claim.checkoutId,
      enrollmentId: claim.enrollmentId,
      step: claim.step,
      type: permanent ? "FAILED" : "RETRY",
      reason,
      data: permanent
        ? { attempts: claim.attempts }
        : { attempts: claim.attempts, nextAttemptAt: nextAttemptAt.toISOString() },
      at: now,
    });
    return "RECORDED";
  });
}

/**
 * A step finished but its enrolment did not move on (the worker stopped between the two writes, which share a
 * transaction, so this only follows manual edits or a crash in older data): move it on without resending.
 */
export async function repairEnrollment(
  enrollmentId: string,
  { step, steps, anchorAt }: { step: number; steps: readonly SequenceStep[]; anchorAt: Date },
) {
  const next = steps[step];
  await prisma.enrollment.updateMany({
    where: { id: enrollmentId, status: ENROLLMENT_STATUS.ACTIVE, nextStep: step },
    data: next
      ? { nextStep: step + 1, dueAt: new Date(anchorAt.getTime() + next.delayMinutes * MINUTE_MS) }
      : { nextStep: null, dueAt: null, status: ENROLLMENT_STATUS.COMPLETED },
  });
}
