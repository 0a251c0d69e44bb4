import { describe, expect, it } from "vitest";
import { logGamma, sequentialMeanDifference } from "~/domain/analytics";
import type { ContentVariant } from "~/domain/messages";
import { mulberry32 } from "~/lib/seeded-random";
import {
  describeExperimentRule,
  formatPointsOf,
  judgeContentExperiment,
  probabilityBest,
  type VariantTally,
} from "./content-experiment";

const CONFIDENCE_95 = { rule: "CONFIDENCE", levelPercent: 95, minSendsPerVariant: 400 } as const;
const PROBABILITY_95 = { rule: "PROBABILITY", levelPercent: 95, minSendsPerVariant: 400 } as const;

const tally = (variant: ContentVariant, sends: number, recoveries: number): VariantTally => ({
  variant,
  sends,
  recoveries,
});

/** `sends` emails of a variant whose true recovery rate is `rate`, drawn from a seeded generator. */
function simulate(variant: ContentVariant, sends: number, rate: number, next: () => number): VariantTally {
  let recoveries = 0;
  for (let i = 0; i < sends; i += 1) if (next() < rate) recoveries += 1;
  return tally(variant, sends, recoveries);
}

const lnBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/**
 * P(p_B > p_A) for Beta(aA, bA) and Beta(aB, bB) with integer aB, in closed form (Evan Miller, "Formulas for
 * Bayesian A/B testing", 2015): an independent check of the numerical integration.
 */
function exactProbabilityBBeatsA(a: VariantTally, b: VariantTally): number {
  const [aA, bA, aB, bB] = [
    1 + a.recoveries,
    1 + a.sends - a.recoveries,
    1 + b.recoveries,
    1 + b.sends - b.recoveries,
  ];
  let total = 0;
  for (let i = 0; i < aB; i += 1)
    total += Math.exp(lnBeta(aA + i, bA + bB) - Math.log(bB + i) - lnBeta(1 + i, bB) - lnBeta(aA, bA));
  return total;
}

