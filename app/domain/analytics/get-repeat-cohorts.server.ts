import { databaseProvider, prisma, Prisma } from "~/db.server";
import { ARM, ENROLLMENT_STATUS } from "~/domain/outcomes";
import { getShopSettings } from "~/domain/shops";
import { env } from "~/lib/env.server";
import { isValidTimeZone } from "./period";
import {
  buildRepeatCohorts,
  cohortMonthsAt,
  DEFAULT_COHORT_MONTHS,
  REPEAT_WINDOWS,
  type CohortGroup,
  type CohortMonthSpan,
  type CohortSums,
  type RepeatCohorts,
} from "./repeat-cohorts";
import { toNumber } from "./sql.server";

/**
 * What recovered customers are worth later: cohorts by the calendar month (the shop's time zone) of each
 * buyer's first order in a group, and how many of them bought again, and for how much, within 30, 60 and 90
 * days of it. Three groups, from rows the app already keeps:
 *
 *   RECOVERED_BY_EMAIL  enrolments recovered by an order placed after an email (recoveredByEmail);
 *   HOLDOUT_RECOVERED   enrolments of the holdout arm that recovered: drawn at random, sent nothing, so the
 *                       fair comparison for the first group;
 *   NEVER_ABANDONED     buyers whose first order of the period followed no abandonment the app saw: no
 *                       enrolment of the same buyer enrolled before the order, and none for the checkout the
 *                       order completed (matchedCheckoutId) or credited with it (attributedEnrollmentId). An
 *                       enrolment skipped because the checkout was already completed or ordered (COMPLETED,
 *                       ORDERED) is no abandonment. A buyer whose first order of the period was a recovery
 *                       is not in this group, even if a later order would qualify.
 *
 * A buyer is an order's email hash, or its Shopify customer id when the order has no email; an order with
 * neither cannot be followed and counts nowhere. Test orders and redacted orders count nowhere either. A
 * buyer is counted once per group, at their first order of the group within the months read (the
 * recovering order for the first two groups); a buyer may be in more than one group.
 *
 * For each window N: a repeat buyer has another order (by the same email hash, or customer id when the
 * first order has no email) placed after the first and at most N x 24 hours later; repeat revenue is the sum
 * of those orders' totals (shop currency). Rate = repeat buyers / buyers, with a 95% Wilson interval;
 * revenue per buyer = repeat revenue / buyers. A month's window is reported only once it has ended for the
 * month's last possible buyer (the month's end + N days <= now): "not yet" rather than a partial figure.
 *
 * Retention removes the email hashes and customer ids of orders older than the shop's retentionDays
 * (apply-retention.server.ts), after which a buyer's orders can no longer be linked. So only months that
 * start after that cutoff are read (RepeatCohorts.hasErasedMonths says when some were left out), and a
 * month's N-day figures exist only while its start is within the retention: 30 + 31 days for the 30-day
 * window, 121 days for the 90-day one. An abandonment older than the retention is likewise no longer tied to
 * its shopper, so a buyer who abandoned before it can count as never abandoned.
 *
 * One grouped statement, the same SQL on SQLite and PostgreSQL. It reads the months' recoveries by the
 * (shop, recoveredAt) index and their orders by (shop, orderId), the months' orders by (shop,
 * shopifyCreatedAt), and each buyer's orders by (shop, emailHash) or (shop, customerId); the earlier
 * enrolments of a buyer by (shop, emailHash, enrolledAt). Rows never come to memory: the answer is one row
 * per group and month.
 */

export interface RepeatCohortOptions {
  now: Date;
  /** Months to follow, the current one included (DEFAULT_COHORT_MONTHS). */
  months?: number;
}

/** The groups' tags in SQL: spliced as literals, so PostgreSQL needs no parameter type for them. */
const GROUP_SQL: Record<CohortGroup, Prisma.Sql> = {
  RECOVERED_BY_EMAIL: Prisma.raw("'RECOVERED_BY_EMAIL'"),
  HOLDOUT_RECOVERED: Prisma.raw("'HOLDOUT_RECOVERED'"),
  NEVER_ABANDONED: Prisma.raw("'NEVER_ABANDONED'"),
};

/** Skipped enrolments whose checkout was not abandoned after all: the shopper had completed it or ordered. */
const NOT_ABANDONED_REASONS = Prisma.raw("'COMPLETED', 'ORDERED'");

/** Whether the enrolment row aliased `alias` stands for a checkout its shopper abandoned. */
const sawAbandoned = (alias: string) =>
  Prisma.sql`NOT (${Prisma.raw(alias)}."status" = ${ENROLLMENT_STATUS.SKIPPED}
    AND COALESCE(${Prisma.raw(alias)}."reason", '') IN (${NOT_ABANDONED_REASONS}))`;

