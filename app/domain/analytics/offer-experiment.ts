import { MIN_GROUP_SIZE, type LiftStatus } from "./lift";
import { sequentialMean, sequentialMeanDifference, type SequentialInterval } from "./sequential";
import type { Interval, SampleSums } from "./statistics";

/**
 * The offer test of one segment: what each offer arm (no discount, the tier discount, free shipping, drawn
 * per checkout at enrolment) adds over the holdout, and which arm earns the most profit per checkout.
 *
 * Profit, not recoveries, decides: a discount that recovers more orders can still earn less, because it gives
 * money away on orders that would have come back anyway. Every interval is always valid (sequential.ts), so
 * the dashboard may show the figures every day and the merchant may act the day a difference is clear.
 *
 * Outcomes are per enrolment (0 when not recovered), so a mean is "per checkout" and a difference of means
 * times the arm's enrolments is what the arm added over the holdout among those checkouts. Nothing is claimed
 * below MIN_GROUP_SIZE enrolments per group, as in lift.ts.
 */

/** One group's totals over its enrolments, as the aggregate query returns them. */
export interface ProfitTotals {
  enrollments: number;
  /** Recovered by any method. */
  recovered: number;
  /** Sum (and sum of squares) of the recovered order's total, 0 when not recovered; shop currency, minor units. */
  revenueMinor: number;
  revenueSquares: number;
  /** What our code took off the recovered order, 0 when none or not recovered. */
  discountMinor: number;
  discountSquares: number;
  /** The recovered order's gross profit after our discount, 0 when not recovered. */
  profitMinor: number;
  profitSquares: number;
}

export interface OfferExperimentInput {
  holdout: ProfitTotals;
  arms: { arm: string; totals: ProfitTotals }[];
}

/** Plain per-checkout figures of one group (no interval), shown even when the group is small. */
export interface OfferGroupSummary {
  enrollments: number;
  recovered: number;
  recoveryRate: number | null;
  revenuePerCheckoutMinor: number | null;
  discountPerCheckoutMinor: number | null;
  profitPerCheckoutMinor: number | null;
}

/** What one arm added over the holdout; every interval is always valid, at 95%. */
export interface OfferVersusHoldout {
  status: LiftStatus;
  /** Why nothing is claimed (null when measured), for the merchant. */
  reason: string | null;
  /** p_arm - p_holdout, as a fraction. */
  recoveryRateDifference: SequentialInterval | null;
  /** The rate difference x the arm's enrolments. */
  incrementalRecoveries: Interval | null;
  /** Mean revenue difference x the arm's enrolments; whole minor units. */
  incrementalRevenueMinor: Interval | null;
  /** Mean profit difference x the arm's enrolments; whole minor units. */
  incrementalProfitMinor: Interval | null;
  /** Mean profit per checkout, arm minus holdout; minor units, not rounded. */
  profitPerCheckoutDifferenceMinor: SequentialInterval | null;
  /** The smallest true profit-per-checkout difference this sample detects with 80% power (minor units). */
  minimumDetectableProfitPerCheckoutMinor: number | null;
}

export interface OfferArmFigures {
  arm: string;
  group: OfferGroupSummary;
  /** The arm's own recovery rate; null below MIN_GROUP_SIZE enrolments. */
  recoveryRate: SequentialInterval | null;
  /**
   * What the arm's discounts cost: mean discount x enrolments, whole minor units, from the arm's own
   * variance (the holdout gets no discount, so its cost is exactly 0). Null below MIN_GROUP_SIZE.
   */
  discountCostMinor: Interval | null;
  versusHoldout: OfferVersusHoldout;
}

/** Profit per checkout of `arm` minus that of `versus`, for every pair of arms (in input order). */
export interface OfferPairFigures {
  arm: string;
  versus: string;
  status: Exclude<LiftStatus, "NO_HOLDOUT">;
  reason: string | null;
  profitPerCheckoutDifferenceMinor: SequentialInterval | null;
}

export interface OfferExperimentFigures {
  holdout: OfferGroupSummary;
  arms: OfferArmFigures[];
  pairs: OfferPairFigures[];
}

const perCheckout = (sum: number, enrollments: number): number | null =>
  enrollments > 0 ? sum / enrollments : null;

