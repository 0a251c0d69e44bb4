import crypto from "node:crypto";
import { prisma, Prisma, type DbTransaction } from "~/db.server";
import { ENROLLMENT_STATUS } from "~/domain/outcomes";
import { recordEvent } from "./record-event.server";

/**
 * Claiming a due step is what makes each (enrolment, step) go out at most once. The claim is a RecoverySend
 * row, unique per (enrolment, step), inserted with ON CONFLICT DO NOTHING: of several ticks only one inserts
 * it. It carries a lease; if its worker dies before recording an outcome, another tick takes it over once the
 * lease has lapsed, and sends with the same idempotency key, so the provider still delivers one email.
 */

export const SEND_STATUS = {
  CLAIMED: "CLAIMED",
  SENT: "SENT",
  SKIPPED: "SKIPPED",
  RETRY: "RETRY",
  FAILED: "FAILED",
} as const;

export const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * A step whose worker keeps stopping without an outcome (it throws, or the process dies) is taken over at most
 * this many times in all, then given up: FAILED, with the reason on the timeline.
 */
export const MAX_CLAIM_ATTEMPTS = 6;

/**
 * Nor is it taken over once this long has passed since it was first claimed: the provider keeps an idempotency
 * key for 24 hours (Resend), and an email it accepted before the worker stopped would be sent again after that.
 */
export const TAKEOVER_WINDOW_MS = 23 * 60 * 60_000;

export interface StepClaim {
  sendId: string;
  token: string;
  shop: string;
  enrollmentId: string;
  checkoutId: string;
  step: number;
  attempts: number;
  idempotencyKey: string;
  /**
   * The provider batch an earlier attempt handed this step to (a worker that stopped, an answer that never came):
   * it goes again only with that batch's steps, under its key.
   */
  batchKey: string | null;
}

export interface DueEnrollment {
  id: string;
  shop: string;
  checkoutId: string;
  emailHash: string | null;
  nextStep: number;
}

export function idempotencyKeyFor(shop: string, checkoutId: string, step: number): string {
  return `cartback:${shop}:${checkoutId}:step-${step}`;
}

export type ClaimResult =
  | { claimed: true; claim: StepClaim }
  | {
      claimed: false;
      why: "HELD_ELSEWHERE" | "NOT_DUE_YET" | "ALREADY_DONE" | "GAVE_UP";
      doneStatus?: string;
    };

/** A claim is made with ON CONFLICT DO NOTHING; at most this many rows go in one INSERT. */
const CLAIM_INSERT_ROWS = 100;

/**
 * Claims the due steps of several enrolments at once: one multi-row insert and one read for the batch, not
 * two statements per step. Each result is what claimStep would have answered for that enrolment. Given `tx`,
 * all of it happens in that transaction (claim-due-steps.server.ts, which holds the enrolments' row locks).
 */
export async function claimSteps(
  enrollments: DueEnrollment[],
  { now, leaseMs = DEFAULT_LEASE_MS, tx }: { now: Date; leaseMs?: number; tx?: DbTransaction },
): Promise<ClaimResult[]> {
  const db = tx ?? prisma;
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const attempts = enrollments.map((enrollment) => ({
    enrollment,
    token: crypto.randomUUID(),
    idempotencyKey: idempotencyKeyFor(enrollment.shop, enrollment.checkoutId, enrollment.nextStep),
  }));
  // In one order everywhere: two workers inserting overlapping batches on PostgreSQL each wait for the
  // other's conflicting rows, which would deadlock if they met them in opposite orders.
  const inserts = [...attempts].sort((a, b) => (a.enrollment.id < b.enrollment.id ? -1 : 1));
  for (let start = 0; start < inserts.length; start += CLAIM_INSERT_ROWS) {
    const rows = inserts.slice(start, start + CLAIM_INSERT_ROWS).map(
      ({ enrollment, token, idempotencyKey }) => Prisma.sql`(
        ${crypto.randomUUID()}, ${enrollment.shop}, ${enrollment.id}, ${enrollment.checkoutId},
        ${enrollment.nextStep}, ${enrollment.emailHash}, ${SEND_STATUS.CLAIMED}, ${token}, ${leaseUntil}, 1,
        ${idempotencyKey}, false, 0, ${now}, ${now}
      )`,
    );
    await db.$executeRaw`
      INSERT INTO "RecoverySend" (
        "id", "shop", "enrollmentId", "checkoutId", "step", "emailHash", "status", "claimToken", "leaseUntil",
        "attempts", "idempotencyKey", "hasOffer", "clickCount", "createdAt", "updatedAt"
      ) VALUES ${Prisma.join(rows)}
      ON CONFLICT ("enrollmentId", "step") DO NOTHING`;
  }
  const existing = attempts.length
    ? await db.recoverySend.findMany({
        // By the (enrollmentId, step) key, then each row checked against its enrolment's shop below: with
        // the shop in the query, SQLite walked the shop's (shop, checkoutId) index over all its sends.
        where: { enrollmentId: { in: attempts.map(({ enrollment }) => enrollment.id) } },
        select: {
          shop: true,
          id: true,
          enrollmentId: true,
          step: true,
          status: true,
          claimToken: true,
          leaseUntil: true,
          nextAttemptAt: true,
          attempts: true,
          createdAt: true,
          batchKey: true,
        },
      })
    : [];
  const rowOf = new Map(existing.map((row) => [`${row.shop}:${row.enrollmentId}:${row.step}`, row]));
  return Promise.all(
    attempts.map((attempt) =>
      settleClaim(
        attempt,
        rowOf.get(`${attempt.enrollment.shop}:${attempt.enrollment.id}:${attempt.enrollment.nextStep}`),
        { now, leaseUntil, tx },
      ),
    ),
  );
}

