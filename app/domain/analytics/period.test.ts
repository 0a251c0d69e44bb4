import { describe, expect, it } from "vitest";
import { AppError } from "~/lib/app-error";
import {
  assertPeriod,
  dayIndexOf,
  isValidTimeZone,
  localDateOf,
  localDaysOf,
  MAX_SERIES_DAYS,
  nextLocalDate,
  startOfLocalDay,
} from "./period";

const HOUR = 60 * 60 * 1000;
const utc = (iso: string) => new Date(iso);
const lengthsInHours = (days: Array<{ start: Date; end: Date }>) =>
  days.map((day) => (day.end.getTime() - day.start.getTime()) / HOUR);

describe("the shop's calendar days", () => {
  it("starts a day at the local midnight of the zone", () => {
    expect(startOfLocalDay("2026-03-02", "America/New_York")).toEqual(utc("2026-03-02T05:00:00Z"));
    expect(startOfLocalDay("2026-07-02", "America/New_York")).toEqual(utc("2026-07-02T04:00:00Z"));
    expect(startOfLocalDay("2026-03-02", "Asia/Kathmandu")).toEqual(utc("2026-03-01T18:15:00Z"));
    expect(startOfLocalDay("2026-03-02", "UTC")).toEqual(utc("2026-03-02T00:00:00Z"));
  });

  it("starts the day at the changeover where the clocks skip midnight", () => {
    // Cuba moves from 00:00 to 01:00 on 8 March 2026: the day begins at 01:00 daylight time.
    expect(startOfLocalDay("2026-03-08", "America/Havana")).toEqual(utc("2026-03-08T05:00:00Z"));
    expect(localDateOf(utc("2026-03-08T04:59:59Z"), "America/Havana")).toBe("2026-03-07");
  });

  it("has 23- and 25-hour days when the clocks change", () => {
    const spring = localDaysOf(
      { from: utc("2026-03-07T05:00:00Z"), to: utc("2026-03-10T04:00:00Z") },
      "America/New_York",
    );
    expect(spring.map((day) => day.date)).toEqual(["2026-03-07", "2026-03-08", "2026-03-09"]);
    expect(lengthsInHours(spring)).toEqual([24, 23, 24]);

    const autumn = localDaysOf(
      { from: utc("2026-10-31T04:00:00Z"), to: utc("2026-11-02T05:00:00Z") },
      "America/New_York",
    );
    expect(lengthsInHours(autumn)).toEqual([24, 25]);
  });

  it("clips the first and last day to a period that does not start or end at midnight", () => {
    const days = localDaysOf({ from: utc("2026-03-02T12:00:00Z"), to: utc("2026-03-03T10:00:00Z") }, "UTC");
    expect(days).toEqual([
      { date: "2026-03-02", start: utc("2026-03-02T12:00:00Z"), end: utc("2026-03-03T00:00:00Z") },
      { date: "2026-03-03", start: utc("2026-03-03T00:00:00Z"), end: utc("2026-03-03T10:00:00Z") },
    ]);
  });

  it("finds the day of an instant, the end of a day belonging to the next", () => {
    const days = localDaysOf(
      { from: utc("2026-03-02T05:00:00Z"), to: utc("2026-03-05T05:00:00Z") },
      "America/New_York",
    );
    expect(dayIndexOf(utc("2026-03-02T05:00:00Z").getTime(), days)).toBe(0);
    expect(dayIndexOf(utc("2026-03-03T04:59:59.999Z").getTime(), days)).toBe(0);
    expect(dayIndexOf(utc("2026-03-03T05:00:00Z").getTime(), days)).toBe(1);
    expect(dayIndexOf(utc("2026-03-05T04:00:00Z").getTime(), days)).toBe(2);
    expect(dayIndexOf(utc("2026-03-05T05:00:00Z").getTime(), days)).toBe(-1);
    expect(dayIndexOf(utc("2026-03-01T00:00:00Z").getTime(), days)).toBe(-1);
  });

  it("rolls dates over months and years", () => {
    expect(nextLocalDate("2026-02-28")).toBe("2026-03-01");
    expect(nextLocalDate("2028-02-28")).toBe("2028-02-29");
    expect(nextLocalDate("2026-12-31")).toBe("2027-01-01");
  });
});

describe("periods", () => {
  const expectBadRequest = (run: () => unknown, message: RegExp) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("BAD_REQUEST");
      expect((error as AppError).message).toMatch(message);
      return;
    }
    throw new Error("expected a BAD_REQUEST");
  };

  it("refuses empty, inverted or invalid periods, unknown zones and series longer than a year", () => {
    const day = utc("2026-03-02T00:00:00Z");
    expectBadRequest(() => assertPeriod({ from: day, to: day }), /end after it starts/);
    expectBadRequest(() => assertPeriod({ from: new Date("nope"), to: day }), /valid/);
    expectBadRequest(
      () => localDaysOf({ from: day, to: utc("2026-03-03T00:00:00Z") }, "Mars/Olympus"),
      /time zone/,
    );
    expectBadRequest(
      () =>
        localDaysOf({ from: day, to: new Date(day.getTime() + (MAX_SERIES_DAYS + 1) * 24 * HOUR) }, "UTC"),
      /at most/,
    );
    expect(
      localDaysOf({ from: day, to: new Date(day.getTime() + MAX_SERIES_DAYS * 24 * HOUR) }, "UTC"),
    ).toHaveLength(MAX_SERIES_DAYS);
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
  });
});
