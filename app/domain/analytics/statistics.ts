/**
 * The few statistics the dashboard needs, written out so they can be checked against textbook values:
 * the normal, Student t and Beta distributions, a difference of two proportions (Wald interval), and a
 * difference of two means from sums and sums of squares (Welch).
 * Pure functions of counts; the database only ever hands over totals.
 */

/** z for a two-sided 95% interval, and for 80% power. */
export const Z_95 = 1.959963984540054;
export const Z_POWER_80 = 0.8416212335729143;

/**
 * Complementary error function, Numerical Recipes' Chebyshev fit (fractional error below 1.2e-7 everywhere,
 * tails included, which matters for small p-values).
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z <= z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a z statistic. */
export function twoSidedPValue(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; about 15 significant digits). */
export function logGamma(x: number): number {
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = coefficients[0] as number;
  for (let i = 1; i < coefficients.length; i += 1) sum += (coefficients[i] as number) / (shifted + i);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (Numerical Recipes' betacf, modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m += 1) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-14) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b): the CDF at x of a Beta(a, b) distribution. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's is). */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The t value of a two-sided 95% interval: studentTCdf(t, df) = 0.975, by bisection (the CDF is monotone).
 * Infinite degrees of freedom give the normal's 1.96.
 */
export function tCritical95(df: number): number {
  if (!Number.isFinite(df)) return Z_95;
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  let low = 0;
  let high = 1000;
  for (let i = 0; i < 100; i += 1) {
    const middle = (low + high) / 2;
    if (studentTCdf(middle, df) < 0.975) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** An estimate with its 95% interval. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface Proportion {
  successes: number;
  trials: number;
}

export const rateOf = ({ successes, trials }: Proportion): number | null =>
  trials > 0 ? successes / trials : null;

/**
 * p_a - p_b with a 95% Wald interval (unpooled standard error). The interval is the normal approximation:
 * fair when each group has at least ~10 successes and ~10 failures, too narrow below that (the caller says
 * so to the merchant). Null when a group is empty.
 */
export function proportionDifference(
  a: Proportion,
  b: Proportion,
): (Interval & { standardError: number }) | null {
  if (a.trials <= 0 || b.trials <= 0) return null;
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const standardError = Math.sqrt((pa * (1 - pa)) / a.trials + (pb * (1 - pb)) / b.trials);
  const estimate = pa - pb;
  return {
    estimate,
    low: estimate - Z_95 * standardError,
    high: estimate + Z_95 * standardError,
    standardError,
  };
}

/** Totals of one sample, as an aggregate query returns them. */
export interface SampleSums {
  n: number;
  sum: number;
  sumOfSquares: number;
}

/** Mean and unbiased variance from sums; the variance is clamped at 0 against rounding in sum - mean². */
export function meanAndVariance({ n, sum, sumOfSquares }: SampleSums): { mean: number; variance: number } {
  if (n <= 0) return { mean: 0, variance: 0 };
  const mean = sum / n;
  if (n < 2) return { mean, variance: 0 };
  return { mean, variance: Math.max(0, (sumOfSquares - sum * mean) / (n - 1)) };
}

/**
 * mean_a - mean_b with a 95% Welch interval (unequal variances, Welch–Satterthwaite degrees of freedom).
 * Null when a group has fewer than two values. When both variances are zero the difference is exact and
 * the interval collapses onto it.
 */
export function welchDifference(
  a: SampleSums,
  b: SampleSums,
): (Interval & { standardError: number; degreesOfFreedom: number }) | null {
  if (a.n < 2 || b.n < 2) return null;
  const first = meanAndVariance(a);
  const second = meanAndVariance(b);
  const va = first.variance / a.n;
  const vb = second.variance / b.n;
  const estimate = first.mean - second.mean;
  const standardError = Math.sqrt(va + vb);
  if (standardError === 0)
    return { estimate, low: estimate, high: estimate, standardError, degreesOfFreedom: a.n + b.n - 2 };
  const degreesOfFreedom = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const margin = tCritical95(degreesOfFreedom) * standardError;
  return { estimate, low: estimate - margin, high: estimate + margin, standardError, degreesOfFreedom };
}