function summarize(totals: ProfitTotals): OfferGroupSummary {
  return {
    enrollments: totals.enrollments,
    recovered: totals.recovered,
    recoveryRate: perCheckout(totals.recovered, totals.enrollments),
    revenuePerCheckoutMinor: perCheckout(totals.revenueMinor, totals.enrollments),
    discountPerCheckoutMinor: perCheckout(totals.discountMinor, totals.enrollments),
    profitPerCheckoutMinor: perCheckout(totals.profitMinor, totals.enrollments),
  };
}

/** A recovery is a 0/1 outcome per enrolment, so its sum of squares is its sum. */
const recoveries = (totals: ProfitTotals): SampleSums => ({
  n: totals.enrollments,
  sum: totals.recovered,
  sumOfSquares: totals.recovered,
});
const revenue = (totals: ProfitTotals): SampleSums => ({
  n: totals.enrollments,
  sum: totals.revenueMinor,
  sumOfSquares: totals.revenueSquares,
});
const discount = (totals: ProfitTotals): SampleSums => ({
  n: totals.enrollments,
  sum: totals.discountMinor,
  sumOfSquares: totals.discountSquares,
});
const profit = (totals: ProfitTotals): SampleSums => ({
  n: totals.enrollments,
  sum: totals.profitMinor,
  sumOfSquares: totals.profitSquares,
});

/** Scales a per-checkout interval to the arm's checkouts (a known count, so the interval scales with it). */
function scaled(
  interval: Interval | null,
  factor: number,
  round: (value: number) => number,
): Interval | null {
  if (!interval) return null;
  return {
    estimate: round(interval.estimate * factor),
    low: round(interval.low * factor),
    high: round(interval.high * factor),
  };
}

const unrounded = (value: number) => value;
const isBigEnough = (totals: ProfitTotals) => totals.enrollments >= MIN_GROUP_SIZE;

function compareWithHoldout(arm: ProfitTotals, holdout: ProfitTotals): OfferVersusHoldout {
  const unmeasured = {
    recoveryRateDifference: null,
    incrementalRecoveries: null,
    incrementalRevenueMinor: null,
    incrementalProfitMinor: null,
    profitPerCheckoutDifferenceMinor: null,
    minimumDetectableProfitPerCheckoutMinor: null,
  };
  if (holdout.enrollments === 0) {
    return {
      status: "NO_HOLDOUT",
      reason:
        "No checkout of this segment was held out; set a holdout share to measure what each offer adds.",
      ...unmeasured,
    };
  }
  if (!isBigEnough(arm) || !isBigEnough(holdout)) {
    return {
      status: "GROUPS_TOO_SMALL",
      reason:
        `Each group needs at least ${MIN_GROUP_SIZE} checkouts (with this offer: ${arm.enrollments}, ` +
        `held out: ${holdout.enrollments}).`,
      ...unmeasured,
    };
  }
  const rates = sequentialMeanDifference(recoveries(arm), recoveries(holdout));
  const profits = sequentialMeanDifference(profit(arm), profit(holdout));
  return {
    status: "MEASURED",
    reason: null,
    recoveryRateDifference: rates,
    incrementalRecoveries: scaled(rates, arm.enrollments, unrounded),
    incrementalRevenueMinor: scaled(
      sequentialMeanDifference(revenue(arm), revenue(holdout)),
      arm.enrollments,
      Math.round,
    ),
    incrementalProfitMinor: scaled(profits, arm.enrollments, Math.round),
    profitPerCheckoutDifferenceMinor: profits,
    minimumDetectableProfitPerCheckoutMinor: profits?.minimumDetectableEffect ?? null,
  };
}

function compareArms(
  first: { arm: string; totals: ProfitTotals },
  second: { arm: string; totals: ProfitTotals },
): OfferPairFigures {
  const pair = { arm: first.arm, versus: second.arm };
  if (!isBigEnough(first.totals) || !isBigEnough(second.totals)) {
    return {
      ...pair,
      status: "GROUPS_TOO_SMALL",
      reason:
        `Each offer needs at least ${MIN_GROUP_SIZE} checkouts to be compared (so far ` +
        `${first.totals.enrollments} and ${second.totals.enrollments}).`,
      profitPerCheckoutDifferenceMinor: null,
    };
  }
  return {
    ...pair,
    status: "MEASURED",
    reason: null,
    profitPerCheckoutDifferenceMinor: sequentialMeanDifference(profit(first.totals), profit(second.totals)),
  };
}

