import crypto from "node:crypto";
import { prisma } from "~/db.server";

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

export interface StepClaim {
  sendId: string;
  token: string;
  shop: string;
  enrollmentId: string;
  checkoutId: string;
  step: number;
  attempts: number;
  idempotencyKey: string;
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
  | { claimed: false; why: "HELD_ELSEWHERE" | "NOT_DUE_YET" | "ALREADY_DONE"; doneStatus?: string };

export async function claimStep(
  enrollment: DueEnrollment,
  { now, leaseMs = DEFAULT_LEASE_MS }: { now: Date; leaseMs?: number },
): Promise<ClaimResult> {
  const { shop, checkoutId, nextStep: step } = enrollment;
  const token = crypto.randomUUID();
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const idempotencyKey = idempotencyKeyFor(shop, checkoutId, step);
  const inserted = await prisma.$executeRaw`
    INSERT INTO "RecoverySend" (
      "id", "shop", "enrollmentId", "checkoutId", "step", "emailHash", "status", "claimToken", "leaseUntil",
      "attempts", "idempotencyKey", "hasOffer", "clickCount", "createdAt", "updatedAt"
    ) VALUES (
      ${crypto.randomUUID()}, ${shop}, ${enrollment.id}, ${checkoutId}, ${step}, ${enrollment.emailHash},
      ${SEND_STATUS.CLAIMED}, ${token}, ${leaseUntil}, 1, ${idempotencyKey}, false, 0, ${now}, ${now}
    )
    ON CONFLICT ("enrollmentId", "step") DO NOTHING`;
  const existing = await prisma.recoverySend.findUniqueOrThrow({
    where: { enrollmentId_step: { enrollmentId: enrollment.id, step } },
    select: {
      id: true,
      status: true,
      claimToken: true,
      leaseUntil: true,
      nextAttemptAt: true,
      attempts: true,
    },
  });
  const claim = (attempts: number): ClaimResult => ({
    claimed: true,
    claim: {
      sendId: existing.id,
      token,
      shop,
      enrollmentId: enrollment.id,
      checkoutId,
      step,
      attempts,
      idempotencyKey,
    },
  });
  if (inserted === 1 && existing.claimToken === token) return claim(1);

  if (existing.status === SEND_STATUS.CLAIMED) {
    // A lapsed lease: the worker that held it stopped without recording an outcome.
    const { count } = await prisma.recoverySend.updateMany({
      where: { id: existing.id, status: SEND_STATUS.CLAIMED, leaseUntil: { lt: now } },
      data: { claimToken: token, leaseUntil, attempts: { increment: 1 } },
    });
    return count === 1 ? claim(existing.attempts + 1) : { claimed: false, why: "HELD_ELSEWHERE" };
  }
  if (existing.status === SEND_STATUS.RETRY) {
    const { count } = await prisma.recoverySend.updateMany({
      where: { id: existing.id, status: SEND_STATUS.RETRY, nextAttemptAt: { lte: now } },
      data: { status: SEND_STATUS.CLAIMED, claimToken: token, leaseUntil, attempts: { increment: 1 } },
    });
    return count === 1 ? claim(existing.attempts + 1) : { claimed: false, why: "NOT_DUE_YET" };
  }
  return { claimed: false, why: "ALREADY_DONE", doneStatus: existing.status };
}
