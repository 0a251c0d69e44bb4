import { isKnownTimeZone } from "~/lib/intl-formats";
import { localParts, quietHoursEnd, type QuietHours } from "./quiet-hours";

/**
 * Send-time optimisation. A step the merchant lets wait ("up to 6 hours later") goes out at the local hour its
 * shopper is most likely to engage: learned from the shopper's own history, else from the shop's, else from a
 * prior. Pure: the window, the zone, the histories and the quiet hours are inputs.
 *
 * The weight of a local hour is a posterior mean (Dirichlet-multinomial): a level's own counts, smoothed over
 * neighbouring hours, plus the level below it worth a fixed number of pseudo-events. The prior anchors the
 * shop; the shop (or the prior, for a thin shop) anchors the shopper. A level below its minimum of events is
 * not used at all, so two stray clicks never move an email; above it, its evidence is still shrunk.
 */

/** Events by local hour of the shop's zone (index 0 is 00:00-00:59): orders, clicks and checkouts. */
export interface SendTimeHistory {
  /** 24 counts: this shopper's own events. */
  shopper: readonly number[];
  /** 24 counts: the shop's recent events, every shopper. */
  shop: readonly number[];
}

export interface SendTimeInput {
  /** When the step is due: the send may not go earlier. */
  earliest: Date;
  /** The end of the window the merchant allows; at or before `earliest`, there is no window. */
  latest: Date;
  /** The shop's IANA zone; an unknown one is UTC. */
  timeZone: string;
  history: SendTimeHistory;
  quietHours: QuietHours;
}

/** Whose hours the weights came from: the shopper's own, the shop's, or the prior (no history yet). */
export type SendTimeBasis = "SHOPPER" | "SHOP" | "PRIOR";

/**
 * Why `at` is later than `earliest`: ENGAGEMENT, a better hour; QUIET_HOURS, `earliest` was inside quiet hours
 * and the choice is the first time after them (no better hour further on); null, `at` is `earliest`.
 */
export type SendTimeHold = "ENGAGEMENT" | "QUIET_HOURS" | null;

export interface SendTimeChoice {
  at: Date;
  basis: SendTimeBasis;
  hold: SendTimeHold;
  /** `at` on the shop's clock: its hour (0-23) and "HH:MM". */
  localHour: number;
  localTime: string;
}

/** A shopper's own hours count from this many events on (orders, clicks and checkouts together). */
export const SHOPPER_MIN_EVENTS = 3;
/** The shop's hours count from this many events on (its clicks and orders of the last 90 days). */
export const SHOP_MIN_EVENTS = 30;
/** How many events the shop's hours (or the prior) are worth against a shopper's own. */
const SHOPPER_PSEUDO_EVENTS = 5;
/** How many events the prior is worth against the shop's: at the minimum, half the shop, half the prior. */
const SHOP_PSEUDO_EVENTS = 30;
/** A later hour must weigh at least this much more than a sooner one to hold an email for it. */
export const LATER_HOUR_GAIN = 1.1;
/** At most a week of hourly candidates, whatever window a caller passes. */
const MAX_CANDIDATES = 7 * 24;
/** The circular kernel that spreads each event over its hour and the hours either side of it. */
const KERNEL = [0.25, 0.5, 0.25] as const;

/**
 * The prior: relative engagement with a shopping email by local hour, for a shop with no history yet. An
 * assumption, not a measurement of ours. Its shape follows what published email-marketing studies broadly
 * agree on, though they differ in detail: little at night, opens from the morning on, a rise around lunch, and
 * the most clicks and purchases in the evening (19:00-21:00). The shop's own clicks and orders replace it from
 * SHOP_MIN_EVENTS on.
 */
const PRIOR_BY_HOUR = [
  2.0, 1.0, 0.6, 0.5, 0.5, 0.8, 1.5, 2.5, 3.5, 4.0, 4.2, 4.5, 5.2, 5.0, 4.3, 4.2, 4.3, 4.6, 5.2, 6.0, 6.4,
  6.0, 4.5, 3.0,
] as const;

const HOURS = 24;
const MINUTE_MS = 60_000;

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** 24 usable counts: missing, negative or non-finite entries count as none. */
function countsOf(values: readonly number[]): number[] {
  return Array.from({ length: HOURS }, (_, hour) => {
    const value = values[hour];
    return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
  });
}

function smoothed(counts: readonly number[]): number[] {
  return counts.map((_, hour) =>
    KERNEL.reduce(
      (total, weight, offset) => total + weight * (counts[(hour + offset - 1 + HOURS) % HOURS] as number),
      0,
    ),
  );
}

/** (counts + pseudo x base) / (events + pseudo): a distribution over the hours, never zero where base is not. */
function shrunk(counts: readonly number[], base: readonly number[], pseudoEvents: number): number[] {
  const kernelled = smoothed(counts);
  const events = sum(counts);
  return base.map(
    (share, hour) => ((kernelled[hour] as number) + pseudoEvents * share) / (events + pseudoEvents),
  );
}

const PRIOR: readonly number[] = PRIOR_BY_HOUR.map((weight) => weight / sum(PRIOR_BY_HOUR));

