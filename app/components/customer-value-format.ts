import type {
  CohortGroup,
  CohortMonth,
  Interval,
  PooledWindow,
  RepeatCohorts,
  RepeatFigures,
} from "~/domain/analytics";
import { formatAmount, formatCount, formatRate } from "./dashboard-format";

/**
 * The customer value page's words: group names, a rate with its interval, and the sentences that carry the
 * chart's and the pooled figures for everyone (the chart is a picture; these are its text).
 */

export const GROUP_ORDER: readonly CohortGroup[] = [
  "RECOVERED_BY_EMAIL",
  "HOLDOUT_RECOVERED",
  "NEVER_ABANDONED",
];

export const GROUP_LABELS: Record<CohortGroup, string> = {
  RECOVERED_BY_EMAIL: "Recovered by email",
  HOLDOUT_RECOVERED: "Came back on their own (holdout)",
  NEVER_ABANDONED: "Never abandoned",
};

/** Lower case, inside a sentence. */
const GROUP_PHRASES: Record<CohortGroup, string> = {
  RECOVERED_BY_EMAIL: "buyers recovered by email",
  HOLDOUT_RECOVERED: "holdout buyers who came back on their own",
  NEVER_ABANDONED: "buyers who never abandoned",
};

const GROUP_PHRASES_ONE: Record<CohortGroup, string> = {
  RECOVERED_BY_EMAIL: "buyer recovered by email",
  HOLDOUT_RECOVERED: "holdout buyer who came back on their own",
  NEVER_ABANDONED: "buyer who never abandoned",
};

/** "the 90 buyers recovered by email", "the one buyer recovered by email". */
const countedPhrase = (group: CohortGroup, buyers: number) =>
  buyers === 1 ? `the one ${GROUP_PHRASES_ONE[group]}` : `the ${formatCount(buyers)} ${GROUP_PHRASES[group]}`;

/** Explicit colours with at least 3:1 contrast on white, the dashboard's for the same groups. */
export const GROUP_COLORS: Record<CohortGroup, string> = {
  RECOVERED_BY_EMAIL: "#007f5f",
  HOLDOUT_RECOVERED: "#b25d00",
  NEVER_ABANDONED: "#5c5f62",
};

/** Below this many buyers a group's interval is too wide to read much into; the page says so. */
export const FEW_BUYERS = 30;

export const NOT_YET = "not yet";

const monthNames = new Intl.DateTimeFormat("en", { month: "short", year: "numeric", timeZone: "UTC" });

/** "2026-03" -> "Mar 2026". */
export function formatMonth(month: string): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  return monthNames.format(new Date(Date.UTC(year, number - 1, 1)));
}

/** "12.5% (8.1%–18.4%)": a rate and its 95% interval. */
export const formatRateInterval = (rate: Interval) =>
  `${formatRate(rate.estimate)} (${formatRate(rate.low)}–${formatRate(rate.high)})`;

/** "35% (18.1–56.7%)": the table's shorter form, one percent sign for the interval. */
export const formatCompactRateInterval = (rate: Interval) =>
  `${formatRate(rate.estimate)} (${formatRate(rate.low).replace("%", "")}–${formatRate(rate.high)})`;

/** One window of one cell, as the table's three small columns: the window, the rate, the revenue. */
export interface WindowParts {
  label: string;
  rate: string;
  /** Revenue per buyer; empty when there is nothing to divide ("not yet", no buyers). */
  revenue: string;
  isPending: boolean;
}

export function windowParts(
  window: { days: number; figures: RepeatFigures | null },
  currency: string,
): WindowParts {
  const label = `${window.days} days`;
  const { figures } = window;
  if (!figures) return { label, rate: NOT_YET, revenue: "", isPending: true };
  if (!figures.rate || figures.revenuePerBuyerMinor === null)
    return { label, rate: "no buyers", revenue: "", isPending: true };
  return {
    label,
    rate: formatCompactRateInterval(figures.rate),
    revenue: formatAmount(figures.revenuePerBuyerMinor, currency),
    isPending: false,
  };
}

