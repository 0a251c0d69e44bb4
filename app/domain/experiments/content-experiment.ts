import {
  logGamma,
  regularizedBeta,
  sequentialMeanDifference,
  type SequentialInterval,
} from "~/domain/analytics";
import type { ContentVariant } from "~/domain/messages";
import type { ExperimentRule } from "~/domain/shops";

/**
 * The winner rule of a content experiment (a step's variants A, B and C), on recoveries per email: of a
 * variant's emails, the share whose checkout was then recovered by email. Pure: counts in, a verdict out.
 *
 * No winner while any variant has fewer than `minSendsPerVariant` emails. Then the leader (the highest rate,
 * alone at the top) wins by the shop's rule:
 *   CONFIDENCE   for every other variant, the always-valid interval (analytics/sequential.ts) of the leader's
 *                rate minus that variant's, at levelPercent, lies above zero. It stays valid however often
 *                it is read, so the tick may check it every hour without inflating false winners.
 *   PROBABILITY  with uniform priors, each variant's rate has the posterior Beta(1 + recoveries,
 *                1 + emails - recoveries); the probability that the leader's is the highest is at least
 *                levelPercent. Computed by numerical integration, so the same counts always give the same
 *                number (no random draws).
 */

export interface VariantTally {
  variant: ContentVariant;
  sends: number;
  /** Of the sends, those whose checkout was recovered by email after the send. */
  recoveries: number;
}

export type VerdictOutcome = "NO_SENDS" | "TOO_FEW_SENDS" | "NOT_YET" | "WINNER";

export interface LeaderComparison {
  versus: ContentVariant;
  /** The leader's recoveries per email minus this variant's, with its always-valid interval at the level. */
  difference: SequentialInterval | null;
}

export interface ExperimentVerdict {
  outcome: VerdictOutcome;
  /** The variant with the highest recoveries per email, when one is alone at the top. */
  leader: ContentVariant | null;
  /** The leader, when the rule holds. */
  winner: ContentVariant | null;
  rule: ExperimentRule["rule"];
  levelPercent: number;
  minSendsPerVariant: number;
  /** CONFIDENCE, once every variant has enough emails: the leader against each other variant. */
  comparisons: LeaderComparison[];
  /** PROBABILITY, once every variant has enough emails: the probability that the leader is the best. */
  probabilityBest: number | null;
  /** The verdict in one or two plain sentences, for the dashboard. */
  sentence: string;
}

export const rateOfTally = (tally: VariantTally): number | null =>
  tally.sends > 0 ? tally.recoveries / tally.sends : null;

/** The variant alone at the top by recoveries per email, among those with emails; null on a tie or none. */
export function leaderOf(tallies: readonly VariantTally[]): VariantTally | null {
  const sent = tallies.filter((tally) => tally.sends > 0);
  const best = Math.max(...sent.map((tally) => rateOfTally(tally) as number));
  const top = sent.filter((tally) => rateOfTally(tally) === best);
  return top.length === 1 ? (top[0] as VariantTally) : null;
}

const proportion = ({ sends, recoveries }: VariantTally) => ({
  n: sends,
  sum: recoveries,
  sumOfSquares: recoveries,
});

// --- Posterior probability of being the best --------------------------------------------------------------

/** Intervals of the composite Simpson rule over the leader's posterior; even, as Simpson needs. */
const SIMPSON_INTERVALS = 1_000;
/** How many posterior standard deviations either side of the mean are integrated: the rest is below 1e-9. */
const TAIL_DEVIATIONS = 20;

interface BetaParameters {
  a: number;
  b: number;
}

const posteriorOf = ({ sends, recoveries }: VariantTally): BetaParameters => ({
  a: 1 + recoveries,
  b: 1 + sends - recoveries,
});

function betaDensity({ a, b }: BetaParameters, x: number): number {
  if (x <= 0) return a === 1 ? b : 0;
  if (x >= 1) return b === 1 ? a : 0;
  return Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + (a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x),
  );
}

/**
 * P(variant `index` has the highest rate) under independent Beta posteriors with uniform priors:
 * ∫ f_i(x) · Π_{j≠i} F_j(x) dx, by Simpson's rule over the region holding all but a negligible part of f_i
 * (the integrand is at most f_i). Exact to about 1e-8 for two or three variants.
 */
export function probabilityBest(tallies: readonly VariantTally[], index: number): number {
  const own = posteriorOf(tallies[index] as VariantTally);
  const others = tallies.filter((_, position) => position !== index).map(posteriorOf);
  const mean = own.a / (own.a + own.b);
  const deviation = Math.sqrt((own.a * own.b) / ((own.a + own.b) ** 2 * (own.a + own.b + 1)));
  const low = Math.max(0, mean - TAIL_DEVIATIONS * deviation);
  const high = Math.min(1, mean + TAIL_DEVIATIONS * deviation);
  const width = (high - low) / SIMPSON_INTERVALS;
  const integrand = (x: number) =>
    others.reduce((product, other) => product * regularizedBeta(x, other.a, other.b), betaDensity(own, x));
  let sum = integrand(low) + integrand(high);
  for (let i = 1; i < SIMPSON_INTERVALS; i += 1) sum += (i % 2 === 1 ? 4 : 2) * integrand(low + i * width);
  return Math.min(1, Math.max(0, (sum * width) / 3));
}

// --- Words -----------------------------------------------------------------------------------------------

const counts = new Intl.NumberFormat("en");
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
/**
 * A difference of rates in percentage points, signed: 0.038 -> "+3.8". Near zero, two decimals, so a bound
 * just above or below zero never reads as "0.0" beside a verdict that depends on its sign.
 */
