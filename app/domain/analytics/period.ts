import { AppError } from "~/lib/app-error";
import { dateTimeFormat, isKnownTimeZone } from "~/lib/intl-formats";

/**
 * Reporting periods and the shop's calendar days. A period is half-open, [from, to): an event exactly at
 * `to` belongs to the next period, so consecutive periods never count it twice. Days are the shop's own (its
 * IANA time zone), so "Tuesday" on the dashboard is the merchant's Tuesday, 23 or 25 hours long on the days
 * the clocks change.
 */

export interface Period {
  from: Date;
  to: Date;
}

/** The longest daily series served in one call (a year and a leap day). */
export const MAX_SERIES_DAYS = 366;

export function assertPeriod(period: Period): void {
  const { from, to } = period;
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw new AppError("BAD_REQUEST", "the period needs valid from and to dates");
  if (from.getTime() >= to.getTime())
    throw new AppError("BAD_REQUEST", "the period must end after it starts");
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

export const isValidTimeZone = isKnownTimeZone;

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localTimeOf(instant: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant)))
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");
const dateKey = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** The shop's calendar date of an instant: "2026-03-08". */
export function localDateOf(instant: Date, timeZone: string): string {
  const local = localTimeOf(instant.getTime(), timeZone);
  return dateKey(local.year, local.month, local.day);
}

/** Local wall-clock time minus UTC at an instant, in milliseconds (seconds precision). */
function offsetAt(instant: number, timeZone: string): number {
  const local = localTimeOf(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The first instant of a local calendar date. Around a change of offset the midnight guess is tried with the
 * offsets on both sides; where the clocks skip midnight (some zones change at 00:00) the day starts at the
 * changeover, the first instant that carries the date.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  const firstGuess = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  const candidates = [firstGuess, midnightAsUtc - offsetAt(firstGuess, timeZone)];
  const onTheDate = candidates.filter((instant) => localDateOf(new Date(instant), timeZone) === date);
  return new Date(Math.min(...(onTheDate.length > 0 ? onTheDate : candidates)));
}

export function nextLocalDate(date: string): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return dateKey(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

export interface LocalDay {
  date: string;
  /** The day's part of the period: [start, end). The first and last day may be partial. */
  start: Date;
  end: Date;
}

/** The shop's calendar days the period touches, clipped to the period. */
export function localDaysOf(period: Period, timeZone: string): LocalDay[] {
  assertPeriod(period);
  if (!isValidTimeZone(timeZone)) throw new AppError("BAD_REQUEST", `unknown time zone "${timeZone}"`);
  const days: LocalDay[] = [];
  let date = localDateOf(period.from, timeZone);
  let start = period.from;
  while (start.getTime() < period.to.getTime()) {
    if (days.length >= MAX_SERIES_DAYS)
      throw new AppError("BAD_REQUEST", `a daily series covers at most ${MAX_SERIES_DAYS} days`);
    const following = nextLocalDate(date);
    const boundary = startOfLocalDay(following, timeZone);
    const end = boundary.getTime() < period.to.getTime() ? boundary : period.to;
    days.push({ date, start, end });
    date = following;
    start = end;
  }
  return days;
}

/** The index of the day holding an instant, by binary search over the days' starts; -1 outside them. */
export function dayIndexOf(instant: number, days: readonly LocalDay[]): number {
  let low = 0;
  let high = days.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const day = days[middle] as LocalDay;
    if (instant < day.start.getTime()) high = middle - 1;
    else if (instant >= day.end.getTime()) low = middle + 1;
    else return middle;
  }
  return -1;
}
