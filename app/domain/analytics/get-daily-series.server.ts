import { prisma, Prisma } from "~/db.server";
import { AppError } from "~/lib/app-error";
import { dayIndexOf, localDaysOf, type Period } from "./period";
import { slotOf, SLOT_SECONDS, toNumber } from "./sql.server";

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
  const shopRow = await prisma.shop.findUnique({ where: { domain: shop }, select: { currency: true } });
  if (!shopRow) throw new AppError("NOT_FOUND", `shop ${shop} is not known`);

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

  const points: DailyPoint[] = days.map((day) => ({
    date: day.date,
    abandoned: 0,
    recovered: 0,
    recoveredOnTheirOwn: 0,
    revenueMinor: 0,
  }));
  const pointOf = (row: SlotRow): DailyPoint => {
    // A quarter-hour cut by the period's own edge holds only rows inside the period: clamp it in.
    const start = toNumber(row.slot) * SLOT_SECONDS * 1000;
    const instant = Math.min(Math.max(start, period.from.getTime()), period.to.getTime() - 1);
    const point = points[dayIndexOf(instant, days)];
    if (!point) throw new Error(`quarter-hour ${start} is outside the series`);
    return point;
  };
  for (const row of abandoned) pointOf(row).abandoned += toNumber(row.abandoned);
  for (const row of recovered) {
    const point = pointOf(row);
    point.recovered += toNumber(row.ours);
    point.recoveredOnTheirOwn += toNumber(row.own);
    point.revenueMinor += toNumber(row.revenue);
  }
  return { currency: shopRow.currency, timezone, days: points };
}
