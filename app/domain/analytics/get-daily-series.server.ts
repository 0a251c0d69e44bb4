import { prisma, Prisma } from "~/db.server";
import { shopCurrency } from "./get-recovery-figures.server";
import { dayIndexOf, localDaysOf, type LocalDay, type Period } from "./period";
import { SLOT_SECONDS } from "./slots";
import { slotOf, toNumber } from "./sql.server";

/**
 * The period day by day, in the shop's time zone (IANA name, e.g. the Shop row's timezone):
 *   abandoned          = enrolments whose anchorAt (the checkout's last activity) falls on that day;
 *   recovered          = recoveries by email whose order (recoveredAt) was placed that day;
 *   recoveredOnTheirOwn = recoveries not credited to email, same dating;
 *   revenueMinor       = the totals of that day's recoveries by email, shop currency.
 * Same definitions and dates as getRecoveryFigures, so the days add up to its figures. Every day of the
 * period is listed, zeros included; the first and last may be partial when the period does not start or end at
 * a local midnight.
 */

export interface DailyPoint {
  /** The shop's calendar date, YYYY-MM-DD. */
  date: string;
  abandoned: number;
  recovered: number;
  recoveredOnTheirOwn: number;
  revenueMinor: number;
}

export interface DailySeries {
  currency: string;
  timezone: string;
  days: DailyPoint[];
}

interface SlotRow {
  slot: unknown;
  abandoned?: unknown;
  ours?: unknown;
  own?: unknown;
  revenue?: unknown;
}

export async function getDailySeries(shop: string, period: Period, timezone: string): Promise<DailySeries> {
  const days = localDaysOf(period, timezone);
  const currency = await shopCurrency(shop);

  // Grouped by UTC quarter-hour in the database (rows never come to memory), then placed in local days here.
  const [abandoned, recovered] = await Promise.all([
    prisma.$queryRaw<SlotRow[]>(Prisma.sql`
      SELECT ${slotOf('"anchorAt"')} AS "slot", COUNT(*) AS "abandoned"
      FROM "Enrollment"
      WHERE "shop" = ${shop} AND "anchorAt" >= ${period.from} AND "anchorAt" < ${period.to}
      GROUP BY "slot"`),
    prisma.$queryRaw<SlotRow[]>(Prisma.sql`
      SELECT ${slotOf('"recoveredAt"')} AS "slot",
        SUM(CASE WHEN "recoveredByEmail" = TRUE THEN 1 ELSE 0 END) AS "ours",
        SUM(CASE WHEN "recoveredByEmail" = TRUE THEN 0 ELSE 1 END) AS "own",
        SUM(CASE WHEN "recoveredByEmail" = TRUE THEN COALESCE("recoveredMinor", 0) ELSE 0 END) AS "revenue"
      FROM "Enrollment"
      WHERE "shop" = ${shop} AND "recoveredOrderId" IS NOT NULL
        AND "recoveredAt" >= ${period.from} AND "recoveredAt" < ${period.to}
      GROUP BY "slot"`),
  ]);
  const counts = [...abandoned, ...recovered].map((row) => ({
    start: toNumber(row.slot) * SLOT_SECONDS * 1000,
    abandoned: toNumber(row.abandoned),
    recovered: toNumber(row.ours),
    recoveredOnTheirOwn: toNumber(row.own),
    revenueMinor: toNumber(row.revenue),
  }));
  return { currency, timezone, days: placeInDays(period, days, counts) };
}

/** Counts of a stretch of time that lies within one local day, by the instant it starts (epoch ms). */
export interface StretchCounts extends Omit<DailyPoint, "date"> {
  start: number;
}

/** The period's days with the counts added up, zeros included. */
export function placeInDays(
  period: Period,
  days: readonly LocalDay[],
  counts: readonly StretchCounts[],
): DailyPoint[] {
  const points: DailyPoint[] = days.map((day) => ({
    date: day.date,
    abandoned: 0,
    recovered: 0,
    recoveredOnTheirOwn: 0,
    revenueMinor: 0,
  }));
  for (const stretch of counts) {
    // A quarter-hour cut by the period's own edge holds only rows inside the period: clamp it in.
    const instant = Math.min(Math.max(stretch.start, period.from.getTime()), period.to.getTime() - 1);
    const point = points[dayIndexOf(instant, days)];
    if (!point) throw new Error(`the stretch from ${stretch.start} is outside the series`);
    point.abandoned += stretch.abandoned;
    point.recovered += stretch.recovered;
    point.recoveredOnTheirOwn += stretch.recoveredOnTheirOwn;
    point.revenueMinor += stretch.revenueMinor;
  }
  return points;
}
