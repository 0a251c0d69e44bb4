import { describe, expect, it } from "vitest";
import { computeLift } from "../app/domain/analytics/lift";
import { groupSums, segmentFigures } from "../test/helpers/segment-figures";
import type { SimulationLedger } from "./simulate";
import {
  addedOverHoldoutRows,
  coverMark,
  formatAddedOverHoldoutTable,
  formatOfferTestTable,
  formatSegmentTable,
  offerTestNotes,
  offerTestRows,
  parseAddedOverHoldoutTable,
  parseOfferTestTable,
  parseSegmentTable,
  reconciliationLine,
  segmentNotes,
  segmentSummaryRows,
  summaryRows,
  type DashboardData,
} from "./summary";
import type { DemoOfferArm, SegmentTruth } from "./world";

const noArm = { enrollments: 0, recovered: 0, revenueMinor: 0, revenueSumOfSquares: 0 };
const arm = (enrollments: number, recovered: number, revenueMinor: number) => ({
  enrollments,
  recovered,
  revenueMinor,
  revenueSumOfSquares: recovered > 0 ? (revenueMinor / recovered) ** 2 * recovered : 0,
});

/** A group's sums from an arm's totals: no discount and no profit recorded. */
const sumsOf = (totals: ReturnType<typeof arm>) => ({
  ...groupSums(0, 0),
  enrollments: totals.enrollments,
  recovered: totals.recovered,
  revenueMinor: totals.revenueMinor,
  revenueSquares: totals.revenueSumOfSquares,
});

/** A segment's figures as getSegmentFigures gives them, from its two groups. */
function segmentOf(
  name: string,
  treatment: ReturnType<typeof arm>,
  holdout: ReturnType<typeof arm>,
  extra: { emailsSent: number; discountCostMinor: number; isDeleted?: boolean },
): DashboardData["segments"][number] {
  return {
    ...segmentFigures(
      { segmentId: name, name, isDeleted: extra.isDeleted, emailsSent: extra.emailsSent },
      sumsOf(holdout),
      sumsOf(treatment),
    ),
    discountCostMinor: extra.discountCostMinor,
  };
}

/** Only what the closing table reads: the figures and the holdout setting. */
function dashboardOf(): DashboardData {
  return {
    holdoutPercent: 20,
    figures: {
      currency: "USD",
      checkouts: { abandoned: 60, enrolled: 41, heldOut: 9, skipped: 10, skippedByReason: {} },
      emails: { sent: 50, clicked: 10, clickRate: 0.2, byStep: [] },
      recovered: {
        orders: 30,
        byEmail: 27,
        onTheirOwn: 3,
        revenueMinor: 100_000,
        onTheirOwnRevenueMinor: 9_000,
        byMethod: [
          { method: "DISCOUNT_CODE", byEmail: 27, onTheirOwn: 0 },
          { method: "CHECKOUT_TOKEN", byEmail: 0, onTheirOwn: 3 },
        ],
      },
      recoveryRate: { emailed: 40, recoveredByEmail: 20, rate: 0.5 },
      discounts: { used: 27, costMinor: 5_000 },
      lift: computeLift(noArm, noArm),
    },
    segments: [
      segmentOf("Returning, high-value: no discount", arm(12, 5, 150_000), arm(3, 1, 20_000), {
        emailsSent: 30,
        discountCostMinor: 0,
      }),
      segmentOf("Everyone else", arm(80, 24, 480_000), arm(40, 4, 60_000), {
        emailsSent: 190,
        discountCostMinor: 12_345,
      }),
      segmentOf("Old segment", arm(2, 0, 0), noArm, {
        emailsSent: 4,
        discountCostMinor: 0,
        isDeleted: true,
      }),
    ],
  } as unknown as DashboardData;
}

const dashboardCell = (figure: string) =>
  summaryRows(dashboardOf(), null).find((row) => row.figure === figure)?.dashboard;

