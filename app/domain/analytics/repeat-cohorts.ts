import { AppError } from "~/lib/app-error";
import { localDateOf, startOfLocalDay } from "./period";
import type { Interval } from "./statistics";
import { wilsonInterval } from "./wilson";

/**
 * What recovered customers are worth later: the pure half of getRepeatCohorts (get-repeat-cohorts.server.ts
 * says what is counted). Here: which calendar months are followed, when each window of a month is complete,
 * and how the database's per-month sums become rates with intervals and revenue per buyer.
 */

export const COHORT_GROUPS = ["RECOVERED_BY_EMAIL", "HOLDOUT_RECOVERED", "NEVER_ABANDONED"] as const;
export type CohortGroup = (typeof COHORT_GROUPS)[number];

/** Days after the first order in which a later order counts as a repeat purchase. */
export const REPEAT_WINDOWS = [30, 60, 90] as const;
export type RepeatWindowDays = (typeof REPEAT_WINDOWS)[number];

export const DEFAULT_COHORT_MONTHS = 12;
export const MAX_COHORT_MONTHS = 24;

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest month: a month's every buyer is followed for N days once N + 31 days of data are kept. */
const LONGEST_MONTH_DAYS = 31;

/** Days of personal data a shop must keep for every month to reach a window: 61, 91 and 121. */
export const retentionNeededFor = (days: RepeatWindowDays) => LONGEST_MONTH_DAYS + days;

/** A calendar month of the shop: [start, end), the first instants of it and of the next month. */
export interface CohortMonthSpan {
  /** "2026-03". */
  month: string;
  start: Date;
  end: Date;
}

export interface RepeatFigures {
  buyers: number;
  /** Buyers who ordered again within the window. */
  repeatBuyers: number;
  /** repeatBuyers / buyers with its 95% Wilson interval; null without buyers. */
  rate: Interval | null;
  /** The totals of those later orders, shop currency minor units. */
  repeatRevenueMinor: number;
  /** repeatRevenueMinor / buyers, rounded to whole minor units; null without buyers. */
  revenuePerBuyerMinor: number | null;
}

export interface RepeatWindow {
  days: RepeatWindowDays;
  /** When the window has ended for every buyer of the month (ISO-8601). */
  readyAt: string;
  /** Null while it has not: "not yet", never a partial figure. */
  figures: RepeatFigures | null;
}

export interface CohortCell {
  /** Buyers whose first order of the group falls in the month. */
  buyers: number;
  windows: RepeatWindow[];
}

export interface CohortMonth {
  month: string;
  cells: Record<CohortGroup, CohortCell>;
}

export interface PooledWindow {
  days: RepeatWindowDays;
  /** Months whose window is complete, pooled; 0 when none is. */
  months: number;
  figures: RepeatFigures | null;
}

export interface RepeatCohorts {
  currency: string;
  timezone: string;
  /** Days the shop keeps personal data (settings): buyers are followed only that long. */
  retentionDays: number;
  /** Per window, the days of data a month needs for its figures to be shown before they are erased. */
  retentionNeeded: { days: RepeatWindowDays; retentionDays: number }[];
  /** Oldest first, the current month last. */
  months: CohortMonth[];
  /** Per group, every month whose window is complete, pooled. */
  totals: Record<CohortGroup, PooledWindow[]>;
  /**
   * Months within the limit were left out because retention removed their buyers' email hashes: their
   * figures could no longer be told apart from buyers who never came back.
   */
  hasErasedMonths: boolean;
  /** Whether any month has a buyer in any group. */
  hasBuyers: boolean;
}

/** The database's sums for one group and month (the month as its index in the spans). */
export interface CohortSums {
  group: CohortGroup;
  monthIndex: number;
  buyers: number;
  /** Per window, in REPEAT_WINDOWS' order. */
  repeatBuyers: readonly number[];
  repeatRevenueMinor: readonly number[];
}

const monthKey = (year: number, month: number) =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;

/** "2026-03" moved by whole months. */
export function addMonths(month: string, count: number): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (number - 1) + count;
  return monthKey(Math.floor(index / 12), (index % 12) + 1);
}

/**
 * The months to follow at `now`, oldest first, the current one last: at most `limit`, and none that starts
 * before the retention cutoff (now - retentionDays), whose early buyers have lost the email hash that finds
 * their later orders. `isCutByRetention` says whether the cutoff, not the limit, ended the list.
 */
