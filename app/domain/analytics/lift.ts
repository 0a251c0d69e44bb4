import { sequentialMeanDifference } from "./sequential";
import { rateOf, type Interval, type SampleSums } from "./statistics";

/**
 * Incremental lift: what the emails added over what would have happened anyway, from the holdout test.
 *
 * Groups (the enrolment cohort of the period, see get-recovery-figures.server.ts):
 *   treatment = arm TREATMENT and not SKIPPED (the checkouts the sequence started for);
 *   holdout   = arm HOLDOUT and not SKIPPED (drawn the same way, sent nothing).
 * Outcome: recovered by ANY method, emailed or not. Counting only "our" recoveries in the treatment arm
 * would compare apples with nothing: the holdout's recoveries are all on their own by definition, and the
 * treatment's own-accord recoveries are exactly what the holdout measures.
 *
 *   recovery rate difference  = p_treatment - p_holdout;
 *   incremental recoveries    = that difference x treatment enrolments (interval scaled the same way);
 *   incremental revenue       = (mean revenue per treatment enrolment - per holdout enrolment) x treatment
 *                               enrolments; revenue per enrolment is the recovered order's total (shop
 *                               currency) or 0.
 * Every interval is an always-valid 95% confidence sequence (sequential.ts): merchants open the dashboard every
 * day, and a fixed-sample interval read that often would show a difference that is not there in about a third
 * of tests (sequential.test.ts simulates it); this one stays wrong at most 5% of the time however often it is
 * read, at the price of being about 1.6 times as wide.
 * Nothing is claimed below MIN_GROUP_SIZE enrolments per group: the interval would be noise.
 */

export const MIN_GROUP_SIZE = 30;
/** Below this many recoveries (or non-recoveries) in a group the normal approximation is rough. */
export const SMALL_SAMPLE_EVENTS = 10;

/** One arm's totals, as the aggregate query returns them. */
export interface ArmTotals {
  enrollments: number;
  /** Recovered by any method. */
  recovered: number;
  /** Sum of recovered order totals, shop currency minor units. */
  revenueMinor: number;
  /** Sum of squares of the per-enrolment revenue (for the variance); a float from the database. */
  revenueSumOfSquares: number;
}

export interface ArmSummary {
  enrollments: number;
  recovered: number;
  recoveryRate: number | null;
  revenueMinor: number;
  revenuePerEnrollmentMinor: number | null;
}

export type LiftStatus = "MEASURED" | "NO_HOLDOUT" | "GROUPS_TOO_SMALL";

export interface Lift {
  status: LiftStatus;
  /** Why nothing is claimed (or null when measured), for the merchant. */
  reason: string | null;
  treatment: ArmSummary;
  holdout: ArmSummary;
  /** p_treatment - p_holdout, as a fraction (0.03 = 3 percentage points). */
  recoveryRateDifference: Interval | null;
  /** The difference relative to the holdout's rate; null when the holdout recovered nothing. */
  relativeLift: number | null;
  incrementalRecoveries: Interval | null;
  /** Whole minor units of the shop currency. */
  incrementalRevenueMinor: Interval | null;
  /** Whether the recovery-rate interval excludes zero. */
  isSignificant: boolean | null;
  /** Set when the normal approximation is rough for these counts. */
  smallSampleNote: string | null;
}

function summarize(totals: ArmTotals): ArmSummary {
  return {
    enrollments: totals.enrollments,
    recovered: totals.recovered,
    recoveryRate: rateOf({ successes: totals.recovered, trials: totals.enrollments }),
    revenueMinor: totals.revenueMinor,
    revenuePerEnrollmentMinor: totals.enrollments > 0 ? totals.revenueMinor / totals.enrollments : null,
  };
}

const scaled = (interval: Interval, factor: number, round: (value: number) => number): Interval => ({
  estimate: round(interval.estimate * factor),
  low: round(interval.low * factor),
  high: round(interval.high * factor),
});

const asSums = (totals: ArmTotals): SampleSums => ({
  n: totals.enrollments,
  sum: totals.revenueMinor,
  sumOfSquares: totals.revenueSumOfSquares,
});

export function computeLift(treatmentTotals: ArmTotals, holdoutTotals: ArmTotals): Lift {
  const treatment = summarize(treatmentTotals);
  const holdout = summarize(holdoutTotals);
  const unmeasured = {
    treatment,
    holdout,
    recoveryRateDifference: null,
    relativeLift: null,
    incrementalRecoveries: null,
    incrementalRevenueMinor: null,
    isSignificant: null,
    smallSampleNote: null,
  };
  if (holdoutTotals.enrollments === 0) {
    return {
      status: "NO_HOLDOUT",
      reason: "No checkout of this period was held out; set a holdout share to measure what the emails add.",
      ...unmeasured,
    };
  }
  if (treatmentTotals.enrollments < MIN_GROUP_SIZE || holdoutTotals.enrollments < MIN_GROUP_SIZE) {
    return {
      status: "GROUPS_TOO_SMALL",
      reason:
        `Each group needs at least ${MIN_GROUP_SIZE} checkouts (in the sequence: ${treatmentTotals.enrollments}, ` +
        `held out: ${holdoutTotals.enrollments}).`,
      ...unmeasured,
    };
  }

  // A recovery is 0 or 1 per enrolment: its sum of squares is its sum.
  const recoveries = (totals: ArmTotals): SampleSums => ({
    n: totals.enrollments,
    sum: totals.recovered,
    sumOfSquares: totals.recovered,
  });
  const rates = sequentialMeanDifference(recoveries(treatmentTotals), recoveries(holdoutTotals));
  const revenue = sequentialMeanDifference(asSums(treatmentTotals), asSums(holdoutTotals));
  // Both groups are non-empty here, so neither can be null; the guard keeps the types honest.
  if (!rates || !revenue)
    return { status: "GROUPS_TOO_SMALL", reason: "Not enough checkouts.", ...unmeasured };

  const sparse = [treatmentTotals, holdoutTotals].some(
    (arm) => arm.recovered < SMALL_SAMPLE_EVENTS || arm.enrollments - arm.recovered < SMALL_SAMPLE_EVENTS,
  );
  const interval = { estimate: rates.estimate, low: rates.low, high: rates.high };
  return {
    status: "MEASURED",
    reason: null,
    treatment,
    holdout,
    recoveryRateDifference: interval,
    relativeLift: holdout.recoveryRate ? rates.estimate / holdout.recoveryRate : null,
    incrementalRecoveries: scaled(interval, treatmentTotals.enrollments, (value) => value),
    incrementalRevenueMinor: scaled(
      { estimate: revenue.estimate, low: revenue.low, high: revenue.high },
      treatmentTotals.enrollments,
      Math.round,
    ),
    isSignificant: rates.low > 0 || rates.high < 0,
    smallSampleNote: sparse
      ? `A group has fewer than ${SMALL_SAMPLE_EVENTS} orders (or checkouts without one) so far: take the range ` +
        "as a rough guide, likely narrower than it should be."
      : null,
  };
}
