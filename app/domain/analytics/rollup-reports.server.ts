import { prisma, Prisma } from "~/db.server";
import type { RecoveryReports } from "./recovery-reports.server";
import { placeInDays, getDailySeries, type DailySeries } from "./get-daily-series.server";
import {
  armsOf,
  getRecoveryFigures,
  recoveryRateOf,
  shopCurrency,
  sumDiscounts,
  tallyCheckouts,
  tallyEmails,
  tallyRecoveries,
  type RecoveryFigures,
} from "./get-recovery-figures.server";
import { getStepFunnel, joinSteps, type StepFunnelRow } from "./get-step-funnel.server";
import {
  getSegmentFigures,
  groupRowsFromRollup,
  segmentFiguresOf,
  type RawGroupRow,
  type SegmentFigures,
} from "./get-segment-figures.server";
import { computeLift } from "./lift";
import { assertPeriod, localDaysOf, type Period } from "./period";
import { DAY_SLOT_SECONDS, SLOT_SECONDS, slotRangesOf, type SlotRange } from "./slots";
import { toNumber } from "./sql.server";

/**
 * The dashboard's reports read from the report rollups (prisma/schema.prisma, docs/decisions/0007): counters
 * per shop and UTC slot that database triggers keep in step with the raw rows, so a period costs one row per
 * day and kind instead of one per checkout or email. Same definitions and same answers as the live reports in
 * get-*.server.ts (report-rollups.server.test.ts compares them on random data); those are also the fallback
 * for a period that does not start and end on a quarter-hour, which the dashboard's periods always do.
 */

type RollupTable = "CheckoutRollup" | "RecoveryRollup" | "EmailRollup" | "CreditRollup";

/**
 * A rollup's rows of a period: its whole UTC days as day rows, the quarter-hours at its ends as such. One
 * range read per slot range, put together with UNION ALL: with the ranges OR-ed in one WHERE, SQLite reads all
 * of the shop's rows instead.
 */
function rowsOf(table: RollupTable, columns: readonly string[], shop: string, ranges: readonly SlotRange[]) {
  const select = Prisma.raw(`SELECT ${columns.map((column) => `"${column}"`).join(", ")} FROM "${table}"`);
  return Prisma.sql`(${Prisma.join(
    ranges.map(
      (range) =>
        Prisma.sql`${select} WHERE "shop" = ${shop} AND "grain" = ${range.grain} AND "slot" >= ${range.from} AND "slot" < ${range.to}`,
    ),
    " UNION ALL ",
  )}) AS "rows"`;
}

/** SQLite answers a boolean column with 0 or 1, PostgreSQL with a boolean. */
const isTrue = (value: unknown) => (typeof value === "boolean" ? value : toNumber(value) === 1);

const CHECKOUT_COLUMNS = [
  "skipped",
  "arm",
  "reason",
  "checkouts",
  "emailed",
  "emailedRecovered",
  "recovered",
  "revenueMinor",
  "revenueSquares",
];

interface CheckoutRow {
  skipped: unknown;
  arm: string;
  reason: string;
  checkouts: unknown;
  emailed: unknown;
  emailedRecovered: unknown;
  recovered: unknown;
  revenue: unknown;
  revenueSquares: unknown;
}

interface RecoveryRow {
  method: string;
  byEmail: unknown;
  orders: unknown;
  revenue: unknown;
}

interface StepRow {
  step: unknown;
  sent: unknown;
  clicked: unknown;
  credited?: unknown;
  revenue?: unknown;
}

