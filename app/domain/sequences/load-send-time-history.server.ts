import { prisma, Prisma } from "~/db.server";
import { isKnownTimeZone } from "~/lib/intl-formats";
import { QUARTER_HOUR_SECONDS, quarterHourOf, toNumber } from "~/lib/sql-slots.server";
import { createTtlCache } from "~/lib/ttl-cache";
import { offsetMinutes } from "./quiet-hours";
import type { SendTimeHistory } from "./send-time";

/**
 * The histories send-time optimisation learns from (./send-time.ts), by local hour of the shop's zone:
 *
 * - a shopper's: the checkouts they started (the one being recovered included: the hour they abandoned it is
 *   still the hour they shop, and for a first-time shopper the only hint there is), the first click on each
 *   recovery email, and their orders (test and redacted ones aside), over the last 365 days, at most the 100
 *   most recent events of each kind;
 * - the shop's: the first clicks on its recovery emails sent in the last 90 days, and its orders of the last
 *   90 days.
 *
 * The shopper's hours are read in the shop's zone too: they are compared with hours on the same clock, so a
 * shopper abroad is learned right; only the prior assumes shoppers live in the shop's zone.
 *
 * The database counts events by quarter-hour (UTC epoch seconds / 900), so what comes back is bounded by the
 * period, never by the number of rows; each quarter-hour falls in one local hour in every zone (offsets are
 * whole quarter-hours), and is put there here with the zone's offset at that moment, right across DST.
 */

export const SHOPPER_LOOKBACK_DAYS = 365;
export const SHOP_LOOKBACK_DAYS = 90;
/** The most recent events of one kind that count for a shopper: a buyer with thousands stays cheap. */
export const SHOPPER_EVENTS_PER_KIND = 100;

/** Each shopper's 24 counts by email hash (absent: no event), and the shop's. */
export interface SendTimeHistoryBatch {
  shoppers: ReadonlyMap<string, readonly number[]>;
  shop: readonly number[];
}

const HOURS = 24;
const SLOT_SECONDS = QUARTER_HOUR_SECONDS;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const MINUTES_PER_DAY = 24 * 60;

/** The event kinds; a closed list, since table, column and filter are spliced into SQL. */
const KINDS = {
  checkouts: { table: '"Checkout"', at: '"shopifyCreatedAt"', filter: '"redactedAt" IS NULL' },
  clicks: { table: '"RecoverySend"', at: '"firstClickedAt"', filter: '"firstClickedAt" IS NOT NULL' },
  orders: { table: '"Order"', at: '"shopifyCreatedAt"', filter: '"isTest" = FALSE AND "redactedAt" IS NULL' },
} as const;

type Kind = (typeof KINDS)[keyof typeof KINDS];

interface SlotRow {
  slot: unknown;
  events: unknown;
}

/**
 * Counts by quarter-hour of each shopper's most recent events of one kind up to `now`: one statement for the
 * batch. The period is tested outside the ranking on purpose: inside it, SQLite (which keeps no statistics
 * here) walked the Order (shop, shopifyCreatedAt) index over the shop's whole year instead of each shopper's
 * few rows by (shop, emailHash), a hundred times slower. Events after `now` rank last.
 */
function shopperSlots(shop: string, hashes: string[], kind: Kind, since: Date, now: Date) {
  const at = Prisma.raw(kind.at);
  return prisma.$queryRaw<Array<SlotRow & { hash: string }>>`
    SELECT "hash", "slot", COUNT(*) AS "events" FROM (
      SELECT "emailHash" AS "hash", ${at} AS "at", ${quarterHourOf(kind.at)} AS "slot",
        ROW_NUMBER() OVER (PARTITION BY "emailHash" ORDER BY (${at} <= ${now}) DESC, ${at} DESC) AS "recent"
      FROM ${Prisma.raw(kind.table)}
      WHERE "shop" = ${shop} AND "emailHash" IN (${Prisma.join(hashes)}) AND ${Prisma.raw(kind.filter)}
    ) "ranked"
    WHERE "recent" <= ${SHOPPER_EVENTS_PER_KIND} AND "at" >= ${since} AND "at" <= ${now}
    GROUP BY "hash", "slot"`;
}

/** Counts by quarter-hour of the first clicks on the shop's recovery emails sent since `since`. */
function shopClickSlots(shop: string, since: Date, now: Date) {
  // By the send time, which the (shop, sentAt) index ranges over; a click comes after its send.
  return prisma.$queryRaw<SlotRow[]>`
    SELECT ${quarterHourOf(KINDS.clicks.at)} AS "slot", COUNT(*) AS "events"
    FROM "RecoverySend"
    WHERE "shop" = ${shop} AND "sentAt" >= ${since} AND "firstClickedAt" <= ${now}
    GROUP BY "slot"`;
}

