import { describe, expect, it } from "vitest";
import { buildRepeatCohorts, cohortMonthsAt, type CohortSums } from "~/domain/analytics/repeat-cohorts";
import { rateAxis } from "./customer-value-chart";
import {
  chartWindowOf,
  formatCompactRateInterval,
  formatMonth,
  monthsFromFirstBuyer,
  summarizeTotals,
  windowParts,
} from "./customer-value-format";

const NOW = new Date("2026-07-15T12:00:00.000Z");

function cohortsOf(sums: CohortSums[]) {
  const { spans } = cohortMonthsAt(NOW, "UTC", { limit: 6, retentionDays: 730 });
  return buildRepeatCohorts(spans, sums, {
    now: NOW,
    currency: "EUR",
    timezone: "UTC",
    retentionDays: 730,
    isCutByRetention: false,
  });
}

describe("the customer value page's words", () => {
  it("writes months, compact intervals and a window's three columns", () => {
    expect(formatMonth("2026-03")).toBe("Mar 2026");
    expect(formatCompactRateInterval({ estimate: 0.35, low: 0.181, high: 0.567 })).toBe("35% (18.1–56.7%)");
    expect(windowParts({ days: 30, figures: null }, "EUR")).toEqual({
      label: "30 days",
      rate: "not yet",
      revenue: "",
      isPending: true,
    });
    const figures = {
      buyers: 4,
      repeatBuyers: 1,
      rate: { estimate: 0.25, low: 0.046, high: 0.699 },
      repeatRevenueMinor: 12_000,
      revenuePerBuyerMinor: 3_000,
    };
    expect(windowParts({ days: 60, figures }, "EUR")).toMatchObject({
      rate: "25% (4.6–69.9%)",
      revenue: "€30.00",
    });
  });

  it("starts the table at the first month with a buyer, and says 'the one buyer' for one", () => {
    const cohorts = cohortsOf([
      {
        group: "HOLDOUT_RECOVERED",
        monthIndex: 2,
        buyers: 1,
        repeatBuyers: [1, 1, 1],
        repeatRevenueMinor: [500, 500, 500],
      },
    ]);
    expect(monthsFromFirstBuyer(cohorts).map((month) => month.month)).toEqual([
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
    ]);
    // April (index 2) is the only month with a buyer; its 60 days are the longest window over.
    expect(chartWindowOf(cohorts)).toEqual({ days: 60, index: 1 });
    expect(summarizeTotals(cohorts)[0]).toContain("of the one holdout buyer who came back on their own");
    expect(monthsFromFirstBuyer(cohortsOf([]))).toEqual([]);
    expect(chartWindowOf(cohortsOf([]))).toBeNull();
  });

  it("rounds the chart's axis to a readable step", () => {
    expect(rateAxis([0.12, 0.03])).toEqual({ top: 0.15, step: 0.05 });
    expect(rateAxis([0.61])).toEqual({ top: 0.8, step: 0.2 });
    expect(rateAxis([0.72, 0.7])).toEqual({ top: 0.8, step: 0.2 });
    expect(rateAxis([0.93])).toEqual({ top: 1, step: 0.25 });
    expect(rateAxis([])).toEqual({ top: 0.05, step: 0.05 });
  });
});
