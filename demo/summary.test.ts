import { describe, expect, it } from "vitest";
import { computeLift } from "../app/domain/analytics/lift";
import { wilsonInterval } from "../app/domain/analytics/wilson";
import { describeExperimentRule, judgeContentExperiment } from "../app/domain/experiments/content-experiment";
import { compareSendTimes, type SendTimeGroupCounts } from "../app/domain/experiments/send-time-comparison";
import type { ExperimentCards } from "../app/domain/experiments";
import { groupSums, segmentFigures } from "../test/helpers/segment-figures";
import type { SimulationLedger } from "./simulate";
import {
  addedOverHoldoutRows,
  contentExperimentNotes,
  contentExperimentRows,
  contentExperimentTitle,
  coverMark,
  formatContentExperimentTable,
  formatSendTimeTable,
  parseContentExperimentTable,
  parseSendTimeTable,
  sendTimeNotes,
  sendTimeRows,
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
import type { DemoOfferArm, SecondEmail, SegmentTruth } from "./world";

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

/** The dashboard with the experiments' cards: send time from these counts, and one content experiment. */
function experimentsDashboard(
  optimised: SendTimeGroupCounts,
  control: SendTimeGroupCounts,
  variants: { a: [sends: number, recoveries: number]; b: [sends: number, recoveries: number] },
  decidedAt: string | null,
): DashboardData {
  const rule = { autoPromote: true, minSendsPerVariant: 50, rule: "PROBABILITY", levelPercent: 95 } as const;
  const variant = (name: "A" | "B", template: "PRODUCT" | "NOTE", [sends, recoveries]: [number, number]) => ({
    variant: name,
    content: { subject: "Your cart is waiting", template, tone: "FRIENDLY", offer: true },
    summary: `${template === "NOTE" ? "Personal note" : "Product-led"} design · friendly tone · with the offer`,
    sends,
    clicks: 0,
    recoveries,
    revenueMinor: 0,
    revenueSumOfSquares: 0,
    clickRate: wilsonInterval({ successes: 0, trials: sends }),
    recoveryRate: wilsonInterval({ successes: recoveries, trials: sends }),
    revenuePerEmailMinor: null,
  });
  const figures = [variant("A", "PRODUCT", variants.a), variant("B", "NOTE", variants.b)];
  const standing = decidedAt
    ? { id: "d1", winner: "B", decidedBy: "AUTO", decidedAt, reversedAt: null }
    : null;
  const experiments = {
    sendTime: { hasSendTimeEnrollments: true, comparison: compareSendTimes(optimised, control) },
    content: {
      rule,
      ruleSentence: describeExperimentRule(rule),
      experiments: [
        {
          experimentKey: "x1",
          segmentId: "default",
          segmentName: "Everyone else",
          step: 2,
          variants: figures,
          verdict: judgeContentExperiment(figures, rule),
          standing,
          decisions: standing ? [standing] : [],
          isOpenToAutoPromotion: !standing,
        },
      ],
    },
  } as unknown as ExperimentCards;
  return { ...dashboardOf(), experiments };
}

/** `count` second emails of new shoppers under the median: each held from a x0.8 hour to `hourFactor`. */
const heldEmails = (
  count: number,
  baseRate: number,
  hourFactor: number,
  design: "PRODUCT" | "NOTE" = "PRODUCT",
) =>
  Array.from({ length: count }, (_, index): SecondEmail => ({
    kind: "NEW",
    atLeastMedian: false,
    design,
    baseRate,
    hourFactor,
    plainHourFactor: 0.8,
    sentAt: new Date(Date.parse("2026-11-10T00:05:00Z") + index * 3_600_000).toISOString(),
    heldMinutes: hourFactor === 0.8 ? 0 : 180,
  }));

describe("the demo's send-time table", () => {
  const counts = (emailed: number, clicked: number, recovered: number) => ({ emailed, clicked, recovered });

  it("shows each group's emailed checkouts, click and recovery rates, and the difference beside the truth", () => {
    const data = experimentsDashboard(
      counts(400, 100, 80),
      counts(100, 20, 15),
      { a: [0, 0], b: [0, 0] },
      null,
    );
    // Eight emails held from x0.8 to x1.3 at a 20% base rate: 8 x 0.2 x 0.5 = 0.8 orders, per 400 = +0.2 points.
    const emails = [...heldEmails(8, 0.2, 1.3), ...heldEmails(1, 0.2, 0.8)];
    const [optimised, control, difference] = sendTimeRows(data, emails);
    expect(optimised).toMatchObject({
      group: "Held for the best hour (optimised)",
      emailed: "400",
      truth: "",
    });
    expect(optimised?.clicked).toMatch(/^25\.0% \(\d+\.\d% to \d+\.\d%\)$/);
    expect(optimised?.recovered).toMatch(/^20\.0% \(/);
    expect(control).toMatchObject({ group: "Sent at the delay (control)", emailed: "100" });
    expect(control?.recovered).toMatch(/^15\.0% \(/);
    // 20% against 15%: +5 points, its always-valid interval wide enough to hold the true +0.2.
    expect(difference).toMatchObject({ group: "Optimised minus control", truth: "+0.2 pts", covered: "✓" });
    expect(difference?.recovered).toMatch(/^\+5\.0 pts \(−\d+\.\d to \+\d+\.\d\)$/);
    expect(difference?.clicked).toMatch(/^\+5\.0 pts \(/);
    const notes = sendTimeNotes(data, emails);
    expect(notes[0]).toBe(data.experiments?.sendTime.comparison.sentence);
    expect(notes[1]).toBe(
      "The app held 8 of the 9 second emails for a later hour, by 3.0 hours on average; the world expects " +
        "those holds to have added 0.8 orders.",
    );
    expect(notes[2]).toMatch(/^True: the world's shoppers read email at their own hour/);
  });

  it("marks ✗ a truth outside the interval, and says when the groups are too small to compare", () => {
    const data = experimentsDashboard(
      counts(400, 100, 80),
      counts(100, 20, 15),
      { a: [0, 0], b: [0, 0] },
      null,
    );
    // 400 emails each adding 0.5 x 1 order: +50 points, far outside.
    expect(sendTimeRows(data, heldEmails(400, 1, 1.3))[2]).toMatchObject({
      truth: "+50.0 pts",
      covered: "✗",
    });
    const small = experimentsDashboard(counts(20, 5, 4), counts(5, 1, 1), { a: [0, 0], b: [0, 0] }, null);
    expect(sendTimeRows(small, null)[2]).toEqual({
      group: "Optimised minus control",
      emailed: "",
      clicked: "too few (20 vs 5)",
      recovered: "too few (20 vs 5)",
      truth: "n/a",
      covered: "",
    });
  });

  it("prints a table it reads back cell for cell, and nothing for an app without the card", () => {
    const data = experimentsDashboard(
      counts(400, 100, 80),
      counts(100, 20, 15),
      { a: [0, 0], b: [0, 0] },
      null,
    );
    const rows = sendTimeRows(data, heldEmails(3, 0.2, 1.15));
    const printed = `Send time:\n${formatSendTimeTable(rows)}\n  * ${sendTimeNotes(data, null).join("\n  * ")}\n`;
    expect(parseSendTimeTable(printed)).toEqual(rows);
    expect(sendTimeRows(dashboardOf(), null)).toEqual([]);
    expect(sendTimeNotes(dashboardOf(), null)).toEqual([]);
  });
});

describe("the demo's content experiment table", () => {
  const counts = { emailed: 0, clicked: 0, recovered: 0 };

  it("shows each variant's emails and recoveries per email beside its design's truth, and the decision's date", () => {
    const data = experimentsDashboard(
      counts,
      counts,
      { a: [70, 10], b: [72, 22] },
      "2026-11-24T00:05:00.000Z",
    );
    const experiment = data.experiments!.content.experiments[0]!;
    expect(contentExperimentTitle(experiment)).toBe(
      "Content experiment (Everyone else, step 2): each variant's recoveries per email, beside the truth:",
    );
    // The experiment's emails before the decision average 0.15 x 1.3 = 19.5%: A's truth, and B's x1.8 = 35.1%.
    const emails = [...heldEmails(4, 0.15, 1.3), ...heldEmails(2, 0.15, 1.3, "NOTE")];
    const [a, b] = contentExperimentRows(experiment, emails);
    expect(a).toMatchObject({
      variant: "A: Product-led design · friendly tone · with the offer",
      emails: "70",
      recovered: "10",
      truth: "19.5%",
      covered: "✓",
    });
    expect(a?.rate).toMatch(/^14\.3% \(\d+\.\d% to \d+\.\d%\)$/);
    expect(b).toMatchObject({
      variant: "B: Personal note design · friendly tone · with the offer",
      truth: "35.1%",
    });
    expect(b?.rate).toMatch(/^30\.6% \(/);
    const notes = contentExperimentNotes(experiment, data.experiments!.content.ruleSentence, emails);
    expect(notes[0]).toBe(
      "Rule: Promotes automatically when each variant has 50 emails and the probability that the leader " +
        "recovers the most per email is at least 95%.",
    );
    // Decided at 00:05 UTC: 19:05 the evening before in New York.
    expect(notes[1]).toMatch(/^Decided: B promoted automatically on 2026-11-23 19:05 \(America\/New_York\)/);
    expect(notes[2]).toBe(
      `At the month's end, with the recoveries that came after the decision: ${experiment.verdict.sentence}`,
    );
    expect(notes[3]).toBe(
      "True: in the world (demo/world.ts, DEMO_DESIGN_FACTORS) shoppers act on B (note) x1.80 as often as on " +
        "A, +15.6 pts per email at this experiment's shoppers, offers and hours.",
    );
  });

  it("counts only the emails before the decision, says when none was made, and reads its table back", () => {
    const decided = experimentsDashboard(
      counts,
      counts,
      { a: [70, 10], b: [72, 22] },
      "2026-11-10T02:00:00.000Z",
    );
    // Emails an hour apart from 00:05 UTC: two before 02:00 are the experiment's, at x1.3; the rest at x0.8.
    const emails = [...heldEmails(2, 0.2, 1.3), ...heldEmails(5, 0.2, 0.8).slice(2)];
    const [a] = contentExperimentRows(decided.experiments!.content.experiments[0]!, emails);
    expect(a?.truth).toBe("26.0%");
    const open = experimentsDashboard(counts, counts, { a: [30, 3], b: [31, 6] }, null);
    const experiment = open.experiments!.content.experiments[0]!;
    const rows = contentExperimentRows(experiment, null);
    expect(rows.map((row) => [row.truth, row.covered])).toEqual([
      ["n/a", ""],
      ["n/a", ""],
    ]);
    const notes = contentExperimentNotes(experiment, "a rule", null);
    expect(notes[1]).toBe("No decision in the month.");
    expect(notes[2]).toBe(`At the month's end: ${experiment.verdict.sentence}`);
    expect(notes).toHaveLength(3);
    const printed = `${contentExperimentTitle(experiment)}\n${formatContentExperimentTable(rows)}\n  * ${notes.join("\n  * ")}\n`;
    expect(parseContentExperimentTable(printed)).toEqual(rows);
  });
});
