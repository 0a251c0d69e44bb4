import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { seedEnrollments, type EnrollmentSeed } from "../../../test/helpers/recovery-seed";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { getRepeatCohorts } from "./get-repeat-cohorts.server";
import type { CohortGroup, RepeatCohorts } from "./repeat-cohorts";

const NEW_YORK = "America/New_York";
/** Mid-July: March's windows are all complete, April's 90 days are not (its last buyer's end on July 30). */
const NOW = new Date("2026-07-15T12:00:00Z");
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const at = (iso: string) => new Date(iso);
const later = (from: Date, days: number, minutes = 0) =>
  new Date(from.getTime() + days * DAY_MS + minutes * MINUTE_MS);

interface OrderSeed {
  orderId: string;
  at: Date;
  totalMinor?: number;
  emailHash?: string | null;
  customerId?: string | null;
  isTest?: boolean;
  redactedAt?: Date | null;
  matchedCheckoutId?: string | null;
  attributedEnrollmentId?: string | null;
}

async function storeOrders(shop: string, orders: OrderSeed[]) {
  await prisma.order.createMany({
    data: orders.map((order) => ({
      shop,
      orderId: order.orderId,
      emailHash: order.emailHash ?? null,
      customerId: order.customerId ?? null,
      discountCodes: "[]",
      lines: "[]",
      currency: "USD",
      totalMinor: order.totalMinor ?? 1_000,
      subtotalMinor: order.totalMinor ?? 1_000,
      presentmentCurrency: "USD",
      presentmentTotalMinor: order.totalMinor ?? 1_000,
      isTest: order.isTest ?? false,
      redactedAt: order.redactedAt ?? null,
      matchedCheckoutId: order.matchedCheckoutId ?? null,
      attributedEnrollmentId: order.attributedEnrollmentId ?? null,
      shopifyCreatedAt: order.at,
    })),
  });
}

/** A recovered enrolment and its order, as attribution leaves them. */
async function seedRecovery(
  shop: string,
  buyer: { emailHash: string | null; customerId?: string },
  {
    orderId,
    recoveredAt,
    byEmail,
    arm = "TREATMENT",
  }: { orderId: string; recoveredAt: Date; byEmail: boolean; arm?: EnrollmentSeed["arm"] },
) {
  const [seeded] = await seedEnrollments(shop, [
    {
      arm,
      status: arm === "HOLDOUT" ? "HOLDOUT" : "STOPPED",
      emailHash: buyer.emailHash,
      anchorAt: later(recoveredAt, -1),
      recovered: { at: recoveredAt, byEmail, minor: 4_000, orderId },
    },
  ]);
  await storeOrders(shop, [
    {
      orderId,
      at: recoveredAt,
      totalMinor: 4_000,
      emailHash: buyer.emailHash,
      customerId: buyer.customerId ?? null,
      attributedEnrollmentId: seeded?.id ?? null,
    },
  ]);
}

async function keepDataFor(shop: string, retentionDays: number) {
  await saveShopSettings(shop, { ...(await getShopSettings(shop)), retentionDays });
}

/**
 * One shop's year, the March cohort (New York time) holding every case:
 *   by email: e1 orders again after 10 days (50.00), 45 days (30.00) and 100 days (99.00, past every window);
 *             e2 only with a test order and a redacted one; e3's recovery is at 22:00 on 31 March in New
 *             York (already April in UTC), then 40.00 after 89 days 23 hours; e1's second recovery later in
 *             March is a repeat, not a second buyer;
 *   holdout:  h1 again after 70 days (70.00); h2 (a customer id, no email) again after 5 days (5.00);
 *             a treatment enrolment recovered before any email is in neither group;
 *   never abandoned: n1 (again after 25 days, 25.00), n3 (its only earlier enrolment was skipped because it
 *             had ordered), n7 (ordered before the months read); not n2 (enrolled before), n4 (completed an
 *             enrolled checkout), nor orders without a buyer, nor test orders.
 * April: one buyer by email, again after 50 days: its 60 days are complete, its 90 are not.
 */
