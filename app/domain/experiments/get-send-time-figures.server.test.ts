import { describe, expect, it } from "vitest";
import { seedEnrollments, type EnrollmentSeed } from "../../../test/helpers/recovery-seed";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { getSendTimeFigures } from "./get-send-time-figures.server";

const MARCH = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") };
const HOUR_MS = 3_600_000;

/**
 * `emailed` checkouts of a send-time group with last activity in March, each emailed twice; the first
 * `clicked` clicked their second email, the first `recovered` were recovered by email.
 */
function group(
  sendTimeArm: "OPTIMISED" | "CONTROL",
  emailed: number,
  { clicked = 0, recovered = 0 }: { clicked?: number; recovered?: number } = {},
): EnrollmentSeed[] {
  return Array.from({ length: emailed }, (_, index) => {
    const anchorAt = new Date(Date.UTC(2026, 2, 1 + (index % 28), 10));
    return {
      sendTimeArm,
      status: index < recovered ? "STOPPED" : "COMPLETED",
      anchorAt,
      sends: [
        { step: 1, sentAt: new Date(anchorAt.getTime() + HOUR_MS) },
        {
          step: 2,
          sentAt: new Date(anchorAt.getTime() + 25 * HOUR_MS),
          clickedAt: index < clicked ? new Date(anchorAt.getTime() + 26 * HOUR_MS) : null,
        },
      ],
      recovered:
        index < recovered
          ? { at: new Date(anchorAt.getTime() + 27 * HOUR_MS), byEmail: true, minor: 6_000 }
          : undefined,
    };
  });
}

describe("getSendTimeFigures", () => {
  it("compares the period's emailed checkouts held for the best hour with the control, this shop's only", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await seedEnrollments(SHOP_A, [
      ...group("OPTIMISED", 200, { clicked: 40, recovered: 24 }),
      ...group("CONTROL", 50, { clicked: 5, recovered: 2 }),
      // Not counted: outside the period, not emailed, held out, skipped, recovered on its own, no group.
      {
        sendTimeArm: "OPTIMISED",
        anchorAt: new Date("2026-02-28T23:59:59Z"),
        sends: [{ step: 1, sentAt: MARCH.from }],
      },
      {
        sendTimeArm: "OPTIMISED",
        anchorAt: new Date("2026-04-01T00:00:00Z"),
        sends: [{ step: 1, sentAt: MARCH.to }],
      },
      { sendTimeArm: "CONTROL", anchorAt: new Date("2026-03-05T00:00:00Z"), nextStep: 1 },
      { sendTimeArm: "CONTROL", arm: "HOLDOUT", anchorAt: new Date("2026-03-05T00:00:00Z") },
      {
        sendTimeArm: "CONTROL",
        status: "SKIPPED",
        reason: "FREQUENCY_CAP",
        anchorAt: new Date("2026-03-05T00:00:00Z"),
        sends: [{ step: 1, sentAt: new Date("2026-03-05T01:00:00Z") }],
      },
      {
        anchorAt: new Date("2026-03-06T00:00:00Z"),
        sends: [{ step: 1, sentAt: new Date("2026-03-06T01:00:00Z") }],
      },
    ]);
    const [onItsOwn] = group("CONTROL", 1);
    await seedEnrollments(SHOP_A, [
      {
        ...(onItsOwn as EnrollmentSeed),
        status: "STOPPED",
        recovered: { at: new Date("2026-03-20T00:00:00Z"), byEmail: false, minor: 6_000 },
      },
    ]);
    // Shop B's control does far better: it must not reach shop A's figures.
    await seedEnrollments(SHOP_B, group("CONTROL", 100, { clicked: 90, recovered: 80 }));

    const { hasSendTimeEnrollments, comparison } = await getSendTimeFigures(SHOP_A, MARCH);
    expect(hasSendTimeEnrollments).toBe(true);
    expect(comparison.optimised).toMatchObject({ emailed: 200, clicked: 40, recovered: 24 });
    expect(comparison.control).toMatchObject({ emailed: 51, clicked: 5, recovered: 2 });
    expect(comparison.optimised.recoveryRate?.estimate).toBeCloseTo(0.12, 12);
    expect(comparison.optimised.recoveryRate?.low).toBeGreaterThan(0.07);
    expect(comparison.recoveryRateDifference?.estimate).toBeCloseTo(0.12 - 2 / 51, 12);
    expect(comparison.clickRateDifference?.estimate).toBeCloseTo(0.2 - 5 / 51, 12);
    expect(comparison.sentence).toMatch(
      /^Holding for the best hour: \+8\.1 points of recoveries \(95% interval [-+][\d.]+ to \+[\d.]+\): (could be chance so far|holding pays)\.$/,
    );
  });

  it("says whether the shop ever had send-time checkouts, even with none in the period", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await seedEnrollments(SHOP_B, group("OPTIMISED", 3));
    expect(await getSendTimeFigures(SHOP_A, MARCH)).toMatchObject({
      hasSendTimeEnrollments: false,
      comparison: { sentence: "No checkout of this period in either group has been emailed yet." },
    });
    await seedEnrollments(SHOP_A, group("OPTIMISED", 3));
    const april = { from: MARCH.to, to: new Date("2026-05-01T00:00:00Z") };
    expect(await getSendTimeFigures(SHOP_A, april)).toMatchObject({
      hasSendTimeEnrollments: true,
      comparison: { optimised: { emailed: 0 }, control: { emailed: 0 } },
    });
    expect((await getSendTimeFigures(SHOP_A, MARCH)).comparison.sentence).toBe(
      "Too few to compare yet: each group needs 30 emailed checkouts (held for the best hour: 3, sent at the delay: 0).",
    );
  });
});