/** `later` is at most `days` x 24 hours after `earlier` (two timestamp expressions). */
function withinDays(later: string, earlier: string, days: number): Prisma.Sql {
  const whole = Math.trunc(days);
  return databaseProvider(env.DATABASE_URL) === "postgresql"
    ? Prisma.raw(`${later} <= ${earlier} + INTERVAL '${whole} days'`)
    : Prisma.raw(`julianday(${later}) <= julianday(${earlier}) + ${whole}`);
}

/** The index of the month holding a timestamp: the months are contiguous and every anchor lies in them. */
function monthIndexOf(column: string, spans: readonly CohortMonthSpan[]): Prisma.Sql {
  if (spans.length === 1) return Prisma.raw("0");
  const cases = spans
    .slice(1)
    .map(
      (span, index) =>
        Prisma.sql`WHEN ${Prisma.raw(column)} < ${span.start} THEN ${Prisma.raw(String(index))}`,
    );
  return Prisma.sql`CASE ${Prisma.join(cases, " ")} ELSE ${Prisma.raw(String(spans.length - 1))} END`;
}

interface SumRow {
  grp: string;
  month: unknown;
  buyers: unknown;
  [column: `r${number}` | `v${number}`]: unknown;
}

/** The per-window columns: the repeat flag (r) and revenue (v) of each buyer, over the joined later orders. */
const windowColumns = (isLater: Prisma.Sql) =>
  Prisma.join(
    REPEAT_WINDOWS.map((days) => {
      const inWindow = Prisma.sql`${isLater} AND ${withinDays('o."shopifyCreatedAt"', 'a."at"', days)}`;
      return Prisma.sql`MAX(CASE WHEN ${inWindow} THEN 1 ELSE 0 END) AS ${Prisma.raw(`"r${days}"`)},
        SUM(CASE WHEN ${inWindow} THEN o."totalMinor" ELSE 0 END) AS ${Prisma.raw(`"v${days}"`)}`;
    }),
    ", ",
  );

