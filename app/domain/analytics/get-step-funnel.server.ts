import { prisma, Prisma } from "~/db.server";
import { assertPeriod, type Period } from "./period";
import { rateOf } from "./statistics";
import { toNumber } from "./sql.server";

/**
 * Per step of the sequence, for the emails sent in the period (RecoverySend SENT, sentAt in [from, to)):
 *   sent      = those emails;
 *   clicked   = of them, the ones with a first click;
 *   recovered = of them, the ones that get the credit for a recovery by email: the enrolment was recovered
 *               by email (recoveredByEmail), and this email was the last one sent to it before the order. The
 *               order is counted once, at the step that last reached the shopper (the email the attribution
 *               window ran from), never at two steps;
 *   revenueMinor = the credited orders' totals, shop currency.
 * Rates are per email sent.
 */

export interface StepFunnelRow {
  step: number;
  sent: number;
  clicked: number;
  recovered: number;
  revenueMinor: number;
  clickRate: number | null;
  recoveryRate: number | null;
}

interface FunnelRow {
  step: unknown;
  sent: unknown;
  clicked: unknown;
  recovered: unknown;
  revenue: unknown;
}

export async function getStepFunnel(shop: string, period: Period): Promise<StepFunnelRow[]> {
  assertPeriod(period);
  // One pass over the period's sends (index shop, sentAt), each joined to its enrolment by primary key; the
  // "no later email before the order" check reads the enrolment's sends by (enrollmentId, step).
  const rows = await prisma.$queryRaw<FunnelRow[]>(Prisma.sql`
    SELECT "step", COUNT(*) AS "sent", SUM("clicked") AS "clicked", SUM("credited") AS "recovered",
      SUM(CASE WHEN "credited" = 1 THEN "revenue" ELSE 0 END) AS "revenue"
    FROM (
      SELECT s."step" AS "step",
        CASE WHEN s."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END AS "clicked",
        CASE WHEN e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt" AND NOT EXISTS (
          SELECT 1 FROM "RecoverySend" later
          WHERE later."enrollmentId" = s."enrollmentId" AND later."status" = 'SENT'
            AND later."sentAt" > s."sentAt" AND later."sentAt" < e."recoveredAt"
        ) THEN 1 ELSE 0 END AS "credited",
        COALESCE(e."recoveredMinor", 0) AS "revenue"
      FROM "RecoverySend" s
      LEFT JOIN "Enrollment" e ON e."id" = s."enrollmentId" AND e."shop" = s."shop"
      WHERE s."shop" = ${shop} AND s."status" = 'SENT'
        AND s."sentAt" >= ${period.from} AND s."sentAt" < ${period.to}
    ) sends
    GROUP BY "step"
    ORDER BY "step"`);
  return rows.map((row) =>
    toStepFunnelRow({
      step: toNumber(row.step),
      sent: toNumber(row.sent),
      clicked: toNumber(row.clicked),
      recovered: toNumber(row.recovered),
      revenueMinor: toNumber(row.revenue),
    }),
  );
}

/** A step's row with its rates, from its counts. */
export function toStepFunnelRow(counts: Omit<StepFunnelRow, "clickRate" | "recoveryRate">): StepFunnelRow {
  return {
    ...counts,
    clickRate: rateOf({ successes: counts.clicked, trials: counts.sent }),
    recoveryRate: rateOf({ successes: counts.recovered, trials: counts.sent }),
  };
}
