import { describe, expect, it } from "vitest";
import { addMonths, buildRepeatCohorts, cohortMonthsAt, type CohortSums } from "./repeat-cohorts";

const AUCKLAND = "Pacific/Auckland";
const context = (now: Date) => ({
  now,
  currency: "NZD",
  timezone: AUCKLAND,
  retentionDays: 730,
  isCutByRetention: false,
});

describe("addMonths", () => {
  it("moves across years both ways", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2025-12", 1)).toBe("2026-01");
    expect(addMonths("2026-03", -27)).toBe("2023-12");
  });
});

describe("cohortMonthsAt", () => {
  it("lists the shop's calendar months, oldest first, starting at the shop's midnight", () => {
    // 1 January 2026, 10:00 in Auckland, still 31 December in UTC.
    const now = new Date("2025-12-31T21:00:00Z");
    const { spans, isCutByRetention } = cohortMonthsAt(now, AUCKLAND, { limit: 3, retentionDays: 730 });
    expect(spans.map((span) => span.month)).toEqual(["2025-11", "2025-12", "2026-01"]);
    // Auckland is on daylight time (UTC+13) from September to April.
    expect(spans[0]?.start.toISOString()).toBe("2025-10-31T11:00:00.000Z");
    expect(spans[2]?.start.toISOString()).toBe("2025-12-31T11:00:00.000Z");
    expect(spans[2]?.end.toISOString()).toBe("2026-01-31T11:00:00.000Z");
    expect(spans[1]?.end).toEqual(spans[2]?.start);
    expect(isCutByRetention).toBe(false);
  });

  it("stops at the first month that starts before the retention cutoff", () => {
    const now = new Date("2026-07-15T12:00:00Z");
    const cut = cohortMonthsAt(now, "UTC", { limit: 12, retentionDays: 90 });
    // Cutoff 16 April: April started before it.
    expect(cut.spans.map((span) => span.month)).toEqual(["2026-05", "2026-06", "2026-07"]);
    expect(cut.isCutByRetention).toBe(true);
    // Retention shorter than the current month so far: nothing can be followed.
    expect(cohortMonthsAt(now, "UTC", { limit: 12, retentionDays: 7 })).toEqual({
      spans: [],
      isCutByRetention: true,
    });
  });

  it("refuses a month count outside 1-24", () => {
    const now = new Date("2026-07-15T12:00:00Z");
    expect(() => cohortMonthsAt(now, "UTC", { limit: 25, retentionDays: 730 })).toThrow(/between 1 and 24/);
    expect(() => cohortMonthsAt(now, "UTC", { limit: 1.5, retentionDays: 730 })).toThrow();
  });
});

describe("buildRepeatCohorts", () => {
  const now = new Date("2026-07-15T12:00:00Z");
  const { spans } = cohortMonthsAt(now, AUCKLAND, { limit: 6, retentionDays: 730 });
  const sums: CohortSums[] = [
    // March: 10 buyers by email, 2 / 3 / 4 of them ordering again.
    {
      group: "RECOVERED_BY_EMAIL",
      monthIndex: 1,
      buyers: 10,
      repeatBuyers: [2, 3, 4],
      repeatRevenueMinor: [1_000, 1_500, 2_001],
    },
    // April: 5 more.
    {
      group: "RECOVERED_BY_EMAIL",
      monthIndex: 2,
      buyers: 5,
      repeatBuyers: [1, 1, 1],
      repeatRevenueMinor: [700, 700, 700],
    },
  ];

  it("reports a window once it has ended for the month's last buyer, and not a moment before", () => {
    // April in Auckland ends on 30 April, 12:00 UTC: its 60 days end on 29 June 12:00 UTC.
    const april = spans[2];
    expect(april?.month).toBe("2026-04");
    const justBefore = new Date("2026-06-29T11:59:59.999Z");
    const justAt = new Date("2026-06-29T12:00:00.000Z");
    const sixtyDays = (at: Date) =>
      buildRepeatCohorts(spans, sums, context(at)).months[2]?.cells.RECOVERED_BY_EMAIL.windows[1];
    expect(sixtyDays(justBefore)).toEqual({ days: 60, readyAt: justAt.toISOString(), figures: null });
    expect(sixtyDays(justAt)?.figures).toMatchObject({
      buyers: 5,
      repeatBuyers: 1,
      revenuePerBuyerMinor: 140,
    });
  });

  it("lists every month and group, zeros included, and pools only the complete months", () => {
    const cohorts = buildRepeatCohorts(spans, sums, context(now));
    expect(cohorts.months.map((month) => month.month)).toEqual([
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
    ]);
    expect(cohorts.months[0]?.cells.NEVER_ABANDONED).toMatchObject({ buyers: 0 });
    expect(cohorts.months[1]?.cells.RECOVERED_BY_EMAIL.windows[2]?.figures).toMatchObject({
      buyers: 10,
      repeatBuyers: 4,
      repeatRevenueMinor: 2_001,
      revenuePerBuyerMinor: 200,
      rate: { estimate: 0.4 },
    });
    const [thirty, sixty, ninety] = cohorts.totals.RECOVERED_BY_EMAIL;
    // 30 days: February to May are complete; 60: to April; 90: to March.
    expect(thirty).toMatchObject({ months: 4, figures: { buyers: 15, repeatBuyers: 3 } });
    expect(sixty).toMatchObject({ months: 3, figures: { buyers: 15, repeatBuyers: 4 } });
    expect(ninety).toMatchObject({ months: 2, figures: { buyers: 10, repeatBuyers: 4 } });
    expect(cohorts.totals.HOLDOUT_RECOVERED[0]?.figures).toMatchObject({ buyers: 0, rate: null });
    expect(cohorts.hasBuyers).toBe(true);
    expect(buildRepeatCohorts(spans, [], context(now)).hasBuyers).toBe(false);
  });

  it("says how many days of data each window needs: the longest month plus the window", () => {
    expect(buildRepeatCohorts(spans, [], context(now)).retentionNeeded).toEqual([
      { days: 30, retentionDays: 61 },
      { days: 60, retentionDays: 91 },
      { days: 90, retentionDays: 121 },
    ]);
  });
});