describe("judgeContentExperiment", () => {
  it("names no winner while any variant has fewer emails than the minimum, however clear the gap", () => {
    for (const rule of [CONFIDENCE_95, PROBABILITY_95]) {
      const verdict = judgeContentExperiment([tally("A", 399, 0), tally("B", 2_000, 400)], rule);
      expect(verdict).toMatchObject({ outcome: "TOO_FEW_SENDS", leader: "B", winner: null });
      expect(verdict.comparisons).toEqual([]);
      expect(verdict.probabilityBest).toBeNull();
      expect(verdict.sentence).toBe(
        "B recovers 20.0% of emails against A's 0.0% so far. Too early to name a winner: each variant " +
          "needs 400 emails (A has 399 and B has 2,000).",
      );
    }
    expect(judgeContentExperiment([tally("A", 0, 0), tally("B", 0, 0)], CONFIDENCE_95)).toMatchObject({
      outcome: "NO_SENDS",
      leader: null,
      sentence: "No email of this experiment has gone out yet.",
    });
    // A variant that was never sent is below any minimum.
    expect(
      judgeContentExperiment([tally("A", 900, 9), tally("B", 900, 90), tally("C", 0, 0)], PROBABILITY_95)
        .outcome,
    ).toBe("TOO_FEW_SENDS");
  });

  it("CONFIDENCE: waits while the data favour B but the always-valid interval still reaches zero", () => {
    const a = tally("A", 1_000, 32);
    const b = tally("B", 1_000, 45);
    const verdict = judgeContentExperiment([a, b], CONFIDENCE_95);
    const interval = sequentialMeanDifference(
      { n: 1_000, sum: 45, sumOfSquares: 45 },
      { n: 1_000, sum: 32, sumOfSquares: 32 },
    );
    expect(interval?.estimate).toBeCloseTo(0.013, 12);
    expect(interval?.low).toBeLessThan(0);
    expect(verdict).toMatchObject({ outcome: "NOT_YET", leader: "B", winner: null });
    expect(verdict.comparisons).toEqual([{ versus: "A", difference: interval }]);
    expect(verdict.sentence).toBe(
      `B recovers 4.5% of emails against A's 3.2%; the 95% always-valid interval of the difference is ` +
        `${formatPointsOf(interval?.low ?? 0)} to ${formatPointsOf(interval?.high ?? 0)} points, not yet all ` +
        "above zero: it could still be chance.",
    );
  });

  it("CONFIDENCE: names B once the interval of B minus A lies above zero, at the shop's level", () => {
    const counts = [tally("A", 3_000, 96), tally("B", 3_000, 150)];
    const verdict = judgeContentExperiment(counts, CONFIDENCE_95);
    expect(verdict).toMatchObject({ outcome: "WINNER", leader: "B", winner: "B" });
    expect(verdict.comparisons[0]?.difference?.low).toBeGreaterThan(0);
    expect(verdict.sentence).toMatch(
      /^B recovers 5\.0% of emails against A's 3\.2%; the 95% always-valid interval of the difference is \+0\.\d+ to \+\d\.\d points, above zero: B is the winner\.$/,
    );
    // The same counts at 99% are not enough: that interval is wider and still reaches zero.
    const strict = judgeContentExperiment(counts, { ...CONFIDENCE_95, levelPercent: 99 });
    expect(strict.outcome).toBe("NOT_YET");
    expect(strict.comparisons[0]?.difference?.low).toBeLessThan(0);
    expect(strict.sentence).toContain("the 99% always-valid interval");
  });

  it("PROBABILITY: decides on P(leader is best) against the level, where CONFIDENCE still waits", () => {
    const a = tally("A", 1_000, 32);
    const b = tally("B", 1_000, 45);
    const exact = exactProbabilityBBeatsA(a, b);
    expect(exact).toBeGreaterThan(0.9);
    expect(exact).toBeLessThan(0.95);
    const at95 = judgeContentExperiment([a, b], PROBABILITY_95);
    expect(at95).toMatchObject({ outcome: "NOT_YET", leader: "B", winner: null });
    expect(at95.probabilityBest).toBeCloseTo(exact, 7);
    expect(at95.sentence).toBe(
      `B recovers 4.5% of emails against A's 3.2%; the probability that B recovers the most is ` +
        `${(exact * 100).toFixed(1)}% (the rule asks for 95%): keep the experiment running.`,
    );
    const at90 = judgeContentExperiment([a, b], { ...PROBABILITY_95, levelPercent: 90 });
    expect(at90).toMatchObject({ outcome: "WINNER", winner: "B" });
    expect(at90.sentence).toMatch(/: B is the winner\.$/);
  });

  it("decides on simulated emails: B truly recovers 5% against A's 3%, and both rules find it", () => {
    const next = mulberry32(20_261_205);
    const counts = [simulate("A", 4_000, 0.03, next), simulate("B", 4_000, 0.05, next)];
    for (const rule of [CONFIDENCE_95, PROBABILITY_95])
      expect(judgeContentExperiment(counts, rule)).toMatchObject({ outcome: "WINNER", winner: "B" });
    // Where nothing differs, neither rule names a winner on these counts.
    const same = [simulate("A", 4_000, 0.04, next), simulate("B", 4_000, 0.04, next)];
    for (const rule of [CONFIDENCE_95, PROBABILITY_95])
      expect(judgeContentExperiment(same, rule).winner).toBeNull();
  });

  it("with three variants, the leader must beat each of the other two", () => {
    const a = tally("A", 3_000, 90);
    const b = tally("B", 3_000, 180);
    const closeC = tally("C", 3_000, 160);
    const behindC = tally("C", 3_000, 105);

    const decided = judgeContentExperiment([a, b, behindC], CONFIDENCE_95);
    expect(decided).toMatchObject({ outcome: "WINNER", winner: "B" });
    expect(decided.comparisons.map((comparison) => comparison.versus)).toEqual(["A", "C"]);
    expect(decided.sentence).toMatch(
      /^B recovers 6\.0% of emails against A's 3\.0% and C's 3\.5%; the 95% always-valid intervals of the differences are \+[\d.]+ to \+[\d.]+ points \(against A\) and \+[\d.]+ to \+[\d.]+ points \(against C\), above zero: B is the winner\.$/,
    );
    // B is far ahead of A but not of C: no winner under either rule.
    const close = [a, b, closeC];
    expect(judgeContentExperiment(close, CONFIDENCE_95)).toMatchObject({ outcome: "NOT_YET", leader: "B" });
    const probability = judgeContentExperiment(close, PROBABILITY_95);
    expect(probability).toMatchObject({ outcome: "NOT_YET", leader: "B" });
    expect(probability.probabilityBest).toBeGreaterThan(0.5);
    expect(probability.probabilityBest).toBeLessThan(0.95);
    expect(judgeContentExperiment([a, b, behindC], PROBABILITY_95)).toMatchObject({ winner: "B" });
  });

  it("names no leader when two variants share the best rate", () => {
    const verdict = judgeContentExperiment(
      [tally("A", 500, 10), tally("B", 500, 20), tally("C", 500, 20)],
      CONFIDENCE_95,
    );
    expect(verdict).toMatchObject({ outcome: "NOT_YET", leader: null, winner: null });
    expect(verdict.sentence).toBe(
      "No variant leads on its own: A recovers 2.0% of emails, B 4.0% and C 4.0%. Keep the experiment running.",
    );
  });
});