export async function claimStep(
  enrollment: DueEnrollment,
  options: { now: Date; leaseMs?: number },
): Promise<ClaimResult> {
  const [result] = await claimSteps([enrollment], options);
  return result as ClaimResult;
}

interface ExistingSend {
  id: string;
  status: string;
  claimToken: string | null;
  leaseUntil: Date | null;
  nextAttemptAt: Date | null;
  attempts: number;
  createdAt: Date;
  batchKey: string | null;
}

/**
 * A lapsed claim given up rather than taken over again: the step FAILED (not sent: it may have been, once, and
 * sending it again could be a second email), the sequence stopped, both on the timeline. Conditional on the
 * lapsed claim, so one worker does it. In the claim's transaction when it has one, else in its own.
 */
function giveUp(
  enrollment: DueEnrollment,
  existing: ExistingSend,
  reason: string,
  { now, tx }: { now: Date; tx?: DbTransaction },
): Promise<ClaimResult> {
  return tx
    ? recordGivenUp(tx, enrollment, existing, reason, now)
    : prisma.$transaction((own) => recordGivenUp(own, enrollment, existing, reason, now));
}

async function recordGivenUp(
  tx: DbTransaction,
  enrollment: DueEnrollment,
  existing: ExistingSend,
  reason: string,
  now: Date,
): Promise<ClaimResult> {
  const { count } = await tx.recoverySend.updateMany({
    where: {
      id: existing.id,
      status: SEND_STATUS.CLAIMED,
      claimToken: existing.claimToken,
      leaseUntil: { lt: now },
    },
    data: {
      status: SEND_STATUS.FAILED,
      outcome: "FAILED_PERMANENT",
      reason,
      claimToken: null,
      leaseUntil: null,
    },
  });
  if (count !== 1) return { claimed: false, why: "HELD_ELSEWHERE" };
  await tx.enrollment.updateMany({
    where: { id: enrollment.id, shop: enrollment.shop, status: ENROLLMENT_STATUS.ACTIVE },
    data: {
      status: ENROLLMENT_STATUS.STOPPED,
      reason: "SEND_FAILED",
      stoppedAt: now,
      nextStep: null,
      dueAt: null,
    },
  });
  await recordEvent(tx, {
    shop: enrollment.shop,
    checkoutId: enrollment.checkoutId,
    enrollmentId: enrollment.id,
    step: enrollment.nextStep,
    type: "FAILED",
    reason,
    data: { attempts: existing.attempts },
    at: now,
  });
  return { claimed: false, why: "GAVE_UP" };
}

/** Ours when our insert made the row; otherwise a lapsed lease or a due retry may be taken over. */
async function settleClaim(
  { enrollment, token, idempotencyKey }: { enrollment: DueEnrollment; token: string; idempotencyKey: string },
  existing: ExistingSend | undefined,
  { now, leaseUntil, tx }: { now: Date; leaseUntil: Date; tx?: DbTransaction },
): Promise<ClaimResult> {
  const db = tx ?? prisma;
  // Gone between the insert and the read: a deferral by another worker gave the step up; it is due later.
  if (!existing) return { claimed: false, why: "HELD_ELSEWHERE" };
  const claim = (attempts: number): ClaimResult => ({
    claimed: true,
    claim: {
      sendId: existing.id,
      token,
      shop: enrollment.shop,
      enrollmentId: enrollment.id,
      checkoutId: enrollment.checkoutId,
      step: enrollment.nextStep,
      attempts,
      idempotencyKey,
      batchKey: existing.batchKey,
    },
  });
  // Tokens are random: only this insert can have written this one.
  if (existing.claimToken === token) return claim(1);

  if (existing.status === SEND_STATUS.CLAIMED) {
    // A lapsed lease: the worker that held it stopped without recording an outcome.
    if (!existing.leaseUntil || existing.leaseUntil >= now) return { claimed: false, why: "HELD_ELSEWHERE" };
    const giveUpReason =
      existing.attempts >= MAX_CLAIM_ATTEMPTS
        ? `the step stopped ${existing.attempts} times without an outcome`
        : now.getTime() - existing.createdAt.getTime() > TAKEOVER_WINDOW_MS
          ? "the step had no outcome 23 hours after it was first tried, past the provider's idempotency window"
          : null;
    if (giveUpReason) return giveUp(enrollment, existing, giveUpReason, { now, tx });
    const { count } = await db.recoverySend.updateMany({
      where: { id: existing.id, status: SEND_STATUS.CLAIMED, leaseUntil: { lt: now } },
      data: { claimToken: token, leaseUntil, attempts: { increment: 1 } },
    });
    return count === 1 ? claim(existing.attempts + 1) : { claimed: false, why: "HELD_ELSEWHERE" };
  }
  if (existing.status === SEND_STATUS.RETRY) {
    const { count } = await db.recoverySend.updateMany({
      where: { id: existing.id, status: SEND_STATUS.RETRY, nextAttemptAt: { lte: now } },
      data: { status: SEND_STATUS.CLAIMED, claimToken: token, leaseUntil, attempts: { increment: 1 } },
    });
    return count === 1 ? claim(existing.attempts + 1) : { claimed: false, why: "NOT_DUE_YET" };
  }
  return { claimed: false, why: "ALREADY_DONE", doneStatus: existing.status };
}
