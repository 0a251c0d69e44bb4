import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { strategyFromSettings } from "~/domain/segments";
import { getShopSettings } from "~/domain/shops";
import { seedEnrollments, type EnrollmentSeed } from "../../../test/helpers/recovery-seed";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import {
  emptySums,
  getSegmentFigures,
  groupRowsFromRollup,
  orderSegmentRows,
  tallySegments,
} from "./get-segment-figures.server";
import { computeLift, type ArmTotals } from "./lift";

const MARCH = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") };
const d = (iso: string) => new Date(`2026-${iso}Z`);

const RETURNING_RULE = JSON.stringify({
  match: "ALL",
  conditions: [{ kind: "CUSTOMER_TYPE", value: "RETURNING", negate: false }],
});

async function createSegment(shop: string, name: string, position: number, deletedAt: Date | null = null) {
  const strategy = JSON.stringify(strategyFromSettings(await getShopSettings(shop)));
  return prisma.segment.create({
    data: { shop, name, position, rule: RETURNING_RULE, strategy, deletedAt },
    select: { id: true },
  });
}

/** Seeds enrolments and gives them a segment (null: none recorded), as the engine leaves them. */
async function seedInSegment(shop: string, segmentId: string | null, seeds: EnrollmentSeed[]) {
  const seeded = await seedEnrollments(shop, seeds);
  await prisma.enrollment.updateMany({
    where: { id: { in: seeded.map((row) => row.id) } },
    data: { segmentId },
  });
  return seeded;
}

const times = <T>(count: number, make: (index: number) => T) =>
  Array.from({ length: count }, (_, index) => make(index));

const emailed = (anchorAt: Date, steps = 1): Pick<EnrollmentSeed, "anchorAt" | "sends" | "status"> => ({
  anchorAt,
  status: "COMPLETED",
  sends: times(steps, (index) => ({
    step: index + 1,
    sentAt: new Date(anchorAt.getTime() + (index + 1) * 3_600_000),
  })),
});

const arm = (enrollments: number, revenues: number[]): ArmTotals => ({
  enrollments,
  recovered: revenues.length,
  revenueMinor: revenues.reduce((sum, value) => sum + value, 0),
  revenueSumOfSquares: revenues.reduce((sum, value) => sum + value * value, 0),
});

describe("getSegmentFigures", () => {
  it("counts the period's cohort per segment, in the shop's order, with each segment's own lift", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    // Created out of order: the rows follow position, not creation.
    const bigCarts = await createSegment(SHOP_A, "Big carts", 1);
    const returning = await createSegment(SHOP_A, "Returning", 0);
    const oldPromo = await createSegment(SHOP_A, "Old promo", 2, d("03-05T00:00:00"));

    // Returning: 40 in the sequence (12 ordered, 5000 each) and 30 held out (3 ordered): measured.
    await seedInSegment(SHOP_A, returning.id, [
      ...times(40, (index) => ({
        ...emailed(d("03-10T10:00:00")),
        ...(index < 12 ? { recovered: { at: d("03-11T10:00:00"), byEmail: true, minor: 5_000 } } : {}),
      })),
      ...times(30, (index) => ({
        arm: "HOLDOUT" as const,
        anchorAt: d("03-12T10:00:00"),
        ...(index < 3 ? { recovered: { at: d("03-13T10:00:00"), byEmail: false, minor: 5_000 } } : {}),
      })),
      // Skipped after the segment matched, and a checkout of April: neither is in the figures.
      { status: "SKIPPED", reason: "FREQUENCY_CAP", anchorAt: d("03-12T10:00:00") },
      { ...emailed(d("04-01T00:00:00")), recovered: { at: d("04-02T00:00:00"), byEmail: true, minor: 9 } },
    ]);
    // Big carts: 5 in the sequence, two emails each, one ordered with a code; no holdout.
    await seedInSegment(SHOP_A, bigCarts.id, [
      {
        ...emailed(d("03-20T10:00:00"), 2),
        recovered: {
          at: d("03-21T10:00:00"),
          byEmail: true,
          minor: 10_000,
          merchandiseMinor: 11_500,
          discountMinor: 1_500,
          profitMinor: 4_250,
        },
      },
      ...times(4, () => emailed(d("03-20T11:00:00"), 2)),
    ]);
    // Everyone else: two recorded as such, one older enrolment with no segment (counted with them), and a
    // checkout skipped before any segment was chosen (left out).
    await seedInSegment(SHOP_A, "default", [emailed(d("03-03T10:00:00")), emailed(d("03-04T10:00:00"))]);
    await seedInSegment(SHOP_A, null, [
      {
        ...emailed(d("03-05T10:00:00")),
        recovered: { at: d("03-06T10:00:00"), byEmail: true, minor: 2_500 },
      },
      { status: "SKIPPED", reason: "NOT_SUBSCRIBED", anchorAt: d("03-05T10:00:00") },
    ]);
    await seedInSegment(SHOP_A, oldPromo.id, [emailed(d("03-02T10:00:00"))]);
    // Another shop's enrolments, even under the same segment id, are not shop A's.
    await seedInSegment(
      SHOP_B,
      returning.id,
      times(3, () => emailed(d("03-10T10:00:00"))),
    );

    const rows = await getSegmentFigures(SHOP_A, MARCH);

    expect(rows.map((row) => [row.name, row.isDeleted])).toEqual([
      ["Returning", false],
      ["Big carts", false],
      ["Everyone else", false],
      ["Old promo", true],
    ]);
    const [returningRow, bigRow, everyoneRow, oldRow] = rows;
    expect(returningRow).toMatchObject({
      segmentId: returning.id,
      checkouts: 70,
      heldOut: 30,
      emailsSent: 40,
      orderRate: 12 / 40,
      orderRevenueMinor: 60_000,
      discountCostMinor: 0,
    });
    expect(returningRow?.lift).toEqual(
      computeLift(
        arm(
          40,
          times(12, () => 5_000),
        ),
        arm(
          30,
          times(3, () => 5_000),
        ),
      ),
    );
    expect(returningRow?.lift.status).toBe("MEASURED");

    expect(bigRow).toMatchObject({
      checkouts: 5,
      heldOut: 0,
      emailsSent: 10,
      orderRate: 1 / 5,
      orderRevenueMinor: 10_000,
      discountCostMinor: 1_500,
      profitMinor: 4_250,
    });
    expect(bigRow?.groups.treatment).toMatchObject({
      enrollments: 5,
      discountMinor: 1_500,
      discountSquares: 1_500 ** 2,
      profitSquares: 4_250 ** 2,
    });
    expect(bigRow?.lift.status).toBe("NO_HOLDOUT");

    expect(everyoneRow).toMatchObject({
      segmentId: "default",
      checkouts: 3,
      emailsSent: 3,
      orderRate: 1 / 3,
      orderRevenueMinor: 2_500,
    });
    expect(oldRow).toMatchObject({ segmentId: oldPromo.id, checkouts: 1, emailsSent: 1 });
  });

  it("lists the live segments and Everyone else with nothing yet, and no deleted segment without checkouts", async () => {
    await installTestShop(SHOP_A);
    await createSegment(SHOP_A, "Returning", 0);
    await createSegment(SHOP_A, "Gone", 1, d("03-01T00:00:00"));

    const rows = await getSegmentFigures(SHOP_A, MARCH);

    expect(rows.map((row) => [row.name, row.checkouts, row.orderRate, row.lift.status])).toEqual([
      ["Returning", 0, null, "NO_HOLDOUT"],
      ["Everyone else", 0, null, "NO_HOLDOUT"],
    ]);
  });
});

