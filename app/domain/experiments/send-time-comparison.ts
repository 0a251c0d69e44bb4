import {
  MIN_GROUP_SIZE,
  sequentialMeanDifference,
  wilsonInterval,
  type Interval,
  type SequentialInterval,
} from "~/domain/analytics";
import { formatPointsOf } from "./content-experiment";

/**
 * Send-time optimisation against its control: the checkouts whose steps could be held for the shopper's best
 * hour (OPTIMISED) and those sent at the plain delay (CONTROL), drawn at enrolment. Pure: counts in, rates with
 * 95% Wilson intervals, the difference with its always-valid 95% interval, and a sentence, out.
 */

export interface SendTimeGroupCounts {
  /** Checkouts of the group that were emailed at least once. */
  emailed: number;
  /** Of them, those with a click on any of their emails. */
  clicked: number;
  /** Of them, those recovered by email. */
  recovered: number;
}

export interface SendTimeGroup extends SendTimeGroupCounts {
  clickRate: Interval | null;
  recoveryRate: Interval | null;
}

export interface SendTimeComparison {
  optimised: SendTimeGroup;
  control: SendTimeGroup;
  /** Optimised minus control, per emailed checkout; null until each group has MIN_GROUP_SIZE. */
  clickRateDifference: SequentialInterval | null;
  recoveryRateDifference: SequentialInterval | null;
  sentence: string;
}

const groupOf = (counts: SendTimeGroupCounts): SendTimeGroup => ({
  ...counts,
  clickRate: wilsonInterval({ successes: counts.clicked, trials: counts.emailed }),
  recoveryRate: wilsonInterval({ successes: counts.recovered, trials: counts.emailed }),
});

const proportion = (successes: number, n: number) => ({ n, sum: successes, sumOfSquares: successes });

export function compareSendTimes(
  optimised: SendTimeGroupCounts,
  control: SendTimeGroupCounts,
): SendTimeComparison {
  const groups = { optimised: groupOf(optimised), control: groupOf(control) };
  if (optimised.emailed === 0 && control.emailed === 0)
    return {
      ...groups,
      clickRateDifference: null,
      recoveryRateDifference: null,
      sentence: "No checkout of this period in either group has been emailed yet.",
    };
  if (optimised.emailed < MIN_GROUP_SIZE || control.emailed < MIN_GROUP_SIZE)
    return {
      ...groups,
      clickRateDifference: null,
      recoveryRateDifference: null,
      sentence:
        `Too few to compare yet: each group needs ${MIN_GROUP_SIZE} emailed checkouts (held for the best ` +
        `hour: ${optimised.emailed}, sent at the delay: ${control.emailed}).`,
    };
  const clickRateDifference = sequentialMeanDifference(
    proportion(optimised.clicked, optimised.emailed),
    proportion(control.clicked, control.emailed),
  );
  const recoveryRateDifference = sequentialMeanDifference(
    proportion(optimised.recovered, optimised.emailed),
    proportion(control.recovered, control.emailed),
  );
  const difference = recoveryRateDifference as SequentialInterval;
  const verdict =
    difference.low > 0
      ? "holding pays"
      : difference.high < 0
        ? "holding costs recoveries: consider sending at the plain delay"
        : "could be chance so far";
  return {
    ...groups,
    clickRateDifference,
    recoveryRateDifference,
    sentence:
      `Holding for the best hour: ${formatPointsOf(difference.estimate)} points of recoveries ` +
      `(95% interval ${formatPointsOf(difference.low)} to ${formatPointsOf(difference.high)}): ${verdict}.`,
  };
}
