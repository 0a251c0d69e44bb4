import { describe, expect, it } from "vitest";
import { databaseProvider, Prisma, prisma } from "~/db.server";
import { ATTRIBUTION_METHODS } from "~/domain/outcomes";
import { env } from "~/lib/env.server";
import {
  seedDiscountCode,
  seedEnrollments,
  type EnrollmentSeed,
  type SendSeed,
} from "../../../test/helpers/recovery-seed";
import { mulberry32 } from "~/lib/seeded-random";
import { keyOf, ROLLUP_COUNTERS, ROLLUP_TABLES } from "../../../test/helpers/rollup-counters";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { addLocalDays, resolveDashboardPeriod } from "./dashboard-period";
import { getDashboard } from "./get-dashboard.server";
import { LIVE_REPORTS } from "./recovery-reports.server";
import type { Period } from "./period";
import { ROLLUP_REPORTS } from "./rollup-reports.server";
import { slotRangesOf } from "./slots";

/**
 * The rollups against the definitions: random rows (and random changes to them, made the ways the app makes
 * them: createMany, updateMany over several rows, cascades, raw SQL, rolled-back transactions), then every
 * report both ways over many periods, which must be equal to the last digit.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = Date.parse("2026-03-01T00:00:00Z");
const SPAN_DAYS = 40;
const ZONES = ["UTC", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe"];
const REASONS = ["NOT_SUBSCRIBED", "NO_EMAIL", "TOO_OLD", "ORDERED", null];

/** Seeded (mulberry32), so a failure can be replayed from its seed. */
function createRandom(seed: number) {
  const next = mulberry32(seed);
  const int = (below: number) => Math.floor(next() * below);
  return {
    chance: (share: number) => next() < share,
    int,
    pick: <T>(items: readonly T[]) => items[int(items.length)] as T,
    // Multiples of 5 minutes, so many rows fall exactly on a slot's or a period's edge.
    instant: (fromMs = START, days = SPAN_DAYS) =>
      new Date(fromMs + int((days * DAY) / (5 * MINUTE)) * 5 * MINUTE),
  };
}
type Random = ReturnType<typeof createRandom>;

function randomSeed(random: Random): EnrollmentSeed {
  const anchorAt = random.instant();
  const arm = random.chance(0.2) ? "HOLDOUT" : "TREATMENT";
  const status = random.chance(0.3)
    ? "SKIPPED"
    : arm === "HOLDOUT"
      ? "HOLDOUT"
      : random.pick(["ACTIVE", "STOPPED", "COMPLETED"]);
  const sends: SendSeed[] = [];
  if (arm === "TREATMENT" && status !== "SKIPPED") {
    let at = anchorAt.getTime();
    for (let step = 1; step <= 1 + random.int(3); step++) {
      at += (1 + random.int(48)) * 30 * MINUTE;
      const state = random.pick(["SENT", "SENT", "SENT", "SENT", "FAILED", "CLAIMED"]);
      sends.push({
        step,
        status: state,
        sentAt: state === "SENT" ? new Date(at) : null,
        subjectVariant: step === 1 || random.chance(0.2) ? random.pick(["A", "B", null] as const) : null,
        clickedAt: state === "SENT" && random.chance(0.3) ? new Date(at + random.int(600) * MINUTE) : null,
      });
    }
  }
  const sentTimes = sends.flatMap((send) => (send.sentAt ? [send.sentAt.getTime()] : []));
  // Often exactly at an email's time, or 5 minutes after it: the edges of "before the order".
  const recoveredAt =
    sentTimes.length > 0 && random.chance(0.5)
      ? random.pick(sentTimes) + random.pick([0, 5 * MINUTE])
      : anchorAt.getTime() + random.int(6 * 24 * 12) * 5 * MINUTE;
  const discount = random.pick([0, 0, random.int(3_000)]);
  const recovered = random.chance(0.35)
    ? {
        at: new Date(recoveredAt),
        byEmail: random.chance(0.6),
        method: random.pick(ATTRIBUTION_METHODS),
        minor: 500 + random.int(40_000),
        merchandiseMinor: 500 + random.int(40_000),
        discountMinor: discount,
        // Negative too: a deep discount on a thin margin loses money.
        profitMinor: random.int(20_000) - discount - 2_000,
      }
    : undefined;
  return {
    arm,
    segmentId: random.pick([null, "default", "seg-a", "seg-b"]),
    offerArm:
      arm === "TREATMENT" ? random.pick([null, "NO_DISCOUNT", "TIER_DISCOUNT", "FREE_SHIPPING"]) : null,
    status,
    reason: status === "SKIPPED" || status === "STOPPED" ? random.pick(REASONS) : null,
    anchorAt,
    sends,
    recovered,
  };
}

