import { describe, expect, it } from "vitest";
import { AppError } from "~/lib/app-error";
import {
  seedDiscountCode,
  seedEnrollment,
  seedEnrollments,
  type EnrollmentSeed,
} from "../../../test/helpers/recovery-seed";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { getDailySeries } from "./get-daily-series.server";
import { getRecoveryFigures } from "./get-recovery-figures.server";
import { getStepFunnel } from "./get-step-funnel.server";
import { computeLift } from "./lift";

const MARCH = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") };
const d = (iso: string) => new Date(`2026-${iso}Z`);

/**
 * March in shop A, with rows on both sides of every boundary. Times are UTC ("03-02T11:00" is 2 March).
 *
 *            anchorAt   status/arm           emails (step: sent, clicked)            recovered
 *   e1       03-02      COMPLETED            1: 03-02 clicked, 2: 03-03, 3: 03-05      03-06 ours, code, 20000
 *   e2       03-10      STOPPED              1: 03-10 10:00 clicked, 2: 03-10 19:00    03-10 18:00 ours, token, 5000
 *   e3       03-12      STOPPED              —                                         03-12 own, token, 3000
 *   e4       03-31      ACTIVE               1: 03-31 23:30, 2: claimed (not sent)      —
 *   e5       03-20      COMPLETED            1: 03-20, 2: 03-21 clicked, 3: 03-23       —
 *   e6       03-20      COMPLETED            1: 03-20                                  03-29 own, email window, 4000
 *   h1       03-14      HOLDOUT              —                                         03-15 own, email window, 7000
 *   h2       03-14      HOLDOUT              —                                         —
 *   s1, s2   03-04      SKIPPED NOT_SUBSCRIBED
 *   s3       03-04      SKIPPED NO_EMAIL                                               04-02 own, cart (April)
 *   b3       03-01 00:00 exactly, SKIPPED TOO_OLD                                      (first instant: inside)
 *   b1       04-01 00:00 exactly, ACTIVE      1: 04-01 00:30                          (last instant: outside)
 *   b2       02-28 23:00 ACTIVE               1: 03-01 00:00 exactly                     03-01 02:00 ours, token, 9000
 *
 * Discount codes: e1's used 03-06 (2000), another used 04-01 00:00 (outside), one never used.
 */
let seeded = 0;

