import { prisma, Prisma } from "~/db.server";
import { assertPeriod, type Period } from "./period";
import { rateOf } from "./statistics";
import { toNumber } from "./sql.server";

/**
 * Per step of the sequence:
 *   sent      = the emails sent in the period (RecoverySend SENT, sentAt in [from, to));
 *   clicked   = of them, the ones with a first click;
 *   recovered = the orders recovered by email placed in the period (recoveredAt in [from, to), the same orders as
 *               the dashboard's "Orders recovered by email"), each at the step of the last email sent to the
 *               shopper before the order (the email the attribution window ran from), whenever that email was
 *               sent: the steps add up to the period's recoveries by email, never counting an order twice;
 *   revenueMinor = those orders' totals, shop currency.
 * A step with recoveries but no email in the period has a row with sent 0. Rates are per email sent.
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

interface EmailRow {
  step: unknown;
  sent: unknown;
  clicked: unknown;
}

interface CreditRow {
  step: unknown;
  recovered: unknown;
  revenue: unknown;
}

export interface StepCredits {
  step: number;
  recovered: number;
  revenueMinor: number;
}

export async function getStepFunnel(shop: string, period: Period): Promise<StepFunnelRow[]> {
  assertPeriod(period);
  const [emails, credits] = await Promise.all([
    prisma.$queryRaw<EmailRow[]>(Prisma.sql`
      SELECT "step", COUNT(*) AS "sent",
        SUM(CASE WHEN "firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "clicked"
      FROM "RecoverySend"
      WHERE "shop" = ${shop} AND "status" = 'SENT' AND "sentAt" >= ${period.from} AND "sentAt" < ${period.to}
      GROUP BY "step"`),
    // The period's recoveries by email (index shop, recoveredAt), each joined to the one email sent last
    // before its order; the "no later email before the order" check reads the enrolment's sends. The sends are
    // found by their enrolment alone (an enrolment's sends are its shop's): with the shop in the join as well,
    // SQLite read them through (shop, status, sentAt), every email of the shop before each order, and took
    // 174 s at 100,000 checkouts instead of 25 ms.
    prisma.$queryRaw<CreditRow[]>(Prisma.sql`
      SELECT s."step" AS "step", COUNT(*) AS "recovered", SUM(COALESCE(e."recoveredMinor", 0)) AS "revenue"
      FROM "Enrollment" e
      JOIN "RecoverySend" s ON s."enrollmentId" = e."id"
      WHERE e."shop" = ${shop} AND e."recoveredByEmail" = TRUE AND e."recoveredOrderId" IS NOT NULL
        AND e."recoveredAt" >= ${period.from} AND e."recoveredAt" < ${period.to}
        AND s."status" = 'SENT' AND s."sentAt" < e."recoveredAt"
        AND NOT EXISTS (
          SELECT 1 FROM "RecoverySend" later
          WHERE later."enrollmentId" = s."enrollmentId" AND later."status" = 'SENT'
            AND later."sentAt" > s."sentAt" AND later."sentAt" < e."recoveredAt"
        )
      GROUP BY s."step"`),
  ]);
  return joinSteps(
    emails.map((row) => ({
      step: toNumber(row.step),
      sent: toNumber(row.sent),
      clicked: toNumber(row.clicked),
    })),
    credits.map((row) => ({
      step: toNumber(row.step),
      recovered: toNumber(row.recovered),
      revenueMinor: toNumber(row.revenue),
    })),
  );
}

/** Each step's emails and credited recoveries in one row, by step; a step with neither has no row. */
export function joinSteps(
  emails: readonly { step: number; sent: number; clicked: number }[],
  credits: readonly StepCredits[],
): StepFunnelRow[] {
  const steps = [...new Set([...emails, ...credits].map((row) => row.step))].sort((a, b) => a - b);
  return steps
    .map((step) => {
      const email = emails.find((row) => row.step === step);
      const credit = credits.find((row) => row.step === step);
      return toStepFunnelRow({
        step,
        sent: email?.sent ?? 0,
        clicked: email?.clicked ?? 0,
        recovered: credit?.recovered ?? 0,
        revenueMinor: credit?.revenueMinor ?? 0,
      });
    })
    .filter((row) => row.sent > 0 || row.recovered > 0);
}

/** A step's row with its rates, from its counts. */
export function toStepFunnelRow(counts: Omit<StepFunnelRow, "clickRate" | "recoveryRate">): StepFunnelRow {
  return {
    ...counts,
    clickRate: rateOf({ successes: counts.clicked, trials: counts.sent }),
    recoveryRate: rateOf({ successes: counts.recovered, trials: counts.sent }),
  };
}