export async function getRecoveryFiguresFromRollups(shop: string, period: Period): Promise<RecoveryFigures> {
  assertPeriod(period);
  const ranges = slotRangesOf(period);
  if (!ranges) return getRecoveryFigures(shop, period);
  const currency = await shopCurrency(shop);
  const [cohort, emails, recoveries, discounts] = await Promise.all([
    prisma.$queryRaw<CheckoutRow[]>(Prisma.sql`
      SELECT "skipped", "arm", "reason", SUM("checkouts") AS "checkouts", SUM("emailed") AS "emailed",
        SUM("emailedRecovered") AS "emailedRecovered", SUM("recovered") AS "recovered",
        SUM("revenueMinor") AS "revenue", SUM("revenueSquares") AS "revenueSquares"
      FROM ${rowsOf("CheckoutRollup", CHECKOUT_COLUMNS, shop, ranges)}
      GROUP BY "skipped", "arm", "reason"`),
    prisma.$queryRaw<StepRow[]>(Prisma.sql`
      SELECT "step", SUM("sent") AS "sent", SUM("clicked") AS "clicked"
      FROM ${rowsOf("EmailRollup", ["step", "sent", "clicked"], shop, ranges)}
      GROUP BY "step"`),
    prisma.$queryRaw<RecoveryRow[]>(Prisma.sql`
      SELECT "method", "byEmail", SUM("orders") AS "orders", SUM("revenueMinor") AS "revenue"
      FROM ${rowsOf("RecoveryRollup", ["method", "byEmail", "orders", "revenueMinor"], shop, ranges)}
      GROUP BY "method", "byEmail"`),
    sumDiscounts(shop, period),
  ]);

  const enrolled = cohort.filter((row) => !isTrue(row.skipped));
  const emailed = cohort.reduce((total, row) => total + toNumber(row.emailed), 0);
  const recoveredByEmail = cohort.reduce((total, row) => total + toNumber(row.emailedRecovered), 0);
  const arms = armsOf(
    [...new Set(enrolled.map((row) => row.arm))].map((arm) => {
      const rows = enrolled.filter((row) => row.arm === arm);
      const sum = (pick: (row: CheckoutRow) => unknown) =>
        rows.reduce((total, row) => total + toNumber(pick(row)), 0);
      return {
        arm,
        enrollments: sum((row) => row.checkouts),
        recovered: sum((row) => row.recovered),
        revenue: sum((row) => row.revenue),
        revenueSquares: sum((row) => row.revenueSquares),
      };
    }),
  );
  return {
    period,
    currency,
    checkouts: tallyCheckouts(
      cohort.map((row) => ({
        skipped: isTrue(row.skipped),
        arm: row.arm,
        reason: row.reason,
        count: toNumber(row.checkouts),
      })),
    ),
    emails: tallyEmails(
      emails.map((row) => ({
        step: toNumber(row.step),
        sent: toNumber(row.sent),
        clicked: toNumber(row.clicked),
      })),
    ),
    recovered: tallyRecoveries(
      recoveries.map((row) => ({
        method: row.method,
        byEmail: isTrue(row.byEmail),
        count: toNumber(row.orders),
        revenueMinor: toNumber(row.revenue),
      })),
    ),
    recoveryRate: recoveryRateOf(emailed, recoveredByEmail),
    discounts,
    lift: computeLift(arms.treatment, arms.holdout),
  };
}

/**
 * Sends and clicks from the email rollup, by the email's date; recoveries from the credit rollup, by the order's
 * date (the credited email of each recovery by email, as the triggers keep them): one row per day and step.
 * Reading the period's recovered enrolments and their credit rows instead cost 730 ms for a year at 1,000,000
 * checkouts.
 */
export async function getStepFunnelFromRollups(shop: string, period: Period): Promise<StepFunnelRow[]> {
  assertPeriod(period);
  const ranges = slotRangesOf(period);
  if (!ranges) return getStepFunnel(shop, period);
  const [emails, credits] = await Promise.all([
    prisma.$queryRaw<StepRow[]>(Prisma.sql`
      SELECT "step", SUM("sent") AS "sent", SUM("clicked") AS "clicked"
      FROM ${rowsOf("EmailRollup", ["step", "sent", "clicked"], shop, ranges)}
      GROUP BY "step"`),
    prisma.$queryRaw<StepRow[]>(Prisma.sql`
      SELECT "step", SUM("credited") AS "credited", SUM("revenueMinor") AS "revenue"
      FROM ${rowsOf("CreditRollup", ["step", "credited", "revenueMinor"], shop, ranges)}
      GROUP BY "step"
      HAVING SUM("credited") <> 0`),
  ]);
  return joinSteps(
    emails
      .map((row) => ({ step: toNumber(row.step), sent: toNumber(row.sent), clicked: toNumber(row.clicked) }))
      .filter((row) => row.sent > 0),
    credits.map((row) => ({
      step: toNumber(row.step),
      recovered: toNumber(row.credited),
      revenueMinor: toNumber(row.revenue),
    })),
  );
}

const greatestCommonDivisor = (a: number, b: number): number =>
  b === 0 ? a : greatestCommonDivisor(b, a % b);