/** The offer test's figures for one segment. Arm names must be distinct (they identify the pairs). */
export function computeOfferExperiment(input: OfferExperimentInput): OfferExperimentFigures {
  const names = new Set(input.arms.map(({ arm }) => arm));
  if (names.size !== input.arms.length) throw new RangeError("offer arms must be distinct");
  const arms = input.arms.map(({ arm, totals }): OfferArmFigures => {
    const bigEnough = isBigEnough(totals);
    return {
      arm,
      group: summarize(totals),
      recoveryRate: bigEnough ? sequentialMean(recoveries(totals)) : null,
      discountCostMinor: bigEnough
        ? scaled(sequentialMean(discount(totals)), totals.enrollments, Math.round)
        : null,
      versusHoldout: compareWithHoldout(totals, input.holdout),
    };
  });
  const pairs: OfferPairFigures[] = [];
  input.arms.forEach((first, index) => {
    for (const second of input.arms.slice(index + 1)) pairs.push(compareArms(first, second));
  });
  return { holdout: summarize(input.holdout), arms, pairs };
}

export interface OfferRecommendation {
  arm: string;
  /** The arm with the next-best profit per checkout. */
  versus: string;
  /** Profit per checkout of `arm` minus `versus`, minor units, with its always-valid 95% interval. */
  perCheckoutGainMinor: Interval;
  /** Plain text for the merchant (rendered as text, never as HTML). */
  sentence: string;
}

export interface RecommendationWording {
  /** The segment's name as the merchant gave it. */
  segmentName: string;
  /** The arm's name as it reads mid-sentence ("no discount", "tier discount"). */
  armLabel: (arm: string) => string;
  /** Minor units of the shop currency, formatted ("$1.20"). */
  formatMoney: (minor: number) => string;
}

/** The pair's interval, oriented as `arm` minus `versus`; null when not measured. */
function differenceBetween(figures: OfferExperimentFigures, arm: string, versus: string): Interval | null {
  for (const pair of figures.pairs) {
    const interval = pair.status === "MEASURED" ? pair.profitPerCheckoutDifferenceMinor : null;
    if (!interval) continue;
    if (pair.arm === arm && pair.versus === versus)
      return { estimate: interval.estimate, low: interval.low, high: interval.high };
    if (pair.arm === versus && pair.versus === arm)
      return { estimate: -interval.estimate, low: -interval.high, high: -interval.low };
  }
  return null;
}

/**
 * The arm to keep, when one is clearly the most profitable: its profit per checkout beats EVERY other arm's,
 * each difference's always-valid interval above zero. Null otherwise (fewer than two arms, a group below
 * MIN_GROUP_SIZE, or any interval that still includes zero). A wrong recommendation needs the interval
 * against the truly best arm to be wrong, which happens in at most 5% of tests, however often this is read.
 */
export function recommendOffer(
  figures: OfferExperimentFigures,
  wording: RecommendationWording,
): OfferRecommendation | null {
  const ranked = figures.arms
    .filter((arm) => arm.group.profitPerCheckoutMinor !== null)
    .sort((a, b) => (b.group.profitPerCheckoutMinor ?? 0) - (a.group.profitPerCheckoutMinor ?? 0));
  const [best, runnerUp] = ranked;
  if (!best || !runnerUp || ranked.length !== figures.arms.length) return null;
  const isClearlyBetter = ranked
    .slice(1)
    .every((other) => (differenceBetween(figures, best.arm, other.arm)?.low ?? 0) > 0);
  const gain = differenceBetween(figures, best.arm, runnerUp.arm);
  if (!isClearlyBetter || !gain) return null;
  const money = (minor: number) => wording.formatMoney(Math.round(minor));
  return {
    arm: best.arm,
    versus: runnerUp.arm,
    perCheckoutGainMinor: gain,
    sentence:
      `For ${wording.segmentName}, ${wording.armLabel(best.arm)} earns ${money(gain.estimate)} more profit ` +
      `per checkout than ${wording.armLabel(runnerUp.arm)} (95% range ${money(gain.low)} to ${money(gain.high)}).`,
  };
}
