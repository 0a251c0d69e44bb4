import { describe, expect, it } from "vitest";
import { addLocalDays, parseDashboardRange, resolveDashboardPeriod } from "./dashboard-period";

const parse = (query: string) => parseDashboardRange(new URLSearchParams(query));

describe("the dashboard's period from the URL", () => {
  it("reads the presets and a custom range, and defaults to the last 30 days", () => {
    expect(parse("")).toEqual({ range: { kind: "PRESET", preset: "30" }, notice: null });
    expect(parse("period=7")).toEqual({ range: { kind: "PRESET", preset: "7" }, notice: null });
    expect(parse("period=90&from=junk")).toEqual({ range: { kind: "PRESET", preset: "90" }, notice: null });
    expect(parse("from=2026-11-01&to=2026-11-20")).toEqual({
      range: { kind: "CUSTOM", from: "2026-11-01", to: "2026-11-20" },
      notice: null,
    });
    expect(parse("period=custom&from=2028-02-29&to=2028-02-29").range).toEqual({
      kind: "CUSTOM",
      from: "2028-02-29",
      to: "2028-02-29",
    });
  });

  it("falls back to the default with a reason the merchant can act on", () => {
    expect(parse("period=14")).toEqual({
      range: { kind: "PRESET", preset: "30" },
      notice: '"14" is not a period this page offers; showing the last 30 days.',
    });
    expect(parse("from=2026-02-29&to=2026-03-10").notice).toBe(
      "The start date is not valid (is not a calendar date); showing the last 30 days.",
    );
    expect(parse("from=2026-03-10&to=2026-03-01").notice).toBe(
      "The custom period is not valid (the start date comes after the end date); showing the last 30 days.",
    );
    expect(parse("from=2026-01-01").notice).toBe(
      "The end date is not valid (use YYYY-MM-DD); showing the last 30 days.",
    );
    expect(parse("from=1999-12-31&to=2000-01-05").notice).toMatch(/^The start date is not valid/);
    // A year and a leap day is the longest daily series; one more day is refused.
    expect(parse("from=2027-01-01&to=2028-01-01").notice).toBeNull();
    expect(parse("from=2027-01-01&to=2028-01-02").notice).toBe(
      "The custom period is not valid (a custom period covers at most 366 days); showing the last 30 days.",
    );
  });

  it("counts calendar days without a time zone", () => {
    expect(addLocalDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addLocalDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addLocalDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});

describe("the period in the shop's time zone", () => {
  it("ends the presets with the shop's today, from local midnight to local midnight", () => {
    // 23:30 UTC on 2 November is already 3 November in Tokyo (UTC+9).
    const now = new Date("2026-11-02T23:30:00Z");
    expect(resolveDashboardPeriod({ kind: "PRESET", preset: "7" }, "Asia/Tokyo", now)).toEqual({
      period: { from: new Date("2026-10-27T15:00:00Z"), to: new Date("2026-11-03T15:00:00Z") },
      view: {
        selection: "7",
        firstDate: "2026-10-28",
        lastDate: "2026-11-03",
        dayCount: 7,
        from: "2026-10-27T15:00:00.000Z",
        to: "2026-11-03T15:00:00.000Z",
        timeZone: "Asia/Tokyo",
      },
    });
  });

  it("spans the clock change: a custom March in New York is 31 days and one hour short", () => {
    const { period, view } = resolveDashboardPeriod(
      { kind: "CUSTOM", from: "2026-03-01", to: "2026-03-31" },
      "America/New_York",
      new Date("2026-11-02T12:00:00Z"),
    );
    expect(period).toEqual({ from: new Date("2026-03-01T05:00:00Z"), to: new Date("2026-04-01T04:00:00Z") });
    expect(view).toMatchObject({ selection: "custom", dayCount: 31 });
    expect(period.to.getTime() - period.from.getTime()).toBe((31 * 24 - 1) * 3_600_000);
  });
});