interface StretchRow {
  stretch: unknown;
  abandoned: unknown;
  recovered: unknown;
  own: unknown;
  revenue: unknown;
}

/**
 * The series from the quarter-hour rollup. Quarter-hours are added up in the database into the longest
 * stretches that never cross a local midnight: the greatest common divisor of the days' first quarter-hours
 * (whole hours in most zones, whole days in UTC), so a year is at most 8,784 rows for an hour-aligned zone.
 */
export async function getDailySeriesFromRollups(
  shop: string,
  period: Period,
  timezone: string,
): Promise<DailySeries> {
  const days = localDaysOf(period, timezone);
  const ranges = slotRangesOf(period);
  if (!ranges) return getDailySeries(shop, period, timezone);
  const currency = await shopCurrency(shop);
  const slotMs = SLOT_SECONDS * 1000;
  const edges = [...days.map((day) => day.start.getTime() / slotMs), period.to.getTime() / slotMs];
  const quartersPerDay = DAY_SLOT_SECONDS / SLOT_SECONDS;
  const span = edges.reduce(
    (divisor, edge) => greatestCommonDivisor(divisor, Math.abs(edge)),
    quartersPerDay,
  );
  // A whole number from 1 to 96, spliced in so that the SELECT and the GROUP BY hold the same expression.
  const stretchOf = Prisma.raw(`"slot" / ${Math.trunc(span)}`);
  const rows = await prisma.$queryRaw<StretchRow[]>(Prisma.sql`
    SELECT ${stretchOf} AS "stretch", SUM("abandoned") AS "abandoned", SUM("recovered") AS "recovered",
      SUM("recoveredOnTheirOwn") AS "own", SUM("revenueMinor") AS "revenue"
    FROM "SeriesRollup"
    WHERE "shop" = ${shop} AND "slot" >= ${period.from.getTime() / slotMs} AND "slot" < ${period.to.getTime() / slotMs}
    GROUP BY ${stretchOf}`);
  const counts = rows.map((row) => ({
    start: toNumber(row.stretch) * span * slotMs,
    abandoned: toNumber(row.abandoned),
    recovered: toNumber(row.recovered),
    recoveredOnTheirOwn: toNumber(row.own),
    revenueMinor: toNumber(row.revenue),
  }));
  return { currency, timezone, days: placeInDays(period, days, counts) };
}

/**
 * The per-segment and per-offer-arm sums from the checkout rollup (its key holds the segment and the offer arm):
 * one row per day and group of the period instead of one per checkout.
 */
export async function getSegmentFiguresFromRollups(shop: string, period: Period): Promise<SegmentFigures[]> {
  assertPeriod(period);
  const ranges = slotRangesOf(period);
  if (!ranges) return getSegmentFigures(shop, period);
  const rows = await prisma.$queryRaw<RawGroupRow[]>(Prisma.sql`
    SELECT "segment" AS "segmentId", "arm", "offerArm", SUM("checkouts") AS "enrollments",
      SUM("recovered") AS "recovered", SUM("revenueMinor") AS "revenue", SUM("revenueSquares") AS "revenueSquares",
      SUM("discountMinor") AS "discount", SUM("discountSquares") AS "discountSquares",
      SUM("profitMinor") AS "profit", SUM("profitSquares") AS "profitSquares", SUM("emails") AS "emails"
    FROM ${rowsOf("CheckoutRollup", SEGMENT_COLUMNS, shop, ranges)}
    WHERE "skipped" = FALSE
    GROUP BY "segment", "arm", "offerArm"
    HAVING SUM("checkouts") <> 0`);
  return segmentFiguresOf(shop, groupRowsFromRollup(rows));
}

const SEGMENT_COLUMNS = [
  "skipped",
  "segment",
  "arm",
  "offerArm",
  "checkouts",
  "recovered",
  "revenueMinor",
  "revenueSquares",
  "discountMinor",
  "discountSquares",
  "profitMinor",
  "profitSquares",
  "emails",
];

export const ROLLUP_REPORTS: RecoveryReports = {
  getRecoveryFigures: getRecoveryFiguresFromRollups,
  getStepFunnel: getStepFunnelFromRollups,
  getDailySeries: getDailySeriesFromRollups,
  getSegmentFigures: getSegmentFiguresFromRollups,
};