let codes = 0;

async function seedShop(shop: string, random: Random, count: number) {
  const seeded = await seedEnrollments(
    shop,
    Array.from({ length: count }, () => randomSeed(random)),
  );
  for (const enrollment of seeded) {
    if (!random.chance(0.15)) continue;
    const used = random.chance(0.6);
    await seedDiscountCode(shop, enrollment.id, {
      code: `CB-${(codes += 1)}`,
      used: used
        ? { orderId: `o-${codes}`, at: random.instant(), discountMinor: random.int(3_000) }
        : undefined,
    });
  }
  return seeded;
}

/** Changes of every kind the app makes, several rows at a time where it can. */
async function changeRows(shop: string, random: Random) {
  const enrollments = await prisma.enrollment.findMany({
    where: { shop },
    select: { id: true, checkoutId: true },
  });
  const sends = await prisma.recoverySend.findMany({
    where: { shop },
    select: { id: true, enrollmentId: true },
  });
  const some = <T>(items: readonly T[], share: number) => items.filter(() => random.chance(share));

  // Restarts and new decisions, in one statement over many rows.
  await prisma.enrollment.updateMany({
    where: { shop, id: { in: some(enrollments, 0.1).map((row) => row.id) } },
    data: { status: "STOPPED", reason: "ORDERED" },
  });
  await prisma.enrollment.updateMany({
    where: { shop, id: { in: some(enrollments, 0.05).map((row) => row.id) } },
    data: { status: "SKIPPED", reason: null },
  });
  for (const row of some(enrollments, 0.1))
    await prisma.enrollment.update({ where: { id: row.id }, data: { anchorAt: random.instant() } });
  // Recoveries recorded, moved and undone.
  for (const row of some(enrollments, 0.15))
    await prisma.enrollment.update({
      where: { id: row.id },
      data: random.chance(0.3)
        ? { recoveredOrderId: null, recoveredAt: null, recoveredByEmail: null, recoveredMinor: null }
        : {
            recoveredOrderId: `late-${row.id}`,
            recoveredAt: random.instant(),
            recoveredByEmail: random.pick([true, false, null]),
            attributionMethod: random.pick([...ATTRIBUTION_METHODS, null]),
            recoveredMinor: random.pick([null, random.int(90_000)]),
          },
    });
  await prisma.enrollment.updateMany({
    where: { shop, id: { in: some(enrollments, 0.05).map((row) => row.id) } },
    data: { firstSentAt: random.instant(), arm: "HOLDOUT" },
  });
  // A send counted, a segment or an offer arm changed, a recovery's profit recomputed (a new default margin).
  for (const row of some(enrollments, 0.1))
    await prisma.enrollment.update({ where: { id: row.id }, data: { stepsSent: { increment: 1 } } });
  await prisma.enrollment.updateMany({
    where: { shop, id: { in: some(enrollments, 0.05).map((row) => row.id) } },
    data: { segmentId: random.pick([null, "seg-c"]), offerArm: random.pick([null, "FREE_SHIPPING"]) },
  });
  await prisma.$executeRaw`
    UPDATE "Enrollment" SET "profitMinor" = CAST(ROUND("merchandiseMinor" * 0.3) AS INTEGER) - COALESCE("discountMinor", 0)
    WHERE "shop" = ${shop} AND "recoveredOrderId" IS NOT NULL AND "merchandiseMinor" IS NOT NULL`;
  for (const row of some(enrollments, 0.05))
    await prisma.enrollment.update({
      where: { id: row.id },
      data: { discountMinor: random.pick([null, random.int(2_000)]), profitMinor: random.pick([null, -500]) },
    });

  // Emails: every send of some enrolments at once (several rows of one enrolment in one statement).
  for (const row of some(enrollments, 0.1))
    await prisma.recoverySend.updateMany({
      where: { shop, enrollmentId: row.id },
      data: random.chance(0.5)
        ? { status: "SENT", sentAt: random.instant() }
        : { status: "FAILED", sentAt: null },
    });
  for (const row of some(sends, 0.1))
    await prisma.recoverySend.update({
      where: { id: row.id },
      data: {
        firstClickedAt: random.pick([null, random.instant()]),
        subjectVariant: random.pick(["A", "B", null]),
      },
    });
  const moved = some(sends, 0.03);
  for (const [index, row] of moved.entries())
    await prisma.recoverySend.update({
      where: { id: row.id },
      data: { enrollmentId: random.pick(enrollments).id, step: 10 + index },
    });
  await prisma.recoverySend.deleteMany({
    where: { shop, enrollmentId: { in: some(enrollments, 0.05).map((row) => row.id) } },
  });
  // Written in raw SQL, the way the engine claims a step.
  for (const [index, row] of some(enrollments, 0.05).entries())
    await prisma.$executeRaw`
      INSERT INTO "RecoverySend" ("id", "shop", "enrollmentId", "checkoutId", "step", "status", "idempotencyKey", "sentAt", "subjectVariant", "updatedAt")
      VALUES (${`raw-${shop}-${index}`}, ${shop}, ${row.id}, ${row.checkoutId}, ${20 + index}, 'SENT', ${`raw-${index}`}, ${random.instant()}, 'A', ${new Date()})`;

  // Checkouts deleted: their enrolments go by cascade, their sends stay (no relation).
  await prisma.checkout.deleteMany({
    where: { shop, id: { in: some(enrollments, 0.05).map((row) => row.checkoutId) } },
  });
  // A change rolled back takes its rollup change with it.
  await expect(
    prisma.$transaction(async (tx) => {
      await tx.enrollment.updateMany({ where: { shop }, data: { anchorAt: new Date(START) } });
      await tx.recoverySend.deleteMany({ where: { shop } });
      throw new Error("rolled back");
    }),
  ).rejects.toThrow("rolled back");
  // Codes used and given back.
  const codes = await prisma.discountCode.findMany({ where: { shop }, select: { id: true } });
  for (const code of some(codes, 0.3))
    await prisma.discountCode.update({
      where: { id: code.id },
      data: random.chance(0.5)
        ? { usedOrderId: null, usedAt: null, discountMinor: null }
        : { usedOrderId: `o-late-${code.id}`, usedAt: random.instant(), discountMinor: random.int(5_000) },
    });
}

