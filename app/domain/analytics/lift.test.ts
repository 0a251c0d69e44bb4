import { describe, expect, it } from "vitest";
import { computeLift, MIN_GROUP_SIZE, type ArmTotals } from "./lift";
import { tCritical95 } from "./statistics";

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
    const standardError = Math.sqrt((0.12 * 0.88) / 1000 + (0.08 * 0.92) / 1000);
    expect(lift.recoveryRateDifference?.estimate).toBeCloseTo(0.04, 12);
    expect(lift.recoveryRateDifference?.low).toBeCloseTo(0.04 - 1.959964 * standardError, 6);
    expect(lift.recoveryRateDifference?.high).toBeCloseTo(0.04 + 1.959964 * standardError, 6);
    expect(lift.relativeLift).toBeCloseTo(0.5, 12);
    expect(lift.isSignificant).toBe(true);
    expect(lift.incrementalRecoveries?.estimate).toBeCloseTo(40, 9);
    expect(lift.incrementalRecoveries?.low).toBeCloseTo((0.04 - 1.959964 * standardError) * 1000, 3);

    // Revenue per enrolment: 1200 vs 800 minor units, times the 1000 treated checkouts.
    const variance = (n: number, k: number) => (k * 10_000 ** 2 - (k * 10_000) ** 2 / n) / (n - 1);
    const revenueError = Math.sqrt(variance(1000, 120) / 1000 + variance(1000, 80) / 1000);
    const degrees =
      (variance(1000, 120) / 1000 + variance(1000, 80) / 1000) ** 2 /
      ((variance(1000, 120) / 1000) ** 2 / 999 + (variance(1000, 80) / 1000) ** 2 / 999);
    const margin = tCritical95(degrees) * revenueError * 1000;
    expect(lift.incrementalRevenueMinor).toEqual({
      estimate: 400_000,
      low: Math.round(400_000 - margin),
      high: Math.round(400_000 + margin),
    });
    expect(lift.smallSampleNote).toBeNull();
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