export function cohortMonthsAt(
  now: Date,
  timezone: string,
  { limit, retentionDays }: { limit: number; retentionDays: number },
): { spans: CohortMonthSpan[]; isCutByRetention: boolean } {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_COHORT_MONTHS)
    throw new AppError("BAD_REQUEST", `follow between 1 and ${MAX_COHORT_MONTHS} months`);
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  const current = localDateOf(now, timezone).slice(0, 7);
  const spans: CohortMonthSpan[] = [];
  let end = startOfLocalDay(`${addMonths(current, 1)}-01`, timezone);
  for (let back = 0; back < limit; back++) {
    const month = addMonths(current, -back);
    const start = startOfLocalDay(`${month}-01`, timezone);
    if (start.getTime() < cutoff) return { spans: spans.reverse(), isCutByRetention: true };
    spans.push({ month, start, end });
    end = start;
  }
  return { spans: spans.reverse(), isCutByRetention: false };
}

/** When a window has ended for the month's last possible buyer. */
export const windowReadyAt = (span: CohortMonthSpan, days: RepeatWindowDays) =>
  new Date(span.end.getTime() + days * DAY_MS);

function figuresOf(buyers: number, repeatBuyers: number, repeatRevenueMinor: number): RepeatFigures {
  return {
    buyers,
    repeatBuyers,
    rate: wilsonInterval({ successes: repeatBuyers, trials: buyers }),
    repeatRevenueMinor,
    revenuePerBuyerMinor: buyers > 0 ? Math.round(repeatRevenueMinor / buyers) : null,
  };
}

const emptySums = (group: CohortGroup, monthIndex: number): CohortSums => ({
  group,
  monthIndex,
  buyers: 0,
  repeatBuyers: REPEAT_WINDOWS.map(() => 0),
  repeatRevenueMinor: REPEAT_WINDOWS.map(() => 0),
});

/**
 * The cohort table and the pooled totals from the database's sums: every month and group listed (zeros
 * included), each window's figures only once it is complete at `now`.
 */
export function buildRepeatCohorts(
  spans: readonly CohortMonthSpan[],
  sums: readonly CohortSums[],
  {
    now,
    currency,
    timezone,
    retentionDays,
    isCutByRetention,
  }: {
    now: Date;
    currency: string;
    timezone: string;
    retentionDays: number;
    isCutByRetention: boolean;
  },
): RepeatCohorts {
  const byKey = new Map(sums.map((row) => [`${row.group}:${row.monthIndex}`, row]));
  const sumsOf = (group: CohortGroup, monthIndex: number) =>
    byKey.get(`${group}:${monthIndex}`) ?? emptySums(group, monthIndex);
  const isComplete = (span: CohortMonthSpan, days: RepeatWindowDays) =>
    windowReadyAt(span, days).getTime() <= now.getTime();

  const months = spans.map((span, monthIndex): CohortMonth => {
    const cells = Object.fromEntries(
      COHORT_GROUPS.map((group) => {
        const row = sumsOf(group, monthIndex);
        const windows = REPEAT_WINDOWS.map((days, index): RepeatWindow => ({
          days,
          readyAt: windowReadyAt(span, days).toISOString(),
          figures: isComplete(span, days)
            ? figuresOf(row.buyers, row.repeatBuyers[index] ?? 0, row.repeatRevenueMinor[index] ?? 0)
            : null,
        }));
        return [group, { buyers: row.buyers, windows }];
      }),
    ) as Record<CohortGroup, CohortCell>;
    return { month: span.month, cells };
  });

  const totals = Object.fromEntries(
    COHORT_GROUPS.map((group) => [
      group,
      REPEAT_WINDOWS.map((days, index): PooledWindow => {
        const complete = spans.flatMap((span, monthIndex) =>
          isComplete(span, days) ? [sumsOf(group, monthIndex)] : [],
        );
        const add = (value: (row: CohortSums) => number) =>
          complete.reduce((sum, row) => sum + value(row), 0);
        return {
          days,
          months: complete.length,
          figures:
            complete.length > 0
              ? figuresOf(
                  add((row) => row.buyers),
                  add((row) => row.repeatBuyers[index] ?? 0),
                  add((row) => row.repeatRevenueMinor[index] ?? 0),
                )
              : null,
        };
      }),
    ]),
  ) as Record<CohortGroup, PooledWindow[]>;

  return {
    currency,
    timezone,
    retentionDays,
    retentionNeeded: REPEAT_WINDOWS.map((days) => ({ days, retentionDays: retentionNeededFor(days) })),
    months,
    totals,
    hasErasedMonths: isCutByRetention,
    hasBuyers: sums.some((row) => row.buyers > 0),
  };
}
