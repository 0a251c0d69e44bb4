import { rateOf, sampleSizePerGroup, twoProportionZTest, type Proportion } from "./statistics";

/**
 * The verdict on a step's two subject lines. A pooled two-proportion z-test at 5% on clicks per send, and on
 * recoveries per send once there are enough of them; recoveries are what the merchant is paid in, so when
 * both tests can speak and recoveries pick a winner, that winner stands.
 *
 * A winner is declared only with at least MIN_SENDS_PER_VARIANT sends per subject and at least
 * MIN_EXPECTED_EVENTS expected successes and failures per subject (the normal approximation's condition):
 * the dashboard is looked at every day, and a verdict from a handful of sends would flip with the next few.
 */

export type SubjectVerdict = "A_WINS" | "B_WINS" | "NO_DIFFERENCE_YET";

export const SIGNIFICANCE_LEVEL = 0.05;
export const MIN_SENDS_PER_VARIANT = 100;
export const MIN_EXPECTED_EVENTS = 5;

export interface VariantCounts {
  sends: number;
  clicks: number;
  /** Sends whose checkout was then recovered by email. */
  recoveries: number;
}

export interface ProportionVerdict {
  verdict: SubjectVerdict;
  rateA: number | null;
  rateB: number | null;
  /** Two-sided p-value; null when a subject has no sends. */
  pValue: number | null;
  /** Whether the counts are large enough for a verdict at all. */
  hasEnoughData: boolean;
  /**
   * Roughly how many more sends (both subjects together) would detect the difference seen so far with 80%
   * power: 0 once decided; null when the rates are equal (no size detects a difference of zero) or when the
   * formula says the sends so far should have sufficed (the test and the power formula differ at the margin).
   */
  moreSendsNeeded: number | null;
}

export interface SubjectTestVerdict {
  verdict: SubjectVerdict;
  decidedBy: "CLICKS" | "RECOVERIES";
  clicks: ProportionVerdict;
  recoveries: ProportionVerdict;
}

function hasEnoughData(a: Proportion, b: Proportion): boolean {
  if (a.trials < MIN_SENDS_PER_VARIANT || b.trials < MIN_SENDS_PER_VARIANT) return false;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  return [a, b].every(
    (group) =>
      group.trials * pooled >= MIN_EXPECTED_EVENTS && group.trials * (1 - pooled) >= MIN_EXPECTED_EVENTS,
  );
}

export function judgeProportions(a: Proportion, b: Proportion): ProportionVerdict {
  const rateA = rateOf(a);
  const rateB = rateOf(b);
  const test = twoProportionZTest(a, b);
  const enough = hasEnoughData(a, b);
  const decided = enough && test !== null && test.pValue < SIGNIFICANCE_LEVEL && rateA !== rateB;
  const verdict: SubjectVerdict = decided
    ? (rateA ?? 0) > (rateB ?? 0)
      ? "A_WINS"
      : "B_WINS"
    : "NO_DIFFERENCE_YET";

  let moreSendsNeeded: number | null = null;
  if (decided) moreSendsNeeded = 0;
  else if (rateA !== null && rateB !== null) {
    const perVariant = sampleSizePerGroup(rateA, rateB);
    if (perVariant !== null) {
      const target = Math.max(perVariant, MIN_SENDS_PER_VARIANT);
      const remaining = Math.max(0, target - a.trials) + Math.max(0, target - b.trials);
      moreSendsNeeded = remaining > 0 ? remaining : null;
    }
  }
  return { verdict, rateA, rateB, pValue: test?.pValue ?? null, hasEnoughData: enough, moreSendsNeeded };
}

export function judgeSubjectTest(a: VariantCounts, b: VariantCounts): SubjectTestVerdict {
  const clicks = judgeProportions(
    { successes: a.clicks, trials: a.sends },
    { successes: b.clicks, trials: b.sends },
  );
  const recoveries = judgeProportions(
    { successes: a.recoveries, trials: a.sends },
    { successes: b.recoveries, trials: b.sends },
  );
  if (recoveries.verdict !== "NO_DIFFERENCE_YET")
    return { verdict: recoveries.verdict, decidedBy: "RECOVERIES", clicks, recoveries };
  return { verdict: clicks.verdict, decidedBy: "CLICKS", clicks, recoveries };
}