describe("the demo's closing table", () => {
  it("shows the share actually held out beside the setting, each named", () => {
    // 9 of the 50 checkouts drawn (41 in the sequence + 9) is 18%, not the 20% set.
    expect(dashboardCell("  held out (setting: 20%)")).toBe("9 (18.0%)");
    expect(dashboardCell("  in the sequence")).toBe("41");
    expect(dashboardCell("    emailed")).toBe("40");
  });

  it("says which orders of an attribution method were credited to email and which came on their own", () => {
    expect(dashboardCell("  discount code used")).toBe("27 by email, 0 on their own");
    expect(dashboardCell("  same checkout completed")).toBe("0 by email, 3 on their own");
  });
});

describe("the demo's table by segment", () => {
  it("shows each segment's checkouts, emails, order rate, revenue, discount cost and lift, in the shop's order", () => {
    const [highValue, everyoneElse, deleted] = segmentSummaryRows(dashboardOf());
    expect(highValue).toEqual({
      segment: "Returning, high-value: no discount",
      checkouts: "15",
      heldOut: "3",
      emails: "30",
      ordered: "41.7%",
      revenue: "$1,500.00",
      discountCost: "$0.00",
      // 3 held out: below the 30 a group needs, and the table says so rather than print noise.
      lift: "too few (12 vs 3)",
    });
    expect(everyoneElse?.checkouts).toBe("120");
    expect(everyoneElse?.ordered).toBe("30.0%");
    expect(everyoneElse?.discountCost).toBe("$123.45");
    // 30% against 10%: +20 points, but with 80 and 40 checkouts the always-valid interval still holds zero.
    expect(everyoneElse?.lift).toMatch(/^\+20\.0 pts \(−\d+\.\d to \+\d+\.\d\), n\.s\.$/);
    expect(deleted).toMatchObject({ segment: "Old segment (deleted)", ordered: "0.0%", lift: "no holdout" });
  });

  it("prints a table it reads back cell for cell, whatever the names' lengths, and not its notes", () => {
    const rows = segmentSummaryRows(dashboardOf());
    const printed = `By segment:\n${formatSegmentTable(rows)}\n  * ${segmentNotes(dashboardOf()).join("\n  * ")}\n\nEmails: …`;
    expect(printed).toContain("Lift, 95% interval");
    expect(parseSegmentTable(printed)).toEqual(rows);
  });
});

describe("the notes under the table by segment", () => {
  it("say whether the segments add up to the checkouts drawn, and how to read a lift too few to measure", () => {
    const data = dashboardOf();
    // The fixture's segments: 137 checkouts, 43 held out; the headline's 50 (41 + 9) is another month's.
    expect(segmentNotes(data)[0]).toBe(
      "The segments' checkouts (137, 43 held out) differ from those above (50, 9 held out).",
    );
    data.figures.checkouts = { ...data.figures.checkouts, enrolled: 94, heldOut: 43 };
    const [sums, lift] = segmentNotes(data);
    expect(sums).toMatch(
      /^The segments' checkouts add up to those in the sequence and held out above \(137, 43 held out\)/,
    );
    expect(lift).toMatch(/^Lift needs at least 30 checkouts in each group; "too few \(a vs b\)"/);
  });
});

describe("the demo's reconciliation line", () => {
  it("says how many checkouts lost their webhooks, how many reconciliation found, and what came of them", () => {
    const ledger = {
      checkouts: 60,
      droppedCheckouts: 6,
      reconciliationFound: 5,
      droppedClicked: 2,
      droppedOrdersAfterClick: 1,
    } as SimulationLedger;
    expect(reconciliationLine(ledger)).toBe(
      "Reconciliation: the webhooks of 6 of the 60 checkouts were never sent (every tenth, on purpose); " +
        "reconciliation found 5 of them in Shopify's list of abandoned checkouts, and their shoppers clicked 2 " +
        "recovery emails and placed 1 orders after a click.",
    );
    // A demo kept from before the webhooks were dropped has nothing to say.
    expect(reconciliationLine({ checkouts: 60 } as SimulationLedger)).toBeNull();
  });
});

/** Group sums of `enrollments` checkouts of which `recovered` ordered, each order earning `profitMinor`. */
const profitGroup = (enrollments: number, recovered: number, profitMinor: number) =>
  groupSums(enrollments, recovered, { orderMinor: 2 * profitMinor, profitMinor });