/** Periods of every shape: the dashboard's (whole local days in several zones), quarter-hours, long and short. */
function periodsOf(random: Random): { period: Period; timezone: string }[] {
  const periods: { period: Period; timezone: string }[] = [
    { period: { from: new Date(START - DAY), to: new Date(START + (SPAN_DAYS + 8) * DAY) }, timezone: "UTC" },
  ];
  for (const timezone of ZONES) {
    for (let index = 0; index < 3; index++) {
      const first = addLocalDays("2026-03-01", random.int(SPAN_DAYS) - 2);
      const last = addLocalDays(first, random.int(20));
      const { period } = resolveDashboardPeriod(
        { kind: "CUSTOM", from: first, to: last },
        timezone,
        new Date(),
      );
      periods.push({ period, timezone });
    }
    const from = new Date(Math.floor(random.instant().getTime() / (15 * MINUTE)) * 15 * MINUTE);
    periods.push({
      period: { from, to: new Date(from.getTime() + (1 + random.int(200)) * 15 * MINUTE) },
      timezone,
    });
  }
  return periods;
}

async function expectRollupsToMatch(shop: string, periods: { period: Period; timezone: string }[]) {
  for (const { period, timezone } of periods) {
    expect(slotRangesOf(period), "a period the rollups answer for").not.toBeNull();
    const label = `${shop} ${period.from.toISOString()} – ${period.to.toISOString()} (${timezone})`;
    expect(await ROLLUP_REPORTS.getRecoveryFigures(shop, period), label).toEqual(
      await LIVE_REPORTS.getRecoveryFigures(shop, period),
    );
    expect(await ROLLUP_REPORTS.getStepFunnel(shop, period), label).toEqual(
      await LIVE_REPORTS.getStepFunnel(shop, period),
    );
    expect(await ROLLUP_REPORTS.getDailySeries(shop, period, timezone), label).toEqual(
      await LIVE_REPORTS.getDailySeries(shop, period, timezone),
    );
    expect(await ROLLUP_REPORTS.getSegmentFigures(shop, period), label).toEqual(
      await LIVE_REPORTS.getSegmentFigures(shop, period),
    );
  }
}

