import { prisma, Prisma } from "~/db.server";
import { ARM, ATTRIBUTION_METHODS, ENROLLMENT_STATUS, type AttributionMethod } from "~/domain/outcomes";
import { AppError } from "~/lib/app-error";
import { computeLift, type ArmTotals, type Lift } from "./lift";
import { assertPeriod, type Period } from "./period";
import { rateOf } from "./statistics";
import { toNumber } from "./sql.server";

/**
 * The dashboard's headline figures for a period [from, to). Each figure counts something different on
 * purpose; the definitions below are what the merchant is shown, and the page gives each name one of them only
 * (app/routes/app._index.figures.test.tsx renders it from seeded rows and holds every repeated figure equal).
 *
 * Checkouts, by when they were abandoned: the enrolments whose anchorAt (the checkout's last activity)
 * falls in the period. Every candidate checkout gets an enrolment row, so
 *   abandoned = enrolled + heldOut + skipped, where
 *   enrolled  = arm TREATMENT, status not SKIPPED (the sequence started: ACTIVE, STOPPED or COMPLETED);
 *   heldOut   = arm HOLDOUT, status not SKIPPED (chosen for the holdout, sent nothing);
 *   skipped   = status SKIPPED, by named reason (no consent, no email, too old, …).
 * "In the sequence" on the page is `enrolled`; "emailed" is recoveryRate.emailed, those of them sent at least
 * one email (the others ordered, unsubscribed or are still waiting before their first).
 *
 * Emails, by when they were sent: RecoverySend rows with status SENT and sentAt in the period, per step;
 * clicked = those with a first click (whenever it came); click rate = clicked / sent.
 *
 * Recovered orders, by when the order was placed: enrolments whose recoveredAt (the order's created_at) falls
 * in the period, whatever the checkout's own date, split into "ours" (recoveredByEmail: an email was sent
 * before the order and within the attribution window, or its code was used) and "on their own" (held out, not
 * emailed yet, or the email too old), and by attribution method. Recovered revenue is the order totals of
 * ours, in the shop's currency. The daily series and the step funnel's recoveries use the same dates, so its
 * days and its steps add up to these figures.
 *
 * Recovery rate, by cohort: of the period's abandoned checkouts that were sent at least one email
 * (firstSentAt set), the share recovered by email, whenever the order came. A recent cohort is still
 * converting, so its rate rises for a few days. It counts checkouts by their own date, so its numerator is not
 * the period's orders recovered by email, and the page words it differently ("ordered through an email").
 *
 * Discount cost, by when the code was used: the sum of the discount our codes gave (DiscountCode.discountMinor,
 * from the order) with usedAt in the period. Test orders never use up a code (attribution ignores them).
 *
 * Lift: the period's cohort, treatment ("in the sequence") against holdout, every order counted (lift.ts).
 *
 * The queries below are these definitions over the raw rows. The dashboard reads the same figures from the
 * report rollups (rollup-reports.server.ts), through the tally functions here, and a test holds the two equal.
 */

export interface StepEmails {
  step: number;
  sent: number;
  clicked: number;
  clickRate: number | null;
}

export interface MethodRecoveries {
  method: AttributionMethod;
  byEmail: number;
  onTheirOwn: number;
}

export interface RecoveryFigures {
  period: Period;
  /** ISO 4217 code of every amount below (minor units). */
  currency: string;
  checkouts: {
    abandoned: number;
    enrolled: number;
    heldOut: number;
    skipped: number;
    skippedByReason: Record<string, number>;
  };
  emails: { sent: number; clicked: number; clickRate: number | null; byStep: StepEmails[] };
  recovered: {
    orders: number;
    byEmail: number;
    onTheirOwn: number;
    revenueMinor: number;
    onTheirOwnRevenueMinor: number;
    byMethod: MethodRecoveries[];
  };
  recoveryRate: { emailed: number; recoveredByEmail: number; rate: number | null };
  discounts: { used: number; costMinor: number };
  lift: Lift;
}

const inPeriod = ({ from, to }: Period) => ({ gte: from, lt: to });

export async function shopCurrency(shop: string): Promise<string> {
  const row = await prisma.shop.findUnique({ where: { domain: shop }, select: { currency: true } });
  if (!row) throw new AppError("NOT_FOUND", `shop ${shop} is not known`);
  return row.currency;
}

/** Enrolments of the period's cohort with the same status class, arm and skip reason. */
export interface CheckoutGroup {
  skipped: boolean;
  arm: string;
  reason: string | null;
  count: number;
}

