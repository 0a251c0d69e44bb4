import { describe, expect, it } from "vitest";
import { computeLift } from "../app/domain/analytics/lift";
import type { SimulationLedger } from "./simulate";
import { reconciliationLine, summaryRows, type DashboardData } from "./summary";

const noArm = { enrollments: 0, recovered: 0, revenueMinor: 0, revenueSumOfSquares: 0 };

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