async function seedMarch(shop = SHOP_A) {
  seeded += 1;
  const seeds: Record<string, EnrollmentSeed> = {
    e1: {
      status: "COMPLETED",
      anchorAt: d("03-02T10:00:00"),
      sends: [
        { step: 1, sentAt: d("03-02T11:00:00"), clickedAt: d("03-02T12:00:00") },
        { step: 2, sentAt: d("03-03T10:00:00") },
        { step: 3, sentAt: d("03-05T10:00:00") },
      ],
      recovered: { at: d("03-06T09:00:00"), byEmail: true, method: "DISCOUNT_CODE", minor: 20_000 },
    },
    e2: {
      status: "STOPPED",
      reason: "ORDERED",
      anchorAt: d("03-10T09:00:00"),
      sends: [
        { step: 1, sentAt: d("03-10T10:00:00"), clickedAt: d("03-10T10:05:00") },
        // Left after the order was placed (the order's webhook was late): it earns nothing.
        { step: 2, sentAt: d("03-10T19:00:00") },
      ],
      recovered: { at: d("03-10T18:00:00"), byEmail: true, method: "CHECKOUT_TOKEN", minor: 5_000 },
    },
    e3: {
      status: "STOPPED",
      reason: "ORDERED",
      anchorAt: d("03-12T09:00:00"),
      recovered: { at: d("03-12T09:30:00"), byEmail: false, method: "CHECKOUT_TOKEN", minor: 3_000 },
    },
    e4: {
      status: "ACTIVE",
      anchorAt: d("03-31T22:00:00"),
      sends: [
        { step: 1, sentAt: d("03-31T23:30:00") },
        { step: 2, status: "CLAIMED", sentAt: null },
      ],
    },
    e5: {
      status: "COMPLETED",
      anchorAt: d("03-20T09:00:00"),
      sends: [
        { step: 1, sentAt: d("03-20T10:00:00") },
        { step: 2, sentAt: d("03-21T09:00:00"), clickedAt: d("03-22T09:00:00") },
        { step: 3, sentAt: d("03-23T09:00:00") },
      ],
    },
    e6: {
      status: "COMPLETED",
      anchorAt: d("03-20T09:00:00"),
      sends: [{ step: 1, sentAt: d("03-20T10:00:00") }],
      recovered: { at: d("03-29T09:00:00"), byEmail: false, method: "EMAIL_WINDOW", minor: 4_000 },
    },
    h1: {
      arm: "HOLDOUT",
      anchorAt: d("03-14T09:00:00"),
      recovered: { at: d("03-15T09:00:00"), byEmail: false, method: "EMAIL_WINDOW", minor: 7_000 },
    },
    h2: { arm: "HOLDOUT", anchorAt: d("03-14T09:00:00") },
    s1: { status: "SKIPPED", reason: "NOT_SUBSCRIBED", anchorAt: d("03-04T09:00:00") },
    s2: { status: "SKIPPED", reason: "NOT_SUBSCRIBED", anchorAt: d("03-04T09:00:00") },
    s3: {
      status: "SKIPPED",
      reason: "NO_EMAIL",
      anchorAt: d("03-04T09:00:00"),
      recovered: { at: d("04-02T09:00:00"), byEmail: false, method: "CART_TOKEN", minor: 1_000 },
    },
    b3: { status: "SKIPPED", reason: "TOO_OLD", anchorAt: d("03-01T00:00:00") },
    b1: {
      status: "ACTIVE",
      anchorAt: d("04-01T00:00:00"),
      sends: [{ step: 1, sentAt: d("04-01T00:30:00") }],
    },
    b2: {
      status: "STOPPED",
      reason: "ORDERED",
      anchorAt: d("02-28T23:00:00"),
      sends: [{ step: 1, sentAt: d("03-01T00:00:00") }],
      recovered: { at: d("03-01T02:00:00"), byEmail: true, method: "CHECKOUT_TOKEN", minor: 9_000 },
    },
  };
  const names = Object.keys(seeds);
  const rows = await seedEnrollments(shop, Object.values(seeds));
  const ids = Object.fromEntries(names.map((name, index) => [name, rows[index]?.id ?? ""]));
  await seedDiscountCode(shop, ids.e1 ?? "", {
    code: `CBK-E1-${seeded}`,
    used: { orderId: "9001", at: d("03-06T09:00:00"), discountMinor: 2_000 },
  });
  await seedDiscountCode(shop, ids.b1 ?? "", {
    code: `CBK-B1-${seeded}`,
    used: { orderId: "9002", at: d("04-01T00:00:00"), discountMinor: 1_500 },
  });
  await seedDiscountCode(shop, ids.e5 ?? "", { code: `CBK-E5-${seeded}` });
  return ids;
}