async function seedYear(shop: string) {
  await seedRecovery(
    shop,
    { emailHash: "e1" },
    { orderId: "r-e1", recoveredAt: at("2026-03-10T15:00:00Z"), byEmail: true },
  );
  await seedRecovery(
    shop,
    { emailHash: "e1" },
    { orderId: "r-e1b", recoveredAt: at("2026-03-25T15:00:00Z"), byEmail: true },
  );
  await seedRecovery(
    shop,
    { emailHash: "e2" },
    { orderId: "r-e2", recoveredAt: at("2026-03-20T15:00:00Z"), byEmail: true },
  );
  await seedRecovery(
    shop,
    { emailHash: "e3" },
    { orderId: "r-e3", recoveredAt: at("2026-04-01T02:00:00Z"), byEmail: true },
  );
  await seedRecovery(
    shop,
    { emailHash: "h1" },
    { orderId: "r-h1", recoveredAt: at("2026-03-05T15:00:00Z"), byEmail: false, arm: "HOLDOUT" },
  );
  await seedRecovery(
    shop,
    { emailHash: null, customerId: "cust-h2" },
    { orderId: "r-h2", recoveredAt: at("2026-03-06T15:00:00Z"), byEmail: false, arm: "HOLDOUT" },
  );
  await seedRecovery(
    shop,
    { emailHash: "own" },
    { orderId: "r-own", recoveredAt: at("2026-03-07T15:00:00Z"), byEmail: false },
  );
  await seedRecovery(
    shop,
    { emailHash: "a1" },
    { orderId: "r-a1", recoveredAt: at("2026-04-10T15:00:00Z"), byEmail: true },
  );

  const [enrolledBefore, skippedOrdered, enrolledCheckout] = await seedEnrollments(shop, [
    { emailHash: "n2", status: "COMPLETED", anchorAt: at("2026-02-20T15:00:00Z") },
    { emailHash: "n3", status: "SKIPPED", reason: "ORDERED", anchorAt: at("2026-03-01T15:00:00Z") },
    { emailHash: null, status: "COMPLETED", anchorAt: at("2026-03-11T15:00:00Z") },
  ]);
  expect(enrolledBefore && skippedOrdered).toBeTruthy();

  await storeOrders(shop, [
    { orderId: "e1-10", at: later(at("2026-03-10T15:00:00Z"), 10), totalMinor: 5_000, emailHash: "e1" },
    { orderId: "e1-45", at: later(at("2026-03-10T15:00:00Z"), 45), totalMinor: 3_000, emailHash: "e1" },
    { orderId: "e1-100", at: later(at("2026-03-10T15:00:00Z"), 100), totalMinor: 9_900, emailHash: "e1" },
    { orderId: "e2-test", at: at("2026-03-22T15:00:00Z"), emailHash: "e2", isTest: true },
    {
      orderId: "e2-redacted",
      at: at("2026-03-23T15:00:00Z"),
      emailHash: "e2",
      redactedAt: at("2026-05-01T00:00:00Z"),
    },
    {
      orderId: "e3-late",
      at: later(at("2026-04-01T02:00:00Z"), 89, 23 * 60),
      totalMinor: 4_000,
      emailHash: "e3",
    },
    { orderId: "h1-70", at: later(at("2026-03-05T15:00:00Z"), 70), totalMinor: 7_000, emailHash: "h1" },
    { orderId: "h2-5", at: later(at("2026-03-06T15:00:00Z"), 5), totalMinor: 500, customerId: "cust-h2" },
    { orderId: "a1-50", at: later(at("2026-04-10T15:00:00Z"), 50), totalMinor: 2_000, emailHash: "a1" },
    { orderId: "n1", at: at("2026-03-03T15:00:00Z"), totalMinor: 6_000, emailHash: "n1" },
    { orderId: "n1-25", at: later(at("2026-03-03T15:00:00Z"), 25), totalMinor: 2_500, emailHash: "n1" },
    { orderId: "n2", at: at("2026-03-08T15:00:00Z"), emailHash: "n2" },
    { orderId: "n3", at: at("2026-03-09T15:00:00Z"), emailHash: "n3" },
    {
      orderId: "n4",
      at: at("2026-03-12T15:00:00Z"),
      emailHash: "n4",
      matchedCheckoutId: enrolledCheckout?.checkoutId,
    },
    { orderId: "nobody", at: at("2026-03-13T15:00:00Z") },
    { orderId: "n6-test", at: at("2026-03-14T15:00:00Z"), emailHash: "n6", isTest: true },
    { orderId: "n7-old", at: at("2025-01-15T15:00:00Z"), emailHash: "n7" },
    { orderId: "n7", at: at("2026-03-15T15:00:00Z"), emailHash: "n7" },
  ]);
}

