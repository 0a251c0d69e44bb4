import { prisma } from "~/db.server";
import { claimStep, SEND_STATUS } from "./claim-step.server";
import { ENROLLMENT_STATUS, type SkipReason } from "~/domain/outcomes";
import { loadEnrollmentSequences } from "./enrollment-sequence.server";
import { repairEnrollment } from "./record-step-outcome.server";
import { PRE_SEND_CHECKOUT_SELECT } from "./load-send-facts.server";
import { checkBeforeSending, sendClaimedStep, type SendStepResult } from "./send-claimed-step.server";
import { loadShopContext } from "./shop-context.server";
import type { MessageChannel } from "~/domain/messages";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { logger as rootLogger, type Logger } from "~/lib/logger.server";
import { formatShopTime, notActiveWhy, type SendNextStepOutcome } from "~/domain/checkouts";
import { checkoutNotFound } from "./stop-sequence.server";

export interface SendNowDependencies {
  now: Date;
  /** The app's mailer (getMailer()); tests pass a recording one. */
  mailer: MessageChannel;
  /** The merchant's Admin API (AdminContext.graphql), for the step's discount codes. */
  graphql: AdminGraphql;
  /** The app's public URL, for the tracked link. */
  appUrl: string;
  log?: Logger;
}

/**
 * "Send the next step now" on a checkout's page. The step goes through the engine's own path, so it is
 * recorded like any scheduled send: the step is made due now, claimed (at most one send per step, whoever
 * else is ticking), checked, composed with its offer and handed to the mailer with the step's idempotency key.
 *
 * The merchant's explicit "now" waives the two waits that only pick a polite moment: quiet hours and the
 * minimum gap between two recovery emails to one address. It never waives what protects the shopper or the
 * sender: an uninstalled app, paused sending, an order or completion, a deleted or erased checkout, an
 * unsubscribe, a bounce or complaint, missing consent, the blocklist, the maximum age. Those are checked before
 * anything changes, so a refusal leaves the sequence as it was; the engine checks them again after the claim,
 * and if something changed in between it stops the sequence, as the scheduled send would have.
 *
 * Only an ACTIVE sequence with a step left can send: a holdout checkout never gets email (it is the
 * comparison group), and a stopped or finished one stays so.
 */
export async function sendNextStepNow(
  shop: string,
  checkoutId: string,
  deps: SendNowDependencies,
): Promise<SendNextStepOutcome> {
  const { now } = deps;
  const checkout = await prisma.checkout.findFirst({
    where: { id: checkoutId, shop },
    select: {
      ...PRE_SEND_CHECKOUT_SELECT,
      enrollment: {
        select: {
          id: true,
          status: true,
          reason: true,
          nextStep: true,
          emailHash: true,
          anchorAt: true,
          sequenceVersionId: true,
        },
      },
    },
  });
  if (!checkout) throw checkoutNotFound();
  const enrollment = checkout.enrollment;
  const why = notActiveWhy(enrollment);
  if (why || !enrollment || enrollment.nextStep === null)
    return { outcome: "NOT_ACTIVE", why: why ?? "FINISHED", reason: enrollment?.reason ?? null };
  const step = enrollment.nextStep;
  const context = await loadShopContext(shop);
  if (!context) throw checkoutNotFound();
  const log = (deps.log ?? rootLogger).child({ shop, checkoutId: checkout.id, step, unit: "send-now" });

  const check = await checkBeforeSending(context, checkout, { now, isMerchantRequest: true });
  if (check.action === "STOP") {
    log.info({ reason: check.reason }, "send now refused by the pre-send check");
    return { outcome: "REFUSED", step, reason: check.reason };
  }
  // Paused sending holds the merchant's own request too: they resume first.
  if (check.action === "DEFER" && check.outcome === "DEFERRED_PAUSED")
    return { outcome: "REFUSED", step, reason: "SENDING_PAUSED" };

  // Due now: the enrolment, and the step's pending retry if it has one (the merchant's "now" is that retry;
  // the attempt still counts towards the limit).
  const moved = await prisma.$transaction(async (tx) => {
    const { count } = await tx.enrollment.updateMany({
      where: { id: enrollment.id, shop, status: ENROLLMENT_STATUS.ACTIVE, nextStep: step },
      data: { dueAt: now },
    });
    if (count === 1)
      await tx.recoverySend.updateMany({
        where: { shop, enrollmentId: enrollment.id, step, status: SEND_STATUS.RETRY },
        data: { nextAttemptAt: now },
      });
    return count === 1;
  });
  if (!moved) {
    // A tick or an order got there between our read and this write.
    const current = await prisma.enrollment.findUniqueOrThrow({
      where: { id: enrollment.id },
      select: { status: true, reason: true },
    });
    const whyNow = notActiveWhy(current);
    return whyNow
      ? { outcome: "NOT_ACTIVE", why: whyNow, reason: current.reason }
      : { outcome: "ALREADY_DONE", step };
  }

  const claimed = await claimStep(
    {
      id: enrollment.id,
      shop,
      checkoutId: checkout.id,
      emailHash: enrollment.emailHash,
      nextStep: step,
    },
    { now },
  );
  if (!claimed.claimed) {
    if (claimed.why !== "ALREADY_DONE") return { outcome: "BUSY", step };
    const sequenceOf = await loadEnrollmentSequences(context, [enrollment.sequenceVersionId]);
    await repairEnrollment(enrollment.id, {
      step,
      steps: sequenceOf(enrollment.sequenceVersionId).steps,
      anchorAt: enrollment.anchorAt,
    });
    return { outcome: "ALREADY_DONE", step };
  }

  // An unexpected error leaves the claim in place: its lease lapses and the tick retries the step with the
  // same idempotency key, so the shopper still gets at most one email for it.
  const result = await sendClaimedStep(claimed.claim, context, {
    now,
    mailer: deps.mailer,
    adminFor: async () => deps.graphql,
    appUrl: deps.appUrl,
    log,
    isMerchantRequest: true,
  });
  log.info({ result }, "merchant sent a step now");
  return outcomeOf(
    result,
    { step, sendId: claimed.claim.sendId, enrollmentId: enrollment.id },
    context.timezone,
  );
}

async function outcomeOf(
  result: SendStepResult,
  { step, sendId, enrollmentId }: { step: number; sendId: string; enrollmentId: string },
  timeZone: string,
): Promise<SendNextStepOutcome> {
  if (result === "SENT") return { outcome: "SENT", step };
  if (result === "LEASE_LOST") return { outcome: "BUSY", step };
  if (result.startsWith("STOPPED_"))
    return { outcome: "STOPPED", step, reason: result.slice("STOPPED_".length) as SkipReason };
  if (result === "DEFERRED_QUIET_HOURS" || result === "DEFERRED_FREQUENCY") {
    const due = await prisma.enrollment.findUnique({ where: { id: enrollmentId }, select: { dueAt: true } });
    return { outcome: "DEFERRED", step, untilLabel: due?.dueAt ? formatShopTime(due.dueAt, timeZone) : null };
  }
  const send = await prisma.recoverySend.findUnique({
    where: { id: sendId },
    select: { reason: true, nextAttemptAt: true },
  });
  const reason = send?.reason ?? null;
  if (result === "SENT_WITHOUT_OFFER") return { outcome: "SENT_WITHOUT_OFFER", step, reason };
  if (result === "RETRYING")
    return {
      outcome: "RETRYING",
      step,
      reason,
      nextAttemptLabel: send?.nextAttemptAt ? formatShopTime(send.nextAttemptAt, timeZone) : null,
    };
  return { outcome: "FAILED", step, reason };
}