describe("getRecoveryFigures", () => {
  it("counts each figure by its own date, within the period and the shop", async () => {
    await installTestShop(SHOP_A, { currency: "EUR" });
    await installTestShop(SHOP_B);
    await seedMarch(SHOP_A);
    await seedMarch(SHOP_B);
    await seedMarch(SHOP_B);

    const figures = await getRecoveryFigures(SHOP_A, MARCH);

    expect(figures.currency).toBe("EUR");
    expect(figures.checkouts).toEqual({
      abandoned: 12,
      enrolled: 6,
      heldOut: 2,
      skipped: 4,
      skippedByReason: { NOT_SUBSCRIBED: 2, NO_EMAIL: 1, TOO_OLD: 1 },
    });
    expect(figures.emails).toEqual({
      sent: 11,
      clicked: 3,
      clickRate: 3 / 11,
      byStep: [
        { step: 1, sent: 6, clicked: 2, clickRate: 2 / 6 },
        { step: 2, sent: 3, clicked: 1, clickRate: 1 / 3 },
        { step: 3, sent: 2, clicked: 0, clickRate: 0 },
      ],
    });
    expect(figures.recovered).toEqual({
      orders: 6,
      byEmail: 3,
      onTheirOwn: 3,
      revenueMinor: 34_000,
      onTheirOwnRevenueMinor: 14_000,
      byMethod: [
        { method: "DISCOUNT_CODE", byEmail: 1, onTheirOwn: 0 },
        { method: "CHECKOUT_TOKEN", byEmail: 2, onTheirOwn: 1 },
        { method: "CART_TOKEN", byEmail: 0, onTheirOwn: 0 },
        { method: "EMAIL_WINDOW", byEmail: 0, onTheirOwn: 2 },
      ],
    });
    // Cohort: e1, e2, e4, e5, e6 were emailed; e1 and e2 came back by email.
    expect(figures.recoveryRate).toEqual({ emailed: 5, recoveredByEmail: 2, rate: 0.4 });
    expect(figures.discounts).toEqual({ used: 1, costMinor: 2_000 });
    expect(figures.lift).toMatchObject({
      status: "GROUPS_TOO_SMALL",
      treatment: { enrollments: 6, recovered: 4, revenueMinor: 32_000 },
      holdout: { enrollments: 2, recovered: 1, revenueMinor: 7_000 },
      incrementalRevenueMinor: null,
    });
  });

  it("moves rows across the boundary with the period", async () => {
    await installTestShop(SHOP_A);
    await seedMarch();

    const april = await getRecoveryFigures(SHOP_A, {
      from: new Date("2026-04-01T00:00:00Z"),
      to: new Date("2026-05-01T00:00:00Z"),
    });

    expect(april.checkouts).toMatchObject({ abandoned: 1, enrolled: 1 });
    expect(april.emails.sent).toBe(1);
    expect(april.recovered).toMatchObject({ orders: 1, onTheirOwn: 1, onTheirOwnRevenueMinor: 1_000 });
    expect(april.discounts).toEqual({ used: 1, costMinor: 1_500 });
  });

  it("measures the lift from aggregate sums that match the rows", async () => {
    await installTestShop(SHOP_A);
    // Real-looking order totals, large enough that their squares overflow a 32-bit integer.
    const treatmentOrders = [12_950, 40_495, 8_800, 129_900, 54_000, 23_450, 61_000, 9_999, 15_500, 250_000];
    const holdoutOrders = [40_495, 8_800, 31_000];
    const at = (day: number) => new Date(Date.UTC(2026, 2, 1 + (day % 28), 9));
    const seeds: EnrollmentSeed[] = [
      ...Array.from({ length: 60 }, (_, index): EnrollmentSeed => {
        const order = treatmentOrders[index];
        return {
          status: order ? "STOPPED" : "COMPLETED",
          anchorAt: at(index),
          sends: [{ step: 1, sentAt: new Date(at(index).getTime() + 3_600_000) }],
          ...(order
            ? {
                recovered: {
                  at: new Date(at(index).getTime() + 7_200_000),
                  byEmail: index % 2 === 0,
                  minor: order,
                },
              }
            : {}),
        };
      }),
      ...Array.from({ length: 45 }, (_, index): EnrollmentSeed => {
        const order = holdoutOrders[index];
        return {
          arm: "HOLDOUT",
          anchorAt: at(index),
          ...(order
            ? { recovered: { at: new Date(at(index).getTime() + 7_200_000), byEmail: false, minor: order } }
            : {}),
        };
      }),
      // Skipped checkouts are in neither group, recovered or not.
      ...Array.from({ length: 5 }, (): EnrollmentSeed => ({
        status: "SKIPPED",
        reason: "NOT_SUBSCRIBED",
        anchorAt: at(3),
        recovered: { at: at(4), byEmail: false, minor: 99_999 },
      })),
    ];
    await seedEnrollments(SHOP_A, seeds);

    const { lift } = await getRecoveryFigures(SHOP_A, MARCH);

    const totals = (orders: number[], enrollments: number) => ({
      enrollments,
      recovered: orders.length,
      revenueMinor: orders.reduce((total, value) => total + value, 0),
      revenueSumOfSquares: orders.reduce((total, value) => total + value * value, 0),
    });
    expect(lift).toEqual(computeLift(totals(treatmentOrders, 60), totals(holdoutOrders, 45)));
    expect(lift.status).toBe("MEASURED");
    expect(lift.treatment).toMatchObject({ enrollments: 60, recovered: 10, revenueMinor: 606_094 });
    expect(lift.holdout).toMatchObject({ enrollments: 45, recovered: 3, revenueMinor: 80_295 });
  });

  it("reports zeros and no rates for a quiet period", async () => {
    await installTestShop(SHOP_A);
    const figures = await getRecoveryFigures(SHOP_A, MARCH);
    expect(figures.checkouts.abandoned).toBe(0);
    expect(figures.emails).toEqual({ sent: 0, clicked: 0, clickRate: null, byStep: [] });
    expect(figures.recovered.orders).toBe(0);
    expect(figures.recoveryRate).toEqual({ emailed: 0, recoveredByEmail: 0, rate: null });
    expect(figures.discounts).toEqual({ used: 0, costMinor: 0 });
    expect(figures.lift.status).toBe("NO_HOLDOUT");
  });

  it("refuses an unknown shop and an empty period", async () => {
    await expect(getRecoveryFigures("nowhere.myshopify.com", MARCH)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await installTestShop(SHOP_A);
    await expect(getRecoveryFigures(SHOP_A, { from: MARCH.to, to: MARCH.from })).rejects.toBeInstanceOf(
      AppError,
    );
  });
});

describe("getStepFunnel", () => {
  it("credits each recovery by email to the last step sent before the order", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await seedMarch(SHOP_A);
    await seedMarch(SHOP_B);

    expect(await getStepFunnel(SHOP_A, MARCH)).toEqual([
      // e1, e2, e4, e5, e6, b2 sent; e1, e2 clicked; e2 and b2 came back by email right after step 1.
      {
        step: 1,
        sent: 6,
        clicked: 2,
        recovered: 2,
        revenueMinor: 14_000,
        clickRate: 2 / 6,
        recoveryRate: 2 / 6,
      },
      // e2's step 2 left after its order: sent, never credited.
      { step: 2, sent: 3, clicked: 1, recovered: 0, revenueMinor: 0, clickRate: 1 / 3, recoveryRate: 0 },
      { step: 3, sent: 2, clicked: 0, recovered: 1, revenueMinor: 20_000, clickRate: 0, recoveryRate: 0.5 },
    ]);
  });

  it("is empty when nothing was sent", async () => {
    await installTestShop(SHOP_A);
    await seedEnrollment(SHOP_A, { anchorAt: d("03-02T10:00:00"), arm: "HOLDOUT" });
    expect(await getStepFunnel(SHOP_A, MARCH)).toEqual([]);
  });
});

describe("the daily series against the figures", () => {
  it("adds up to the period's figures", async () => {
    await installTestShop(SHOP_A);
    await seedMarch();
    const figures = await getRecoveryFigures(SHOP_A, MARCH);
    const series = await getDailySeries(SHOP_A, MARCH, "UTC");
    const total = (key: "abandoned" | "recovered" | "recoveredOnTheirOwn" | "revenueMinor") =>
      series.days.reduce((sum, day) => sum + day[key], 0);

    expect(series.days).toHaveLength(31);
    expect(total("abandoned")).toBe(figures.checkouts.abandoned);
    expect(total("recovered")).toBe(figures.recovered.byEmail);
    expect(total("recoveredOnTheirOwn")).toBe(figures.recovered.onTheirOwn);
    expect(total("revenueMinor")).toBe(figures.recovered.revenueMinor);
  });
});
