import { prisma, Prisma } from "~/db.server";
import { ARM, ENROLLMENT_STATUS } from "~/domain/outcomes";
import { DEFAULT_SEGMENT_ID, DEFAULT_SEGMENT_NAME, listSegments, segmentNames } from "~/domain/segments";
import { computeLift, type ArmTotals, type Lift } from "./lift";
import { assertPeriod, type Period } from "./period";
import { toNumber } from "./sql.server";

/**
 * The period's figures per customer segment: which segments earn, and where a discount or an email adds
 * nothing. Every figure is of the period's cohort (the enrolments whose anchorAt, the checkout's last
 * activity, falls in the period, as the headline "Abandoned checkouts" and the lift count them), so a row
 * reads as "what became of this segment's checkouts", whenever the emails, orders and codes came:
 *
 *   checkouts     = in the sequence + held out (status not SKIPPED), the lift's two groups;
 *   emails        = recovery emails sent to them (Enrollment.stepsSent);
 *   order rate    = of those in the sequence, the share that ordered by any method (the lift's treatment
 *                   rate, so the lift column is measured against it);
 *   order revenue = the totals of those orders (shop currency);
 *   discount cost = the discount our codes of these checkouts gave in the orders that used them
 *                   (DiscountCode.discountMinor, as the headline's cost, but by checkout rather than by usedAt);
 *   lift          = computeLift on the segment's two groups, exactly as the overall lift (lift.ts).
 *
 * A segment is the one that matched at enrolment (Enrollment.segmentId). An enrolment with no segment that
 * was not skipped predates segments: it ran the shop's own sequence, which is now the strategy of "Everyone
 * else", so it is counted there. A skipped enrolment is in no row (none is a checkout in a sequence). The
 * grouping is by the (shop, segmentId, anchorAt) index's columns; two grouped reads whatever the number of
 * segments.
 *
 * Rows: every live segment in the shop's order, then "Everyone else", then deleted segments (kept by name)
 * that still have checkouts in the period.
 */

export interface SegmentFigures {
  /** A Segment id, or DEFAULT_SEGMENT_ID for "Everyone else". */
  segmentId: string;
  name: string;
  isDeleted: boolean;
  /** In the sequence + held out. */
  checkouts: number;
  heldOut: number;
  emailsSent: number;
  /** Of those in the sequence: ordered / checkouts (any order); null when none was in the sequence. */
  orderRate: number | null;
  /** Order totals of those in the sequence that ordered, shop currency minor units. */
  orderRevenueMinor: number;
  discountCostMinor: number;
  lift: Lift;
}

interface CohortRow {
  segmentId: string | null;
  arm: string;
  enrollments: unknown;
  recovered: unknown;
  revenue: unknown;
  revenueSquares: unknown;
  emails: unknown;
}

interface DiscountRow {
  segmentId: string | null;
  cost: unknown;
}

interface Totals {
  treatment: ArmTotals;
  holdout: ArmTotals;
  emailsSent: number;
  discountCostMinor: number;
}

const emptyArm = (): ArmTotals => ({
  enrollments: 0,
  recovered: 0,
  revenueMinor: 0,
  revenueSumOfSquares: 0,
});

const emptyTotals = (): Totals => ({
  treatment: emptyArm(),
  holdout: emptyArm(),
  emailsSent: 0,
  discountCostMinor: 0,
});

/** The segment a counted enrolment belongs to (see above: no segment and not skipped is "Everyone else"). */
const segmentOf = (segmentId: string | null) => segmentId ?? DEFAULT_SEGMENT_ID;

/**
 * Per segment and arm, in one aggregate pass, the same sums sumArms takes for the overall lift (the square
 * in DOUBLE PRECISION for the same reason). Grouped by the raw column: SQLite and PostgreSQL agree on it,
 * and the null group is folded into "Everyone else" afterwards.
 */
async function sumCohort(shop: string, period: Period): Promise<CohortRow[]> {
  return prisma.$queryRaw<CohortRow[]>(Prisma.sql`
    SELECT "segmentId", "arm",
      COUNT(*) AS "enrollments",
      SUM(CASE WHEN "recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END) AS "recovered",
      SUM(COALESCE("recoveredMinor", 0)) AS "revenue",
      SUM(CAST(COALESCE("recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE("recoveredMinor", 0)) AS "revenueSquares",
      SUM("stepsSent") AS "emails"
    FROM "Enrollment"
    WHERE "shop" = ${shop} AND "anchorAt" >= ${period.from} AND "anchorAt" < ${period.to}
      AND "status" <> ${ENROLLMENT_STATUS.SKIPPED}
    GROUP BY "segmentId", "arm"`);
}

