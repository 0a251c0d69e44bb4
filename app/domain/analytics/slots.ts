import type { Period } from "./period";

/**
 * Time slots the reports count in. Every offset of a modern IANA zone is a multiple of 15 minutes, so a UTC
 * quarter-hour never straddles a local midnight: counts per quarter-hour can be put in the shop's days exactly,
 * and a period between two local midnights is a whole number of quarter-hours. The report rollups also keep
 * UTC days, so a long period reads one row per day and per kind, plus the quarter-hours at its two ends.
 */

/** A UTC quarter-hour, in seconds. */
export const SLOT_SECONDS = 15 * 60;
/** A UTC day, in seconds: 96 quarter-hours. */
export const DAY_SLOT_SECONDS = 24 * 60 * 60;

/** Slots [from, to) of one grain: slot n covers [n × grain, (n + 1) × grain) epoch seconds. */
export interface SlotRange {
  grain: typeof SLOT_SECONDS | typeof DAY_SLOT_SECONDS;
  from: number;
  to: number;
}

const QUARTERS_PER_DAY = DAY_SLOT_SECONDS / SLOT_SECONDS;

/**
 * The period as slot ranges that cover it exactly, with no overlap: the whole UTC days inside it as day slots,
 * the rest as quarter-hours. Null when the period does not start and end on a quarter-hour (a rollup cannot
 * answer for part of a slot).
 */
export function slotRangesOf({ from, to }: Period): SlotRange[] | null {
  const slotMs = SLOT_SECONDS * 1000;
  if (from.getTime() % slotMs !== 0 || to.getTime() % slotMs !== 0) return null;
  const first = from.getTime() / slotMs;
  const end = to.getTime() / slotMs;
  const firstDay = Math.ceil(first / QUARTERS_PER_DAY);
  const endDay = Math.floor(end / QUARTERS_PER_DAY);
  if (firstDay >= endDay) return first < end ? [{ grain: SLOT_SECONDS, from: first, to: end }] : [];
  const ranges: SlotRange[] = [];
  if (first < firstDay * QUARTERS_PER_DAY)
    ranges.push({ grain: SLOT_SECONDS, from: first, to: firstDay * QUARTERS_PER_DAY });
  ranges.push({ grain: DAY_SLOT_SECONDS, from: firstDay, to: endDay });
  if (endDay * QUARTERS_PER_DAY < end)
    ranges.push({ grain: SLOT_SECONDS, from: endDay * QUARTERS_PER_DAY, to: end });
  return ranges;
}