/** The world's truths for two segments: what the summary compares with (made up here, world.ts in the demo). */
function truthsOf(firstTimeTier: number): SegmentTruth[] {
  const group = { recoveryRate: 0.05, profitPerCheckoutMinor: 100 };
  const arm = (name: DemoOfferArm, incrementalProfitPerCheckoutMinor: number) => ({
    arm: name,
    ...group,
    incrementalRecoveryRate: 0.1,
    incrementalProfitPerCheckoutMinor,
  });
  return [
    {
      segment: { name: "First-timers", kind: "NEW", carts: "ANY", offers: ["NO_DISCOUNT", "TIER_DISCOUNT"] },
      holdout: group,
      arms: [arm("NO_DISCOUNT", 500), arm("TIER_DISCOUNT", firstTimeTier)],
      addedOverHoldout: { incrementalRecoveryRate: 0.1, incrementalProfitPerCheckoutMinor: 800 },
    },
    {
      segment: { name: "Everyone else", kind: "NEW", carts: "ANY", offers: ["TIER_DISCOUNT"] },
      holdout: group,
      arms: [arm("TIER_DISCOUNT", 0)],
      addedOverHoldout: { incrementalRecoveryRate: 0, incrementalProfitPerCheckoutMinor: 0 },
    },
  ];
}

/**
 * A dashboard with an offer test: 400 held out of whom 40 ordered, 400 without a discount (80 ordered) and
 * 400 with the tier discount (200 ordered), every order earning $30; and "Everyone else" too small to measure.
 */
function offerDashboard(): DashboardData {
  const data = dashboardOf();
  data.segments = [
    segmentFigures({ segmentId: "first", name: "First-timers" }, profitGroup(400, 40, 3_000), [
      { arm: "NO_DISCOUNT", totals: profitGroup(400, 80, 3_000) },
      { arm: "TIER_DISCOUNT", totals: profitGroup(400, 200, 3_000) },
    ]),
    segmentFigures(
      { segmentId: "default", name: "Everyone else" },
      profitGroup(10, 1, 3_000),
      profitGroup(20, 4, 3_000),
    ),
  ];
  return data;
}