/** The discount our used codes gave, per segment of the enrolment they were made for. */
async function sumDiscountCost(shop: string, period: Period): Promise<DiscountRow[]> {
  // From the period's recovered enrolments (the covering index holds their ids) to their codes: a code is used
  // only by an order, and attribution credits an order with our code to that code's enrolment first, so a
  // used code's enrolment is recovered. Read the other way round, every used code of the shop's history was
  // joined to its enrolment: 77 ms at 200,000 checkouts for 30 days.
  return prisma.$queryRaw<DiscountRow[]>(Prisma.sql`
    SELECT e."segmentId", SUM(COALESCE(d."discountMinor", 0)) AS "cost"
    FROM "Enrollment" e
    JOIN "DiscountCode" d ON d."shop" = e."shop" AND d."enrollmentId" = e."id"
    WHERE e."shop" = ${shop} AND e."anchorAt" >= ${period.from} AND e."anchorAt" < ${period.to}
      AND e."status" <> ${ENROLLMENT_STATUS.SKIPPED} AND e."recoveredOrderId" IS NOT NULL
      AND d."usedOrderId" IS NOT NULL
    GROUP BY e."segmentId"`);
}

/** Folds the grouped rows into totals per segment id. Pure, so the folding is tested without a database. */
export function tallySegments(
  cohort: readonly CohortRow[],
  discounts: readonly DiscountRow[],
): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  const totalsOf = (segmentId: string | null) => {
    const key = segmentOf(segmentId);
    const found = totals.get(key) ?? emptyTotals();
    totals.set(key, found);
    return found;
  };
  for (const row of cohort) {
    const segment = totalsOf(row.segmentId);
    const arm = row.arm === ARM.HOLDOUT ? segment.holdout : segment.treatment;
    arm.enrollments += toNumber(row.enrollments);
    arm.recovered += toNumber(row.recovered);
    arm.revenueMinor += toNumber(row.revenue);
    arm.revenueSumOfSquares += toNumber(row.revenueSquares);
    segment.emailsSent += toNumber(row.emails);
  }
  for (const row of discounts) totalsOf(row.segmentId).discountCostMinor += toNumber(row.cost);
  return totals;
}

interface SegmentLabel {
  segmentId: string;
  name: string;
  isDeleted: boolean;
}

/**
 * The rows to show, in order: live segments by position (each shown, even with nothing yet), "Everyone
 * else", then deleted (or unknown) segments that have figures, by name.
 */
export function orderSegmentRows(
  live: readonly { id: string; name: string }[],
  names: ReadonlyMap<string, string>,
  withFigures: Iterable<string>,
): SegmentLabel[] {
  const liveIds = new Set(live.map((segment) => segment.id));
  const gone = [...new Set(withFigures)]
    .filter((id) => id !== DEFAULT_SEGMENT_ID && !liveIds.has(id))
    .map((id) => ({ segmentId: id, name: names.get(id) ?? "Unknown segment", isDeleted: true }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.segmentId.localeCompare(b.segmentId));
  return [
    ...live.map((segment) => ({ segmentId: segment.id, name: segment.name, isDeleted: false })),
    { segmentId: DEFAULT_SEGMENT_ID, name: DEFAULT_SEGMENT_NAME, isDeleted: false },
    ...gone,
  ];
}

export async function getSegmentFigures(shop: string, period: Period): Promise<SegmentFigures[]> {
  assertPeriod(period);
  const [cohort, discounts, live, names] = await Promise.all([
    sumCohort(shop, period),
    sumDiscountCost(shop, period),
    listSegments(shop),
    segmentNames(shop),
  ]);
  const totals = tallySegments(cohort, discounts);
  return orderSegmentRows(live, names, totals.keys()).map((label) => {
    const segment = totals.get(label.segmentId) ?? emptyTotals();
    const lift = computeLift(segment.treatment, segment.holdout);
    return {
      ...label,
      checkouts: segment.treatment.enrollments + segment.holdout.enrollments,
      heldOut: segment.holdout.enrollments,
      emailsSent: segment.emailsSent,
      orderRate: lift.treatment.recoveryRate,
      orderRevenueMinor: segment.treatment.revenueMinor,
      discountCostMinor: segment.discountCostMinor,
      lift,
    };
  });
}