describe("probabilityBest", () => {
  it("matches the closed form for two variants, from a few emails to many", () => {
    for (const [a, b] of [
      [tally("A", 50, 2), tally("B", 50, 5)],
      [tally("A", 400, 0), tally("B", 400, 3)],
      [tally("A", 2_000, 64), tally("B", 2_000, 102)],
      [tally("A", 20_000, 700), tally("B", 25_000, 860)],
    ] as const) {
      expect(probabilityBest([a, b], 1)).toBeCloseTo(exactProbabilityBBeatsA(a, b), 7);
      expect(probabilityBest([a, b], 0)).toBeCloseTo(1 - exactProbabilityBBeatsA(a, b), 7);
    }
  });

  it("gives three probabilities that add up to one, a third each for identical variants", () => {
    const counts = [tally("A", 3_000, 90), tally("B", 3_000, 180), tally("C", 3_000, 160)];
    const all = counts.map((_, index) => probabilityBest(counts, index));
    expect(all.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
    const same = [tally("A", 800, 30), tally("B", 800, 30), tally("C", 800, 30)];
    for (const index of [0, 1, 2]) expect(probabilityBest(same, index)).toBeCloseTo(1 / 3, 6);
    // The same counts always give the same number: nothing is drawn at random.
    expect(probabilityBest(counts, 2)).toBe(all[2]);
  });
});

describe("the words", () => {
  it("states the shop's rule in one sentence", () => {
    expect(describeExperimentRule({ ...CONFIDENCE_95, autoPromote: true })).toBe(
      "Promotes automatically when each variant has 400 emails and the 95% always-valid interval of the " +
        "leader's lead in recoveries per email over each other variant is above zero.",
    );
    expect(
      describeExperimentRule({
        ...PROBABILITY_95,
        levelPercent: 99,
        minSendsPerVariant: 1_000,
        autoPromote: false,
      }),
    ).toBe(
      "Names a winner when each variant has 1,000 emails and the probability that the leader recovers the " +
        "most per email is at least 99%; automatic promotion is off, so nothing changes until you press Promote.",
    );
  });

  it("writes differences in signed points, never a bare zero for a bound just off zero", () => {
    expect(formatPointsOf(0.038)).toBe("+3.8");
    expect(formatPointsOf(-0.0125)).toBe("-1.3");
    expect(formatPointsOf(0.0003)).toBe("+0.03");
    expect(formatPointsOf(-0.0002)).toBe("-0.02");
    expect(formatPointsOf(0)).toBe("0.0");
  });
});
