import { z } from "zod";
import { localDateOf, MAX_SERIES_DAYS, startOfLocalDay, type Period } from "./period";

/**
 * The dashboard's period, as the merchant picks it and the URL carries it: `?period=7|30|90` (the last so many
 * days, today included) or `?from=2026-11-01&to=2026-11-20` (both dates included). Dates are the shop's own
 * calendar dates; they become instants only with the shop's time zone (resolveDashboardPeriod). A URL is
 * something anyone can edit or truncate, so a value that does not parse falls back to the default with a
 * notice for the merchant, never an error page.
 */

export const PERIOD_PRESETS = ["7", "30", "90"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export const DEFAULT_PRESET: PeriodPreset = "30";
export type PeriodSelection = PeriodPreset | "custom";

export type DashboardRange =
  { kind: "PRESET"; preset: PeriodPreset } | { kind: "CUSTOM"; from: string; to: string };

/** The period as the page shows it; plain data, safe to send to the browser. */
export interface DashboardPeriod {
  selection: PeriodSelection;
  /** First and last calendar dates of the shop, both included (YYYY-MM-DD). */
  firstDate: string;
  lastDate: string;
  dayCount: number;
  /** The instants queried, [from, to), ISO-8601. */
  from: string;
  to: string;
  timeZone: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function utcDayNumber(date: string): number {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** A calendar date moved by whole days: calendar arithmetic, no time zone involved. */
export function addLocalDays(date: string, days: number): string {
  return new Date((utcDayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Days from the first date to the last, both included. */
export function daysInRange(from: string, to: string): number {
  return utcDayNumber(to) - utcDayNumber(from) + 1;
}

// Years outside this window are typos; Date.UTC also maps years 0-99 to 1900-1999.
const isCalendarDate = (value: string) => {
  const year = Number(value.slice(0, 4));
  return year >= 2000 && year <= 2100 && addLocalDays(value, 0) === value;
};

const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  .refine(isCalendarDate, "is not a calendar date");

export const CustomRangeSchema = z
  .object({ from: LocalDateSchema, to: LocalDateSchema })
  .refine(({ from, to }) => from <= to, { message: "the start date comes after the end date" })
  .refine(({ from, to }) => daysInRange(from, to) <= MAX_SERIES_DAYS, {
    message: `a custom period covers at most ${MAX_SERIES_DAYS} days`,
  });

const PresetSchema = z.enum(PERIOD_PRESETS);

const DEFAULT_RANGE: DashboardRange = { kind: "PRESET", preset: DEFAULT_PRESET };

export interface ParsedRange {
  range: DashboardRange;
  /** Why the requested period was not used, for the merchant; null when it was. */
  notice: string | null;
}

function fallback(reason: string): ParsedRange {
  return { range: DEFAULT_RANGE, notice: `${reason}; showing the last ${DEFAULT_PRESET} days.` };
}

export function parseDashboardRange(params: URLSearchParams): ParsedRange {
  const period = params.get("period");
  const from = params.get("from");
  const to = params.get("to");
  const preset = PresetSchema.safeParse(period);
  if (preset.success) return { range: { kind: "PRESET", preset: preset.data }, notice: null };
  if (period === null && from === null && to === null) return { range: DEFAULT_RANGE, notice: null };
  if ((period === null || period === "custom") && (from !== null || to !== null)) {
    const custom = CustomRangeSchema.safeParse({ from: from ?? "", to: to ?? "" });
    if (custom.success) return { range: { kind: "CUSTOM", ...custom.data }, notice: null };
    const issue = custom.error.issues[0];
    const field = issue?.path[0];
    const subject =
      field === "from" ? "The start date" : field === "to" ? "The end date" : "The custom period";
    return fallback(`${subject} is not valid (${issue?.message ?? "unreadable"})`);
  }
  return fallback(`"${String(period ?? "").slice(0, 20)}" is not a period this page offers`);
}

/**
 * The range in the shop's time zone: whole local days, from the first date's local midnight to the midnight
 * after the last date. "The last 7 days" ends with today, so today's figures so far are in it.
 */
export function resolveDashboardPeriod(
  range: DashboardRange,
  timeZone: string,
  now: Date,
): { period: Period; view: DashboardPeriod } {
  const today = localDateOf(now, timeZone);
  const firstDate = range.kind === "PRESET" ? addLocalDays(today, 1 - Number(range.preset)) : range.from;
  const lastDate = range.kind === "PRESET" ? today : range.to;
  const period = {
    from: startOfLocalDay(firstDate, timeZone),
    to: startOfLocalDay(addLocalDays(lastDate, 1), timeZone),
  };
  return {
    period,
    view: {
      selection: range.kind === "PRESET" ? range.preset : "custom",
      firstDate,
      lastDate,
      dayCount: daysInRange(firstDate, lastDate),
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      timeZone,
    },
  };
}
