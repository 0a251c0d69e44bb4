import { prisma, Prisma } from "~/db.server";
import { assertPeriod, type Period } from "./period";
import { rateOf } from "./statistics";
import { judgeSubjectTest, type SubjectTestVerdict, type VariantCounts } from "./subject-test";
import { toNumber } from "./sql.server";

/**
 * The A/B tests of subject lines, per step that sent both (or either) of its subjects in the period:
 *   sends      = emails of that step and subject with status SENT and sentAt in [from, to);
 *   clicks     = of them, the ones with a first click;
 *   recoveries = of them, the ones whose checkout was then recovered by email (an order after this email,
 *                credited to email), whichever later step was the last before the order: the subject is
 *                judged on the shoppers it reached, and later steps are the same for both subjects.
 * The verdict is subject-test.ts's: a z-test on clicks, and on recoveries once there are enough.
 */

export interface SubjectVariantFigures extends VariantCounts {
  clickRate: number | null;
  recoveryRate: number | null;
}

export interface SubjectTest extends SubjectTestVerdict {
  step: number;
  variants: { A: SubjectVariantFigures; B: SubjectVariantFigures };
}

/** A (step, variant) row of counts as either query returns it (drivers give numbers, bigints or strings). */
export interface VariantRow {
  step: unknown;
  variant: string;
  sends: unknown;
  clicks: unknown;
  recoveries: unknown;
}

/** The subject tests of a period from its (step, variant) rows, from the raw rows or the rollups alike. */
export function subjectTestsOfRows(rows: VariantRow[]): SubjectTest[] {
  return assembleSubjectTests(
    rows.map((row) => ({
      step: toNumber(row.step),
      variant: row.variant,
      sends: toNumber(row.sends),
      clicks: toNumber(row.clicks),
      recoveries: toNumber(row.recoveries),
    })),
  );
}

const figures = (counts: VariantCounts): SubjectVariantFigures => ({
  ...counts,
  clickRate: rateOf({ successes: counts.clicks, trials: counts.sends }),
  recoveryRate: rateOf({ successes: counts.recoveries, trials: counts.sends }),
});

export async function getSubjectTests(shop: string, period: Period): Promise<SubjectTest[]> {
  assertPeriod(period);
  const rows = await prisma.$queryRaw<VariantRow[]>(Prisma.sql`
    SELECT s."step" AS "step", s."subjectVariant" AS "variant", COUNT(*) AS "sends",
      SUM(CASE WHEN s."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "clicks",
      SUM(CASE WHEN e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt" THEN 1 ELSE 0 END) AS "recoveries"
    FROM "RecoverySend" s
    LEFT JOIN "Enrollment" e ON e."id" = s."enrollmentId" AND e."shop" = s."shop"
    WHERE s."shop" = ${shop} AND s."status" = 'SENT' AND s."subjectVariant" IN ('A', 'B')
      AND s."sentAt" >= ${period.from} AND s."sentAt" < ${period.to}
    GROUP BY s."step", s."subjectVariant"`);
  return subjectTestsOfRows(rows);
}

/** Counts of one subject variant of one step. */
export interface VariantCountsRow extends VariantCounts {
  step: number;
  variant: string;
}

/** The tests, one per step with sends of either subject, from the counts per step and variant (A or B). */
export function assembleSubjectTests(rows: readonly VariantCountsRow[]): SubjectTest[] {
  const sent = rows.filter((row) => row.sends > 0);
  const steps = [...new Set(sent.map((row) => row.step))].sort((a, b) => a - b);
  return steps.map((step) => {
    const countsOf = (variant: "A" | "B"): VariantCounts => {
      const row = sent.find((candidate) => candidate.step === step && candidate.variant === variant);
      return { sends: row?.sends ?? 0, clicks: row?.clicks ?? 0, recoveries: row?.recoveries ?? 0 };
    };
    const a = countsOf("A");
    const b = countsOf("B");
    return { step, variants: { A: figures(a), B: figures(b) }, ...judgeSubjectTest(a, b) };
  });
}
