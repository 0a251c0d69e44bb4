import { prisma, Prisma } from "~/db.server";
import { ARM, ENROLLMENT_STATUS } from "~/domain/outcomes";
import { DEFAULT_SEGMENT_ID, DEFAULT_SEGMENT_NAME, listSegments, segmentNames } from "~/domain/segments";
import { OFFER_ARMS } from "~/domain/discounts";
import { computeLift, type ArmTotals, type Lift } from "./lift";
import {
  computeOfferExperiment,
  type OfferArmFigures,
  type OfferExperimentFigures,
  type OfferVersusHoldout,
  type ProfitTotals,
} from "./offer-experiment";
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
 *   discount cost = what our codes took off the orders that recovered them (Enrollment.discountMinor, set
 *                   with the recovery); a leaked code's use is no recovery and is counted apart;
 *   profit        = those orders' gross profit after our discount (Enrollment.profitMinor);
 *   lift          = computeLift on the segment's two groups, exactly as the overall lift (lift.ts);
 *   groups        = the per-arm sums of the segment's holdout and of each offer test arm, for the offer test.
 *
 * A segment is the one that matched at enrolment (Enrollment.segmentId). An enrolment with no segment that
 * was not skipped predates segments: it ran the shop's own sequence, which is now the strategy of "Everyone
 * else", so it is counted there. A skipped enrolment is in no row (none is a checkout in a sequence).
 *
 * The sums come from the report rollups (CheckoutRollup keeps them per segment and offer arm: one row per
 * day and group, whatever the number of checkouts) or, for a period that does not fall on quarter-hours and
 * as the definition the rollups are tested against, from the raw rows.
 *
 * Rows: every live segment in the shop's order, then "Everyone else", then deleted segments (kept by name)
 * that still have checkouts in the period.
 */

/**
 * One group's sums over its enrolments: per enrolment, the recovered order's total, our discount on it and its
 * gross profit (each 0 when not recovered), with their squares; the offer test's own totals.
 */
export type GroupSums = ProfitTotals;

/** The sums of one segment's enrolments of one arm and offer arm ("" when no offer test). */
export interface SegmentGroupRow extends GroupSums {
  segmentId: string;
  arm: string;
  offerArm: string;
  emails: number;
}

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
  /** Gross profit of the orders of those in the sequence, after our discount. */
  profitMinor: number;
  lift: Lift;
  /**
   * What the segment's sequence added over its holdout, profit and revenue included, with always-valid
   * intervals (offer-experiment.ts, everyone in the sequence as one arm).
   */
  addedOverHoldout: OfferVersusHoldout;
  /** The offer test of the period: each arm against the holdout and against each other; null without one. */
  offerTest: OfferExperimentFigures | null;
  /** The sums behind the offer test: the holdout, everyone in the sequence, and each offer arm's. */
  groups: { holdout: GroupSums; treatment: GroupSums; offerArms: { arm: string; sums: GroupSums }[] };
}

interface RawGroupRow {
  segmentId: string | null;
  arm: string;
  offerArm: string | null;
  enrollments: unknown;
  recovered: unknown;
  revenue: unknown;
  revenueSquares: unknown;
  discount: unknown;
  discountSquares: unknown;
  profit: unknown;
  profitSquares: unknown;
  emails: unknown;
}

export const emptySums = (): GroupSums => ({
  enrollments: 0,
  recovered: 0,
  revenueMinor: 0,
  revenueSquares: 0,
  discountMinor: 0,
  discountSquares: 0,
  profitMinor: 0,
  profitSquares: 0,
});

/** Adds `row`'s sums into `into`. */
export function addSums(into: GroupSums, row: GroupSums): void {
  into.enrollments += row.enrollments;
  into.recovered += row.recovered;
  into.revenueMinor += row.revenueMinor;
  into.revenueSquares += row.revenueSquares;
  into.discountMinor += row.discountMinor;
  into.discountSquares += row.discountSquares;
  into.profitMinor += row.profitMinor;
  into.profitSquares += row.profitSquares;
}

function groupRowOf(row: RawGroupRow): SegmentGroupRow {
  return {
    // See above: no segment and not skipped is "Everyone else".
    segmentId: row.segmentId ?? DEFAULT_SEGMENT_ID,
    arm: row.arm,
    offerArm: row.offerArm ?? "",
    enrollments: toNumber(row.enrollments),
    recovered: toNumber(row.recovered),
    revenueMinor: toNumber(row.revenue),
    revenueSquares: toNumber(row.revenueSquares),
    discountMinor: toNumber(row.discount),
    discountSquares: toNumber(row.discountSquares),
    profitMinor: toNumber(row.profit),
    profitSquares: toNumber(row.profitSquares),
    emails: toNumber(row.emails),
  };
}

const squareOf = (column: string) =>
  Prisma.raw(`SUM(CAST(COALESCE("${column}", 0) AS DOUBLE PRECISION) * COALESCE("${column}", 0))`);

/**
 * The definition: per segment, arm and offer arm, in one aggregate pass over the period's enrolments (the
 * dashboard reads the rollups instead). Squares in DOUBLE PRECISION as in the rollups. The null groups are
 * folded in groupRowOf.
 */
