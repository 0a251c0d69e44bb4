import { describe, expect, it } from "vitest";
import { seedEnrollments, type EnrollmentSeed } from "../../../test/helpers/recovery-seed";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { getSubjectTests } from "./get-subject-tests.server";

const MARCH = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") };
const HOUR = 3_600_000;
const day = (n: number) => new Date(Date.UTC(2026, 2, 1 + (n % 28), 9));

type Outcome = "clicked" | "recovered" | "recoveredOnItsOwn" | "recoveredBefore" | "none";

/** `count` checkouts whose step-1 email (subject `variant`) was sent in March, with an outcome each. */
function sendsOf(variant: "A" | "B", count: number, outcomes: Partial<Record<Outcome, number>>, step = 1) {
  const plan: Outcome[] = [];
  for (const [outcome, times] of Object.entries(outcomes) as Array<[Outcome, number]>)
    plan.push(...Array<Outcome>(times).fill(outcome));
  return Array.from({ length: count }, (_, index): EnrollmentSeed => {
    const outcome = plan[index] ?? "none";
    const anchorAt = day(index);
    const sentAt = new Date(anchorAt.getTime() + HOUR);
    return {
      status: "COMPLETED",
      anchorAt,
      sends: [
        {
          step,
          sentAt,
          subjectVariant: variant,
          clickedAt:
            outcome === "clicked" || outcome === "recovered" ? new Date(sentAt.getTime() + HOUR) : null,
        },
      ],
      ...(outcome === "recovered"
        ? { recovered: { at: new Date(sentAt.getTime() + 2 * HOUR), byEmail: true, minor: 5_000 } }
        : {}),
      ...(outcome === "recoveredOnItsOwn"
        ? { recovered: { at: new Date(sentAt.getTime() + 9 * 24 * HOUR), byEmail: false, minor: 5_000 } }
        : {}),
      // Credited to email, but the order came before this email (an earlier step's doing).
      ...(outcome === "recoveredBefore"
        ? { recovered: { at: new Date(sentAt.getTime() - 1), byEmail: true, minor: 5_000 } }
        : {}),
    };
  });
}

describe("getSubjectTests", () => {
  it("compares the two subjects of each step on clicks and recoveries", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await seedEnrollments(SHOP_A, [
      // Step 1: A is clicked 30 times in 120, B 12 times in 120.
      ...sendsOf("A", 120, { recovered: 6, clicked: 24, recoveredOnItsOwn: 2 }),
      ...sendsOf("B", 120, { recovered: 2, clicked: 10, recoveredBefore: 1 }),
      // Step 2 has only started its B subject.
      ...sendsOf("B", 7, { clicked: 1 }, 2),
      // Step 3 has one subject: no test.
      { status: "COMPLETED", anchorAt: day(1), sends: [{ step: 3, sentAt: day(2) }] },
      // Sent in February and April: outside the period.
      {
        status: "COMPLETED",
        anchorAt: new Date("2026-02-27T09:00:00Z"),
        sends: [{ step: 1, sentAt: new Date("2026-02-28T23:59:59Z"), subjectVariant: "A" }],
      },
      {
        status: "COMPLETED",
        anchorAt: new Date("2026-03-31T23:00:00Z"),
        sends: [{ step: 1, sentAt: new Date("2026-04-01T00:00:00Z"), subjectVariant: "B" }],
      },
    ]);
    // Another shop's B subject does far better; it must not leak in.
    await seedEnrollments(SHOP_B, sendsOf("B", 120, { clicked: 100 }));

    const tests = await getSubjectTests(SHOP_A, MARCH);

    expect(tests.map((test) => test.step)).toEqual([1, 2]);
    const [first, second] = tests;
    expect(first?.variants).toEqual({
      A: { sends: 120, clicks: 30, recoveries: 6, clickRate: 0.25, recoveryRate: 0.05 },
      B: { sends: 120, clicks: 12, recoveries: 2, clickRate: 0.1, recoveryRate: 2 / 120 },
    });
    expect(first).toMatchObject({ verdict: "A_WINS", decidedBy: "CLICKS" });
    expect(first?.clicks.pValue).toBeCloseTo(0.0022, 3);
    expect(first?.recoveries).toMatchObject({ verdict: "NO_DIFFERENCE_YET", hasEnoughData: false });
    expect(second?.variants.A).toEqual({
      sends: 0,
      clicks: 0,
      recoveries: 0,
      clickRate: null,
      recoveryRate: null,
    });
    expect(second?.variants.B).toMatchObject({ sends: 7, clicks: 1 });
    expect(second).toMatchObject({ verdict: "NO_DIFFERENCE_YET", clicks: { pValue: null } });
  });

  it("has no test when no step sent a second subject", async () => {
    await installTestShop(SHOP_A);
    await seedEnrollments(SHOP_A, [
      { status: "COMPLETED", anchorAt: day(1), sends: [{ step: 1, sentAt: day(2) }] },
    ]);
    expect(await getSubjectTests(SHOP_A, MARCH)).toEqual([]);
  });
});
