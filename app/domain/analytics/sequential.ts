import { meanAndVariance, Z_POWER_80, type Interval, type SampleSums } from "./statistics";

/**
 * Always-valid 95% intervals (confidence sequences) for a mean and for a difference of two means, from the
 * totals an aggregate query returns.
 *
 * Why not the fixed-sample interval: merchants open the dashboard every day, and a 95% Wald interval read
 * after every day of a 60-day test excludes zero at some look in several times 5% of the tests where
 * nothing differs (sequential.test.ts simulates it). A confidence sequence holds at every look at once: the
 * chance that it EVER misses the true value, however often and whenever it is read, is at most 5%. So the
 * dashboard may show it daily and a merchant may stop the test the day it excludes zero.
 *
 * The boundary is the mixture sequential probability ratio test with a normal mixture (Johari, Pekelis, Walsh,
 * "Always valid inference", 2017; Howard, Ramdas, McAuliffe, Sekhon, "Time-uniform, nonparametric,
 * nonasymptotic confidence sequences", 2021, the normal mixture). With the estimate's variance V and a
 * normal prior N(0, tau²) over the true difference, the likelihood ratio of "some difference" against "the
 * value d" stays below 1/alpha, at every look at once, with probability 1 - alpha when d is the truth, so the
 * values d where it does form the sequence:
 *
 *   half-width = sqrt( V (V + tau²) / tau² · ( 2 ln(1/alpha) + ln((V + tau²) / V) ) ).
 *
 * It is exact for normal data of known variance; with the sample variance plugged in it holds as the
 * samples grow (the central limit theorem, looked at uniformly over time), which the simulations check on
 * sparse recoveries and skewed order values from the first day's twenty checkouts. It costs width: about
 * 1.55 times the fixed interval where it is tightest, growing slowly away from there (see MIXING_SAMPLE_SIZE).
 */

/** Two-sided error rate over all looks together. */
export const SEQUENTIAL_ALPHA = 0.05;

/**
 * The mixing variance as a sample size: tau² = (per-checkout variance) / MIXING_SAMPLE_SIZE, so the prior
 * says "effects of about a seventh of a standard deviation per checkout" (1/sqrt(50)), e.g. about 4
 * percentage points on a 10% recovery rate. Stated in standard deviations, it is scale-free: the same in
 * yen and in dollars, for rates and for money.
 *
 * Why 50: the width divided by the fixed Wald width depends only on x = tau² / V, which for a difference of
 * equal-variance groups is n_eff / 50 with n_eff = 1 / (1/n_a + 1/n_b) (half the group size when the groups
 * are equal, about the holdout's size when the holdout is small). The ratio is smallest, 1.55, at x = 8.2,
 * i.e. n_eff = 410 (820 checkouts per group). With 50 it stays within 1.66 from 200 to 5,000 checkouts per
 * group, the range small shops reach in a test's first weeks, and 1.75 at 30,000 (sequential.test.ts
 * checks the table). A larger value would favour big shops and widen the first weeks, when merchants look
 * most; the boundary is valid for any value, this only chooses where it is tightest.
 */
export const MIXING_SAMPLE_SIZE = 50;

/**
 * A group whose values are all the same (no recovery yet among its checkouts) has sample variance 0, but
 * its true variance is not 0. Each group's variance is floored at this share of the variance of both groups
 * taken together, which keeps V, and so the boundary, defined; it is small on purpose: it only stops a
 * division by zero and a zero-width interval, and does not pretend to know the missing variance.
 */
export const VARIANCE_FLOOR_SHARE = 0.01;

/** An always-valid interval, its estimate's standard error, and the smallest true effect it would detect. */
export interface SequentialInterval extends Interval {
  standardError: number;
  /**
   * The smallest true value (difference, or mean for one sample) that the interval at this sample size
   * would exclude zero for with 80% probability: half-width + z(80%) · standard error. Smaller than this,
   * "not significant yet" says little; the dashboard shows it so a merchant knows what the test can see.
   */
  minimumDetectableEffect: number;
}

/**
 * The normal-mixture boundary: the half-width for an estimate of variance `variance` under the mixing
 * variance `mixingVariance` (both > 0), at error rate `alpha` over all looks.
 */
export function normalMixtureHalfWidth(
  variance: number,
  mixingVariance: number,
  alpha: number = SEQUENTIAL_ALPHA,
): number {
  if (!(variance > 0) || !(mixingVariance > 0))
    throw new RangeError(`variances must be positive, got ${variance} and ${mixingVariance}`);
  const inflation = (variance + mixingVariance) / variance;
  return Math.sqrt(
    ((variance * (variance + mixingVariance)) / mixingVariance) *
      (2 * Math.log(1 / alpha) + Math.log(inflation)),
  );
}

function intervalAround(
  estimate: number,
  variance: number,
  mixingVariance: number,
  alpha: number,
): SequentialInterval {
  const standardError = Math.sqrt(variance);
  const halfWidth = normalMixtureHalfWidth(variance, mixingVariance, alpha);
  return {
    estimate,
    low: estimate - halfWidth,
    high: estimate + halfWidth,
    standardError,
    minimumDetectableEffect: halfWidth + Z_POWER_80 * standardError,
  };
}

/** Nothing varies: the estimate is all the data say, and no spread exists to build a range from. */
const collapsed = (estimate: number): SequentialInterval => ({
  estimate,
  low: estimate,
  high: estimate,
  standardError: 0,
  minimumDetectableEffect: 0,
});

const combined = (a: SampleSums, b: SampleSums): SampleSums => ({
  n: a.n + b.n,
  sum: a.sum + b.sum,
  sumOfSquares: a.sumOfSquares + b.sumOfSquares,
});

/**
 * mean_a - mean_b with an always-valid 95% interval (or 1 - alpha: content experiments let the merchant choose
 * 90%, 95% or 99%). A proportion is the case sum = sumOfSquares = successes. Null when a group is empty. When
 * every value of both groups is the same (say no recovery in either), nothing measures the spread and the
 * interval collapses onto the estimate, as welchDifference's does; callers require MIN_GROUP_SIZE and say so.
 */
export function sequentialMeanDifference(
  a: SampleSums,
  b: SampleSums,
  alpha: number = SEQUENTIAL_ALPHA,
): SequentialInterval | null {
  if (a.n <= 0 || b.n <= 0) return null;
  const first = meanAndVariance(a);
  const second = meanAndVariance(b);
  const estimate = first.mean - second.mean;
  const pooledVariance = meanAndVariance(combined(a, b)).variance;
  if (!(pooledVariance > 0)) return collapsed(estimate);
  const floor = VARIANCE_FLOOR_SHARE * pooledVariance;
  const variance = Math.max(first.variance, floor) / a.n + Math.max(second.variance, floor) / b.n;
  return intervalAround(estimate, variance, pooledVariance / MIXING_SAMPLE_SIZE, alpha);
}

/**
 * One sample's mean with an always-valid 95% interval (say the discount cost per checkout of an arm, where
 * the holdout's is 0 by construction). Null when the sample is empty; collapses when every value is the
 * same, which for a sample of discounts means the cost is exactly that value.
 */
export function sequentialMean(sample: SampleSums): SequentialInterval | null {
  if (sample.n <= 0) return null;
  const { mean, variance } = meanAndVariance(sample);
  if (!(variance > 0)) return collapsed(mean);
  return intervalAround(mean, variance / sample.n, variance / MIXING_SAMPLE_SIZE, SEQUENTIAL_ALPHA);
}