/** Counts by quarter-hour of the shop's orders since `since`. */
function shopOrderSlots(shop: string, since: Date, now: Date) {
  const kind = KINDS.orders;
  return prisma.$queryRaw<SlotRow[]>`
    SELECT ${quarterHourOf(kind.at)} AS "slot", COUNT(*) AS "events"
    FROM "Order"
    WHERE "shop" = ${shop} AND "shopifyCreatedAt" >= ${since} AND "shopifyCreatedAt" <= ${now}
      AND ${Prisma.raw(kind.filter)}
    GROUP BY "slot"`;
}

/**
 * The local hour of a quarter-hour. The zone's offset is looked up once per UTC day, and per quarter-hour
 * only on a day it changes (a DST day): the shop's 90 days are up to 8,640 quarter-hours.
 */
function localHourOfSlot(timeZone: string): (slot: number) => number {
  const offsetByDay = new Map<number, number | null>();
  return (slot) => {
    const at = slot * SLOT_SECONDS * 1000;
    const day = Math.floor(at / DAY_MS);
    let offset = offsetByDay.get(day);
    if (offset === undefined) {
      const first = offsetMinutes(new Date(day * DAY_MS), timeZone);
      const last = offsetMinutes(new Date((day + 1) * DAY_MS - SLOT_SECONDS * 1000), timeZone);
      offset = first === last ? first : null;
      offsetByDay.set(day, offset);
    }
    const minutes = Math.floor(at / MINUTE_MS) + (offset ?? offsetMinutes(new Date(at), timeZone));
    const minuteOfDay = ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    return Math.floor(minuteOfDay / 60);
  };
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/**
 * The shop's hours change little within an hour, and reading them costs a table lookup per click and order of
 * its 90 days: every batch of a shop's tick reuses them.
 */
const SHOP_HISTORY_TTL_MS = 60 * 60 * 1000;
const shopHistories = createTtlCache<string, readonly number[]>({
  ttlMs: SHOP_HISTORY_TTL_MS,
  maxEntries: 1_000,
});

async function loadShopHistory(shop: string, timeZone: string, now: Date): Promise<readonly number[]> {
  const key = `${shop}\u0000${timeZone}`;
  const cached = shopHistories.get(key, now.getTime());
  if (cached) return cached;
  const since = daysBefore(now, SHOP_LOOKBACK_DAYS);
  const rows = await Promise.all([shopClickSlots(shop, since, now), shopOrderSlots(shop, since, now)]);
  const counts = hourCounts(rows.flat(), localHourOfSlot(timeZone));
  shopHistories.set(key, counts, now.getTime());
  return counts;
}

function hourCounts(rows: readonly SlotRow[], hourOf: (slot: number) => number): number[] {
  const counts = new Array<number>(HOURS).fill(0);
  for (const row of rows) {
    const hour = hourOf(toNumber(row.slot));
    counts[hour] = (counts[hour] as number) + toNumber(row.events);
  }
  return counts;
}

/**
 * The send-time histories of a batch of shoppers (by email hash) of one shop, and the shop's, at `now`, by
 * local hour of `timeZone` (an unknown zone: UTC). Three statements for the shoppers, whatever the batch's
 * size, and two for the shop, at most once an hour per shop and zone in a process.
 */
export async function loadSendTimeHistory(
  shop: string,
  emailHashes: readonly string[],
  { now, timeZone }: { now: Date; timeZone: string },
): Promise<SendTimeHistoryBatch> {
  const zone = isKnownTimeZone(timeZone) ? timeZone : "UTC";
  const hashes = [...new Set(emailHashes)];
  const since = daysBefore(now, SHOPPER_LOOKBACK_DAYS);
  const [shopperRows, shopCounts] = await Promise.all([
    hashes.length === 0
      ? []
      : Promise.all(Object.values(KINDS).map((kind) => shopperSlots(shop, hashes, kind, since, now))).then(
          (kinds) => kinds.flat(),
        ),
    loadShopHistory(shop, zone, now),
  ]);
  const rowsByHash = new Map<string, SlotRow[]>();
  for (const row of shopperRows) {
    const rows = rowsByHash.get(row.hash);
    if (rows) rows.push(row);
    else rowsByHash.set(row.hash, [row]);
  }
  const hourOf = localHourOfSlot(zone);
  const shoppers = new Map([...rowsByHash].map(([hash, rows]) => [hash, hourCounts(rows, hourOf)] as const));
  return { shoppers, shop: shopCounts };
}

const NO_EVENTS: readonly number[] = new Array<number>(HOURS).fill(0);

/** What chooseSendTime reads for one shopper of a loaded batch (no address, or no event: none of their own). */
export function sendTimeHistoryOf(
  histories: SendTimeHistoryBatch,
  emailHash: string | null,
): SendTimeHistory {
  return { shopper: (emailHash && histories.shoppers.get(emailHash)) || NO_EVENTS, shop: histories.shop };
}
