import type { SegmentFigures } from "~/domain/analytics";
import { computeLift } from "~/domain/analytics/lift";
import { addSums, emptySums } from "~/domain/analytics/get-segment-figures.server";
import { computeOfferExperiment, type ProfitTotals } from "~/domain/analytics/offer-experiment";

/**
 * A segment's dashboard figures as getSegmentFigures computes them, from made-up group sums: for render tests
 * that need realistic figures without a database.
 */

/** A group where `recovered` of `enrollments` ordered `orderMinor` each, with that discount and profit each. */
export function groupSums(
  enrollments: number,
  recovered: number,
  { orderMinor = 8_000, discountMinor = 0, profitMinor = 3_000 } = {},
): ProfitTotals {
  return {
    enrollments,
    recovered,
    revenueMinor: recovered * orderMinor,
    revenueSquares: recovered * orderMinor ** 2,
    discountMinor: recovered * discountMinor,
    discountSquares: recovered * discountMinor ** 2,
    profitMinor: recovered * profitMinor,
    profitSquares: recovered * profitMinor ** 2,
  };
}

export function segmentFigures(
  label: { segmentId: string; name: string; isDeleted?: boolean; emailsSent?: number },
  holdout: ProfitTotals,
  treatment: ProfitTotals | { arm: string; totals: ProfitTotals }[],
): SegmentFigures {
  const offerArms = Array.isArray(treatment) ? treatment : [];
  const everyone = Array.isArray(treatment) ? emptySums() : treatment;
  for (const arm of offerArms) addSums(everyone, arm.totals);
  const armTotals = (sums: ProfitTotals) => ({
    enrollments: sums.enrollments,
    recovered: sums.recovered,
    revenueMinor: sums.revenueMinor,
    revenueSumOfSquares: sums.revenueSquares,
  });
  const lift = computeLift(armTotals(everyone), armTotals(holdout));
  const added = computeOfferExperiment({ holdout, arms: [{ arm: "", totals: everyone }] }).arms[0];
  if (!added) throw new Error("no figures");
  return {
    segmentId: label.segmentId,
    name: label.name,
    isDeleted: label.isDeleted ?? false,
    checkouts: everyone.enrollments + holdout.enrollments,
    heldOut: holdout.enrollments,
    emailsSent: label.emailsSent ?? everyone.enrollments,
    orderRate: lift.treatment.recoveryRate,
    orderRevenueMinor: everyone.revenueMinor,
    discountCostMinor: everyone.discountMinor,
    profitMinor: everyone.profitMinor,
    lift,
    addedOverHoldout: added.versusHoldout,
    offerTest: offerArms.length >= 2 ? computeOfferExperiment({ holdout, arms: offerArms }) : null,
    groups: {
      holdout,
      treatment: everyone,
      offerArms: offerArms.map(({ arm, totals }) => ({ arm, sums: totals })),
    },
  };
}