/** The engagement weight of each local hour (they sum to 1), and whose hours decided them. */
export function engagementWeights(history: SendTimeHistory): { weights: number[]; basis: SendTimeBasis } {
  const shop = countsOf(history.shop);
  const shopper = countsOf(history.shopper);
  const hasShop = sum(shop) >= SHOP_MIN_EVENTS;
  const base = hasShop ? shrunk(shop, PRIOR, SHOP_PSEUDO_EVENTS) : [...PRIOR];
  if (sum(shopper) >= SHOPPER_MIN_EVENTS)
    return { weights: shrunk(shopper, base, SHOPPER_PSEUDO_EVENTS), basis: "SHOPPER" };
  return { weights: base, basis: hasShop ? "SHOP" : "PRIOR" };
}

/** The next local top of the hour strictly after `instant` (a zone may sit 30 or 45 minutes off UTC). */
function nextTopOfHour(instant: number, timeZone: string): number {
  const minuteOf = (at: number) => localParts(new Date(at), timeZone).minuteOfDay % 60;
  let at = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  let past = minuteOf(at);
  // Once, unless the clocks moved by a part of an hour on the way (Lord Howe Island's 30 minutes).
  for (let tries = 0; tries < 4; tries++) {
    at += (60 - past) * MINUTE_MS;
    past = minuteOf(at);
    if (past === 0) break;
  }
  return at;
}

/**
 * `earliest`, each local top of the hour in (earliest, latest], and the end of the quiet hours `earliest` is
 * in when it falls in the window off the hour (a night ending at 08:30), in time order. Stepping from one
 * top of the hour to the next on the local clock keeps them right across daylight-saving changes: a night the
 * clocks go back has two 01:00s, one they go forward has no 02:00.
 */
function candidatesOf(input: SendTimeInput, timeZone: string): Date[] {
  const earliest = input.earliest.getTime();
  const latest = input.latest.getTime();
  const candidates = [earliest];
  for (
    let next = nextTopOfHour(earliest, timeZone);
    next <= latest && candidates.length < MAX_CANDIDATES;
    next = nextTopOfHour(next, timeZone)
  )
    candidates.push(next);
  const quietEnd = quietHoursEnd(input.earliest, timeZone, input.quietHours)?.getTime();
  if (quietEnd !== undefined && quietEnd > earliest && quietEnd <= latest && !candidates.includes(quietEnd))
    candidates.push(quietEnd);
  return candidates.sort((a, b) => a - b).map((time) => new Date(time));
}

const twoDigits = (value: number) => String(value).padStart(2, "0");

function choiceAt(at: Date, basis: SendTimeBasis, hold: SendTimeHold, timeZone: string): SendTimeChoice {
  const { minuteOfDay } = localParts(at, timeZone);
  const localHour = Math.floor(minuteOfDay / 60);
  return { at, basis, hold, localHour, localTime: `${twoDigits(localHour)}:${twoDigits(minuteOfDay % 60)}` };
}

/**
 * When to send a step whose window runs from `earliest` to `latest`: the soonest candidate outside quiet hours
 * whose hour weighs at least 1/LATER_HOUR_GAIN of the best one's. So a flat history, or a later hour less than
 * 10% better, never delays an email, and ties go to the sooner. When every candidate is inside quiet hours,
 * `earliest` (the engine's quiet-hours rule then defers it, as without a window).
 */
export function chooseSendTime(input: SendTimeInput): SendTimeChoice {
  const timeZone = isKnownTimeZone(input.timeZone) ? input.timeZone : "UTC";
  const { weights, basis } = engagementWeights(input.history);
  const weightOf = (at: Date) => weights[Math.floor(localParts(at, timeZone).minuteOfDay / 60)] as number;
  const allowed = candidatesOf(input, timeZone)
    .filter((at) => quietHoursEnd(at, timeZone, input.quietHours) === null)
    .map((at) => ({ at, weight: weightOf(at) }));
  const best = Math.max(...allowed.map((candidate) => candidate.weight));
  const chosen = allowed.find((candidate) => candidate.weight * LATER_HOUR_GAIN >= best);
  if (!chosen) return choiceAt(input.earliest, basis, null, timeZone);
  const at = chosen.at;
  const hold: SendTimeHold =
    at.getTime() === input.earliest.getTime()
      ? null
      : chosen === allowed[0] && quietHoursEnd(input.earliest, timeZone, input.quietHours) !== null
        ? "QUIET_HOURS"
        : "ENGAGEMENT";
  return choiceAt(at, basis, hold, timeZone);
}

const REASON_BY_BASIS: Record<SendTimeBasis, (localHour: number) => string> = {
  SHOPPER: () => "when this shopper usually shops",
  SHOP: () => "when this shop's shoppers usually click and buy",
  PRIOR: (localHour) =>
    localHour >= 17 && localHour <= 22
      ? "the evening hours most shoppers read email (no history yet)"
      : localHour >= 11 && localHour <= 14
        ? "around lunch, when many shoppers read email (no history yet)"
        : "an hour shoppers more often read email (no history yet)",
};

/** The choice in plain English for the checkout's timeline: "held until 19:00, when this shopper usually shops". */
export function describeSendTime(choice: SendTimeChoice): string {
  if (choice.hold === "QUIET_HOURS") return `held until ${choice.localTime}, when quiet hours end`;
  if (choice.hold === "ENGAGEMENT")
    return `held until ${choice.localTime}, ${REASON_BY_BASIS[choice.basis](choice.localHour)}`;
  return "sent when due: no later hour in its window was clearly better";
}