describe("the demo's offer tests table", () => {
  it("shows each tested segment's held-out group and offers: profit per checkout vs held out, the truth, ✓", () => {
    // Without a discount: (80 - 40) x $30 / 400 = +$3.00 per checkout; with the tier: (200 - 40) x $30 / 400 = +$12.00.
    const rows = offerTestRows(offerDashboard(), truthsOf(1_200));
    expect(rows.map((row) => row.group)).toEqual([
      "First-timers",
      "  held out (no email)",
      "  No discount",
      "  Tier discount",
    ]);
    expect(rows[1]).toMatchObject({ checkouts: "400", ordered: "40 (10.0%)", measured: "", covered: "" });
    expect(rows[2]).toMatchObject({ checkouts: "400", ordered: "80 (20.0%)", truth: "+$5.00", covered: "✓" });
    // The interval (always-valid, so wider than a one-look one) holds the true +$5.00, just.
    expect(rows[2]?.measured).toBe("+$3.00 (+$0.69 to +$5.31)");
    expect(rows[3]).toMatchObject({ ordered: "200 (50.0%)", truth: "+$12.00", covered: "✓" });
    expect(rows[3]?.measured).toMatch(/^\+\$12\.00 \(\+\$\d+\.\d\d to \+\$\d+\.\d\d\)$/);
  });

  it("marks ✗ an interval that misses the truth", () => {
    const rows = offerTestRows(offerDashboard(), truthsOf(-5_000));
    expect(rows[3]).toMatchObject({ truth: "−$50.00", covered: "✗" });
    expect(coverMark({ estimate: 0, low: -1, high: 1 }, 1)).toBe("✓");
    expect(coverMark({ estimate: 0, low: -1, high: 1 }, 1.01)).toBe("✗");
  });

  it("says why an offer is not measured, and marks nothing then", () => {
    const data = offerDashboard();
    data.segments[0] = segmentFigures(
      { segmentId: "first", name: "First-timers" },
      profitGroup(12, 1, 3_000),
      [
        { arm: "NO_DISCOUNT", totals: profitGroup(40, 8, 3_000) },
        { arm: "TIER_DISCOUNT", totals: profitGroup(20, 9, 3_000) },
      ],
    );
    const rows = offerTestRows(data, truthsOf(1_200));
    expect(rows[2]).toMatchObject({ measured: "too few (40 vs 12)", truth: "+$5.00", covered: "" });
    expect(offerTestNotes(data, truthsOf(1_200))[0]).toBe(
      "First-timers: no offer clearly best yet (too few checkouts to compare the offers).",
    );
  });

  it("says, when no offer is clearly best, how big a difference the test could see", () => {
    const data = offerDashboard();
    data.segments[0] = segmentFigures(
      { segmentId: "first", name: "First-timers" },
      profitGroup(400, 40, 3_000),
      [
        { arm: "NO_DISCOUNT", totals: profitGroup(400, 80, 3_000) },
        { arm: "TIER_DISCOUNT", totals: profitGroup(400, 84, 3_000) },
      ],
    );
    expect(offerTestNotes(data, truthsOf(1_200))[0]).toMatch(
      /^First-timers: no offer clearly best yet: with this many checkouts, two offers would have to differ by about \$\d+\.\d\d of profit per checkout for the test to tell them apart\.$/,
    );
  });

  it("prints a table it reads back cell for cell, the segments' names unindented and the offers indented", () => {
    const rows = offerTestRows(offerDashboard(), truthsOf(1_200));
    const printed = `Offer tests:\n${formatOfferTestTable(rows)}\n\nWhat each added:\n…`;
    expect(printed).toContain("Profit per checkout vs held out, 95%");
    expect(parseOfferTestTable(printed)).toEqual(rows);
  });

  it("gives the dashboard's recommendation when one offer is clearly best, and counts the intervals that cover", () => {
    const notes = offerTestNotes(offerDashboard(), truthsOf(1_200));
    expect(notes[0]).toMatch(
      /^For First-timers, the tier discount earns \$9\.00 more profit per checkout than no discount \(95% range \$\d+\.\d\d to \$\d+\.\d\d\)\.$/,
    );
    // Two offers and "First-timers" as a whole are measured; "Everyone else" is too small.
    expect(notes[1]).toBe("3 of the 3 intervals in the two tables cover the true value.");
    expect(notes.some((note) => note.startsWith("Always-valid: "))).toBe(true);
    expect(notes.some((note) => note.startsWith("True: ") && note.includes("demo/world.ts"))).toBe(true);
  });
});

describe("the demo's table of what each segment added over its held-out group", () => {
  it("shows each segment's profit per checkout against its held-out group beside the truth, and in total", () => {
    const [firstTimers, everyoneElse] = addedOverHoldoutRows(offerDashboard(), truthsOf(1_200));
    // Both offers together: (280/800 - 40/400) x $30 = +$7.50 per checkout, +$6,000 over the 800 in the sequence.
    expect(firstTimers).toMatchObject({
      segment: "First-timers",
      inSequence: "800",
      heldOut: "400",
      truth: "+$8.00",
      covered: "✓",
      total: "+$6,000.00 (+$6,400.00)",
    });
    expect(firstTimers?.measured).toMatch(/^\+\$7\.50 \(\+\$\d+\.\d\d to \+\$\d+\.\d\d\)$/);
    expect(everyoneElse).toMatchObject({
      measured: "too few (20 vs 10)",
      truth: "+$0.00",
      covered: "",
      total: "",
    });
    const printed = formatAddedOverHoldoutTable([firstTimers!, everyoneElse!]);
    expect(parseAddedOverHoldoutTable(`What each added:\n${printed}\n  * a note`)).toEqual([
      firstTimers,
      everyoneElse,
    ]);
  });

  it("has no truth for a segment the world does not know", () => {
    const [, , deleted] = addedOverHoldoutRows(dashboardOf(), truthsOf(0));
    expect(deleted).toMatchObject({ segment: "Old segment (deleted)", truth: "n/a", covered: "" });
  });
});
