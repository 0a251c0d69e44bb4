import { describe, expect, it } from "vitest";
import { seedEnrollments } from "../../../test/helpers/recovery-seed";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { getDailySeries } from "./get-daily-series.server";
import { startOfLocalDay } from "./period";

const utc = (iso: string) => new Date(iso);
const NEW_YORK = "America/New_York";

/** 7 to 9 March 2026 in New York: the clocks go forward on the 8th, a 23-hour day. */
const DST_WEEKEND = {
  from: startOfLocalDay("2026-03-07", NEW_YORK),
  to: startOfLocalDay("2026-03-10", NEW_YORK),
};

async function seedAroundMidnights(shop: string) {
  await seedEnrollments(shop, [
    // 23:30 on the 7th in New York, already the 8th in UTC.
    { anchorAt: utc("2026-03-08T04:30:00Z") },
    // Midnight at the start of the 8th (EST), and 23:59 at its end (EDT).
    { anchorAt: utc("2026-03-08T05:00:00Z") },
    {
      anchorAt: utc("2026-03-09T03:59:00Z"),
      recovered: { at: utc("2026-03-09T03:30:00Z"), byEmail: true, minor: 5_000 },
    },
    // Midnight at the start of the 9th (EDT).
    {
      arm: "HOLDOUT",
      anchorAt: utc("2026-03-09T04:00:00Z"),
      recovered: { at: utc("2026-03-09T04:15:00Z"), byEmail: false, minor: 7_000 },
    },
    // The first instant after the period.
    { anchorAt: utc("2026-03-10T04:00:00Z") },
  ]);
}

describe("getDailySeries", () => {
  it("buckets by the shop's calendar day across a change of the clocks", async () => {
    await installTestShop(SHOP_A, { timezone: NEW_YORK, currency: "CAD" });
    await installTestShop(SHOP_B);
    await seedAroundMidnights(SHOP_A);
    await seedAroundMidnights(SHOP_B);

    expect(await getDailySeries(SHOP_A, DST_WEEKEND, NEW_YORK)).toEqual({
      currency: "CAD",
      timezone: NEW_YORK,
      days: [
        { date: "2026-03-07", abandoned: 1, recovered: 0, recoveredOnTheirOwn: 0, revenueMinor: 0 },
        { date: "2026-03-08", abandoned: 2, recovered: 1, recoveredOnTheirOwn: 0, revenueMinor: 5_000 },
        { date: "2026-03-09", abandoned: 1, recovered: 0, recoveredOnTheirOwn: 1, revenueMinor: 0 },
      ],
    });
  });

  it("puts the same rows on other days in another zone", async () => {
    await installTestShop(SHOP_A);
    await seedAroundMidnights(SHOP_A);

    const series = await getDailySeries(
      SHOP_A,
      { from: utc("2026-03-07T00:00:00Z"), to: utc("2026-03-11T00:00:00Z") },
      "UTC",
    );

    expect(
      series.days.map((day) => [day.date, day.abandoned, day.recovered, day.recoveredOnTheirOwn]),
    ).toEqual([
      ["2026-03-07", 0, 0, 0],
      ["2026-03-08", 2, 0, 0],
      ["2026-03-09", 2, 1, 1],
      ["2026-03-10", 1, 0, 0],
    ]);
  });

  it("splits a zone's quarter-hour offsets exactly at its midnight", async () => {
    await installTestShop(SHOP_A);
    // Kathmandu is UTC+05:45: 18:14 UTC is 23:59 there, 18:15 UTC is midnight.
    await seedEnrollments(SHOP_A, [
      { anchorAt: utc("2026-03-01T18:14:59Z") },
      { anchorAt: utc("2026-03-01T18:15:00Z") },
      { anchorAt: utc("2026-03-01T18:29:00Z") },
    ]);

    const series = await getDailySeries(
      SHOP_A,
      {
        from: startOfLocalDay("2026-03-01", "Asia/Kathmandu"),
        to: startOfLocalDay("2026-03-03", "Asia/Kathmandu"),
      },
      "Asia/Kathmandu",
    );

    expect(series.days.map((day) => [day.date, day.abandoned])).toEqual([
      ["2026-03-01", 1],
      ["2026-03-02", 2],
    ]);
  });

  it("counts a period that starts inside a quarter-hour on its first day", async () => {
    await installTestShop(SHOP_A);
    await seedEnrollments(SHOP_A, [
      { anchorAt: utc("2026-03-02T10:05:00Z") },
      { anchorAt: utc("2026-03-02T10:10:00Z") },
    ]);

    const series = await getDailySeries(
      SHOP_A,
      { from: utc("2026-03-02T10:07:00Z"), to: utc("2026-03-03T10:07:00Z") },
      "UTC",
    );

    expect(series.days.map((day) => [day.date, day.abandoned])).toEqual([
      ["2026-03-02", 1],
      ["2026-03-03", 0],
    ]);
  });

  it("refuses an unknown time zone", async () => {
    await installTestShop(SHOP_A);
    await expect(getDailySeries(SHOP_A, DST_WEEKEND, "Europe/Atlantis")).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