const cell = (cohorts: RepeatCohorts, month: string, group: CohortGroup) => {
  const found = cohorts.months.find((row) => row.month === month)?.cells[group];
  if (!found) throw new Error(`no ${month} in the cohorts`);
  return found;
};

/** Buyers, then per window [repeat buyers, repeat revenue] or null for "not yet". */
const summary = (cohorts: RepeatCohorts, month: string, group: CohortGroup) => {
  const { buyers, windows } = cell(cohorts, month, group);
  return [
    buyers,
    ...windows.map((window) =>
      window.figures ? [window.figures.repeatBuyers, window.figures.repeatRevenueMinor] : null,
    ),
  ];
};

describe("getRepeatCohorts", () => {
  it("follows each group's buyers from their first order of the month, in the shop's time zone", async () => {
    await installTestShop(SHOP_A, { timezone: NEW_YORK });
    await keepDataFor(SHOP_A, 730);
    await seedYear(SHOP_A);

    const cohorts = await getRepeatCohorts(SHOP_A, { now: NOW });
    expect(cohorts).toMatchObject({ currency: "USD", timezone: NEW_YORK, retentionDays: 730 });
    expect(cohorts?.months.map((row) => row.month)).toEqual([
      "2025-08",
      "2025-09",
      "2025-10",
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
    ]);
    if (!cohorts) throw new Error("no cohorts");

    // e1 (50.00 at 10 days, 80.00 by 45; the second recovery in March is itself an order of e1's: 40.00 at
    // 15 days), e2 (nothing that counts), e3 (March in New York: 40.00 just inside 90 days).
    expect(summary(cohorts, "2026-03", "RECOVERED_BY_EMAIL")).toEqual([
      3,
      [1, 9_000],
      [1, 12_000],
      [2, 16_000],
    ]);
    expect(summary(cohorts, "2026-03", "HOLDOUT_RECOVERED")).toEqual([2, [1, 500], [1, 500], [2, 7_500]]);
    expect(summary(cohorts, "2026-03", "NEVER_ABANDONED")).toEqual([3, [1, 2_500], [1, 2_500], [1, 2_500]]);
    // April: a1's 60 days are complete (repeat at 50), its 90 are not; nothing else lands in April.
    expect(summary(cohorts, "2026-04", "RECOVERED_BY_EMAIL")).toEqual([1, [0, 0], [1, 2_000], null]);
    expect(summary(cohorts, "2026-07", "NEVER_ABANDONED")).toEqual([0, null, null, null]);
    expect(summary(cohorts, "2026-02", "NEVER_ABANDONED")).toEqual([0, [0, 0], [0, 0], [0, 0]]);
  });

  it("gives rates with Wilson intervals, revenue per buyer, and pools the months whose window is complete", async () => {
    await installTestShop(SHOP_A, { timezone: NEW_YORK });
    await keepDataFor(SHOP_A, 730);
    await seedYear(SHOP_A);
    const cohorts = await getRepeatCohorts(SHOP_A, { now: NOW });
    if (!cohorts) throw new Error("no cohorts");

    const march90 = cell(cohorts, "2026-03", "RECOVERED_BY_EMAIL").windows[2]?.figures;
    expect(march90?.rate?.estimate).toBeCloseTo(2 / 3, 12);
    expect(march90?.rate?.low).toBeCloseTo(0.2077, 4);
    expect(march90?.rate?.high).toBeCloseTo(0.9385, 4);
    expect(march90?.revenuePerBuyerMinor).toBe(5_333);
    expect(cell(cohorts, "2026-03", "RECOVERED_BY_EMAIL").windows[2]?.readyAt).toBe(
      "2026-06-30T04:00:00.000Z",
    );
    // A complete month without buyers has figures, but no rate.
    expect(cell(cohorts, "2026-02", "HOLDOUT_RECOVERED").windows[0]?.figures).toMatchObject({
      buyers: 0,
      rate: null,
      revenuePerBuyerMinor: null,
    });

    // 60 days: March and April complete (by email: 3 + 1 buyers, 1 + 1 repeat); 90 days: March alone.
    const [, sixty, ninety] = cohorts.totals.RECOVERED_BY_EMAIL;
    expect(sixty).toMatchObject({
      days: 60,
      months: 9,
      figures: { buyers: 4, repeatBuyers: 2, repeatRevenueMinor: 14_000 },
    });
    expect(ninety).toMatchObject({ days: 90, months: 8, figures: { buyers: 3, repeatBuyers: 2 } });
    expect(cohorts.hasBuyers).toBe(true);
    expect(cohorts.hasErasedMonths).toBe(false);
  });

  it("reads only the months the shop's retention still links to their buyers", async () => {
    await installTestShop(SHOP_A, { timezone: NEW_YORK });
    await seedYear(SHOP_A);
    // The default 90 days: from 16 April on, so May, June and July; March's buyers are not read.
    const cohorts = await getRepeatCohorts(SHOP_A, { now: NOW });
    expect(cohorts?.retentionDays).toBe(90);
    expect(cohorts?.months.map((row) => row.month)).toEqual(["2026-05", "2026-06", "2026-07"]);
    expect(cohorts?.hasErasedMonths).toBe(true);
    expect(cohorts?.hasBuyers).toBe(false);

    await keepDataFor(SHOP_A, 730);
    const fewer = await getRepeatCohorts(SHOP_A, { now: NOW, months: 5 });
    expect(fewer?.months.map((row) => row.month)).toEqual([
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
    ]);
    expect(fewer?.hasErasedMonths).toBe(false);
    // n7 ordered in January 2025, outside these months: March is still its first order of the months read.
    expect(cell(fewer as RepeatCohorts, "2026-03", "NEVER_ABANDONED").buyers).toBe(3);
  });

  it("counts only the shop's own rows, even where another shop's hashes and customer ids are the same", async () => {
    await installTestShop(SHOP_A, { timezone: NEW_YORK });
    await installTestShop(SHOP_B, { timezone: "Pacific/Chatham" });
    await keepDataFor(SHOP_A, 730);
    await keepDataFor(SHOP_B, 730);
    await seedYear(SHOP_A);
    const alone = await getRepeatCohorts(SHOP_A, { now: NOW });

    // Shop B: the same hashes, customer ids and order ids, every buyer ordering again and again.
    await seedYear(SHOP_B);
    await storeOrders(
      SHOP_B,
      ["e1", "e2", "e3", "h1", "n1", "n3", "n7", "a1"].flatMap((emailHash) =>
        [1, 20, 40, 80].map((days) => ({
          orderId: `b-${emailHash}-${days}`,
          at: later(at("2026-03-31T12:00:00Z"), days),
          totalMinor: 100_000,
          emailHash,
        })),
      ),
    );
    await storeOrders(SHOP_B, [{ orderId: "b-h2", at: at("2026-03-08T12:00:00Z"), customerId: "cust-h2" }]);
    // And an abandonment of shop A's never-abandoned n1, in shop B.
    await seedEnrollments(SHOP_B, [
      { emailHash: "n1", status: "COMPLETED", anchorAt: at("2026-02-01T12:00:00Z") },
    ]);

    expect(await getRepeatCohorts(SHOP_A, { now: NOW })).toEqual(alone);
    const other = await getRepeatCohorts(SHOP_B, { now: NOW });
    expect(other?.timezone).toBe("Pacific/Chatham");
    expect(other?.totals.RECOVERED_BY_EMAIL[0]?.figures?.repeatRevenueMinor).toBeGreaterThan(100_000);
  });

  it("has nothing to say for a shop the app does not know, and refuses a silly number of months", async () => {
    expect(await getRepeatCohorts("nobody.myshopify.com", { now: NOW })).toBeNull();
    await installTestShop(SHOP_A);
    await expect(getRepeatCohorts(SHOP_A, { now: NOW, months: 0 })).rejects.toThrow(/between 1 and 24/);
  });
});
