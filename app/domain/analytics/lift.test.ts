import { describe, expect, it } from "vitest";
import { computeLift, MIN_GROUP_SIZE, type ArmTotals } from "./lift";

/** An arm where `recovered` checkouts ordered `orderMinor` each and the rest nothing. */
function arm(enrollments: number, recovered: number, orderMinor = 10_000): ArmTotals {
  return {
    enrollments,
    recovered,
    revenueMinor: recovered * orderMinor,
    revenueSumOfSquares: recovered * orderMinor * orderMinor,
  };
}

describe("computeLift", () => {
  it("measures the difference in recovery rate, and the recoveries and revenue it adds", () => {
    const lift = computeLift(arm(1000, 120), arm(1000, 80));

    expect(lift.status).toBe("MEASURED");
    expect(lift.treatment).toEqual({
      enrollments: 1000,
      recovered: 120,
      recoveryRate: 0.12,
      revenueMinor: 1_200_000,
      revenuePerEnrollmentMinor: 1200,
    });
    // Always-valid intervals (sequential.ts), written out here: per-group sample variances (n - 1), the
    // mixing variance the pooled variance / 50, alpha 0.05.
    const sampleVariance = (n: number, sum: number, squares: number) => (squares - (sum * sum) / n) / (n - 1);
    const halfWidth = (variance: number, pooled: number) => {
      const mixing = pooled / 50;
      return Math.sqrt(
        ((variance * (variance + mixing)) / mixing) *
          (2 * Math.log(1 / 0.05) + Math.log((variance + mixing) / variance)),
      );
    };
    const rateVariance = sampleVariance(1000, 120, 120) / 1000 + sampleVariance(1000, 80, 80) / 1000;
    const rateHalf = halfWidth(rateVariance, sampleVariance(2000, 200, 200));
    expect(rateHalf).toBeCloseTo(0.0407, 4);
    expect(lift.recoveryRateDifference?.estimate).toBeCloseTo(0.04, 12);
    expect(lift.recoveryRateDifference?.low).toBeCloseTo(0.04 - rateHalf, 9);
    expect(lift.recoveryRateDifference?.high).toBeCloseTo(0.04 + rateHalf, 9);
    expect(lift.relativeLift).toBeCloseTo(0.5, 12);
    // Read once, a 95% Wald interval (0.012 to 0.068) would call this significant; read at any time, the
    // always-valid one cannot tell yet.
    expect(lift.isSignificant).toBe(false);
    expect(lift.incrementalRecoveries?.estimate).toBeCloseTo(40, 9);
    expect(lift.incrementalRecoveries?.low).toBeCloseTo((0.04 - rateHalf) * 1000, 6);

    // Revenue per enrolment: 1200 vs 800 minor units, times the 1000 treated checkouts.
    const squares = (k: number) => k * 10_000 ** 2;
    const revenueVariance =
      sampleVariance(1000, 120 * 10_000, squares(120)) / 1000 +
      sampleVariance(1000, 80 * 10_000, squares(80)) / 1000;
    const margin = halfWidth(revenueVariance, sampleVariance(2000, 200 * 10_000, squares(200))) * 1000;
    expect(lift.incrementalRevenueMinor).toEqual({
      estimate: 400_000,
      low: Math.round(400_000 - margin),
      high: Math.round(400_000 + margin),
    });
    expect(lift.smallSampleNote).toBeNull();
  });

  it("calls a clear difference significant", () => {
    expect(computeLift(arm(2000, 300), arm(2000, 150)).isSignificant).toBe(true);
  });

  it("says when the difference could be chance", () => {
    const lift = computeLift(arm(400, 42), arm(400, 40));
    expect(lift.status).toBe("MEASURED");
    expect(lift.recoveryRateDifference?.low).toBeLessThan(0);
    expect(lift.recoveryRateDifference?.high).toBeGreaterThan(0);
    expect(lift.isSignificant).toBe(false);
    expect(lift.incrementalRevenueMinor?.low).toBeLessThan(0);
  });

  it("claims nothing without a holdout", () => {
    const lift = computeLift(arm(5000, 600), arm(0, 0));
    expect(lift).toMatchObject({
      status: "NO_HOLDOUT",
      recoveryRateDifference: null,
      incrementalRecoveries: null,
      incrementalRevenueMinor: null,
      isSignificant: null,
    });
    expect(lift.reason).toMatch(/holdout/);
    expect(lift.holdout.recoveryRate).toBeNull();
  });

  it(`claims nothing when a group has fewer than ${MIN_GROUP_SIZE} checkouts`, () => {
    const lift = computeLift(arm(5000, 600), arm(MIN_GROUP_SIZE - 1, 2));
    expect(lift.status).toBe("GROUPS_TOO_SMALL");
    expect(lift.reason).toContain(`held out: ${MIN_GROUP_SIZE - 1}`);
    expect(lift.incrementalRevenueMinor).toBeNull();
    expect(computeLift(arm(MIN_GROUP_SIZE, 5), arm(MIN_GROUP_SIZE, 1)).status).toBe("MEASURED");
  });

  it("warns that the interval is rough when recoveries are few, and has no relative lift over zero", () => {
    const lift = computeLift(arm(40, 4), arm(40, 0));
    expect(lift.status).toBe("MEASURED");
    expect(lift.smallSampleNote).toMatch(/rough/);
    expect(lift.relativeLift).toBeNull();
    // The held-out group never recovered: its revenue has no variance, the treatment's carries the interval.
    expect(lift.incrementalRevenueMinor?.estimate).toBe(40_000);
  });

  it("measures no lift when both groups are alike", () => {
    const lift = computeLift(arm(200, 0), arm(100, 0));
    expect(lift.recoveryRateDifference).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(lift.incrementalRevenueMinor).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(lift.isSignificant).toBe(false);
  });
});
