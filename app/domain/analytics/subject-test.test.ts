import { describe, expect, it } from "vitest";
import { sampleSizePerGroup } from "./statistics";
import { judgeProportions, judgeSubjectTest, MIN_SENDS_PER_VARIANT } from "./subject-test";

const p = (successes: number, trials: number) => ({ successes, trials });

describe("judgeProportions", () => {
  it("names the subject with the higher rate when the difference is significant", () => {
    const aWins = judgeProportions(p(150, 1000), p(100, 1000));
    expect(aWins).toMatchObject({ verdict: "A_WINS", rateA: 0.15, rateB: 0.1, moreSendsNeeded: 0 });
    expect(aWins.pValue).toBeCloseTo(0.000723, 5);
    expect(judgeProportions(p(100, 1000), p(150, 1000)).verdict).toBe("B_WINS");
  });

  it("waits when the difference could be chance, and estimates the sends still needed", () => {
    const result = judgeProportions(p(120, 1000), p(100, 1000));
    expect(result.verdict).toBe("NO_DIFFERENCE_YET");
    expect(result.pValue).toBeGreaterThan(0.05);
    const perVariant = sampleSizePerGroup(0.12, 0.1) as number;
    expect(result.moreSendsNeeded).toBe(2 * (perVariant - 1000));
  });

  it("declares nothing from a handful of sends, however lopsided", () => {
    const result = judgeProportions(p(9, 10), p(0, 10));
    expect(result.pValue).toBeLessThan(0.001);
    expect(result).toMatchObject({ verdict: "NO_DIFFERENCE_YET", hasEnoughData: false });
    // At least the minimum per subject is still to come.
    expect(result.moreSendsNeeded).toBe(2 * (MIN_SENDS_PER_VARIANT - 10));
  });

  it("declares nothing when successes are too rare for the normal approximation", () => {
    const result = judgeProportions(p(3, 500), p(0, 500));
    expect(result.hasEnoughData).toBe(false);
    expect(result.verdict).toBe("NO_DIFFERENCE_YET");
  });

  it("has no p-value without sends and no estimate for equal rates", () => {
    expect(judgeProportions(p(0, 0), p(0, 0))).toEqual({
      verdict: "NO_DIFFERENCE_YET",
      rateA: null,
      rateB: null,
      pValue: null,
      hasEnoughData: false,
      moreSendsNeeded: null,
    });
    expect(judgeProportions(p(0, 0), p(5, 200))).toMatchObject({ pValue: null, moreSendsNeeded: null });
    expect(judgeProportions(p(20, 200), p(20, 200))).toMatchObject({ pValue: 1, moreSendsNeeded: null });
  });
});

describe("judgeSubjectTest", () => {
  it("decides on clicks while recoveries are too few", () => {
    const verdict = judgeSubjectTest(
      { sends: 1000, clicks: 150, recoveries: 3 },
      { sends: 1000, clicks: 100, recoveries: 2 },
    );
    expect(verdict).toMatchObject({ verdict: "A_WINS", decidedBy: "CLICKS" });
    expect(verdict.recoveries.hasEnoughData).toBe(false);
  });

  it("lets recoveries overrule clicks once they can", () => {
    const verdict = judgeSubjectTest(
      { sends: 2000, clicks: 300, recoveries: 60 },
      { sends: 2000, clicks: 200, recoveries: 110 },
    );
    expect(verdict.clicks.verdict).toBe("A_WINS");
    expect(verdict).toMatchObject({ verdict: "B_WINS", decidedBy: "RECOVERIES" });
  });

  it("says no difference yet when neither can tell", () => {
    expect(
      judgeSubjectTest({ sends: 300, clicks: 30, recoveries: 6 }, { sends: 310, clicks: 33, recoveries: 5 }),
    ).toMatchObject({ verdict: "NO_DIFFERENCE_YET", decidedBy: "CLICKS" });
  });
});