/** The one statement, for getRepeatCohorts and for bench/customer-value.ts's EXPLAIN. */
export function repeatCohortsQuery(shop: string, spans: readonly CohortMonthSpan[], now: Date): Prisma.Sql {
  const from = (spans[0] as CohortMonthSpan).start;
  const countable = Prisma.sql`o."isTest" = FALSE AND o."redactedAt" IS NULL`;
  // The buyer: the email hash, else the customer id (null when there is an email, so one key per buyer).
  const customerKey = Prisma.sql`CASE WHEN o."emailHash" IS NULL THEN o."customerId" END`;
  // Every order of the buyer is joined, by the (shop, emailHash) or (shop, customerId) index, and the window
  // is tested in the sums: with the time range in the join, SQLite chose the (shop, shopifyCreatedAt) index
  // and read every later order of the shop for each buyer (docs/benchmarks.md, "Customer value page").
  // Likewise the customer-id check below starts from Checkout (shop, customerId), not from the enrolments.
  const isLater = Prisma.sql`o."shopifyCreatedAt" > a."at" AND o."shopifyCreatedAt" < ${now}`;
  const laterOrders = (key: "emailHash" | "customerId") => Prisma.sql`
    SELECT a."grp", a."at", ${windowColumns(isLater)}
    FROM anchors a
    LEFT JOIN "Order" o ON o."shop" = ${shop} AND o.${Prisma.raw(`"${key}"`)} = a.${Prisma.raw(`"${key}"`)}
      AND ${countable}
    WHERE a."emailHash" IS ${key === "emailHash" ? Prisma.raw("NOT NULL") : Prisma.raw("NULL")}
    GROUP BY a."grp", a.${Prisma.raw(`"${key}"`)}, a."at"`;
  const sums = Prisma.join(
    REPEAT_WINDOWS.map(
      (days) => Prisma.sql`SUM(${Prisma.raw(`"r${days}"`)}) AS ${Prisma.raw(`"r${days}"`)},
        SUM(${Prisma.raw(`"v${days}"`)}) AS ${Prisma.raw(`"v${days}"`)}`,
    ),
    ", ",
  );

  return Prisma.sql`
    WITH recovered AS (
      SELECT CASE WHEN e."recoveredByEmail" = TRUE THEN ${GROUP_SQL.RECOVERED_BY_EMAIL}
          ELSE ${GROUP_SQL.HOLDOUT_RECOVERED} END AS "grp",
        o."emailHash" AS "emailHash", ${customerKey} AS "customerId", o."shopifyCreatedAt" AS "at"
      FROM "Enrollment" e
      JOIN "Order" o ON o."shop" = e."shop" AND o."orderId" = e."recoveredOrderId"
      WHERE e."shop" = ${shop} AND e."recoveredAt" >= ${from} AND e."recoveredAt" < ${now}
        AND e."recoveredOrderId" IS NOT NULL
        AND (e."recoveredByEmail" = TRUE OR e."arm" = ${ARM.HOLDOUT})
        AND ${countable} AND (o."emailHash" IS NOT NULL OR o."customerId" IS NOT NULL)
    ),
    ordered AS (
      SELECT o."emailHash" AS "emailHash", ${customerKey} AS "customerId", o."shopifyCreatedAt" AS "at",
        o."matchedCheckoutId" AS "matchedCheckoutId", o."attributedEnrollmentId" AS "attributedEnrollmentId",
        ROW_NUMBER() OVER (PARTITION BY o."emailHash", ${customerKey}
          ORDER BY o."shopifyCreatedAt", o."id") AS "position"
      FROM "Order" o
      WHERE o."shop" = ${shop} AND o."shopifyCreatedAt" >= ${from} AND o."shopifyCreatedAt" < ${now}
        AND ${countable} AND (o."emailHash" IS NOT NULL OR o."customerId" IS NOT NULL)
    ),
    anchors AS (
      SELECT "grp", "emailHash", "customerId", MIN("at") AS "at"
      FROM recovered
      GROUP BY "grp", "emailHash", "customerId"
      UNION ALL
      SELECT ${GROUP_SQL.NEVER_ABANDONED}, f."emailHash", f."customerId", f."at"
      FROM ordered f
      WHERE f."position" = 1
        AND NOT EXISTS (
          SELECT 1 FROM "Enrollment" e
          WHERE e."shop" = ${shop} AND e."emailHash" = f."emailHash" AND e."enrolledAt" < f."at"
            AND ${sawAbandoned("e")})
        AND (f."emailHash" IS NOT NULL OR NOT EXISTS (
          SELECT 1 FROM "Checkout" c
          WHERE c."shop" = ${shop} AND c."customerId" = f."customerId" AND EXISTS (
            SELECT 1 FROM "Enrollment" e
            WHERE e."checkoutId" = c."id" AND e."shop" = ${shop} AND e."enrolledAt" < f."at"
              AND ${sawAbandoned("e")})))
        AND (f."matchedCheckoutId" IS NULL OR NOT EXISTS (
          SELECT 1 FROM "Enrollment" e
          WHERE e."checkoutId" = f."matchedCheckoutId" AND e."shop" = ${shop} AND ${sawAbandoned("e")}))
        AND (f."attributedEnrollmentId" IS NULL OR NOT EXISTS (
          SELECT 1 FROM "Enrollment" e
          WHERE e."id" = f."attributedEnrollmentId" AND e."shop" = ${shop} AND ${sawAbandoned("e")}))
    ),
    followed AS (
      ${laterOrders("emailHash")}
      UNION ALL
      ${laterOrders("customerId")}
    )
    SELECT "grp", ${monthIndexOf('"at"', spans)} AS "month", COUNT(*) AS "buyers", ${sums}
    FROM followed
    GROUP BY "grp", "month"`;
}

const isGroup = (value: string): value is CohortGroup =>
  value === "RECOVERED_BY_EMAIL" || value === "HOLDOUT_RECOVERED" || value === "NEVER_ABANDONED";

/** The grouped rows as numbers (drivers give bigint, Decimal or string). */
export function toCohortSums(rows: readonly SumRow[]): CohortSums[] {
  return rows.flatMap((row) =>
    isGroup(row.grp)
      ? [
          {
            group: row.grp,
            monthIndex: toNumber(row.month),
            buyers: toNumber(row.buyers),
            repeatBuyers: REPEAT_WINDOWS.map((days) => toNumber(row[`r${days}`])),
            repeatRevenueMinor: REPEAT_WINDOWS.map((days) => toNumber(row[`v${days}`])),
          },
        ]
      : [],
  );
}

/** The shop's repeat-purchase cohorts at `now`; null when the app has no row for the shop. */
export async function getRepeatCohorts(
  shop: string,
  { now, months = DEFAULT_COHORT_MONTHS }: RepeatCohortOptions,
): Promise<RepeatCohorts | null> {
  const shopRow = await prisma.shop.findUnique({
    where: { domain: shop },
    select: { currency: true, timezone: true },
  });
  if (!shopRow) return null;
  const timezone = isValidTimeZone(shopRow.timezone) ? shopRow.timezone : "UTC";
  const { retentionDays } = await getShopSettings(shop);
  const { spans, isCutByRetention } = cohortMonthsAt(now, timezone, { limit: months, retentionDays });
  const rows = spans.length > 0 ? await prisma.$queryRaw<SumRow[]>(repeatCohortsQuery(shop, spans, now)) : [];
  return buildRepeatCohorts(spans, toCohortSums(rows), {
    now,
    currency: shopRow.currency,
    timezone,
    retentionDays,
    isCutByRetention,
  });
}