export function formatPointsOf(difference: number): string {
  const points = difference * 100;
  if (points === 0) return "0.0";
  const text = Math.abs(points) < 0.05 ? points.toFixed(2) : points.toFixed(1);
  return points > 0 ? `+${text}` : text;
}
const formatProbability = (probability: number) =>
  probability >= 0.9995 ? "over 99.9%" : `${(probability * 100).toFixed(1)}%`;

const joinWords = (words: readonly string[]) =>
  words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;

/** "B recovers 5.1% of emails against A's 3.2%", or who is level at the top. */
function ratesClause(tallies: readonly VariantTally[], leader: VariantTally | null): string {
  const sent = tallies.filter((tally) => tally.sends > 0);
  const rate = (tally: VariantTally) => percent(rateOfTally(tally) as number);
  if (leader) {
    const others = sent.filter((tally) => tally !== leader);
    if (others.length === 0) return `${leader.variant} recovers ${rate(leader)} of emails`;
    return `${leader.variant} recovers ${rate(leader)} of emails against ${joinWords(
      others.map((tally) => `${tally.variant}'s ${rate(tally)}`),
    )}`;
  }
  const [first, ...rest] = sent;
  if (!first) return "";
  return `No variant leads on its own: ${first.variant} recovers ${rate(first)} of emails, ${joinWords(
    rest.map((tally) => `${tally.variant} ${rate(tally)}`),
  )}`;
}

function confidenceClause(comparisons: readonly LeaderComparison[], levelPercent: number): string {
  const range = (interval: SequentialInterval | null) =>
    interval ? `${formatPointsOf(interval.low)} to ${formatPointsOf(interval.high)} points` : "not measured";
  if (comparisons.length === 1)
    return `the ${levelPercent}% always-valid interval of the difference is ${range(comparisons[0]?.difference ?? null)}`;
  return `the ${levelPercent}% always-valid intervals of the differences are ${joinWords(
    comparisons.map((comparison) => `${range(comparison.difference)} (against ${comparison.versus})`),
  )}`;
}

/** The shop's rule in one sentence, for the card that shows the experiments. */
export function describeExperimentRule(rule: ExperimentRule): string {
  const enough = `each variant has ${counts.format(rule.minSendsPerVariant)} emails`;
  const test =
    rule.rule === "CONFIDENCE"
      ? `the ${rule.levelPercent}% always-valid interval of the leader's lead in recoveries per email over each other variant is above zero`
      : `the probability that the leader recovers the most per email is at least ${rule.levelPercent}%`;
  return rule.autoPromote
    ? `Promotes automatically when ${enough} and ${test}.`
    : `Names a winner when ${enough} and ${test}; automatic promotion is off, so nothing changes until you press Promote.`;
}

// --- The verdict -----------------------------------------------------------------------------------------

export function judgeContentExperiment(
  tallies: readonly VariantTally[],
  rule: Pick<ExperimentRule, "rule" | "levelPercent" | "minSendsPerVariant">,
): ExperimentVerdict {
  const base = {
    rule: rule.rule,
    levelPercent: rule.levelPercent,
    minSendsPerVariant: rule.minSendsPerVariant,
    comparisons: [] as LeaderComparison[],
    probabilityBest: null as number | null,
  };
  const leader = leaderOf(tallies);
  if (tallies.every((tally) => tally.sends === 0))
    return {
      ...base,
      outcome: "NO_SENDS",
      leader: null,
      winner: null,
      sentence: "No email of this experiment has gone out yet.",
    };

  const rates = ratesClause(tallies, leader);
  if (tallies.some((tally) => tally.sends < rule.minSendsPerVariant))
    return {
      ...base,
      outcome: "TOO_FEW_SENDS",
      leader: leader?.variant ?? null,
      winner: null,
      sentence:
        `${rates} so far. Too early to name a winner: each variant needs ` +
        `${counts.format(rule.minSendsPerVariant)} emails (${joinWords(
          tallies.map((tally) => `${tally.variant} has ${counts.format(tally.sends)}`),
        )}).`,
    };

  if (!leader)
    return {
      ...base,
      outcome: "NOT_YET",
      leader: null,
      winner: null,
      sentence: `${rates}. Keep the experiment running.`,
    };

  const alpha = 1 - rule.levelPercent / 100;
  if (rule.rule === "CONFIDENCE") {
    const comparisons = tallies
      .filter((tally) => tally !== leader)
      .map((tally) => ({
        versus: tally.variant,
        difference: sequentialMeanDifference(proportion(leader), proportion(tally), alpha),
      }));
    const holds = comparisons.every((comparison) => (comparison.difference?.low ?? 0) > 0);
    const figures = `${rates}; ${confidenceClause(comparisons, rule.levelPercent)}`;
    return {
      ...base,
      comparisons,
      outcome: holds ? "WINNER" : "NOT_YET",
      leader: leader.variant,
      winner: holds ? leader.variant : null,
      sentence: holds
        ? `${figures}, above zero: ${leader.variant} is the winner.`
        : `${figures}, not yet all above zero: it could still be chance.`,
    };
  }

  const probability = probabilityBest(tallies, tallies.indexOf(leader));
  const holds = probability >= rule.levelPercent / 100;
  const figures =
    `${rates}; the probability that ${leader.variant} recovers the most is ` +
    `${formatProbability(probability)} (the rule asks for ${rule.levelPercent}%)`;
  return {
    ...base,
    probabilityBest: probability,
    outcome: holds ? "WINNER" : "NOT_YET",
    leader: leader.variant,
    winner: holds ? leader.variant : null,
    sentence: holds
      ? `${figures}: ${leader.variant} is the winner.`
      : `${figures}: keep the experiment running.`,
  };
}