/** The months from the first with a buyer in any group: earlier ones are empty (before the shop's data). */
export function monthsFromFirstBuyer(cohorts: RepeatCohorts): CohortMonth[] {
  const first = cohorts.months.findIndex((month) =>
    GROUP_ORDER.some((group) => month.cells[group].buyers > 0),
  );
  return first < 0 ? [] : cohorts.months.slice(first);
}

/**
 * The longest window with a complete month that has buyers: the chart and the headline use it (90 days once
 * a month's 90 days are over, else 60, else 30). Null when no month has a complete window with buyers.
 */
export function chartWindowOf(cohorts: RepeatCohorts): { days: number; index: number } | null {
  const windowCount = cohorts.totals.RECOVERED_BY_EMAIL.length;
  for (let index = windowCount - 1; index >= 0; index--) {
    const hasFigures = GROUP_ORDER.some((group) => (cohorts.totals[group][index]?.figures?.buyers ?? 0) > 0);
    const days = cohorts.totals.RECOVERED_BY_EMAIL[index]?.days;
    if (hasFigures && days !== undefined) return { days, index };
  }
  return null;
}

function pooledPhrase(group: CohortGroup, pooled: PooledWindow | undefined): string {
  const rate = pooled?.figures?.rate;
  return rate
    ? `${formatRateInterval(rate)} of ${countedPhrase(group, pooled.figures?.buyers ?? 0)}`
    : `no ${GROUP_PHRASES[group]} yet`;
}

/**
 * The pooled figures in one sentence, and a warning when a group is small: "In the months whose 90 days are
 * over, 18.2% (12.0%–26.7%) of buyers recovered by email (120) ordered again within 90 days, against …".
 */
export function summarizeTotals(cohorts: RepeatCohorts): string[] {
  const chosen = chartWindowOf(cohorts);
  if (!chosen) return [];
  const pooled = (group: CohortGroup) => cohorts.totals[group][chosen.index];
  const [first, ...others] = GROUP_ORDER;
  const sentences = [
    `In the months whose ${chosen.days} days are over, ${pooledPhrase(first as CohortGroup, pooled(first as CohortGroup))} ordered again within ${chosen.days} days, against ${others.map((group) => pooledPhrase(group, pooled(group))).join(" and ")}.`,
  ];
  const few = GROUP_ORDER.filter((group) => {
    const buyers = pooled(group)?.figures?.buyers ?? 0;
    return buyers > 0 && buyers < FEW_BUYERS;
  });
  if (few.length > 0)
    sentences.push(
      `With fewer than ${FEW_BUYERS} ${few.map((group) => GROUP_PHRASES[group]).join(" or ")}, the interval is wide: read the difference as a hint, not a result.`,
    );
  return sentences;
}

/** The months the chart draws: from the first with a buyer, while the window is complete. */
export const chartMonths = (cohorts: RepeatCohorts, index: number) =>
  monthsFromFirstBuyer(cohorts).filter((month) =>
    GROUP_ORDER.some((group) => month.cells[group].windows[index]?.figures),
  );

/** The chart's figures month by month, for screen readers (the chart's description). */
export function describeChart(cohorts: RepeatCohorts, index: number): string {
  const days = cohorts.totals.RECOVERED_BY_EMAIL[index]?.days ?? 0;
  const months = chartMonths(cohorts, index);
  const parts = months.map((month) => {
    const rates = GROUP_ORDER.map((group) => {
      const rate = month.cells[group].windows[index]?.figures?.rate;
      return `${GROUP_LABELS[group].toLowerCase()} ${rate ? formatRate(rate.estimate) : "no buyers"}`;
    });
    return `${formatMonth(month.month)}: ${rates.join(", ")}`;
  });
  return `Share of buyers who ordered again within ${days} days, by month of their first order. ${parts.join(". ")}.`;
}