export function tallyCheckouts(groups: readonly CheckoutGroup[]): RecoveryFigures["checkouts"] {
  const checkouts = {
    abandoned: 0,
    enrolled: 0,
    heldOut: 0,
    skipped: 0,
    skippedByReason: {} as Record<string, number>,
  };
  for (const group of groups) {
    const count = group.count;
    if (count === 0) continue;
    checkouts.abandoned += count;
    if (group.skipped) {
      checkouts.skipped += count;
      const reason = group.reason ?? "UNKNOWN";
      checkouts.skippedByReason[reason] = (checkouts.skippedByReason[reason] ?? 0) + count;
    } else if (group.arm === ARM.HOLDOUT) checkouts.heldOut += count;
    else checkouts.enrolled += count;
  }
  return checkouts;
}

async function countCheckouts(shop: string, period: Period): Promise<RecoveryFigures["checkouts"]> {
  const groups = await prisma.enrollment.groupBy({
    by: ["arm", "status", "reason"],
    where: { shop, anchorAt: inPeriod(period) },
    _count: { _all: true },
  });
  return tallyCheckouts(
    groups.map((group) => ({
      skipped: group.status === ENROLLMENT_STATUS.SKIPPED,
      arm: group.arm,
      reason: group.reason,
      count: group._count._all,
    })),
  );
}

/** A step's emails sent in the period, and how many of them were clicked. */
export interface StepCounts {
  step: number;
  sent: number;
  clicked: number;
}

export function tallyEmails(steps: readonly StepCounts[]): RecoveryFigures["emails"] {
  const byStep = steps
    .filter((step) => step.sent > 0)
    .map((step) => ({
      step: step.step,
      sent: step.sent,
      clicked: step.clicked,
      clickRate: rateOf({ successes: step.clicked, trials: step.sent }),
    }))
    .sort((a, b) => a.step - b.step);
  const totalSent = byStep.reduce((total, step) => total + step.sent, 0);
  const totalClicked = byStep.reduce((total, step) => total + step.clicked, 0);
  return {
    sent: totalSent,
    clicked: totalClicked,
    clickRate: rateOf({ successes: totalClicked, trials: totalSent }),
    byStep,
  };
}

async function countEmails(shop: string, period: Period): Promise<RecoveryFigures["emails"]> {
  const where = { shop, status: "SENT", sentAt: inPeriod(period) };
  const [sent, clicked] = await Promise.all([
    prisma.recoverySend.groupBy({ by: ["step"], where, _count: { _all: true } }),
    prisma.recoverySend.groupBy({
      by: ["step"],
      where: { ...where, firstClickedAt: { not: null } },
      _count: { _all: true },
    }),
  ]);
  return tallyEmails(
    sent.map((group) => ({
      step: group.step,
      sent: group._count._all,
      clicked: clicked.find((row) => row.step === group.step)?._count._all ?? 0,
    })),
  );
}

/** Recoveries of the period with the same attribution method and credit. */
export interface RecoveryGroup {
  method: string | null;
  byEmail: boolean;
  count: number;
  revenueMinor: number;
}

export function tallyRecoveries(groups: readonly RecoveryGroup[]): RecoveryFigures["recovered"] {
  const recovered = {
    orders: 0,
    byEmail: 0,
    onTheirOwn: 0,
    revenueMinor: 0,
    onTheirOwnRevenueMinor: 0,
    byMethod: ATTRIBUTION_METHODS.map((method) => ({ method, byEmail: 0, onTheirOwn: 0 })),
  };
  for (const group of groups) {
    const count = group.count;
    const revenue = group.revenueMinor;
    const method = recovered.byMethod.find((row) => row.method === group.method);
    recovered.orders += count;
    if (group.byEmail) {
      recovered.byEmail += count;
      recovered.revenueMinor += revenue;
      if (method) method.byEmail += count;
    } else {
      recovered.onTheirOwn += count;
      recovered.onTheirOwnRevenueMinor += revenue;
      if (method) method.onTheirOwn += count;
    }
  }
  return recovered;
}

async function countRecoveries(shop: string, period: Period): Promise<RecoveryFigures["recovered"]> {
  const groups = await prisma.enrollment.groupBy({
    by: ["attributionMethod", "recoveredByEmail"],
    where: { shop, recoveredAt: inPeriod(period), recoveredOrderId: { not: null } },
    _count: { _all: true },
    _sum: { recoveredMinor: true },
  });
  return tallyRecoveries(
    groups.map((group) => ({
      method: group.attributionMethod,
      byEmail: group.recoveredByEmail === true,
      count: group._count._all,
      revenueMinor: group._sum.recoveredMinor ?? 0,
    })),
  );
}