const columnList = (columns: readonly string[]) =>
  Prisma.raw(columns.map((column) => `"${column}"`).join(", "));

/**
 * Spreads each key's counts over two rows, the way writes from several connections leave them on PostgreSQL:
 * one row holds the total plus one and the other minus one (a connection that takes back a count another one
 * added holds a negative count). The buckets are ones no trigger writes, the triggers' rows are deleted.
 */
async function spreadOverBuckets(shop: string) {
  for (const table of ROLLUP_TABLES) {
    const key = columnList(keyOf(table));
    const counters = ROLLUP_COUNTERS[table];
    const plusOne = Prisma.raw(counters.map((column) => `SUM("${column}") + 1`).join(", "));
    const minusOne = Prisma.raw(counters.map(() => "-1").join(", "));
    const into = Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${key}, "bucket", ${columnList(counters)})`;
    const from = Prisma.sql`FROM ${Prisma.raw(`"${table}"`)} WHERE "shop" = ${shop} AND "bucket" < 100 GROUP BY ${key}`;
    await prisma.$executeRaw`${into} SELECT ${key}, 100, ${plusOne} ${from}`;
    await prisma.$executeRaw`${into} SELECT ${key}, 101, ${minusOne} ${from}`;
    await prisma.$executeRaw`DELETE FROM ${Prisma.raw(`"${table}"`)} WHERE "shop" = ${shop} AND "bucket" < 100`;
  }
}

const TRIGGERS = ["Enrollment", "RecoverySend", "EmailCredit"];

async function installedTriggers(): Promise<string[]> {
  const query =
    databaseProvider(env.DATABASE_URL) === "postgresql"
      ? `SELECT tgname::text AS "name" FROM pg_trigger WHERE NOT tgisinternal`
      : `SELECT "name" FROM sqlite_master WHERE "type" = 'trigger'`;
  return (await prisma.$queryRawUnsafe<{ name: string }[]>(query)).map((row) => row.name).sort();
}

describe("report rollups", () => {
  it("are kept by triggers on every table they count", async () => {
    const names = await installedTriggers();
    for (const table of TRIGGERS)
      expect(
        names.filter((name) => name.startsWith(`${table}_report_rollups_`)),
        `${table}'s triggers (a migration that rebuilds the table must create them again)`,
      ).not.toEqual([]);
  });

  it.each([1, 2, 3])(
    "give the same figures as the raw rows, random data %i",
    { timeout: 120_000 },
    async (seed) => {
      const random = createRandom(seed);
      await installTestShop(SHOP_A, { timezone: "Asia/Kolkata" });
      await installTestShop(SHOP_B);
      await seedShop(SHOP_A, random, 300);
      await seedShop(SHOP_B, random, 120);
      const periods = periodsOf(random);

      const whole = periods[0]?.period as Period;
      const figures = await ROLLUP_REPORTS.getRecoveryFigures(SHOP_A, whole);
      // Not a comparison of empty reports: every kind of figure has rows behind it.
      expect(figures.checkouts.abandoned).toBe(300);
      expect(figures.checkouts.skipped).toBeGreaterThan(0);
      expect(figures.recovered.byEmail).toBeGreaterThan(0);
      expect(figures.lift.status).toBe("MEASURED");
      const segments = await ROLLUP_REPORTS.getSegmentFigures(SHOP_A, whole);
      expect(segments.filter((row) => row.checkouts > 0).length).toBeGreaterThanOrEqual(3);
      expect(segments.some((row) => row.groups.offerArms.length === 3 && row.profitMinor !== 0)).toBe(true);
      expect((await ROLLUP_REPORTS.getStepFunnel(SHOP_A, whole)).some((step) => step.recovered > 0)).toBe(
        true,
      );
      await expectRollupsToMatch(SHOP_A, periods);
      await expectRollupsToMatch(SHOP_B, periods.slice(0, 4));

      await changeRows(SHOP_A, random);
      await seedShop(SHOP_A, random, 40);
      await expectRollupsToMatch(SHOP_A, periods);
      await expectRollupsToMatch(SHOP_B, periods.slice(0, 4));
    },
  );

  it("give the same figures as the raw rows with a key's counts spread over several buckets", async () => {
    const random = createRandom(5);
    await installTestShop(SHOP_A, { timezone: "America/New_York" });
    await seedShop(SHOP_A, random, 150);
    await spreadOverBuckets(SHOP_A);
    const periods = periodsOf(random);
    const buckets = await prisma.emailRollup.findMany({
      where: { shop: SHOP_A },
      distinct: ["bucket"],
      select: { bucket: true },
      orderBy: { bucket: "asc" },
    });
    expect(buckets.map((row) => row.bucket)).toEqual([100, 101]);
    await expectRollupsToMatch(SHOP_A, periods);

    // The triggers' own buckets come on top: counts added, and taken back from rows they did not write.
    await changeRows(SHOP_A, random);
    await expectRollupsToMatch(SHOP_A, periods);
  });

  it("answer the dashboard as the raw rows do", async () => {
    const random = createRandom(9);
    await installTestShop(SHOP_A, { timezone: "Asia/Kathmandu" });
    await seedShop(SHOP_A, random, 150);
    const now = new Date(START + 20 * DAY);
    for (const preset of ["7", "30", "90"] as const) {
      const range = { kind: "PRESET", preset } as const;
      expect(await getDashboard(SHOP_A, { range, now })).toEqual(
        await getDashboard(SHOP_A, { range, now, reports: LIVE_REPORTS }),
      );
    }
  });

  it("are emptied with the rows they count", async () => {
    await installTestShop(SHOP_A);
    await seedShop(SHOP_A, createRandom(4), 50);
    await prisma.recoverySend.deleteMany({ where: { shop: SHOP_A } });
    await prisma.checkout.deleteMany({ where: { shop: SHOP_A } });

    // Every counter of every key, summed over its buckets (on PostgreSQL one bucket may hold +1, another -1).
    const totals = await Promise.all(
      ROLLUP_TABLES.map(async (table) => {
        const counters = ROLLUP_COUNTERS[table];
        const [row] = await prisma.$queryRaw<{ total: unknown }[]>`
          SELECT SUM(${Prisma.raw(counters.map((column) => `ABS("${column}")`).join(" + "))}) AS "total"
          FROM (
            SELECT ${Prisma.raw(counters.map((column) => `SUM("${column}") AS "${column}"`).join(", "))}
            FROM ${Prisma.raw(`"${table}"`)} GROUP BY ${columnList(keyOf(table))}
          ) AS "keys"`;
        return Number(row?.total ?? 0);
      }),
    );
    expect(totals).toEqual(ROLLUP_TABLES.map(() => 0));
    expect(await prisma.emailCredit.count()).toBe(0);
  });
});
