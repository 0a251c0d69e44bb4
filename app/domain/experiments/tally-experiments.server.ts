import { prisma, Prisma } from "~/db.server";
import { toNumber } from "~/domain/analytics";
import { CONTENT_VARIANTS, type ContentVariant } from "~/domain/messages";

/** One variant's emails in its experiment, all time, and what became of them. */
export interface VariantCounts {
  sends: number;
  clicks: number;
  /** Sends whose enrolment was then recovered by email (an order after this email, credited to email). */
  recoveries: number;
  /** The recovered orders' totals (shop currency, minor units), and the sum of their squares. */
  revenueMinor: number;
  revenueSumOfSquares: number;
}

export const NO_COUNTS: VariantCounts = {
  sends: 0,
  clicks: 0,
  recoveries: 0,
  revenueMinor: 0,
  revenueSumOfSquares: 0,
};

interface TallyRow {
  experimentKey: string;
  variant: string | null;
  sends: unknown;
  clicks: unknown;
  recoveries: unknown;
  revenue: unknown;
  revenueSquares: unknown;
}

const isContentVariant = (value: string | null): value is ContentVariant =>
  (CONTENT_VARIANTS as readonly (string | null)[]).includes(value);

/**
 * The counts of the given experiments of a shop, per experiment key and variant, in one grouped query on the
 * index (shop, experimentKey, subjectVariant). A send counts in the experiment it was drawn in (a promoted
 * variant's sends carry no key); its recovery is its enrolment's, when the order came after it and was
 * credited to email: the variant is judged on the shoppers it reached, whichever later step came last. The
 * square is taken in DOUBLE PRECISION: an integer square of a large order total overflows PostgreSQL's
 * INTEGER.
 */
export async function tallyExperiments(
  shop: string,
  experimentKeys: readonly string[],
): Promise<Map<string, Map<ContentVariant, VariantCounts>>> {
  const tallies = new Map<string, Map<ContentVariant, VariantCounts>>();
  if (experimentKeys.length === 0) return tallies;
  const recovered = Prisma.sql`e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"`;
  const rows = await prisma.$queryRaw<TallyRow[]>(Prisma.sql`
    SELECT s."experimentKey" AS "experimentKey", s."subjectVariant" AS "variant", COUNT(*) AS "sends",
      SUM(CASE WHEN s."firstClickedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "clicks",
      SUM(CASE WHEN ${recovered} THEN 1 ELSE 0 END) AS "recoveries",
      SUM(CASE WHEN ${recovered} THEN COALESCE(e."recoveredMinor", 0) ELSE 0 END) AS "revenue",
      SUM(CASE WHEN ${recovered}
        THEN CAST(COALESCE(e."recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE(e."recoveredMinor", 0)
        ELSE 0 END) AS "revenueSquares"
    FROM "RecoverySend" s
    LEFT JOIN "Enrollment" e ON e."id" = s."enrollmentId" AND e."shop" = s."shop"
    WHERE s."shop" = ${shop} AND s."status" = 'SENT' AND s."experimentKey" IN (${Prisma.join([...experimentKeys])})
    GROUP BY s."experimentKey", s."subjectVariant"`);
  for (const row of rows) {
    if (!isContentVariant(row.variant)) continue;
    const byVariant = tallies.get(row.experimentKey) ?? new Map<ContentVariant, VariantCounts>();
    tallies.set(row.experimentKey, byVariant);
    byVariant.set(row.variant, {
      sends: toNumber(row.sends),
      clicks: toNumber(row.clicks),
      recoveries: toNumber(row.recoveries),
      revenueMinor: toNumber(row.revenue),
      revenueSumOfSquares: toNumber(row.revenueSquares),
    });
  }
  return tallies;
}