export function recoveryRateOf(emailed: number, recoveredByEmail: number): RecoveryFigures["recoveryRate"] {
  return { emailed, recoveredByEmail, rate: rateOf({ successes: recoveredByEmail, trials: emailed }) };
}

async function measureRecoveryRate(shop: string, period: Period): Promise<RecoveryFigures["recoveryRate"]> {
  const where = { shop, anchorAt: inPeriod(period), firstSentAt: { not: null } };
  const [emailed, recoveredByEmail] = await Promise.all([
    prisma.enrollment.count({ where }),
    prisma.enrollment.count({ where: { ...where, recoveredByEmail: true } }),
  ]);
  return recoveryRateOf(emailed, recoveredByEmail);
}

/** Read from the index alone (shop, usedAt, usedOrderId, discountMinor): few rows, no rollup needed. */
export async function sumDiscounts(shop: string, period: Period): Promise<RecoveryFigures["discounts"]> {
  const totals = await prisma.discountCode.aggregate({
    where: { shop, usedAt: inPeriod(period), usedOrderId: { not: null } },
    _count: { _all: true },
    _sum: { discountMinor: true },
  });
  return { used: totals._count._all, costMinor: totals._sum.discountMinor ?? 0 };
}

export interface ArmRow {
  arm: string;
  enrollments: unknown;
  recovered: unknown;
  revenue: unknown;
  revenueSquares: unknown;
}

/**
 * Per-arm totals for the lift in one aggregate pass: counts, sums and sums of squares of the per-enrolment
 * revenue (the recovered order's total, or 0). The square is taken in DOUBLE PRECISION: an integer square of a
 * large order total overflows PostgreSQL's INTEGER, and the variance needs no more precision than a double.
 */
async function sumArms(shop: string, period: Period): Promise<{ treatment: ArmTotals; holdout: ArmTotals }> {
  const rows = await prisma.$queryRaw<ArmRow[]>(Prisma.sql`
    SELECT "arm",
      COUNT(*) AS "enrollments",
      SUM(CASE WHEN "recoveredOrderId" IS NOT NULL THEN 1 ELSE 0 END) AS "recovered",
      SUM(COALESCE("recoveredMinor", 0)) AS "revenue",
      SUM(CAST(COALESCE("recoveredMinor", 0) AS DOUBLE PRECISION) * COALESCE("recoveredMinor", 0)) AS "revenueSquares"
    FROM "Enrollment"
    WHERE "shop" = ${shop} AND "anchorAt" >= ${period.from} AND "anchorAt" < ${period.to}
      AND "status" <> ${ENROLLMENT_STATUS.SKIPPED}
    GROUP BY "arm"`);
  return armsOf(rows);
}

/** The treatment and holdout totals among per-arm rows (an arm without a row has none). */
export function armsOf(rows: readonly ArmRow[]): { treatment: ArmTotals; holdout: ArmTotals } {
  const totalsOf = (arm: string): ArmTotals => {
    const row = rows.find((candidate) => candidate.arm === arm);
    return {
      enrollments: toNumber(row?.enrollments),
      recovered: toNumber(row?.recovered),
      revenueMinor: toNumber(row?.revenue),
      revenueSumOfSquares: toNumber(row?.revenueSquares),
    };
  };
  return { treatment: totalsOf(ARM.TREATMENT), holdout: totalsOf(ARM.HOLDOUT) };
}

export async function getRecoveryFigures(shop: string, period: Period): Promise<RecoveryFigures> {
  assertPeriod(period);
  const currency = await shopCurrency(shop);
  // Independent reads: PostgreSQL runs them side by side; SQLite's single connection takes them in turn.
  const [checkouts, emails, recovered, recoveryRate, discounts, arms] = await Promise.all([
    countCheckouts(shop, period),
    countEmails(shop, period),
    countRecoveries(shop, period),
    measureRecoveryRate(shop, period),
    sumDiscounts(shop, period),
    sumArms(shop, period),
  ]);
  return {
    period,
    currency,
    checkouts,
    emails,
    recovered,
    recoveryRate,
    discounts,
    lift: computeLift(arms.treatment, arms.holdout),
  };
}
