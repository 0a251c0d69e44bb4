import { describe, expect, it } from "vitest";
import {
  meanAndVariance,
  logGamma,
  normalCdf,
  proportionDifference,
  regularizedBeta,
  studentTCdf,
  tCritical95,
  twoSidedPValue,
  welchDifference,
  Z_95,
  type SampleSums,
} from "./statistics";

const sumsOf = (values: number[]): SampleSums => ({
  n: values.length,
  sum: values.reduce((total, value) => total + value, 0),
  sumOfSquares: values.reduce((total, value) => total + value * value, 0),
});

// Computed the long way, to check the sums-based versions against.
function directMeanAndVariance(values: number[]) {
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  const variance = values.reduce((total, value) => total + (value - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

describe("the normal distribution", () => {
  it("matches table values", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.8413447, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6);
    expect(normalCdf(Z_95)).toBeCloseTo(0.975, 6);
    expect(twoSidedPValue(Z_95)).toBeCloseTo(0.05, 6);
    expect(twoSidedPValue(-2.575829)).toBeCloseTo(0.01, 6);
    expect(twoSidedPValue(0)).toBe(1);
  });

  it("keeps small tail probabilities accurate relative to their size", () => {
    // P(|Z| > 5) = 5.733e-7
    expect(twoSidedPValue(5) / 5.733031e-7).toBeCloseTo(1, 4);
  });
});

describe("Student's t", () => {
  it.each([
    { df: 1, expected: 12.706205 },
    { df: 2, expected: 4.302653 },
    { df: 5, expected: 2.570582 },
    { df: 10, expected: 2.228139 },
    { df: 29, expected: 2.04523 },
    { df: 30, expected: 2.042272 },
    { df: 60, expected: 2.000298 },
    { df: 100, expected: 1.983972 },
  ])("has the table's two-sided 95 percent value for $df degrees of freedom", ({ df, expected }) => {
    expect(tCritical95(df)).toBeCloseTo(expected, 4);
    expect(studentTCdf(expected, df)).toBeCloseTo(0.975, 6);
  });

  it("tends to the normal", () => {
    expect(tCritical95(Number.POSITIVE_INFINITY)).toBe(Z_95);
    expect(tCritical95(1e6)).toBeCloseTo(Z_95, 4);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 10);
    expect(() => tCritical95(0)).toThrow(RangeError);
  });
});

describe("proportionDifference", () => {
  it("gives the Wald interval of p_a - p_b", () => {
    const result = proportionDifference({ successes: 30, trials: 100 }, { successes: 20, trials: 100 });
    const standardError = Math.sqrt((0.3 * 0.7) / 100 + (0.2 * 0.8) / 100);
    expect(result?.estimate).toBeCloseTo(0.1, 12);
    expect(result?.standardError).toBeCloseTo(standardError, 12);
    expect(result?.low).toBeCloseTo(0.1 - 1.959964 * standardError, 6);
    expect(result?.high).toBeCloseTo(0.1 + 1.959964 * standardError, 6);
  });

  it("has no interval when a group is empty, and a zero-width one when neither varies", () => {
    expect(proportionDifference({ successes: 0, trials: 0 }, { successes: 1, trials: 5 })).toBeNull();
    expect(proportionDifference({ successes: 0, trials: 40 }, { successes: 0, trials: 40 })).toMatchObject({
      estimate: 0,
      low: 0,
      high: 0,
    });
  });
});

describe("meanAndVariance", () => {
  it("agrees with the two-pass computation", () => {
    const values = [0, 0, 12_950, 0, 40_495, 0, 8_800, 0, 0, 129_900];
    const fromSums = meanAndVariance(sumsOf(values));
    const direct = directMeanAndVariance(values);
    expect(fromSums.mean).toBeCloseTo(direct.mean, 9);
    expect(fromSums.variance / direct.variance).toBeCloseTo(1, 12);
  });

  it("never returns a negative variance from rounding, and none for fewer than two values", () => {
    expect(meanAndVariance({ n: 3, sum: 0.3, sumOfSquares: 0.03 }).variance).toBeGreaterThanOrEqual(0);
    expect(meanAndVariance({ n: 1, sum: 5, sumOfSquares: 25 })).toEqual({ mean: 5, variance: 0 });
    expect(meanAndVariance({ n: 0, sum: 0, sumOfSquares: 0 })).toEqual({ mean: 0, variance: 0 });
  });
});

describe("welchDifference", () => {
  // Example 1 of Wikipedia's "Welch's t-test": t = -2.46, ν = 24.99, p = 0.021.
  const a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
  const a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];

  it("reproduces a published Welch test", () => {
    const result = welchDifference(sumsOf(a1), sumsOf(a2));
    if (!result) throw new Error("expected a result");
    expect(result.estimate / result.standardError).toBeCloseTo(-2.46, 2);
    expect(result.degreesOfFreedom).toBeCloseTo(24.99, 2);
    expect(
      2 * (1 - studentTCdf(Math.abs(result.estimate / result.standardError), result.degreesOfFreedom)),
    ).toBeCloseTo(0.021, 3);
    const margin = tCritical95(result.degreesOfFreedom) * result.standardError;
    expect(result.low).toBeCloseTo(result.estimate - margin, 10);
    expect(result.high).toBeCloseTo(result.estimate + margin, 10);
    const first = directMeanAndVariance(a1);
    const second = directMeanAndVariance(a2);
    expect(result.standardError).toBeCloseTo(Math.sqrt(first.variance / 15 + second.variance / 15), 10);
  });

  it("collapses onto the difference when neither sample varies, and refuses samples of one", () => {
    expect(welchDifference(sumsOf([0, 0, 0]), sumsOf([0, 0]))).toMatchObject({
      estimate: 0,
      low: 0,
      high: 0,
    });
    expect(welchDifference(sumsOf([5]), sumsOf([1, 2]))).toBeNull();
  });
});

describe("the Beta distribution", () => {
  it("gives the closed-form CDF values, the regularised incomplete beta function", () => {
    // Beta(2, 3): I_x = 6x² - 8x³ + 3x⁴, so I_0.5 = 1.5 - 1 + 0.1875 = 11/16.
    expect(regularizedBeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 12);
    // Beta(1, b): I_x = 1 - (1 - x)^b, far into both tails.
    expect(regularizedBeta(0.3, 1, 401)).toBeCloseTo(1 - 0.7 ** 401, 12);
    expect(regularizedBeta(0.001, 1, 401)).toBeCloseTo(1 - 0.999 ** 401, 12);
    expect(regularizedBeta(0.25, 1, 1)).toBeCloseTo(0.25, 12);
    expect(regularizedBeta(0, 3, 4)).toBe(0);
    expect(regularizedBeta(1, 3, 4)).toBe(1);
  });

  it("has ln Γ of the factorials", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});