describe("tallySegments and orderSegmentRows", () => {
  it("folds enrolments without a segment into Everyone else, and names a segment it does not know", () => {
    const sums = (enrollments: number, recovered: number, revenue: number) => ({
      ...emptySums(),
      enrollments,
      recovered,
      revenueMinor: revenue,
      revenueSquares: revenue * revenue,
    });
    const totals = tallySegments(
      groupRowsFromRollup([
        {
          segmentId: null,
          arm: "TREATMENT",
          offerArm: null,
          enrollments: 2n,
          recovered: 1n,
          revenue: 100n,
          revenueSquares: 1e4,
          discount: 7n,
          discountSquares: 49,
          profit: 40,
          profitSquares: 1600,
          emails: 3n,
        },
        {
          segmentId: "default",
          arm: "TREATMENT",
          offerArm: "NO_DISCOUNT",
          enrollments: 3,
          recovered: 1,
          revenue: 50,
          revenueSquares: 2500,
          discount: 0,
          discountSquares: 0,
          profit: 20,
          profitSquares: 400,
          emails: 3,
        },
        {
          segmentId: "default",
          arm: "HOLDOUT",
          offerArm: "",
          enrollments: "4",
          recovered: 0,
          revenue: null,
          revenueSquares: null,
          discount: null,
          discountSquares: null,
          profit: null,
          profitSquares: null,
          emails: 0,
        },
      ]),
    );
    expect(totals.get("default")).toEqual({
      treatment: {
        ...sums(5, 2, 150),
        revenueSquares: 12_500,
        discountMinor: 7,
        discountSquares: 49,
        profitMinor: 60,
        profitSquares: 2_000,
      },
      holdout: sums(4, 0, 0),
      // Only the enrolments the offer test split: those before it (no arm) are in the treatment alone.
      offerArms: new Map([["NO_DISCOUNT", { ...sums(3, 1, 50), profitMinor: 20, profitSquares: 400 }]]),
      emailsSent: 6,
    });
    expect(
      orderSegmentRows(
        [{ id: "s2", name: "Second" }],
        new Map([
          ["s1", "Zed"],
          ["s3", "Alpha"],
        ]),
        ["s1", "default", "s3", "s9", "s2"],
      ).map((row) => row.name),
    ).toEqual(["Second", "Everyone else", "Alpha", "Unknown segment", "Zed"]);
  });
});
