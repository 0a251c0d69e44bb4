import { describe, expect, it } from "vitest";
import { quietHoursEnd } from "./quiet-hours";

const night = { enabled: true, start: "21:00", end: "08:00" };

describe("quietHoursEnd", () => {
  it("is null outside the window and when quiet hours are off", () => {
    expect(quietHoursEnd(new Date("2026-11-21T15:00:00Z"), "America/New_York", night)).toBeNull(); // 10:00 local
    expect(
      quietHoursEnd(new Date("2026-11-22T03:00:00Z"), "America/New_York", { ...night, enabled: false }),
    ).toBeNull();
  });

  it("waits until 08:00 the next local morning when the evening has started (window crosses midnight)", () => {
    // 22:00 in New York (EST, UTC-5) -> 08:00 next day = 13:00 UTC.
    expect(quietHoursEnd(new Date("2026-11-22T03:00:00Z"), "America/New_York", night)?.toISOString()).toBe(
      "2026-11-22T13:00:00.000Z",
    );
  });

  it("waits until 08:00 the same local morning after midnight", () => {
    // 02:30 in Tokyo (UTC+9) -> 08:00 the same day = 23:00 UTC the day before.
    expect(quietHoursEnd(new Date("2026-11-20T17:30:00Z"), "Asia/Tokyo", night)?.toISOString()).toBe(
      "2026-11-20T23:00:00.000Z",
    );
  });

  it("starts at the exact start minute and ends at the exact end minute", () => {
    expect(quietHoursEnd(new Date("2026-11-21T21:00:00Z"), "UTC", night)?.toISOString()).toBe(
      "2026-11-22T08:00:00.000Z",
    );
    expect(quietHoursEnd(new Date("2026-11-21T20:59:00Z"), "UTC", night)).toBeNull();
    expect(quietHoursEnd(new Date("2026-11-22T08:00:00Z"), "UTC", night)).toBeNull();
  });

  it("handles a window inside one day and a daylight-saving change", () => {
    const lunch = { enabled: true, start: "12:00", end: "13:30" };
    expect(quietHoursEnd(new Date("2026-06-01T12:45:00Z"), "Europe/London", lunch)).toBeNull(); // 13:45 BST, outside
    expect(quietHoursEnd(new Date("2026-06-01T11:15:00Z"), "Europe/London", lunch)?.toISOString()).toBe(
      "2026-06-01T12:30:00.000Z",
    );
    // New York springs forward on 2026-03-08 at 02:00; the quiet night before ends at 08:00 EDT = 12:00 UTC.
    expect(quietHoursEnd(new Date("2026-03-08T04:00:00Z"), "America/New_York", night)?.toISOString()).toBe(
      "2026-03-08T12:00:00.000Z",
    );
  });

  it("falls back to UTC for an unknown time zone", () => {
    expect(quietHoursEnd(new Date("2026-11-21T23:00:00Z"), "Mars/Olympus", night)?.toISOString()).toBe(
      "2026-11-22T08:00:00.000Z",
    );
  });

  it("ends at the first minute after the clocks jump forward when its end time does not exist that night", () => {
    // New York, 2027-03-14: 02:00 EST becomes 03:00 EDT at 07:00 UTC, so 02:30 never happens.
    const untilHalfPastTwo = { enabled: true, start: "21:00", end: "02:30" };
    for (const now of ["2027-03-14T02:30:00Z", "2027-03-14T05:00:00Z", "2027-03-14T06:50:00Z"]) {
      expect(quietHoursEnd(new Date(now), "America/New_York", untilHalfPastTwo)?.toISOString(), now).toBe(
        "2027-03-14T07:00:00.000Z",
      );
    }
    // After the jump it is 03:00 or later: outside the window.
    expect(quietHoursEnd(new Date("2027-03-14T07:00:00Z"), "America/New_York", untilHalfPastTwo)).toBeNull();
    // When the clocks go back, 01:30 happens twice: the window ends at the first.
    const untilHalfPastOne = { enabled: true, start: "21:00", end: "01:30" };
    expect(
      quietHoursEnd(new Date("2027-11-07T04:00:00Z"), "America/New_York", untilHalfPastOne)?.toISOString(),
    ).toBe("2027-11-07T05:30:00.000Z");
  });
});
