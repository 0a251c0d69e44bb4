import { prisma } from "~/db.server";
import { endCheckoutsAlreadyOrdered, hasEndingOrder } from "~/domain/checkouts";
import type { StepClaim } from "./claim-step.server";
import { ENROLLMENT_STATUS, type SkipReason } from "~/domain/outcomes";

/**
 * The last word before the provider is asked: the facts that forbid an email, read again for this one step.
 * A batch reads its steps' facts once and then spends seconds or minutes on discount codes, AI copy and the
 * provider; an order, an unsubscribe or an erasure that lands meanwhile must still stop the email. One
 * statement per email: the checkout's state, its enrolment, the address's suppression and consent, and any
 * order that ends the checkout (which may have arrived before the checkout's own webhook).
 */

interface DeliveryFacts {
  orderedAt: Date | null;
  completedAt: Date | null;
  pixelCompletedAt: Date | null;
  deletedAt: Date | null;
  redactedAt: Date | null;
  enrollmentStatus: string | null;
  enrollmentReason: string | null;
  nextStep: number | null;
  suppression: string | null;
  optedOut: number | bigint;
  ordered: number | bigint;
}

/** Why the step must not go out now, or null when nothing changed that forbids it. */
export async function recheckBeforeDelivery(claim: StepClaim): Promise<SkipReason | null> {
  const [facts] = await prisma.$queryRaw<DeliveryFacts[]>`
    SELECT "Checkout"."orderedAt", "Checkout"."completedAt", "Checkout"."pixelCompletedAt",
      "Checkout"."deletedAt", "Checkout"."redactedAt",
      e."status" AS "enrollmentStatus", e."reason" AS "enrollmentReason", e."nextStep",
      s."reason" AS "suppression",
      CASE WHEN m."state" = 'UNSUBSCRIBED'
        AND (m."consentUpdatedAt" >= "Checkout"."shopifyUpdatedAt" OR "Checkout"."acceptsMarketing" = false)
        THEN 1 ELSE 0 END AS "optedOut",
      CASE WHEN ${hasEndingOrder} THEN 1 ELSE 0 END AS "ordered"
    FROM "Checkout"
    LEFT JOIN "Enrollment" e ON e."id" = ${claim.enrollmentId} AND e."shop" = "Checkout"."shop"
    LEFT JOIN "Suppression" s ON s."shop" = "Checkout"."shop" AND s."emailHash" = "Checkout"."emailHash"
    LEFT JOIN "MarketingConsent" m ON m."shop" = "Checkout"."shop" AND m."emailHash" = "Checkout"."emailHash"
    WHERE "Checkout"."id" = ${claim.checkoutId} AND "Checkout"."shop" = ${claim.shop}`;
  if (!facts) return "DELETED";
  const reason = deliveryStopReason(facts, claim.step);
  if (reason === "ORDERED" && !facts.orderedAt)
    await endCheckoutsAlreadyOrdered(prisma, claim.shop, { ids: [claim.checkoutId] });
  return reason;
}

function deliveryStopReason(facts: DeliveryFacts, step: number): SkipReason | null {
  if (facts.redactedAt) return "REDACTED";
  if (facts.orderedAt || Number(facts.ordered) === 1) return "ORDERED";
  if (facts.completedAt || facts.pixelCompletedAt) return "COMPLETED";
  if (facts.deletedAt) return "DELETED";
  if (facts.suppression === "UNSUBSCRIBED" || Number(facts.optedOut) === 1) return "UNSUBSCRIBED";
  if (facts.suppression) return "SUPPRESSED";
  // Stopped meanwhile (by the merchant, an order, a redaction), or moved past this step.
  if (facts.enrollmentStatus !== ENROLLMENT_STATUS.ACTIVE || facts.nextStep !== step) {
    if (facts.enrollmentReason) return facts.enrollmentReason as SkipReason;
    return facts.enrollmentStatus === ENROLLMENT_STATUS.COMPLETED
      ? "SEQUENCE_SHORTENED"
      : "STOPPED_BY_MERCHANT";
  }
  return null;
}
