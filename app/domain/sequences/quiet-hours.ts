import { dateTimeFormat, isKnownTimeZone } from "~/lib/intl-formats";

/**
 * Quiet hours in the shop's time zone: a due send that falls inside them waits until they end. The window may
 * cross midnight (21:00-08:00). Pure: the clock and the zone are inputs.
 */

export interface QuietHours {
  enabled: boolean;
  /** "HH:MM", 24-hour, local to the shop. */
  start: string;
  end: string;
}

const minutesOf = (time: string) => {
  const [hours, minutes] = time.split(":").map(Number);
  return (hours as number) * 60 + (minutes as number);
};

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  minuteOfDay: number;
}

/** The local date and minute of the day of an instant in a zone (the zone must be known). */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const formatter = dateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The zone's offset from UTC at an instant, in minutes (New York in winter: -300). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const local = localParts(instant, timeZone);
  const asUtc = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    Math.floor(local.minuteOfDay / 60),
    local.minuteOfDay % 60,
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

const MINUTE_MS = 60_000;
const HALF_DAY_MS = 12 * 60 * MINUTE_MS;

/**
 * The instant a local wall-clock time happens on a local date. When the clocks go back it happens twice: the
 * first. When they jump forward over it (02:30 on the night New York goes from 02:00 to 03:00), it does not
 * happen at all: the first instant after the jump, 03:00.
 */
function instantOf(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  const first = guess - offsetMinutes(new Date(guess), timeZone) * MINUTE_MS;
  // Correct once more in case the guess fell on the other side of a DST change.
  const instant = new Date(guess - offsetMinutes(new Date(first), timeZone) * MINUTE_MS);
  if (localParts(instant, timeZone).minuteOfDay === minuteOfDay) return instant;
  return endOfJump(guess, timeZone);
}

/** The first minute after the zone's clocks jumped forward near `around` (found by bisection). */
function endOfJump(around: number, timeZone: string): Date {
  const offsetAfter = offsetMinutes(new Date(around + HALF_DAY_MS), timeZone);
  let before = around - HALF_DAY_MS;
  let after = around + HALF_DAY_MS;
  while (after - before > MINUTE_MS) {
    const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetMinutes(new Date(middle), timeZone) === offsetAfter) after = middle;
    else before = middle;
  }
  return new Date(after);
}

/** When the quiet hours around `now` end, or null when `now` is outside them (or they are off). */
export function quietHoursEnd(now: Date, timeZone: string, quiet: QuietHours): Date | null {
  if (!quiet.enabled) return null;
  const zone = isKnownTimeZone(timeZone) ? timeZone : "UTC";
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = localParts(now, zone);
  const crossesMidnight = start > end;
  const inside = crossesMidnight
    ? local.minuteOfDay >= start || local.minuteOfDay < end
    : local.minuteOfDay >= start && local.minuteOfDay < end;
  if (!inside) return null;
  // The end is today, or tomorrow when the window started this evening.
  const endsTomorrow = crossesMidnight && local.minuteOfDay >= start;
  const base = new Date(Date.UTC(local.year, local.month - 1, local.day + (endsTomorrow ? 1 : 0)));
  const ends = instantOf(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), end, zone);
  // Never an end that is not ahead: a deferral to it would be taken again at once, tick after tick.
  return ends.getTime() > now.getTime() ? ends : new Date(now.getTime() + MINUTE_MS);
}