export async function sumSegmentGroups(shop: string, period: Period): Promise<SegmentGroupRow[]> {
  const rows = await prisma.$queryRaw<RawGroupRow[]>(Prisma.sql`
    SELECT "segmentId", "arm", "offerArm",
      COUNT(*) AS "enrollments",
      SUM(CASE WHEN "recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END) AS "recovered",
      SUM(COALESCE("recoveredMinor", 0)) AS "revenue", ${squareOf("recoveredMinor")} AS "revenueSquares",
      SUM(COALESCE("discountMinor", 0)) AS "discount", ${squareOf("discountMinor")} AS "discountSquares",
      SUM(COALESCE("profitMinor", 0)) AS "profit", ${squareOf("profitMinor")} AS "profitSquares",
      SUM("stepsSent") AS "emails"
    FROM "Enrollment"
    WHERE "shop" = ${shop} AND "anchorAt" >= ${period.from} AND "anchorAt" < ${period.to}
      AND "status" <> ${ENROLLMENT_STATUS.SKIPPED}
    GROUP BY "segmentId", "arm", "offerArm"`);
  return rows.map(groupRowOf);
}

/** The same sums from CheckoutRollup's rows of the period (rollup-reports.server.ts reads them). */
export function groupRowsFromRollup(rows: readonly RawGroupRow[]): SegmentGroupRow[] {
  return rows.map(groupRowOf);
}
export type { RawGroupRow };

interface Totals {
  treatment: GroupSums;
  holdout: GroupSums;
  offerArms: Map<string, GroupSums>;
  emailsSent: number;
}

const emptyTotals = (): Totals => ({
  treatment: emptySums(),
  holdout: emptySums(),
  offerArms: new Map(),
  emailsSent: 0,
});

/** Folds the grouped rows into totals per segment id. Pure, so the folding is tested without a database. */
export function tallySegments(rows: readonly SegmentGroupRow[]): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  for (const row of rows) {
    const segment = totals.get(row.segmentId) ?? emptyTotals();
    totals.set(row.segmentId, segment);
    segment.emailsSent += row.emails;
    if (row.arm === ARM.HOLDOUT) {
      addSums(segment.holdout, row);
      continue;
    }
    addSums(segment.treatment, row);
    if (row.offerArm === "") continue;
    const offer = segment.offerArms.get(row.offerArm) ?? emptySums();
    segment.offerArms.set(row.offerArm, offer);
    addSums(offer, row);
  }
  return totals;
}

const armTotalsOf = (sums: GroupSums): ArmTotals => ({
  enrollments: sums.enrollments,
  recovered: sums.recovered,
  revenueMinor: sums.revenueMinor,
  revenueSumOfSquares: sums.revenueSquares,
});

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

/** The figures of every segment row from the period's grouped sums (live or from the rollups). */
export async function segmentFiguresOf(
  shop: string,
  rows: readonly SegmentGroupRow[],
): Promise<SegmentFigures[]> {
  const [live, names] = await Promise.all([listSegments(shop), segmentNames(shop)]);
  const totals = tallySegments(rows);
  return orderSegmentRows(live, names, totals.keys()).map((label) => {
    const segment = totals.get(label.segmentId) ?? emptyTotals();
    const lift = computeLift(armTotalsOf(segment.treatment), armTotalsOf(segment.holdout));
    const [everyone] = computeOfferExperiment({
      holdout: segment.holdout,
      arms: [{ arm: "", totals: segment.treatment }],
    }).arms;
    const offerArms = [...segment.offerArms.entries()]
      .map(([arm, sums]) => ({ arm, sums }))
      .sort((a, b) => offerArmOrder(a.arm) - offerArmOrder(b.arm) || a.arm.localeCompare(b.arm));
    return {
      ...label,
      checkouts: segment.treatment.enrollments + segment.holdout.enrollments,
      heldOut: segment.holdout.enrollments,
      emailsSent: segment.emailsSent,
      orderRate: lift.treatment.recoveryRate,
      orderRevenueMinor: segment.treatment.revenueMinor,
      discountCostMinor: segment.treatment.discountMinor,
      profitMinor: segment.treatment.profitMinor,
      lift,
      addedOverHoldout: (everyone as OfferArmFigures).versusHoldout,
      // A test shows once at least two of its arms have checkouts in the period.
      offerTest:
        offerArms.length >= 2
          ? computeOfferExperiment({
              holdout: segment.holdout,
              arms: offerArms.map(({ arm, sums }) => ({ arm, totals: sums })),
            })
          : null,
      groups: { holdout: segment.holdout, treatment: segment.treatment, offerArms },
    };
  });
}

/** Arms in the order the editor lists them; an unknown one (damaged data) last. */
function offerArmOrder(arm: string): number {
  const index = (OFFER_ARMS as readonly string[]).indexOf(arm);
  return index === -1 ? OFFER_ARMS.length : index;
}

/** The live definition (the rollups' version is rollup-reports.server.ts's getSegmentFiguresFromRollups). */
export async function getSegmentFigures(shop: string, period: Period): Promise<SegmentFigures[]> {
  assertPeriod(period);
  return segmentFiguresOf(shop, await sumSegmentGroups(shop, period));
}
